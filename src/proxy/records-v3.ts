// One record of the v3 produce API (Confluent's entities/v3/ProduceRequest and ProduceAction): partition_id,
// headers (base64 values), timestamp (ISO-8601), and a key and a value each given as {type, data} with the schema
// named by schema_id, schema_version, a raw schema, or else the subject's latest schema. Schema'd data is written in
// Confluent's wire format; the answer says per side the type, subject, schema id and version, and the size.
import { ApiError } from '../core/errors.ts';
import { DataError, type SchemaType } from '../formats/format.ts';
import type { OutgoingRecord } from '../kafka/record-producer.ts';
import { frame, subjectFor } from './produce.ts';
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

/** A registry error (e.g. 40403) as the v3 API answers it: its HTTP status as the code, its message kept. */
export function asV3Error(error: unknown): ApiError | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.code === error.status ? error : new ApiError(error.status, error.message);
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
  const resolved = await resolveSchema(raw, type, at);
  if (!resolved) {
    // No type, no schema information and no schema under the subject: the data is BINARY.
    const bytes = plain('BINARY', data, side);
    return { bytes, info: { type: 'BINARY', size: bytes?.length ?? 0 } };
  }
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

/** SchemaManagerImpl.getSchema takes one way to name a schema: schema_id alone, schema_version alone, or a raw
 *  schema; two of them together are a 400 ("Unsupported argument"). Confluent also refuses a `type` beside
 *  schema_id, schema_version or neither (the latest); we accept it when it matches the schema's type. */
function refuseConflictingSchemaFields(raw: Record<string, unknown>): void {
  const given = (k: string) => raw[k] !== undefined && raw[k] !== null;
  if (given('schema_id') && (given('schema_version') || given('schema'))) {
    throw badRequest('Bad Request: schema_id cannot be given with schema_version or schema');
  }
  if (given('schema_version') && given('schema')) throw badRequest('Bad Request: schema_version cannot be given with schema');
}

/** The schema of a side: by id, by subject version, by raw text (registered), or the subject's latest. */
async function resolveSchema(raw: Record<string, unknown>, type: DataType | undefined, at: { topic: string; isKey: boolean; deps: V3Schemas }): Promise<{
  id: number; schemaType: SchemaType; info: Omit<DataInfo, 'type' | 'size'>;
} | undefined> {
  const { deps } = at;
  const wanted = type === undefined ? undefined : SCHEMA_TYPES[type];
  const strategyName = raw.subject_name_strategy ?? undefined;
  if (strategyName !== undefined && (typeof strategyName !== 'string' || !STRATEGIES[strategyName])) {
    throw badRequest('Bad Request: subject_name_strategy must be one of TOPIC_NAME, RECORD_NAME, TOPIC_RECORD_NAME');
  }
  const strategy = strategyName === undefined ? deps.strategy : STRATEGIES[strategyName]!;
  const given = raw.subject ?? undefined;
  if (given !== undefined && (typeof given !== 'string' || given === '')) throw badRequest('Bad Request: subject must be a non-empty string');
  refuseConflictingSchemaFields(raw);
  const subjectOf = (schemaType: SchemaType, text: string) => (given as string | undefined) ?? subjectFor(strategy, at.topic, at.isKey, schemaType, text);
  try {
    if (raw.schema_id !== undefined && raw.schema_id !== null) {
      if (!Number.isInteger(raw.schema_id)) throw badRequest('Bad Request: schema_id must be an integer');
      const id = raw.schema_id as number;
      const parsed = await deps.schemas.byId(id);
      if (wanted && parsed.type !== wanted) throw badRequest(`Bad Request: schema ${id} is a ${parsed.type} schema, not ${type}`);
      const subject = subjectOf(parsed.type, parsed.canonical);
      const version = await deps.versions.versionOf(subject, id);
      // Confluent's SchemaManagerImpl.getSchemaFromSchemaId asks for the id's version under the subject (as v2 does).
      if (version === null && deps.validateSubjects) {
        throw new ApiError(422, `Error when fetching schema version. subject = ${subject}, schema = ${parsed.canonical}`);
      }
      return { id, schemaType: parsed.type, info: { subject, schema_id: id, ...(version === null ? {} : { schema_version: version }) } };
    }
    if (typeof raw.schema === 'string') {
      if (!wanted) throw badRequest('Bad Request: a raw schema needs its type (AVRO, JSONSCHEMA or PROTOBUF)');
      const subject = subjectOf(wanted, raw.schema);
      const id = await deps.schemas.register(subject, wanted, raw.schema);
      const version = await deps.versions.versionOf(subject, id);
      return { id, schemaType: wanted, info: { subject, schema_id: id, ...(version === null ? {} : { schema_version: version }) } };
    }
    if (raw.schema !== undefined && raw.schema !== null) throw badRequest('Bad Request: schema must be a string');
    // By version or latest, the subject must be known without a schema: TOPIC_NAME or an explicit subject.
    const subject = (given as string | undefined) ?? (strategy === 'topic_name' ? `${at.topic}-${at.isKey ? 'key' : 'value'}` : undefined);
    if (subject === undefined) throw badRequest('Bad Request: RECORD_NAME and TOPIC_RECORD_NAME need a schema, a schema_id or a subject');
    let id: number;
    if (raw.schema_version !== undefined && raw.schema_version !== null) {
      if (!Number.isInteger(raw.schema_version)) throw badRequest('Bad Request: schema_version must be an integer');
      id = await deps.versions.idOf(subject, raw.schema_version as number);
    } else {
      try {
        id = await deps.schemas.latestId(subject);
      } catch (error) {
        // Without a type, data for a subject that has no schema is BINARY.
        if (!wanted && error instanceof ApiError && error.code === 40401) return undefined;
        throw error;
      }
    }
    const parsed = await deps.schemas.byId(id);
    if (wanted && parsed.type !== wanted) throw badRequest(`Bad Request: schema ${id} of subject ${subject} is a ${parsed.type} schema, not ${type}`);
    const version = await deps.versions.versionOf(subject, id);
    return { id, schemaType: parsed.type, info: { subject, schema_id: id, ...(version === null ? {} : { schema_version: version }) } };
  } catch (error) {
    throw asV3Error(error) ?? error;
  }
}
