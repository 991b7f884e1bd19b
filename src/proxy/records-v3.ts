// One record of the v3 produce API (Confluent's entities/v3/ProduceRequest and ProduceAction): partition_id,
// headers (base64 values), timestamp (ISO-8601), and a key and a value each given as {type, data} with the schema
// named by schema_id, schema_version, a raw schema, or else the subject's latest schema. Schema'd data is written in
// Confluent's wire format; the answer says per side the type, subject, schema id and version, and the size.
import { ApiError, messageSerializationFailed } from '../core/errors.ts';
import { DataError, type SchemaType } from '../formats/format.ts';
import type { OutgoingRecord } from '../kafka/record-producer.ts';
import { frame, registerSchema, registryCause, subjectFor } from './produce.ts';
import type { SchemaSource, SerdeCache } from './schema-source.ts';
import type { SchemaVersions } from './schema-versions.ts';

export type DataType = 'BINARY' | 'JSON' | 'STRING' | 'AVRO' | 'JSONSCHEMA' | 'PROTOBUF';
const SCHEMA_TYPES: Partial<Record<DataType, SchemaType>> = { AVRO: 'AVRO', JSONSCHEMA: 'JSON', PROTOBUF: 'PROTOBUF' };
const DATA_TYPES: Record<SchemaType, DataType> = { AVRO: 'AVRO', JSON: 'JSONSCHEMA', PROTOBUF: 'PROTOBUF' };
const TYPES: ReadonlySet<string> = new Set(['BINARY', 'JSON', 'STRING', 'AVRO', 'JSONSCHEMA', 'PROTOBUF']);
const STRATEGIES: Record<string, string> = { TOPIC_NAME: 'topic_name', RECORD_NAME: 'record_name', TOPIC_RECORD_NAME: 'topic_record_name' };

/** The answer's description of a key or a value. Optional fields are left out when absent, as Confluent does. */
export interface DataInfo {
  readonly type: DataType;
  readonly subject?: string;
  readonly schema_id?: number;
  readonly schema_version?: number;
  readonly size: number;
}

export interface EncodedV3Record {
  readonly record: OutgoingRecord;
  readonly key: DataInfo | undefined;
  readonly value: DataInfo | undefined;
}

export interface V3Schemas {
  readonly schemas: SchemaSource;
  readonly serdes: SerdeCache;
  readonly versions: SchemaVersions;
  /** The server's name strategy (config name_strategy), for records that name none. */
  readonly strategy: string;
  /** Karapace's name_strategy_validation: a schema_id must be a version of the record's subject. */
  readonly validateSubjects: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** v3 errors carry the HTTP status as error_code. */
const badRequest = (message: string) => new ApiError(400, message);

/** An error as the v3 API answers it: the HTTP status as the code. A 422 with a code of its own (42205, 42207) is
 *  Confluent's RestConstraintViolationException, whose v3 mapper writes that code into the message. */
export function asV3Error(error: unknown): ApiError | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.code === error.status) return error;
  return new ApiError(error.status, error.status === 422 ? `Error: ${error.code} : ${error.message}` : error.message);
}

function timestampOf(value: unknown): bigint {
  if (value === undefined || value === null) return BigInt(Date.now());
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw badRequest(`Bad Request: timestamp must be an ISO-8601 date-time, got ${JSON.stringify(value)}`);
  return BigInt(ms);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function base64(value: unknown, what: string): Buffer {
  if (typeof value !== 'string' || !BASE64.test(value) || value.length % 4 === 1) throw badRequest(`Bad Request: ${what} must be base64`);
  return Buffer.from(value, 'base64');
}

function headersOf(value: unknown): [string, Buffer][] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest('Bad Request: headers must be an array');
  return value.map((h) => {
    if (!isObject(h) || typeof h.name !== 'string') throw badRequest('Bad Request: each header needs a name');
    return [h.name, h.value === undefined || h.value === null ? Buffer.alloc(0) : base64(h.value, `header ${h.name}`)];
  });
}

/** Reads and encodes one record of a v3 produce request for `topic` (with `partitions` partitions). */
export async function encodeV3Record(raw: unknown, topic: string, partitions: number, deps: V3Schemas): Promise<EncodedV3Record> {
  if (!isObject(raw)) throw badRequest('Bad Request: a record must be a JSON object');
  const partitionId = raw.partition_id;
  if (partitionId !== undefined && partitionId !== null) {
    if (!Number.isInteger(partitionId) || (partitionId as number) < 0) throw badRequest('Bad Request: partition_id must be a non-negative integer');
    // Kafka's answer for a partition the topic does not have.
    if ((partitionId as number) >= partitions) throw new ApiError(404, 'This server does not host this topic-partition.');
  }
  const headers = headersOf(raw.headers);
  const timestamp = timestampOf(raw.timestamp);
  const key = await encodeData(raw.key, { topic, isKey: true, deps });
  const value = await encodeData(raw.value, { topic, isKey: false, deps });
  return {
    record: { partition: (partitionId ?? undefined) as number | undefined, key: key?.bytes, value: value?.bytes, headers, timestamp },
    key: key?.info,
    value: value?.info,
  };
}

async function encodeData(raw: unknown, at: { topic: string; isKey: boolean; deps: V3Schemas }): Promise<{ bytes: Buffer | undefined; info: DataInfo } | undefined> {
  if (raw === undefined || raw === null) return undefined;
  const side = at.isKey ? 'key' : 'value';
  if (!isObject(raw)) throw badRequest(`Bad Request: ${side} must be an object like {"type": ..., "data": ...}`);
  const typeName = raw.type;
  if (typeName !== undefined && typeName !== null && (typeof typeName !== 'string' || !TYPES.has(typeName))) {
    throw badRequest(`Bad Request: ${side}.type must be one of BINARY, JSON, STRING, AVRO, JSONSCHEMA, PROTOBUF`);
  }
  const hasSchemaInfo = ['schema_id', 'schema_version', 'schema', 'subject', 'subject_name_strategy'].some((k) => raw[k] !== undefined && raw[k] !== null);
  let type = (typeName ?? undefined) as DataType | undefined;
  const data = raw.data;
  if (type === 'BINARY' || type === 'JSON' || type === 'STRING') {
    if (hasSchemaInfo) throw badRequest(`Bad Request: ${side} of type ${type} cannot name a schema`);
    const bytes = plain(type, data, side);
    return { bytes, info: { type, size: bytes?.length ?? 0 } };
  }
  // Without a type, the schema decides (ProduceAction: the format is the schema's).
  const resolved = await resolveSchema(raw, type, at);
  type = DATA_TYPES[resolved.schemaType];
  if (data === undefined || data === null) return { bytes: undefined, info: { ...resolved.info, type, size: 0 } };
  let payload: Buffer;
  try {
    payload = (await at.deps.serdes.serde(resolved.id)).encode(data);
  } catch (error) {
    if (error instanceof DataError) throw badRequest(`Bad Request: ${side} does not match schema ${resolved.id}: ${error.message}`);
    throw asV3Error(error) ?? error;
  }
  const bytes = frame(resolved.id, payload);
  return { bytes, info: { ...resolved.info, type, size: bytes.length } };
}

function plain(type: 'BINARY' | 'JSON' | 'STRING', data: unknown, side: string): Buffer | undefined {
  if (data === undefined || data === null) return undefined;
  if (type === 'BINARY') return base64(data, `${side}.data`);
  if (type === 'STRING') {
    if (typeof data !== 'string') throw badRequest(`Bad Request: ${side}.data must be a string`);
    return Buffer.from(data, 'utf8');
  }
  return Buffer.from(JSON.stringify(data));
}

/** Confluent's SchemaManagerImpl.getSchema takes exactly one way to name a schema: schema_id, schema_version, a raw
 *  schema (which alone needs the type), or none of them (the subject's latest); `type` goes only with a raw schema.
 *  Anything else is a 400 ("Unsupported argument"). */
function refuseConflictingSchemaFields(raw: Record<string, unknown>, type: DataType | undefined): void {
  const given = (k: string) => raw[k] !== undefined && raw[k] !== null;
  const unsupported = (what: string) => badRequest(`Bad Request: Unsupported argument: ${what}`);
  if (given('schema_id')) {
    if (type || given('schema_version') || given('schema')) throw unsupported('schema_id cannot be given with type, schema_version or schema');
  } else if (given('schema_version')) {
    if (type || given('schema')) throw unsupported('schema_version cannot be given with type or schema');
  } else if (given('schema')) {
    if (!type) throw unsupported('a raw schema needs its type (AVRO, JSONSCHEMA or PROTOBUF)');
  } else if (type) {
    throw unsupported(`type ${type} needs a raw schema; without one, leave the type out to use the subject's schema`);
  }
}

/** Confluent's SchemaManagerImpl answers a registry failure as a message serialization error (42207). */
const serializationFailed = (detail: string, cause: unknown) => messageSerializationFailed(`${detail}\n${registryCause(cause)}`);

/** The schema of a side: by id, by subject version, by raw text (registered), or the subject's latest. */
async function resolveSchema(raw: Record<string, unknown>, type: DataType | undefined, at: { topic: string; isKey: boolean; deps: V3Schemas }): Promise<{
  id: number; schemaType: SchemaType; info: Omit<DataInfo, 'type' | 'size'>;
}> {
  const { deps } = at;
  const strategyName = raw.subject_name_strategy ?? undefined;
  if (strategyName !== undefined && (typeof strategyName !== 'string' || !STRATEGIES[strategyName])) {
    throw badRequest('Bad Request: subject_name_strategy must be one of TOPIC_NAME, RECORD_NAME, TOPIC_RECORD_NAME');
  }
  const strategy = strategyName === undefined ? deps.strategy : STRATEGIES[strategyName]!;
  const given = raw.subject ?? undefined;
  if (given !== undefined && (typeof given !== 'string' || given === '')) throw badRequest('Bad Request: subject must be a non-empty string');
  refuseConflictingSchemaFields(raw, type);
  const subjectOf = (schemaType: SchemaType, text: string) => (given as string | undefined) ?? subjectFor(strategy, at.topic, at.isKey, schemaType, text);
  const resolved = (id: number, schemaType: SchemaType, subject: string, version: number | null) =>
    ({ id, schemaType, info: { subject, schema_id: id, ...(version === null ? {} : { schema_version: version }) } });
  try {
    if (raw.schema_id !== undefined && raw.schema_id !== null) {
      if (!Number.isInteger(raw.schema_id)) throw badRequest('Bad Request: schema_id must be an integer');
      const id = raw.schema_id as number;
      const parsed = await deps.schemas.byId(id).catch((error: unknown) => {
        throw serializationFailed(`Error when fetching schema by id. schemaId = ${id}`, error);
      });
      const subject = subjectOf(parsed.type, parsed.canonical);
      const version = await deps.versions.versionOf(subject, id);
      // Confluent's getSchemaFromSchemaId asks for the id's version under the subject (as v2 does).
      if (version === null && deps.validateSubjects) {
        throw serializationFailed(`Error when fetching schema version. subject = ${subject}, schema = ${parsed.canonical}`, 'Schema not found; error code: 40403');
      }
      return resolved(id, parsed.type, subject, version);
    }
    if (raw.schema !== undefined && raw.schema !== null) {
      if (typeof raw.schema !== 'string') throw badRequest('Bad Request: schema must be a string');
      const wanted = SCHEMA_TYPES[type!]!;
      const subject = subjectOf(wanted, raw.schema);
      const id = await registerSchema(deps.schemas, subject, wanted, raw.schema);
      return resolved(id, wanted, subject, await deps.versions.versionOf(subject, id));
    }
    // By version or latest, the subject must be known without a schema: TOPIC_NAME or an explicit subject.
    const subject = (given as string | undefined) ?? (strategy === 'topic_name' ? `${at.topic}-${at.isKey ? 'key' : 'value'}` : undefined);
    if (subject === undefined) throw badRequest(`Bad Request: Cannot use schema_subject_strategy=${strategyName ?? 'default'} without schema_id or schema.`);
    let id: number;
    if (raw.schema_version !== undefined && raw.schema_version !== null) {
      if (!Number.isInteger(raw.schema_version)) throw badRequest('Bad Request: schema_version must be an integer');
      const version = raw.schema_version as number;
      id = await deps.versions.idOf(subject, version).catch(() => {
        throw badRequest(`Bad Request: Schema does not exist for subject: ${subject}, version: ${version}`);
      });
    } else {
      id = await deps.schemas.latestId(subject).catch((error: unknown) => {
        throw serializationFailed(`Error when fetching latest schema version. subject = ${subject}`, error);
      });
    }
    const parsed = await deps.schemas.byId(id);
    return resolved(id, parsed.type, subject, await deps.versions.versionOf(subject, id));
  } catch (error) {
    throw asV3Error(error) ?? error;
  }
}
