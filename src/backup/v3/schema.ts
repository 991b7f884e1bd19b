// The Avro schemas of backup format v3, field for field as Karapace derives them from its dataclasses
// (`src/karapace/backup/backends/v3/schema.py` via `avro_dataclasses`): field order is the dataclass order, ints
// without a "long" annotation are Avro ints, `X | None` is the union [X, "null"], a uuid is a string (Karapace
// writes `UUID.hex`, 32 hex digits), timestamps are timestamp-millis longs. Int and long share one binary encoding.
import avsc from 'avsc';

export const V3_MARKER = Buffer.from('/V3\n', 'latin1');

export interface DataFileMeta {
  readonly filename: string;
  readonly partition: number;
  readonly checksum: Buffer;
  readonly record_count: number;
  readonly start_offset: number;
  readonly end_offset: number;
}

export interface Metadata {
  readonly version: number;
  readonly tool_name: string;
  readonly tool_version: string;
  readonly started_at: number;
  readonly finished_at: number;
  readonly record_count: number;
  readonly topic_name: string;
  readonly topic_id: string | null;
  readonly partition_count: number;
  readonly replication_factor: number;
  readonly topic_configurations: Readonly<Record<string, string>>;
  readonly data_files: readonly DataFileMeta[];
  readonly checksum_algorithm: 'unknown' | 'xxhash3_64_be';
}

export interface AvroRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly { readonly key: Buffer; readonly value: Buffer }[];
  readonly offset: number;
  readonly timestamp: number;
  readonly checksum_checkpoint: Buffer | null;
}

const timestamp = { type: 'long', logicalType: 'timestamp-millis' };

const metadataSchema = (checksumAlgorithm: Record<string, unknown>): avsc.Schema => ({
  type: 'record',
  name: 'Metadata',
  fields: [
    { name: 'version', type: 'int' },
    { name: 'tool_name', type: 'string' },
    { name: 'tool_version', type: 'string' },
    { name: 'started_at', type: timestamp },
    { name: 'finished_at', type: timestamp },
    { name: 'record_count', type: 'int' },
    { name: 'topic_name', type: 'string' },
    { name: 'topic_id', type: [{ type: 'string', logicalType: 'uuid' }, 'null'] },
    { name: 'partition_count', type: 'int' },
    { name: 'replication_factor', type: 'int' },
    { name: 'topic_configurations', type: { type: 'map', values: 'string' } },
    {
      name: 'data_files',
      type: {
        type: 'array',
        name: 'one_of_data_files',
        items: {
          type: 'record',
          name: 'DataFile',
          fields: [
            { name: 'filename', type: 'string' },
            { name: 'partition', type: 'long' },
            { name: 'checksum', type: 'bytes' },
            { name: 'record_count', type: 'long' },
            { name: 'start_offset', type: 'int' },
            { name: 'end_offset', type: 'int' },
          ],
        },
      },
    },
    { name: 'checksum_algorithm', ...checksumAlgorithm },
  ],
} as avsc.Schema);

export const CHECKSUM_ALGORITHMS = ['unknown', 'xxhash3_64_be'] as const;

/** Writes the metadata. */
export const metadataType = avsc.Type.forSchema(metadataSchema({
  type: { type: 'enum', name: 'ChecksumAlgorithm', symbols: [...CHECKSUM_ALGORITHMS], default: 'unknown' },
  default: 'unknown',
}));

/** Reads the metadata. An enum is encoded as its symbol's index, read here as the int it is: a backup written by a
 *  tool that knows more algorithms (index 2 and up) reads as "unknown", as Avro's enum default resolves it, where
 *  decoding with the enum would fail. `inspect` shows such a backup with a warning; restore and verify refuse it. */
export const metadataReadType = avsc.Type.forSchema(metadataSchema({ type: 'int' }));



export const recordType = avsc.Type.forSchema({
  type: 'record',
  name: 'Record',
  fields: [
    { name: 'key', type: ['bytes', 'null'] },
    { name: 'value', type: ['bytes', 'null'] },
    {
      name: 'headers',
      type: {
        type: 'array',
        name: 'one_of_headers',
        items: { type: 'record', name: 'Header', fields: [{ name: 'key', type: 'bytes' }, { name: 'value', type: 'bytes' }] },
      },
    },
    { name: 'offset', type: 'long' },
    { name: 'timestamp', type: 'long' },
    { name: 'checksum_checkpoint', type: ['bytes', 'null'] },
  ],
} as avsc.Schema);
