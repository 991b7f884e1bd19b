// Field default validation as Java Avro's Schema.isValidDefault with validateDefaults=true (Confluent parses new
// schemas that way). Union defaults must match the FIRST branch: that is Avro 1.11's rule, which Confluent
// Platform 7 ships; Avro 1.12 (AVRO-3649) accepts any branch. Kept strict on purpose, see the report in docs.
import type { AvroNode, RecordNode } from './avro-schema.ts';
import { JsonFloat, type JsonValue } from './json-value.ts';

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

export class IncompleteRecordError extends Error {
  override readonly name = 'IncompleteRecordError';
  readonly record: RecordNode;
  constructor(record: RecordNode) {
    super(`the fields of record "${record.name.full}", which are still being defined`);
    this.record = record;
  }
}

/** Whether `value` is a valid default for `node`. `incomplete` holds records whose fields are still being
 *  parsed: Java throws "Schema fields not set yet" when a default needs them. */
export function isValidDefault(node: AvroNode, value: JsonValue, incomplete: ReadonlySet<RecordNode>): boolean {
  switch (node.type) {
    case 'string':
    case 'bytes':
    case 'enum':
    case 'fixed':
      return typeof value === 'string';
    case 'int':
      return typeof value === 'number' && value >= INT_MIN && value <= INT_MAX;
    case 'long':
      return typeof value === 'number' || (typeof value === 'bigint' && value >= LONG_MIN && value <= LONG_MAX);
    case 'float':
    case 'double':
      return typeof value === 'number' || typeof value === 'bigint' || value instanceof JsonFloat;
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value) && value.every((item) => isValidDefault(node.items, item, incomplete));
    case 'map':
      if (!(value instanceof Map)) return false;
      for (const item of value.values()) if (!isValidDefault(node.values, item, incomplete)) return false;
      return true;
    case 'union': {
      const first = node.branches[0];
      return first !== undefined && isValidDefault(first, value, incomplete);
    }
    case 'record': {
      if (!(value instanceof Map)) return false;
      if (incomplete.has(node)) throw new IncompleteRecordError(node);
      for (const field of node.fields) {
        const item = value.has(field.name) ? value.get(field.name) : field.default;
        if (item === undefined || !isValidDefault(field.type, item, incomplete)) return false;
      }
      return true;
    }
  }
}

// Java's Double.parseDouble grammar (decimal forms; hexadecimal floats are left out as nobody writes them).
const JAVA_DOUBLE = /^[+-]?(NaN|Infinity|((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[fFdD]?)$/;

/** Java turns a string default of a float/double field into a number (`Double.parseDouble`); undefined when
 *  the text is not a number (Java throws NumberFormatException there). */
export function parseJavaDouble(text: string): number | undefined {
  // String.trim() strips every char <= U+0020.
  const trimmed = text.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
  const match = JAVA_DOUBLE.exec(trimmed);
  if (match === null) return undefined;
  const body = trimmed.replace(/[fFdD]$/, '');
  if (match[1] === 'NaN') return Number.NaN;
  return Number(body);
}
