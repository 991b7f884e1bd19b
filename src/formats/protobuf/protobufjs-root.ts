// A protobufjs Root holding a schema's types and those of every file it imports, for encoding and decoding
// records (the REST proxy). Built from the linked files as protobufjs JSON, with every type reference fully
// qualified, so protobufjs never has to guess at scoping.
import protobuf from 'protobufjs';
import type { EnumElement, FieldElement, MessageElement, OptionElement } from './ast.ts';
import { SCALAR_TYPES } from './ast.ts';
import { groupMessage } from './link.ts';
import { parseInteger } from './reader.ts';
import type { LinkedFile, ResolvedType, TypeInfo } from './symbols.ts';

type Json = Record<string, unknown>;

export function buildRoot(files: readonly LinkedFile[]): protobuf.Root {
  const top: Json = { nested: {} };
  for (const linked of files) {
    let namespace = top;
    for (const part of linked.packageName === '' ? [] : linked.packageName.split('.')) {
      const nested = namespace['nested'] as Json;
      namespace = (nested[part] ??= { nested: {} }) as Json;
    }
    const nested = (namespace['nested'] ??= {}) as Json;
    const proto2 = linked.file.syntax !== 'proto3';
    for (const type of linked.file.types) {
      nested[type.name] = type.kind === 'message' ? messageJson(linked, type, proto2) : enumJson(type, proto2);
    }
  }
  const root = protobuf.Root.fromJSON(top as protobuf.INamespace);
  root.resolveAll();
  return root;
}

function messageJson(linked: LinkedFile, message: MessageElement, proto2: boolean): Json {
  const fields: Json = {};
  const oneofs: Json = {};
  const nested: Json = {};
  for (const field of message.fields) {
    fields[field.name] = fieldJson(linked, field, field.label);
    if (!proto2 && field.label === 'optional') {
      oneofs[`_${field.name}`] = { oneof: [field.name] };
      const options = { ...optionsJson(field), proto3_optional: true };
      fields[field.name] = { ...(fields[field.name] as Json), options };
    }
  }
  for (const oneOf of message.oneOfs) {
    for (const field of oneOf.fields) fields[field.name] = fieldJson(linked, field, undefined);
    for (const group of oneOf.groups) fields[group.name.toLowerCase()] = { type: group.name, id: group.tag };
    const members = [...oneOf.fields.map((f) => f.name), ...oneOf.groups.map((g) => g.name.toLowerCase())];
    oneofs[oneOf.name] = { oneof: members };
  }
  for (const group of message.groups) {
    fields[group.name.toLowerCase()] = {
      type: group.name,
      id: group.tag,
      ...(group.label === 'repeated' || group.label === 'required' ? { rule: group.label } : {}),
    };
  }
  for (const type of message.nestedTypes) {
    nested[type.name] = type.kind === 'message' ? messageJson(linked, type, proto2) : enumJson(type, proto2);
  }
  for (const group of [...message.groups, ...message.oneOfs.flatMap((o) => o.groups)]) {
    nested[group.name] = { ...messageJson(linked, groupMessage(group), proto2), group: true };
  }
  const json: Json = { fields };
  if (proto2) json['edition'] = 'proto2';
  if (Object.keys(oneofs).length > 0) json['oneofs'] = oneofs;
  if (Object.keys(nested).length > 0) json['nested'] = nested;
  return json;
}

function fieldJson(linked: LinkedFile, field: FieldElement, label: FieldElement['label']): Json {
  const resolved = linked.fieldTypes.get(field);
  const json: Json = {};
  const entry = resolved?.kind === 'message' && resolved.info.mapEntry ? mapEntryTypes(resolved.info) : undefined;
  if (resolved?.kind === 'map') {
    json['keyType'] = resolved.key;
    json['type'] = typeName(resolved.value);
  } else if (entry !== undefined) {
    json['keyType'] = entry.key;
    json['type'] = entry.value;
  } else {
    json['type'] = resolved === undefined ? field.type : typeName(resolved);
    if (label === 'repeated' || label === 'required') json['rule'] = label;
  }
  json['id'] = field.tag;
  const options = optionsJson(field);
  if (Object.keys(options).length > 0) json['options'] = options;
  return json;
}

/** Key and value types of a hand-written (or descriptor-given) map entry message. */
function mapEntryTypes(entry: TypeInfo): { key: string; value: string } | undefined {
  if (entry.element.kind !== 'message') return undefined;
  const key = entry.element.fields.find((f) => f.name === 'key');
  const value = entry.element.fields.find((f) => f.name === 'value');
  const valueType = value === undefined ? undefined : entry.origin.fieldTypes.get(value);
  return key === undefined || valueType === undefined ? undefined : { key: key.type, value: typeName(valueType) };
}

const typeName = (resolved: ResolvedType): string =>
  resolved.kind === 'scalar' ? resolved.name : resolved.kind === 'map' ? 'bytes' : `.${resolved.info.fullName}`;

/** The options protobufjs acts on: `packed` and `default`. */
function optionsJson(field: FieldElement): Json {
  const json: Json = {};
  const packed = findBoolean(field.options, 'packed');
  if (packed !== undefined) json['packed'] = packed;
  if (field.defaultValue !== undefined) json['default'] = defaultJson(field.type, field.defaultValue);
  return json;
}

const FLOAT_WORDS: Readonly<Record<string, number>> = { inf: Infinity, '-inf': -Infinity, nan: NaN, '-nan': NaN };

/** A default as protobufjs wants it: booleans and numbers as such, strings and enum names as text. */
function defaultJson(type: string, value: string): unknown {
  if (type === 'bool') return value === 'true';
  if (type === 'string' || type === 'bytes' || !SCALAR_TYPES.has(type)) return value;
  return parseInteger(value) ?? FLOAT_WORDS[value.toLowerCase()] ?? Number(value);
}

function enumJson(element: EnumElement, proto2: boolean): Json {
  const values: Json = {};
  for (const constant of element.constants) values[constant.name] = constant.tag;
  const json: Json = { values };
  if (proto2) json['edition'] = 'proto2';
  if (findBoolean(element.options, 'allow_alias') === true) json['options'] = { allow_alias: true };
  return json;
}

function findBoolean(options: readonly OptionElement[], name: string): boolean | undefined {
  const option = options.find((o) => !o.parenthesized && o.name === name && o.value.kind === 'boolean');
  return option === undefined || option.value.kind !== 'boolean' ? undefined : option.value.value === 'true';
}
