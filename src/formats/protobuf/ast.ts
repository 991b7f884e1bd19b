// The syntax tree of one .proto file, shaped like Square Wire's `ProtoFileElement`, which is what Confluent's
// ProtobufSchema keeps: fields that belong to a oneof live in the oneof, imports are split by kind, and `default` /
// `json_name` are pulled out of the field options. Keeping Wire's shape lets the printer and the compatibility
// checker follow Confluent's rules one to one.

export type Syntax = 'proto2' | 'proto3';
export type Label = 'optional' | 'required' | 'repeated';

/** An option value. Strings keep their unescaped text; other primitives keep their source spelling. */
export type OptionValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'boolean' | 'number' | 'enum'; readonly value: string }
  | { readonly kind: 'map'; readonly entries: ReadonlyMap<string, OptionValue> }
  | { readonly kind: 'list'; readonly items: readonly OptionValue[] };

/** `name = value`, `(ext.name) = value` or `(ext.name).sub.path = value`. */
export interface OptionElement {
  readonly name: string;
  readonly parenthesized: boolean;
  /** The field path after the name, as in `(foo).bar.baz = 1` (`bar.baz`). */
  readonly path?: string;
  readonly value: OptionValue;
}

export interface FieldElement {
  /** Absent for proto3 singular fields, oneof members and maps. */
  readonly label?: Label;
  /** As written: a scalar, a (possibly qualified) type name, or `map<K, V>`. */
  readonly type: string;
  readonly name: string;
  readonly tag: number;
  readonly defaultValue?: string;
  readonly jsonName?: string;
  readonly options: readonly OptionElement[];
  readonly line: number;
}

export interface GroupElement {
  readonly label?: Label;
  readonly name: string;
  readonly tag: number;
  readonly fields: readonly FieldElement[];
  readonly line: number;
}

export interface OneOfElement {
  readonly name: string;
  readonly fields: readonly FieldElement[];
  readonly groups: readonly GroupElement[];
  readonly options: readonly OptionElement[];
  readonly line: number;
}

/** A number range, both ends inclusive (Kotlin `IntRange` in Wire). */
export type TagRange = readonly [number, number];

export interface ReservedElement {
  readonly values: readonly (number | string | TagRange)[];
}

export interface ExtensionsElement {
  readonly values: readonly (number | TagRange)[];
  readonly options: readonly OptionElement[];
}

export interface ExtendElement {
  /** The extended message, as written. */
  readonly name: string;
  readonly fields: readonly FieldElement[];
  readonly line: number;
}

export interface MessageElement {
  readonly kind: 'message';
  readonly name: string;
  readonly options: readonly OptionElement[];
  readonly reserveds: readonly ReservedElement[];
  readonly fields: readonly FieldElement[];
  readonly oneOfs: readonly OneOfElement[];
  readonly groups: readonly GroupElement[];
  readonly extensions: readonly ExtensionsElement[];
  readonly extendDeclarations: readonly ExtendElement[];
  readonly nestedTypes: readonly TypeElement[];
  readonly line: number;
}

export interface EnumConstantElement {
  readonly name: string;
  readonly tag: number;
  readonly options: readonly OptionElement[];
  readonly line: number;
}

export interface EnumElement {
  readonly kind: 'enum';
  readonly name: string;
  readonly options: readonly OptionElement[];
  readonly constants: readonly EnumConstantElement[];
  readonly reserveds: readonly ReservedElement[];
  readonly line: number;
}

export type TypeElement = MessageElement | EnumElement;

export interface RpcElement {
  readonly name: string;
  readonly requestType: string;
  readonly responseType: string;
  readonly requestStreaming: boolean;
  readonly responseStreaming: boolean;
  readonly options: readonly OptionElement[];
  readonly line: number;
}

export interface ServiceElement {
  readonly name: string;
  readonly rpcs: readonly RpcElement[];
  readonly options: readonly OptionElement[];
  readonly line: number;
}

export interface ProtoFile {
  /** Only when the file says so: Confluent prints no `syntax` line for a file without one. */
  readonly syntax?: Syntax;
  readonly packageName?: string;
  readonly imports: readonly string[];
  readonly publicImports: readonly string[];
  readonly weakImports: readonly string[];
  readonly types: readonly TypeElement[];
  readonly services: readonly ServiceElement[];
  readonly extendDeclarations: readonly ExtendElement[];
  readonly options: readonly OptionElement[];
}

/** The largest field number (2^29 - 1); `max` in a range means this. */
export const MAX_TAG = 536_870_911;

export const SCALAR_TYPES: ReadonlySet<string> = new Set([
  'double', 'float', 'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64',
  'fixed32', 'fixed64', 'sfixed32', 'sfixed64', 'bool', 'string', 'bytes',
]);

/** `map<K, V>` split into its key and value types, or undefined for any other type. */
export function mapTypes(type: string): { readonly key: string; readonly value: string } | undefined {
  if (!type.startsWith('map<')) return undefined;
  const comma = type.indexOf(',');
  return { key: type.slice(4, comma).trim(), value: type.slice(comma + 1, -1).trim() };
}

export const effectiveSyntax = (file: ProtoFile): Syntax => file.syntax ?? 'proto2';

export function isMapEntry(message: MessageElement): boolean {
  return message.options.some(
    (o) => !o.parenthesized && o.name === 'map_entry' && o.value.kind === 'boolean' && o.value.value === 'true',
  );
}
