// Producing through the REST proxy's v2 API (POST /topics/{t}, /topics/{t}/partitions/{p}): records in one of the
// embedded formats become Kafka records; schema'd formats are registered (or found) under the subject the name
// strategy gives and written in Confluent's wire format: magic byte 0, the schema id (4 bytes, big endian), data.
import {
  ApiError, jsonConversionFailed, keySchemaMissing, malformedBody, partitionNotFound, payloadError, valueSchemaMissing,
} from '../core/errors.ts';
import { DataError, type SchemaType } from '../formats/format.ts';
import { parseSchema } from '../formats/index.ts';
import type { SchemaSource, SerdeCache } from './schema-source.ts';

export type EmbeddedFormat = 'binary' | 'json' | 'avro' | 'jsonschema' | 'protobuf';

const SCHEMA_TYPES: Partial<Record<EmbeddedFormat, SchemaType>> = { avro: 'AVRO', jsonschema: 'JSON', protobuf: 'PROTOBUF' };

export interface EncodedRecord {
  readonly partition: number | undefined;
  readonly key: Buffer | undefined;
  readonly value: Buffer | undefined;
}

export interface EncodedRequest {
  readonly records: readonly EncodedRecord[];
  readonly keySchemaId: number | null;
  readonly valueSchemaId: number | null;
}

export interface NameStrategy {
  /** `topic_name`, `record_name` or `topic_record_name` (config `name_strategy`). */
  readonly strategy: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Confluent's wire format header and the payload. */
export function frame(schemaId: number, payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(5 + payload.length);
  out[0] = 0;
  out.writeUInt32BE(schemaId, 1);
  payload.copy(out, 5);
  return out;
}

/** The record name a schema defines (ParsedSchema.recordName), for the record name strategies; undefined when the
 *  text is not a valid schema (registering it then says why). */
function recordName(type: SchemaType, text: string): string | undefined {
  try {
    return parseSchema(type, text, []).recordName;
  } catch {
    return undefined;
  }
}

export function subjectFor(strategy: string, topic: string, isKey: boolean, type: SchemaType, text: string): string {
  const suffix = isKey ? 'key' : 'value';
  if (strategy === 'topic_name') return `${topic}-${suffix}`;
  const name = recordName(type, text);
  if (!name) throw new ApiError(42205, 'Invalid schema: the name strategy needs a record name the schema does not give');
  return strategy === 'record_name' ? name : `${topic}-${name}`;
}

/** Reads and encodes a v2 produce body; `partitions` is the topic's partition count. */
export async function encodeProduceRequest(options: {
  body: unknown; format: EmbeddedFormat; topic: string; partition: number | undefined; partitions: number;
  schemas: SchemaSource; serdes: SerdeCache; strategy: string;
}): Promise<EncodedRequest> {
  const { body, format } = options;
  if (!isObject(body)) throw malformedBody('expected a JSON object');
  const records = body.records;
  if (!Array.isArray(records) || records.length === 0) throw new ApiError(42206, 'Payload error. Request must contain a non-empty "records" array');
  for (const r of records) if (!isObject(r)) throw new ApiError(42206, 'Payload error. Each record must be a JSON object');
  const items = records as Record<string, unknown>[];

  for (const r of items) {
    if (r.partition === undefined || r.partition === null) continue;
    if (options.partition !== undefined) throw new ApiError(42206, 'Payload error. A record may not name a partition when the URL does');
    if (!Number.isInteger(r.partition)) throw malformedBody('"partition" must be an integer');
  }
  const partitionOf = (r: Record<string, unknown>) => {
    const p = options.partition ?? (r.partition as number | undefined | null) ?? undefined;
    if (p !== undefined && (p < 0 || p >= options.partitions)) throw partitionNotFound();
    return p;
  };

  const type = SCHEMA_TYPES[format];
  if (!type) {
    return {
      keySchemaId: null, valueSchemaId: null,
      records: items.map((r) => ({ partition: partitionOf(r), key: plain(format, r.key, 'key'), value: plain(format, r.value, 'value') })),
    };
  }
  const hasKeys = items.some((r) => r.key !== undefined && r.key !== null);
  const hasValues = items.some((r) => r.value !== undefined && r.value !== null);
  const keySchemaId = hasKeys ? await schemaId(body, 'key', { ...options, type }) : null;
  if (hasKeys && keySchemaId === null) throw keySchemaMissing();
  const valueSchemaId = hasValues ? await schemaId(body, 'value', { ...options, type }) : null;
  if (hasValues && valueSchemaId === null) throw valueSchemaMissing();
  const keySerde = keySchemaId === null ? undefined : await options.serdes.serde(keySchemaId);
  const valueSerde = valueSchemaId === null ? undefined : await options.serdes.serde(valueSchemaId);
  const encode = (serde: typeof keySerde, id: number | null, data: unknown) => {
    if (data === undefined || data === null || !serde || id === null) return undefined;
    try {
      return frame(id, serde.encode(data));
    } catch (error) {
      if (error instanceof DataError) throw jsonConversionFailed(error.message);
      throw error;
    }
  };
  return {
    keySchemaId, valueSchemaId,
    records: items.map((r) => ({ partition: partitionOf(r), key: encode(keySerde, keySchemaId, r.key), value: encode(valueSerde, valueSchemaId, r.value) })),
  };
}

/** The schema id for keys or values: `*_schema_id` as given, or `*_schema` registered under its subject. */
async function schemaId(body: Record<string, unknown>, which: 'key' | 'value', options: {
  topic: string; type: SchemaType; schemas: SchemaSource; strategy: string;
}): Promise<number | null> {
  const id = body[`${which}_schema_id`];
  if (id !== undefined && id !== null) {
    if (!Number.isInteger(id)) throw malformedBody(`"${which}_schema_id" must be an integer`);
    await options.schemas.byId(id as number);
    return id as number;
  }
  const text = body[`${which}_schema`];
  if (text === undefined || text === null) return null;
  if (typeof text !== 'string') throw malformedBody(`"${which}_schema" must be a string`);
  const subject = subjectFor(options.strategy, options.topic, which === 'key', options.type, text);
  try {
    return await options.schemas.register(subject, options.type, text);
  } catch (error) {
    if (error instanceof ApiError && error.code === 42201) throw new ApiError(42205, `Invalid schema: ${error.message}`);
    throw error;
  }
}

/** binary: base64 text; json: any JSON value. */
function plain(format: EmbeddedFormat, data: unknown, what: string): Buffer | undefined {
  if (data === undefined || data === null) return undefined;
  if (format === 'json') return Buffer.from(JSON.stringify(data));
  if (typeof data !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 === 1) {
    throw payloadError(`The ${what} of a binary record must be a base64 string`);
  }
  return Buffer.from(data, 'base64');
}
