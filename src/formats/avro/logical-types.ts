// Which `logicalType` props Java Avro recognises as valid (LogicalTypes.fromSchemaIgnoreInvalid). An invalid or
// unknown logical type is not an error, it stays a plain property; the difference only shows in Confluent's
// normalized form, which writes a valid logical type's attributes first.
import type { AvroNode } from './avro-schema.ts';

export interface LogicalType {
  readonly name: string;
  /** For decimal: precision and scale, which Confluent's normalizer writes right after the name. */
  readonly precision?: number;
  readonly scale?: number;
}

const INT_TYPES: Readonly<Record<string, string>> = {
  date: 'int',
  'time-millis': 'int',
  'time-micros': 'long',
  'timestamp-millis': 'long',
  'timestamp-micros': 'long',
  'timestamp-nanos': 'long',
  'local-timestamp-millis': 'long',
  'local-timestamp-micros': 'long',
  'local-timestamp-nanos': 'long',
};

const INT_MAX = 2 ** 31 - 1;
const isJavaInt = (value: unknown): value is number => typeof value === 'number' && value >= -(2 ** 31) && value <= INT_MAX;

/** The valid logical type of a primitive or fixed node, or undefined. */
export function logicalTypeOf(node: AvroNode): LogicalType | undefined {
  if (node.type === 'union' || node.type === 'record' || node.type === 'enum') return undefined;
  const name = node.props.get('logicalType');
  if (typeof name !== 'string') return undefined;
  switch (name) {
    case 'decimal':
      return decimal(node);
    case 'uuid':
      return node.type === 'string' || (node.type === 'fixed' && node.size === 16) ? { name } : undefined;
    case 'duration':
      return node.type === 'fixed' && node.size === 12 ? { name } : undefined;
    case 'big-decimal':
      return node.type === 'bytes' ? { name } : undefined;
    default:
      return INT_TYPES[name] !== undefined && INT_TYPES[name] === node.type ? { name } : undefined;
  }
}

function decimal(node: Exclude<AvroNode, { type: 'union' | 'record' | 'enum' }>): LogicalType | undefined {
  if (node.type !== 'bytes' && node.type !== 'fixed') return undefined;
  // LogicalTypes.Decimal reads both as Integer props (a long or a float literal is invalid); scale defaults to 0.
  const precision = node.props.get('precision');
  const scaleValue = node.props.get('scale');
  if (!isJavaInt(precision) || precision <= 0) return undefined;
  let scale = 0;
  if (scaleValue !== undefined) {
    if (!isJavaInt(scaleValue)) return undefined;
    scale = scaleValue;
  }
  if (scale < 0 || scale > precision) return undefined;
  if (node.type === 'fixed') {
    // Java: Math.round(Math.floor(Math.log10(2^(8*size-1) - 1))); NaN (size 0) rounds to 0 there.
    const max = Math.round(Math.floor(Math.log10(2 ** (8 * node.size - 1) - 1)));
    if (precision > (Number.isNaN(max) ? 0 : max)) return undefined;
  }
  return { name: 'decimal', precision, scale };
}
