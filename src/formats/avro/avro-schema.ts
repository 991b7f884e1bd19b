// The parsed form of an Avro schema: a graph of nodes mirroring Java Avro's Schema classes. Named types are
// shared nodes (a reference by name points at the definition, also across dependencies); every other node is
// its own object per occurrence, as in Java, so identity-based memoization in the compatibility checker
// behaves as Java's does.
import type { JsonValue } from './json-value.ts';

export const PRIMITIVE_TYPES = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'] as const;
export type PrimitiveType = (typeof PRIMITIVE_TYPES)[number];
const PRIMITIVE_SET: ReadonlySet<string> = new Set(PRIMITIVE_TYPES);
export const isPrimitiveType = (name: string): name is PrimitiveType => PRIMITIVE_SET.has(name);

/** Java's Schema.Type names: a named type called like one must print its full name when referenced. */
export const TYPE_NAMES: ReadonlySet<string> = new Set([
  'record', 'enum', 'array', 'map', 'union', 'fixed', ...PRIMITIVE_TYPES,
]);

export interface AvroName {
  /** The unqualified name. */
  readonly name: string;
  /** The namespace, or null for the null namespace. */
  readonly space: string | null;
  readonly full: string;
}

/** Custom properties (everything not reserved), in source order. */
export type Props = ReadonlyMap<string, JsonValue>;
export const NO_PROPS: Props = new Map();

export interface PrimitiveNode {
  readonly type: PrimitiveType;
  readonly props: Props;
}

export interface ArrayNode {
  readonly type: 'array';
  readonly items: AvroNode;
  readonly props: Props;
}

export interface MapNode {
  readonly type: 'map';
  readonly values: AvroNode;
  readonly props: Props;
}

export interface UnionNode {
  readonly type: 'union';
  readonly branches: readonly AvroNode[];
}

export type FieldOrder = 'ascending' | 'descending' | 'ignore';

export interface AvroField {
  readonly name: string;
  readonly type: AvroNode;
  readonly doc: string | undefined;
  /** The default as written (undefined when there is none; JSON null is a default). */
  readonly default: JsonValue | undefined;
  readonly order: FieldOrder;
  readonly aliases: readonly string[];
  readonly props: Props;
}

export interface RecordNode {
  readonly type: 'record';
  /** Declared as `"type": "error"` (a protocol error record); prints back as "error". */
  readonly isError: boolean;
  readonly name: AvroName;
  readonly doc: string | undefined;
  /** Set once, after the fields were parsed (a field may refer to the record itself). */
  fields: readonly AvroField[];
  fieldsByName: ReadonlyMap<string, AvroField>;
  props: Props;
  aliases: readonly AvroName[];
}

export interface EnumNode {
  readonly type: 'enum';
  readonly name: AvroName;
  readonly doc: string | undefined;
  readonly symbols: readonly string[];
  readonly default: string | undefined;
  readonly props: Props;
  readonly aliases: readonly AvroName[];
}

export interface FixedNode {
  readonly type: 'fixed';
  readonly name: AvroName;
  readonly doc: string | undefined;
  readonly size: number;
  readonly props: Props;
  readonly aliases: readonly AvroName[];
}

export type NamedNode = RecordNode | EnumNode | FixedNode;
export type AvroNode = PrimitiveNode | ArrayNode | MapNode | UnionNode | NamedNode;

export const isNamed = (node: AvroNode): node is NamedNode =>
  node.type === 'record' || node.type === 'enum' || node.type === 'fixed';

/** The key Java uses for a union branch (`getFullName()`): the full name of a named type, else the type name. */
export const branchKey = (node: AvroNode): string => (isNamed(node) ? node.name.full : node.type);

/** Java's `Name.getQualified(defaultSpace)`: the short name when in `space`, unless it reads like a type name. */
export function qualifiedName(name: AvroName, space: string | null): string {
  if (name.space !== null && name.space === space && !TYPE_NAMES.has(name.name)) return name.name;
  return name.full;
}
