// `export-anonymized-avro-schemas`: Karapace's export of the schemas topic with every name hashed, so a support
// team can study the shapes of a user's Avro schemas without their names (karapace/anonymize_schemas/anonymize_avro.py
// and backends/v2.py `AnonymizeAvroWriter`). Each dot-separated part of a name becomes "a" + SHA-1 hex without its
// first digit, followed by the part's characters that are not valid in an Avro name (sorted, once each); docs are
// dropped; type names, keywords and sort orders stay. The output is a v2 backup of the transformed records.
import { createHash } from 'node:crypto';
import { BackupError } from './errors.ts';
import type { BackupRecord } from './record.ts';

const KEYWORDS = new Set(['aliases', 'default', 'enum', 'fields', 'items', 'logicalType', 'name', 'namespace', 'precision', 'scale', 'size', 'symbols', 'type', 'values']);
const PRIMITIVE_TYPES = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'];
const LOGICAL_TYPES = ['date', 'decimal', 'duration', 'local-timestamp-micros', 'local-timestamp-millis', 'time-micros', 'time-millis', 'timestamp-micros', 'timestamp-millis', 'uuid'];
const ALL_TYPES = new Set([...PRIMITIVE_TYPES, ...LOGICAL_TYPES, 'array', 'enum', 'fixed', 'map', 'record']);
const ORDERS = new Set(['ascending', 'descending', 'ignore']);

const byCodePoint = (a: string, b: string) => (a.codePointAt(0) as number) - (b.codePointAt(0) as number);

function anonymizePart(part: string): string {
  const invalid = [...new Set(part.match(/[^.a-zA-Z0-9_]/gu) ?? [])].sort(byCodePoint).join('');
  return `a${createHash('sha1').update(part, 'utf8').digest('hex').slice(1)}${invalid}`;
}

/** Karapace's `anonymize_name`: every run of characters between dots is hashed, the dots stay. */
export const anonymizeName = (name: string): string => name.replace(/[^.]+/gu, anonymizePart);

/** Karapace's `anonymize` of a parsed Avro schema. Falsy values (Python's `not x`) and numbers stay as they are. */
export function anonymizeSchema(schema: unknown): unknown {
  if (!schema) return schema;
  if (typeof schema === 'string') return ALL_TYPES.has(schema) ? schema : anonymizeName(schema);
  if (Array.isArray(schema)) return schema.map(anonymizeSchema);
  if (typeof schema !== 'object') return schema;
  const entries = Object.entries(schema as Record<string, unknown>);
  if (entries.length === 0) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    if (KEYWORDS.has(key)) out[key] = anonymizeSchema(value);
    else if (key === 'doc') continue; // a doc may hold non-public and sensitive text
    else if (key === 'order') out[key] = typeof value === 'string' && ORDERS.has(value) ? value : anonymizeSchema(value);
    else out[anonymizeName(key)] = anonymizeSchema(value);
  }
  return out;
}

function jsonObject(bytes: Buffer, what: string, offset: number | undefined): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BackupError(`cannot anonymize the record at offset ${offset ?? '?'}: its ${what} is not a JSON object (is this a schemas topic?)`);
  }
  return parsed as Record<string, unknown>;
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');

/**
 * One schemas-topic record with its subject names and Avro schemas anonymized, as `AnonymizeAvroWriter` does: the
 * value's "schema" when it is Avro (no "schemaType", or "AVRO"), the value's "subject" and the key's "subject".
 * Karapace fails on a tombstone; here a tombstone stays a tombstone (with its key anonymized).
 */
export function anonymizeRecord(record: BackupRecord): BackupRecord {
  if (record.key === null) throw new BackupError(`cannot anonymize the record at offset ${record.offset ?? '?'}: it has no key`);
  const key = jsonObject(record.key, 'key', record.offset);
  if (typeof key.subject === 'string' && key.subject !== '') key.subject = anonymizeName(key.subject);
  if (record.value === null) return { ...record, key: encode(key), headers: [] };
  const value = jsonObject(record.value, 'value', record.offset);
  if (typeof value.schema === 'string' && (value.schemaType ?? 'AVRO') === 'AVRO') {
    let schema: unknown;
    try {
      schema = JSON.parse(value.schema);
    } catch {
      throw new BackupError(`cannot anonymize the record at offset ${record.offset ?? '?'}: its Avro schema is not JSON`);
    }
    const anonymized = anonymizeSchema(schema);
    if (anonymized) value.schema = JSON.stringify(anonymized);
  }
  if (typeof value.subject === 'string') value.subject = anonymizeName(value.subject);
  return { ...record, key: encode(key), value: encode(value), headers: [] };
}
