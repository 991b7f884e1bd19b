// Producing through the REST proxy's v2 API (POST /topics/{t}, /topics/{t}/partitions/{p}): records in one of the
// embedded formats become Kafka records; schema'd formats are registered (or found) under the subject the name
// strategy gives and written in Confluent's wire format: magic byte 0, the schema id (4 bytes, big endian), data.
import {
  ApiError, invalidProxySchema, jsonConversionFailed, keySchemaMissing, malformedBody, messageSerializationFailed, partitionNotFound,
  payloadError, valueSchemaMissing,
} from '../core/errors.ts';
import { DataError, type ParsedSchema, type SchemaType } from '../formats/format.ts';
import { parseSchema } from '../formats/index.ts';
import type { SchemaSource, SerdeCache } from './schema-source.ts';
import type { SchemaVersions } from './schema-versions.ts';

export type EmbeddedFormat = 'binary' | 'json' | 'avro' | 'jsonschema' | 'protobuf';

const SCHEMA_TYPES: Partial<Record<EmbeddedFormat, SchemaType>> = { avro: 'AVRO', jsonschema: 'JSON', protobuf: 'PROTOBUF' };
/** Confluent's EmbeddedFormat names, as its SchemaManager's messages spell them. */
const FORMAT_NAMES: Record<SchemaType, string> = { AVRO: 'AVRO', JSON: 'JSONSCHEMA', PROTOBUF: 'PROTOBUF' };

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
  return subjectNamed(strategy, topic, isKey, strategy === 'topic_name' ? undefined : recordName(type, text));
}

/** The subject for a schema whose record name is known (TopicNameStrategy ignores it). */
function subjectNamed(strategy: string, topic: string, isKey: boolean, name: string | undefined): string {
  const suffix = isKey ? 'key' : 'value';
  if (strategy === 'topic_name') return `${topic}-${suffix}`;
  if (!name) throw new ApiError(42205, 'Invalid schema: the name strategy needs a record name the schema does not give');
  return strategy === 'record_name' ? name : `${topic}-${name}`;
}

/** A JSON integer, or a string of one: Confluent's Jackson coerces "3" to the Integer 3 (wrong types are 400). */
function integerOf(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && /^-?\d{1,10}$/.test(value.trim()) ? Number(value) : value;
  if (!Number.isInteger(n)) throw malformedBody(`"${name}" must be an integer`);
  return n as number;
}

/** Reads and encodes a v2 produce body; `partitions` is the topic's partition count. */
export async function encodeProduceRequest(options: {
  body: unknown; format: EmbeddedFormat; topic: string; partition: number | undefined; partitions: number;
  schemas: SchemaSource; serdes: SerdeCache; versions: SchemaVersions; strategy: string; validateSubjects: boolean;
}): Promise<EncodedRequest> {
  const { body, format } = options;
  if (!isObject(body)) throw malformedBody('expected a JSON object');
  const records = body.records;
  // Confluent: a missing or empty list breaks @NotEmpty (422); a list of anything but objects does not map (400).
  if (records === undefined || records === null || (Array.isArray(records) && records.length === 0)) {
    throw new ApiError(42206, 'Payload error. Request must contain a non-empty "records" array');
  }
  if (!Array.isArray(records)) throw malformedBody('"records" must be an array');
  for (const r of records) if (!isObject(r)) throw malformedBody('each record must be a JSON object');
  const items = records as Record<string, unknown>[];

  const given = items.map((r) => integerOf(r.partition, 'partition'));
  if (options.partition !== undefined && given.some((p) => p !== undefined)) {
    throw new ApiError(42206, 'Payload error. A record may not name a partition when the URL does');
  }
  const partitionOf = (i: number) => {
    const p = options.partition ?? given[i];
    if (p !== undefined && (p < 0 || p >= options.partitions)) throw partitionNotFound();
    return p;
  };

  const type = SCHEMA_TYPES[format];
  if (!type) {
    return {
      keySchemaId: null, valueSchemaId: null,
      records: items.map((r, i) => ({ partition: partitionOf(i), key: plain(format, r.key, 'key'), value: plain(format, r.value, 'value') })),
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
    records: items.map((r, i) => ({ partition: partitionOf(i), key: encode(keySerde, keySchemaId, r.key), value: encode(valueSerde, valueSchemaId, r.value) })),
  };
}

interface SchemaOptions {
  readonly topic: string;
  readonly type: SchemaType;
  readonly schemas: SchemaSource;
  readonly versions: SchemaVersions;
  readonly strategy: string;
  readonly validateSubjects: boolean;
}

/** A registry error as Confluent's SchemaManager appends it to its own message (RestClientException's text). */
export const registryCause = (error: unknown) =>
  error instanceof ApiError ? `${error.message}; error code: ${error.code}` : error instanceof Error ? error.message : String(error);

/** The schema id for keys or values: `*_schema_id` as given, or `*_schema` registered under its subject. */
async function schemaId(body: Record<string, unknown>, which: 'key' | 'value', options: SchemaOptions): Promise<number | null> {
  const isKey = which === 'key';
  const id = integerOf(body[`${which}_schema_id`], `${which}_schema_id`);
  if (id !== undefined) return schemaById(id, isKey, options);
  const text = body[`${which}_schema`];
  if (text === undefined || text === null) return null;
  if (typeof text !== 'string') throw malformedBody(`"${which}_schema" must be a string`);
  return registerRaw(text, isKey, options);
}

/** Confluent's SchemaManagerImpl.getSchemaFromSchemaId: the schema must exist (else 42207) and, under the name
 *  strategy's subject, be one of its versions (getVersion; 42207 again). Karapace's name_strategy_validation=false
 *  skips that second check. A schema of another type than the Content-Type's cannot encode the data: 42205. */
async function schemaById(id: number, isKey: boolean, options: SchemaOptions): Promise<number> {
  let parsed: ParsedSchema;
  try {
    parsed = await options.schemas.byId(id);
  } catch (error) {
    throw messageSerializationFailed(`Error when fetching schema by id. schemaId = ${id}\n${registryCause(error)}`);
  }
  if (parsed.type !== options.type) {
    throw invalidProxySchema(`schema ${id} is a ${FORMAT_NAMES[parsed.type]} schema, not ${FORMAT_NAMES[options.type]}`);
  }
  if (!options.validateSubjects) return id;
  const subject = subjectNamed(options.strategy, options.topic, isKey, parsed.recordName);
  if (await options.versions.versionOf(subject, id) !== null) return id;
  // The registry's lookup says why: no such subject (40401), or not a schema of it (40403).
  let cause = `Schema not found; error code: 40403`;
  try {
    await options.schemas.latestId(subject);
  } catch (error) {
    cause = registryCause(error);
  }
  throw messageSerializationFailed(`Error when fetching schema version. subject = ${subject}, schema = ${parsed.canonical}\n${cause}`);
}

const rawSchemaInvalid = (type: SchemaType, text: string) =>
  invalidProxySchema(`Error when parsing raw schema. format = ${FORMAT_NAMES[type]}, schema = ${text}`);

/** The subject of a raw schema, from the name strategy (its record name, so the text must parse), then registered. */
async function registerRaw(text: string, isKey: boolean, options: SchemaOptions): Promise<number> {
  const name = options.strategy === 'topic_name' ? undefined : recordName(options.type, text);
  if (options.strategy !== 'topic_name' && name === undefined) {
    // Unparseable text, or a schema without a record name for the record name strategies.
    try {
      parseSchema(options.type, text, []);
    } catch {
      throw rawSchemaInvalid(options.type, text);
    }
  }
  const subject = subjectNamed(options.strategy, options.topic, isKey, name);
  return registerSchema(options.schemas, subject, options.type, text);
}

/** Confluent's getSchemaFromRawSchema registering a raw schema (v2 and v3): a text that does not parse is 42205, a
 *  registration the registry refuses (incompatible, read-only, ...) 42207 with the registry's answer. */
export async function registerSchema(schemas: SchemaSource, subject: string, type: SchemaType, text: string): Promise<number> {
  try {
    return await schemas.register(subject, type, text);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.code === 42201) throw rawSchemaInvalid(type, text);
    throw messageSerializationFailed(`Error when registering schema. format = ${FORMAT_NAMES[type]}, subject = ${subject}, schema = ${text}\n${registryCause(error)}`);
  }
}

/** binary: base64 text; json: any JSON value. */
function plain(format: EmbeddedFormat, data: unknown, what: string): Buffer | undefined {
  if (data === undefined || data === null) return undefined;
  if (format === 'json') return Buffer.from(JSON.stringify(data));
  // Confluent's BinaryProduceRecord takes strings (anything else does not map: 400), then base64-decodes them.
  if (typeof data !== 'string') throw malformedBody(`the ${what} of a binary record must be a string`);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 === 1) {
    throw payloadError(`The ${what} of a binary record must be a base64 string`);
  }
  return Buffer.from(data, 'base64');
}
