// The `format=serialized` form: this file as a google.protobuf.FileDescriptorProto, base64 of its bytes, the way
// Confluent builds it (DynamicSchema): file name "default", imports then public imports as dependencies, oneof
// members before the other fields, map fields as nested `*Entry` messages, proto3 `optional` as synthetic oneofs.
// Unlike Confluent, type names are fully qualified with a leading dot and every field has its label and type,
// as protoc writes them, so any protobuf runtime can build the descriptor without re-resolving names.
import type {
  IDescriptorProto,
  IEnumDescriptorProto,
  IFieldDescriptorProto,
  IFileDescriptorProto,
  IServiceDescriptorProto,
} from 'protobufjs/ext/descriptor.js';
import descriptor from 'protobufjs/ext/descriptor.js';
import type protobuf from 'protobufjs';
import { FileDescriptorProto, META_FIELD, findMeta, metaOptionName } from './confluent-meta.ts';
import type { EnumElement, ExtendElement, FieldElement, MessageElement, OptionElement, TagRange } from './ast.ts';
import { MAX_TAG } from './ast.ts';
import { groupMessage } from './link.ts';
import { parseInteger } from './reader.ts';
import type { LinkedFile, ResolvedType } from './symbols.ts';

const TYPE_NUMBERS: Readonly<Record<string, number>> = {
  double: 1, float: 2, int64: 3, uint64: 4, int32: 5, fixed64: 6, fixed32: 7, bool: 8, string: 9, group: 10,
  message: 11, bytes: 12, uint32: 13, enum: 14, sfixed32: 15, sfixed64: 16, sint32: 17, sint64: 18,
};
const LABEL_NUMBERS = { optional: 1, required: 2, repeated: 3 } as const;

/** The FileDescriptorProto bytes of a linked file. */
export function fileDescriptorBytes(linked: LinkedFile): Uint8Array {
  const message = FileDescriptorProto.fromObject(fileDescriptor(linked));
  return FileDescriptorProto.encode(message).finish();
}

export function fileDescriptor(linked: LinkedFile): IFileDescriptorProto {
  const file = linked.file;
  // Only imports that resolved are dependencies (Confluent's DynamicSchema adds those alone): a runtime building
  // this descriptor must find every file it names.
  const resolved = (paths: readonly string[]): string[] => paths.filter((path) => linked.imports.has(path));
  const imports = resolved(file.imports);
  const publicImports = resolved(file.publicImports);
  const weakImports = resolved(file.weakImports);
  const dependency = [...imports, ...publicImports, ...weakImports];
  const publicDependency = publicImports.map((_, i) => imports.length + i);
  const weakDependency = weakImports.map((_, i) => imports.length + publicImports.length + i);
  const scope = linked.packageName;
  const result: IFileDescriptorProto = { name: 'default' };
  if (file.packageName !== undefined) result.package = file.packageName;
  if (dependency.length > 0) result.dependency = dependency;
  if (publicDependency.length > 0) result.publicDependency = publicDependency;
  if (weakDependency.length > 0) result.weakDependency = weakDependency;
  const messages = file.types.filter((t) => t.kind === 'message');
  const enums = file.types.filter((t) => t.kind === 'enum');
  if (messages.length > 0) result.messageType = messages.map((m) => messageDescriptor(linked, m, join(scope, m.name)));
  if (enums.length > 0) result.enumType = enums.map(enumDescriptor);
  if (file.services.length > 0) {
    result.service = file.services.map((service): IServiceDescriptorProto => ({
      name: service.name,
      method: service.rpcs.map((rpc) => {
        const [input, output] = linked.rpcTypes.get(rpc) ?? [rpc.requestType, rpc.responseType];
        return {
          name: rpc.name,
          inputType: `.${input}`,
          outputType: `.${output}`,
          ...(rpc.requestStreaming ? { clientStreaming: true } : {}),
          ...(rpc.responseStreaming ? { serverStreaming: true } : {}),
          ...withOptions(descriptor.MethodOptions, rpc.options),
        };
      }),
      ...withOptions(descriptor.ServiceOptions, service.options),
    }));
  }
  const extension = extensions(linked, file.extendDeclarations);
  if (extension.length > 0) result.extension = extension;
  Object.assign(result, withOptions(descriptor.FileOptions, file.options));
  if (file.syntax !== undefined) result.syntax = file.syntax;
  return result;
}

const join = (scope: string, name: string): string => (scope === '' ? name : `${scope}.${name}`);

function messageDescriptor(linked: LinkedFile, message: MessageElement, fullName: string): IDescriptorProto {
  const proto3 = linked.file.syntax === 'proto3';
  const fields: IFieldDescriptorProto[] = [];
  const nested: IDescriptorProto[] = [];
  const oneofDecl: { name: string }[] = message.oneOfs.map((o) => ({ name: o.name }));
  message.oneOfs.forEach((oneOf, index) => {
    for (const field of oneOf.fields) fields.push({ ...fieldDescriptor(linked, field, 'optional'), oneofIndex: index });
    for (const group of oneOf.groups) {
      fields.push({ ...groupField(group.name, group.tag, 'optional', fullName), oneofIndex: index });
    }
  });
  const mapEntries: IDescriptorProto[] = [];
  for (const field of message.fields) {
    const resolved = linked.fieldTypes.get(field);
    if (resolved?.kind === 'map') {
      const entry = `${entryName(field.name)}Entry`;
      mapEntries.push(mapEntry(entry, resolved));
      const typeName = `.${fullName}.${entry}`;
      fields.push({ ...fieldDescriptor(linked, field, 'repeated'), type: TYPE_NUMBERS['message'], typeName });
    } else if (proto3 && field.label === 'optional') {
      oneofDecl.push({ name: `_${field.name}` });
      const oneofIndex = oneofDecl.length - 1;
      fields.push({ ...fieldDescriptor(linked, field, 'optional'), oneofIndex, proto3Optional: true });
    } else {
      fields.push(fieldDescriptor(linked, field, field.label ?? 'optional'));
    }
  }
  for (const group of message.groups) {
    fields.push(groupField(group.name, group.tag, group.label ?? 'optional', fullName));
  }
  for (const type of message.nestedTypes) {
    if (type.kind === 'message') nested.push(messageDescriptor(linked, type, `${fullName}.${type.name}`));
  }
  for (const group of [...message.groups, ...message.oneOfs.flatMap((o) => o.groups)]) {
    nested.push(messageDescriptor(linked, groupMessage(group), `${fullName}.${group.name}`));
  }
  nested.push(...mapEntries);
  const result: IDescriptorProto = { name: message.name };
  if (fields.length > 0) result.field = fields;
  if (nested.length > 0) result.nestedType = nested;
  const enums = message.nestedTypes.filter((t): t is EnumElement => t.kind === 'enum');
  if (enums.length > 0) result.enumType = enums.map(enumDescriptor);
  const extension = extensions(linked, message.extendDeclarations);
  if (extension.length > 0) result.extension = extension;
  const extensionRange = message.extensions.flatMap((e) => e.values).map((v) => exclusive(v));
  if (extensionRange.length > 0) result.extensionRange = extensionRange;
  const reservedRange = message.reserveds.flatMap((r) => r.values).filter((v) => typeof v !== 'string').map(exclusive);
  if (reservedRange.length > 0) result.reservedRange = reservedRange;
  const reservedName = message.reserveds.flatMap((r) => r.values).filter((v): v is string => typeof v === 'string');
  if (reservedName.length > 0) result.reservedName = reservedName;
  if (oneofDecl.length > 0) result.oneofDecl = oneofDecl;
  return { ...result, ...withOptions(descriptor.MessageOptions, message.options) };
}

/** protoc's map entry name: the field name in CamelCase, then "Entry". */
const entryName = (field: string): string =>
  field.split('_').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');

function mapEntry(name: string, map: Extract<ResolvedType, { kind: 'map' }>): IDescriptorProto {
  return {
    name,
    field: [
      { name: 'key', number: 1, label: LABEL_NUMBERS.optional, ...typeOf({ kind: 'scalar', name: map.key }) },
      { name: 'value', number: 2, label: LABEL_NUMBERS.optional, ...typeOf(map.value) },
    ],
    options: { mapEntry: true },
  };
}

type LabelName = keyof typeof LABEL_NUMBERS;

function groupField(name: string, tag: number, label: LabelName, scope: string): IFieldDescriptorProto {
  return {
    name: name.toLowerCase(),
    number: tag,
    label: LABEL_NUMBERS[label],
    type: TYPE_NUMBERS['group'],
    typeName: `.${scope}.${name}`,
  };
}

function typeOf(resolved: ResolvedType): { type?: number; typeName?: string } {
  switch (resolved.kind) {
    case 'scalar':
      return { type: TYPE_NUMBERS[resolved.name] };
    case 'map':
      return { type: TYPE_NUMBERS['message'] };
    default:
      return { type: TYPE_NUMBERS[resolved.kind], typeName: `.${resolved.info.fullName}` };
  }
}

function fieldDescriptor(linked: LinkedFile, field: FieldElement, label: LabelName): IFieldDescriptorProto {
  const resolved = linked.fieldTypes.get(field);
  const result: IFieldDescriptorProto = {
    name: field.name,
    number: field.tag,
    label: LABEL_NUMBERS[label],
    ...(resolved === undefined ? {} : typeOf(resolved)),
  };
  if (field.defaultValue !== undefined) result.defaultValue = defaultText(field.defaultValue, resolved);
  if (field.jsonName !== undefined) result.jsonName = field.jsonName;
  return { ...result, ...withOptions(descriptor.FieldOptions, field.options) };
}

/** Defaults as descriptor.proto spells them: integers in decimal, bytes C-escaped, everything else as written. */
function defaultText(value: string, resolved: ResolvedType | undefined): string {
  if (resolved?.kind === 'scalar' && resolved.name === 'bytes') {
    return [...Buffer.from(value, 'latin1')]
      .map((b) => {
        const printable = b >= 0x20 && b < 0x7f && b !== 0x5c && b !== 0x22 && b !== 0x27;
        return printable ? String.fromCharCode(b) : `\\${b.toString(8).padStart(3, '0')}`;
      })
      .join('');
  }
  const integer = parseInteger(value);
  return integer === undefined ? value : String(integer);
}

function extensions(linked: LinkedFile, extendDeclarations: readonly ExtendElement[]): IFieldDescriptorProto[] {
  return extendDeclarations.flatMap((extend) =>
    extend.fields.map((field) => ({
      ...fieldDescriptor(linked, field, field.label ?? 'optional'),
      extendee: `.${linked.extendees.get(extend) ?? extend.name}`,
    })));
}

/** protobufjs's typings miss the enum reserved fields that its descriptor.proto has. */
type EnumProto = IEnumDescriptorProto & { reservedRange?: { start: number; end: number }[]; reservedName?: string[] };

function enumDescriptor(element: EnumElement): EnumProto {
  const result: EnumProto = {
    name: element.name,
    value: element.constants.map((c) => ({
      name: c.name,
      number: c.tag,
      ...withOptions(descriptor.EnumValueOptions, c.options),
    })),
  };
  const values = element.reserveds.flatMap((r) => r.values);
  const ranges = values
    .filter((v) => typeof v !== 'string')
    .map((v) => (typeof v === 'number' ? { start: v, end: v } : { start: v[0], end: v[1] }));
  if (ranges.length > 0) result.reservedRange = ranges;
  const names = values.filter((v): v is string => typeof v === 'string');
  if (names.length > 0) result.reservedName = names;
  return { ...result, ...withOptions(descriptor.EnumOptions, element.options) };
}

/** A number or inclusive range as descriptor.proto's [start, end) range. */
function exclusive(value: number | TagRange): { start: number; end: number } {
  return typeof value === 'number'
    ? { start: value, end: value + 1 }
    : { start: value[0], end: value[1] >= MAX_TAG ? MAX_TAG + 1 : value[1] + 1 };
}

/**
 * The standard options descriptor.proto knows (by their proto names) and Confluent's Meta option; other custom
 * options are left out, as Confluent's DynamicSchema leaves them out.
 */
function withOptions(type: protobuf.Type, options: readonly OptionElement[]): { options?: Record<string, unknown> } {
  const result: Record<string, unknown> = {};
  const metaName = metaOptionName(type.name);
  const meta = metaName === undefined ? undefined : findMeta(options, metaName);
  if (meta !== undefined) result[META_FIELD] = meta;
  for (const option of options) {
    if (option.parenthesized || option.path !== undefined) continue;
    const key = option.name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    const field = type.fields[key];
    const value = option.value;
    if (field === undefined || field.repeated || value.kind === 'map' || value.kind === 'list') continue;
    if (field.type === 'bool') {
      if (value.kind === 'boolean') result[key] = value.value === 'true';
    } else if (field.type === 'string') {
      if (value.kind === 'string') result[key] = value.value;
    } else if (value.kind === 'number') {
      result[key] = Number(value.value);
    } else if (value.kind === 'enum') {
      result[key] = value.value;
    }
  }
  return Object.keys(result).length > 0 ? { options: result } : {};
}
