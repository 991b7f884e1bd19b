// Records read by a v2 consumer instance, as Confluent's REST Proxy answers them in each embedded format:
// binary as base64, json as the JSON value the bytes hold, avro/jsonschema/protobuf decoded through the schema
// registry from Confluent's wire format (magic byte 0, 4-byte big-endian schema id, then the data).
import { ApiError, serializationFailed } from '../core/errors.ts';
import { DataError, type ParsedSchema, type Serde } from '../formats/format.ts';
import { serdeOf } from '../formats/index.ts';
import type { EmbeddedFormat } from './produce.ts';

export type { EmbeddedFormat };
export const EMBEDDED_FORMATS: readonly EmbeddedFormat[] = ['binary', 'json', 'avro', 'jsonschema', 'protobuf'];

/** Where decoding finds schemas by id (the schema source: the registry in process or over HTTP). */
export interface SchemaById {
  byId(id: number): Promise<ParsedSchema>;
}

/** Serdes by schema id, made once per id: a consumer reads many records written with few schemas. */
export class SerdesById {
  readonly #schemas: SchemaById;
  readonly #serdes = new Map<number, { type: string; serde: Serde }>();

  constructor(schemas: SchemaById) {
    this.#schemas = schemas;
  }

  async get(id: number): Promise<{ type: string; serde: Serde }> {
    let found = this.#serdes.get(id);
    if (!found) {
      const schema = await this.#schemas.byId(id);
      found = { type: schema.type, serde: serdeOf(schema) };
      if (this.#serdes.size >= 1_000) this.#serdes.clear();
      this.#serdes.set(id, found);
    }
    return found;
  }
}

export interface RawRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

export interface ConsumedRecord {
  readonly topic: string;
  readonly key: unknown;
  readonly value: unknown;
  readonly partition: number;
  readonly offset: number;
}

const EXPECTED_TYPE: Partial<Record<EmbeddedFormat, string>> = { avro: 'AVRO', jsonschema: 'JSON', protobuf: 'PROTOBUF' };

async function decodeOne(format: EmbeddedFormat, bytes: Buffer | null, serdes: SerdesById): Promise<unknown> {
  // Kafka has no empty-versus-null distinction for our client: both read as null, as Confluent's deserializers do.
  if (bytes === null || bytes.length === 0) return null;
  if (format === 'binary') return bytes.toString('base64');
  if (format === 'json') {
    try {
      return JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      // Confluent's JSON deserializer fails the read with a SerializationException (40801).
      throw serializationFailed(`Error deserializing JSON message: ${(error as Error).message}`);
    }
  }
  if (bytes.length < 5 || bytes[0] !== 0) throw serializationFailed('Unknown magic byte!');
  const id = bytes.readUInt32BE(1);
  let serde: Serde;
  try {
    const found = await serdes.get(id);
    // Confluent's deserializer for one format refuses another format's schema.
    if (found.type !== EXPECTED_TYPE[format]) throw serializationFailed(`Schema ${id} is a ${found.type} schema, not ${EXPECTED_TYPE[format]}`);
    serde = found.serde;
  } catch (error) {
    if (error instanceof ApiError && error.code === 40801) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw serializationFailed(`Error retrieving schema for id ${id}: ${detail}`);
  }
  try {
    return serde.decode(bytes.subarray(5));
  } catch (error) {
    if (error instanceof DataError) throw serializationFailed(`Error deserializing message for id ${id}: ${error.message}`);
    throw error;
  }
}

/** Decodes records for a consumer of `format`; each with its key and value size in bytes (for metrics). */
export async function decodeRecords(format: EmbeddedFormat, records: readonly RawRecord[], serdes: SerdesById): Promise<{ record: ConsumedRecord; bytes: number }[]> {
  const out: { record: ConsumedRecord; bytes: number }[] = [];
  for (const r of records) {
    out.push({
      record: {
        topic: r.topic,
        key: await decodeOne(format, r.key, serdes),
        value: await decodeOne(format, r.value, serdes),
        partition: r.partition,
        offset: Number(r.offset),
      },
      bytes: (r.key?.length ?? 0) + (r.value?.length ?? 0),
    });
  }
  return out;
}
