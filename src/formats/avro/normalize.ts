// Confluent's `AvroSchema.normalize()`: `AvroSchemaUtils.toNormalizedString` writes the schema with full names,
// named types by name after their first use, attributes in a fixed order and custom props sorted, and then
// re-parses that text; the registry stores the re-parsed schema's canonical string. This module writes the
// intermediate text; the caller re-parses it and prints it with printSchema, exactly as Confluent does.
//   union: [b, ...]   array/map: {"type","items"|"values",<sorted props>}
//   named: {"name":<full>,"type", symbols | size,<logical> | fields, doc?, aliases? (sorted), enum default?, <sorted props>}
//   field: {"name","type","order":"ASCENDING"...,"doc"?,"aliases"? (sorted),"default"?,<sorted props>}
//   primitive: "int" | {"type",<logical>,<sorted props>}
// Defaults go through Avro's JacksonUtils.toObject(value, fieldSchema) and back, which Confluent inherits:
// a union default is converted with the first branch, an integer default of a float/double field becomes
// Java null and is dropped, a float default is printed as a Java float, object keys come out sorted.
import { type AvroField, type AvroNode, type NamedNode, type Props } from './avro-schema.ts';
import { javaDoubleToString, javaFloatToString, javaNumberToken, quote } from './json-print.ts';
import { JsonFloat, type JsonValue } from './json-value.ts';
import { type LogicalType, logicalTypeOf } from './logical-types.ts';

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** The text Confluent's normalizer writes; `known` are dependency types (printed as their full names). */
export function normalizedText(root: AvroNode, known: Iterable<string>): string {
  return build(root, new Set(known));
}

function build(node: AvroNode, env: Set<string>): string {
  switch (node.type) {
    case 'union':
      return `[${node.branches.map((branch) => build(branch, env)).join(',')}]`;
    case 'array':
      return `{"type":"array","items":${build(node.items, env)}${sortedProps(node.props)}}`;
    case 'map':
      return `{"type":"map","values":${build(node.values, env)}${sortedProps(node.props)}}`;
    case 'record':
    case 'enum':
    case 'fixed':
      return named(node, env);
    default: {
      const logical = logicalTypeOf(node);
      if (logical !== undefined) return `{"type":"${node.type}"${logicalProps(logical)}${sortedProps(node.props)}}`;
      return node.props.size > 0 ? `{"type":"${node.type}"${sortedProps(node.props)}}` : `"${node.type}"`;
    }
  }
}

function named(node: NamedNode, env: Set<string>): string {
  const full = node.name.full;
  if (env.has(full)) return quote(full);
  env.add(full);
  let out = `{"name":${quote(full)},"type":"${node.type}"`;
  switch (node.type) {
    case 'enum':
      out += `,"symbols":[${node.symbols.map(quote).join(',')}]`;
      break;
    case 'fixed': {
      out += `,"size":${node.size}`;
      const logical = logicalTypeOf(node);
      if (logical !== undefined) out += logicalProps(logical);
      break;
    }
    case 'record':
      out += `,"fields":[${node.fields.map((field) => fieldText(field, env)).join(',')}]`;
      break;
  }
  if (node.doc !== undefined && node.doc !== '') out += `,"doc":${quote(node.doc)}`;
  if (node.aliases.length > 0) out += `,"aliases":${sortedStrings(node.aliases.map((alias) => alias.full))}`;
  if (node.type === 'enum' && node.default !== undefined) out += `,"default":${quote(node.default)}`;
  return `${out}${sortedProps(node.props)}}`;
}

function fieldText(field: AvroField, env: Set<string>): string {
  let out = `{"name":${quote(field.name)},"type":${build(field.type, env)}`;
  out += `,"order":"${field.order.toUpperCase()}"`;
  if (field.doc !== undefined) out += `,"doc":${quote(field.doc)}`;
  if (field.aliases.length > 0) out += `,"aliases":${sortedStrings(field.aliases)}`;
  if (field.default !== undefined) {
    const value = defaultText(field.default, field.type);
    if (value !== undefined) out += `,"default":${value}`;
  }
  return `${out}${sortedProps(field.props)}}`;
}

function logicalProps(logical: LogicalType): string {
  let out = `,"logicalType":${quote(logical.name)}`;
  if (logical.name === 'decimal') {
    out += `,"precision":${logical.precision ?? 0}`;
    if ((logical.scale ?? 0) !== 0) out += `,"scale":${logical.scale ?? 0}`;
  }
  return out;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sortedStrings(values: readonly string[]): string {
  return `[${[...new Set(values)].sort(byCodeUnits).map(quote).join(',')}]`;
}

function sortedProps(props: Props): string {
  if (props.size === 0) return '';
  let out = '';
  for (const key of [...props.keys()].sort(byCodeUnits)) out += `,${quote(key)}:${sortedJson(props.get(key) ?? null)}`;
  return out;
}

/** A prop value as JacksonUtils.toObject and Confluent's key-sorting mapper print it. */
function sortedJson(value: JsonValue): string {
  return defaultText(value, null) ?? 'null';
}

/** JacksonUtils.toObject(value, schema) then Confluent's toJsonNode(...).toString(); undefined is Java null. */
function defaultText(value: JsonValue, schema: AvroNode | null): string | undefined {
  if (schema !== null && schema.type === 'union') return defaultText(value, schema.branches[0] ?? null);
  const type = schema === null ? null : schema.type;
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' || typeof value === 'bigint') {
    const fitsInt = typeof value === 'number' && value >= INT_MIN && value <= INT_MAX;
    if (fitsInt) return type === null || type === 'int' || type === 'long' ? String(value) : undefined;
    const big = BigInt(value);
    // LongNode converts whatever the schema; a BigIntegerNode converts to nothing.
    return big >= LONG_MIN && big <= LONG_MAX ? big.toString() : undefined;
  }
  if (value instanceof JsonFloat) {
    if (type === null || type === 'double') return javaNumberToken(javaDoubleToString(value.value));
    if (type === 'float') return javaNumberToken(javaFloatToString(value.value));
    return undefined;
  }
  if (typeof value === 'string') {
    if (type === null || type === 'string' || type === 'enum') return quote(value);
    if (type === 'bytes' || type === 'fixed') return quote(latin1(value));
    return undefined;
  }
  if (Array.isArray(value)) {
    const items = schema !== null && schema.type === 'array' ? schema.items : null;
    return `[${value.map((item) => defaultText(item, items) ?? 'null').join(',')}]`;
  }
  let out = '';
  for (const key of [...value.keys()].sort(byCodeUnits)) {
    let itemSchema: AvroNode | null = null;
    if (schema !== null && schema.type === 'map') itemSchema = schema.values;
    if (schema !== null && schema.type === 'record') itemSchema = schema.fieldsByName.get(key)?.type ?? null;
    out += `${out === '' ? '' : ','}${quote(key)}:${defaultText(value.get(key) ?? null, itemSchema) ?? 'null'}`;
  }
  return `{${out}}`;
}

/** `String.getBytes(ISO_8859_1)` read back as ISO-8859-1: characters above U+00FF become "?". */
function latin1(value: string): string {
  if (!/[^\u0000-\u00ff]/.test(value)) return value;
  let out = '';
  for (const char of value) out += (char.codePointAt(0) ?? 0) <= 0xff ? char : '?';
  return out;
}
