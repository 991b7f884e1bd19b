// Confluent accepts a schema given as base64 FileDescriptorProto bytes (the `serialized` form) where .proto text
// is expected: ProtobufSchema.toProtoFile(String) falls back to FileDescriptorProto.parseFrom. This rebuilds the
// syntax tree from such a descriptor the way its toProtoFile(FileDescriptorProto) does: type names as the
// descriptor spells them, standard options only, map entries kept as nested `map_entry` messages.
import type protobuf from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor.js';
import { FileDescriptorProto, META_FIELD, metaOption, metaOptionName } from './confluent-meta.ts';
import type {
  EnumElement,
  ExtendElement,
  FieldElement,
  Label,
  MessageElement,
  OneOfElement,
  OptionElement,
  OptionValue,
  ProtoFile,
  ReservedElement,
  ServiceElement,
  TagRange,
  TypeElement,
} from './ast.ts';

// The decoded descriptor, as protobufjs's toObject gives it (enums by name, 64-bit numbers as numbers).
type Json = Readonly<Record<string, unknown>>;

// java.util.Base64.getDecoder(), which Confluent uses: the RFC 4648 alphabet only (no whitespace), padding
// optional but then complete, and never a lone final character.
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function isJavaBase64(text: string): boolean {
  if (!BASE64.test(text)) return false;
  const padded = text.endsWith('=');
  return padded ? text.length % 4 === 0 : text.length % 4 !== 1;
}

/** The syntax tree of a base64 FileDescriptorProto, or undefined when `text` is not one. */
export function protoFileFromBase64(text: string): ProtoFile | undefined {
  if (!isJavaBase64(text)) return undefined;
  let file: Json;
  try {
    const message = FileDescriptorProto.decode(Buffer.from(text, 'base64'));
    file = FileDescriptorProto.toObject(message, { enums: String, longs: Number, defaults: false });
  } catch {
    return undefined;
  }
  // Any descriptor that decodes is a schema, even one declaring no type: Confluent's toProtoFile takes whatever
  // FileDescriptorProto.parseFrom yields, and confluent-kafka-python registers such files (a file that only
  // re-exports another through `import public`) as references.
  const messages = list(file['messageType']);
  const enums = list(file['enumType']);
  const proto3 = file['syntax'] === 'proto3';
  const dependency = strings(file['dependency']);
  const publicIndexes = new Set(numbers(file['publicDependency']));
  const weakIndexes = new Set(numbers(file['weakDependency']));
  const syntax = file['syntax'] === 'proto3' || file['syntax'] === 'proto2' ? file['syntax'] : undefined;
  const packageName = typeof file['package'] === 'string' && file['package'] !== '' ? file['package'] : undefined;
  const result: ProtoFile = {
    packageName,
    imports: dependency.filter((_, i) => !publicIndexes.has(i) && !weakIndexes.has(i)),
    publicImports: dependency.filter((_, i) => publicIndexes.has(i)),
    weakImports: dependency.filter((_, i) => weakIndexes.has(i)),
    types: [...messages.map((m) => message(m, proto3, packageName ?? '')), ...enums.map(enumeration)],
    services: list(file['service']).map(service),
    extendDeclarations: extendBlocks(list(file['extension']), proto3),
    options: options(file['options'], descriptor.FileOptions),
  };
  return syntax === undefined ? result : { syntax, ...result };
}

const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const numbers = (value: unknown): number[] => (Array.isArray(value) ? value.map(Number) : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function message(json: Json, proto3: boolean, scope: string): MessageElement {
  const name = text(json['name']);
  const fullName = scope === '' ? name : `${scope}.${name}`;
  const mapEntries = mapEntryTypes(json, fullName);
  const toField = (f: Json, inOneOf: boolean): FieldElement => {
    const entry = mapEntryOf(f, mapEntries);
    return entry === undefined ? field(f, proto3, inOneOf) : mapField(f, entry);
  };
  const oneOfNames = list(json['oneofDecl']).map((o) => text(o['name']));
  const oneOfFields = oneOfNames.map((): FieldElement[] => []);
  const fields: FieldElement[] = [];
  for (const f of list(json['field'])) {
    const index = f['oneofIndex'];
    if (typeof index === 'number' && f['proto3Optional'] !== true) oneOfFields[index]?.push(toField(f, true));
    else fields.push(toField(f, false));
  }
  const oneOfs: OneOfElement[] = oneOfNames
    .map((name, i) => ({ name, fields: oneOfFields[i] ?? [], groups: [], options: [], line: 0 }))
    .filter((o) => o.fields.length > 0);
  const folded = new Set(list(json['field']).map((f) => mapEntryOf(f, mapEntries)));
  const nestedTypes: TypeElement[] = [
    ...list(json['nestedType']).filter((m) => !folded.has(m)).map((m) => message(m, proto3, fullName)),
    ...list(json['enumType']).map(enumeration),
  ];
  return {
    kind: 'message',
    name,
    options: options(json['options'], descriptor.MessageOptions),
    reserveds: reserveds(list(json['reservedRange']), strings(json['reservedName']), true),
    fields,
    oneOfs,
    groups: [],
    extensions: list(json['extensionRange']).map((r) => ({ values: [range(r, true)], options: [] })),
    extendDeclarations: extendBlocks(list(json['extension']), proto3),
    nestedTypes,
    line: 0,
  };
}

/**
 * A map field reaches a descriptor as a repeated field of a nested `XxxEntry` message marked `map_entry`; Confluent
 * gives it back as `map<K, V> xxx = n;` without the entry message (its RestApiTest testDescriptorWithMap), so a
 * schema registered as descriptor bytes reads like the same schema registered as text. The entry messages of this
 * message, by every name a field may use for them: fully qualified (as protoc writes it) or relative to this
 * message's scope (as Confluent's DynamicSchema writes `XxxEntry`).
 */
function mapEntryTypes(json: Json, fullName: string): Map<string, Json> {
  const entries = new Map<string, Json>();
  for (const nested of list(json['nestedType'])) {
    const nestedOptions = nested['options'] as Json | undefined;
    const fields = list(nested['field']);
    if (nestedOptions?.['mapEntry'] !== true || fields.length !== 2) continue;
    const path = `${fullName}.${text(nested['name'])}`.split('.');
    for (let i = 0; i < path.length; i++) entries.set(path.slice(i).join('.'), nested);
    entries.set(`.${path.join('.')}`, nested);
  }
  return entries;
}

function mapEntryOf(f: Json, entries: ReadonlyMap<string, Json>): Json | undefined {
  if (f['label'] !== 'LABEL_REPEATED' || typeof f['typeName'] !== 'string') return undefined;
  return entries.get(f['typeName']);
}

/** `map<K, V> name = n;` from the entry's `key` and `value` fields, types spelled as the descriptor spells them. */
function mapField(f: Json, entry: Json): FieldElement {
  const [key, value] = [1, 2].map((n) => list(entry['field']).find((e) => Number(e['number']) === n));
  const typeOf = (e: Json | undefined): string => (e === undefined ? '' : field(e, true, true).type);
  const result = field(f, true, true);
  return { ...result, type: `map<${typeOf(key)}, ${typeOf(value)}>` };
}

const LABELS: Readonly<Record<string, Label>> = {
  LABEL_OPTIONAL: 'optional', LABEL_REQUIRED: 'required', LABEL_REPEATED: 'repeated',
};

function field(json: Json, proto3: boolean, inOneOf: boolean): FieldElement {
  const typeName = json['typeName'];
  const type = typeof typeName === 'string' && typeName !== ''
    ? typeName
    : text(json['type']).replace(/^TYPE_/, '').toLowerCase();
  const label = LABELS[text(json['label'])];
  const result: { -readonly [K in keyof FieldElement]: FieldElement[K] } = {
    type,
    name: text(json['name']),
    tag: Number(json['number']),
    options: options(json['options'], descriptor.FieldOptions),
    line: 0,
  };
  // proto3 singular fields carry no label, except proto3 `optional` ones; oneof members never do.
  if (!inOneOf && label !== undefined) {
    if (json['proto3Optional'] === true) result.label = 'optional';
    else if (!proto3 || label === 'repeated') result.label = label;
  }
  if (!proto3 && typeof json['defaultValue'] === 'string') result.defaultValue = json['defaultValue'];
  if (typeof json['jsonName'] === 'string') result.jsonName = json['jsonName'];
  return result;
}

function extendBlocks(extensions: readonly Json[], proto3: boolean): ExtendElement[] {
  const byExtendee = new Map<string, FieldElement[]>();
  for (const f of extensions) {
    const extendee = text(f['extendee']);
    byExtendee.set(extendee, [...(byExtendee.get(extendee) ?? []), field(f, proto3, false)]);
  }
  return [...byExtendee].map(([name, fields]) => ({ name, fields, line: 0 }));
}

function enumeration(json: Json): EnumElement {
  return {
    kind: 'enum',
    name: text(json['name']),
    options: options(json['options'], descriptor.EnumOptions),
    constants: list(json['value']).map((v) => ({
      name: text(v['name']),
      tag: Number(v['number'] ?? 0),
      options: options(v['options'], descriptor.EnumValueOptions),
      line: 0,
    })),
    reserveds: reserveds(list(json['reservedRange']), strings(json['reservedName']), false),
    line: 0,
  };
}

function service(json: Json): ServiceElement {
  return {
    name: text(json['name']),
    rpcs: list(json['method']).map((m) => ({
      name: text(m['name']),
      requestType: text(m['inputType']),
      responseType: text(m['outputType']),
      requestStreaming: m['clientStreaming'] === true,
      responseStreaming: m['serverStreaming'] === true,
      options: options(m['options'], descriptor.MethodOptions),
      line: 0,
    })),
    options: options(json['options'], descriptor.ServiceOptions),
    line: 0,
  };
}

/** Message ranges end exclusively, enum ranges inclusively; a one-number range is that number. */
function range(json: Json, exclusive: boolean): number | TagRange {
  const start = Number(json['start'] ?? 0);
  const end = Number(json['end'] ?? 0) - (exclusive ? 1 : 0);
  return start === end ? start : [start, end];
}

function reserveds(ranges: readonly Json[], names: readonly string[], exclusive: boolean): ReservedElement[] {
  return [...ranges.map((r) => ({ values: [range(r, exclusive)] })), ...names.map((n) => ({ values: [n] }))];
}

/**
 * Standard options set in an options message, under their .proto names, then Confluent's Meta option as its
 * toProtoFile adds it; other custom options are not decoded.
 */
function options(value: unknown, type: protobuf.Type): OptionElement[] {
  if (value === null || typeof value !== 'object') return [];
  const result: OptionElement[] = standardOptions(value as Json, type);
  const metaName = metaOptionName(type.name);
  const meta = metaName === undefined ? undefined : metaOption(metaName, (value as Json)[META_FIELD]);
  if (meta !== undefined) result.push(meta);
  return result;
}

function standardOptions(value: Json, type: protobuf.Type): OptionElement[] {
  const result: OptionElement[] = [];
  for (const [key, raw] of Object.entries(value)) {
    const fieldType = type.fields[key]?.type;
    const primitive = typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean';
    if (fieldType === undefined || !primitive) continue;
    const name = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    const kind = fieldType === 'string' ? 'string' : fieldType === 'bool' ? 'boolean'
      : typeof raw === 'number' ? 'number' : 'enum';
    const option: OptionValue = { kind, value: String(raw) };
    result.push({ name, parenthesized: false, value: option });
  }
  return result;
}
