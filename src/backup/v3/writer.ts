// Writing backup format v3 as Karapace does: a checkpoint (the running checksum of every byte so far) on the first
// record after 100 records or 16 KiB without one; the metadata written once the data file is complete.
import type { RunningChecksum } from '../checksum.ts';
import type { BackupRecord } from '../record.ts';
import { metadataType, recordType, V3_MARKER, type DataFileMeta, type Metadata } from './schema.ts';

export const RECORDS_PER_CHECKPOINT = 100;
export const BYTES_PER_CHECKPOINT = 16_384;

/** Karapace names data files `<topic>:<partition>.data`: a colon cannot occur in a topic name. */
export const dataFileName = (topic: string, partition: number) => `${topic}:${partition}.data`;
export const metadataFileName = (topic: string) => `${topic}.metadata`;

export class DataFileEncoder {
  private readonly checksum: RunningChecksum;
  private recordsSinceCheckpoint = 0;
  private bytesSinceCheckpoint = 0;
  private count = 0;
  private first: number | undefined;
  private last: number | undefined;

  constructor(checksum: RunningChecksum) {
    this.checksum = checksum;
    checksum.reset();
  }

  /** The bytes of one record (length prefix included). Records need their offset and timestamp. */
  encode(record: BackupRecord): Buffer {
    const offset = record.offset;
    if (offset === undefined || record.timestamp === undefined) throw new Error('a v3 record needs an offset and a timestamp');
    if (this.last !== undefined && offset <= this.last) throw new Error(`offset ${offset} does not follow ${this.last}`);
    let checkpoint: Buffer | null = null;
    if (this.recordsSinceCheckpoint >= RECORDS_PER_CHECKPOINT || this.bytesSinceCheckpoint >= BYTES_PER_CHECKPOINT) {
      checkpoint = this.checksum.digest();
      this.recordsSinceCheckpoint = 0;
      this.bytesSinceCheckpoint = 0;
    }
    const body = recordType.toBuffer({
      key: record.key,
      value: record.value,
      headers: record.headers.map(([key, value]) => ({ key, value })),
      offset,
      timestamp: record.timestamp,
      checksum_checkpoint: checkpoint,
    });
    const bytes = Buffer.allocUnsafe(4 + body.length);
    bytes.writeUInt32BE(body.length, 0);
    body.copy(bytes, 4);
    this.checksum.update(bytes);
    this.recordsSinceCheckpoint++;
    this.bytesSinceCheckpoint += bytes.length;
    this.count++;
    this.first ??= offset;
    this.last = offset;
    return bytes;
  }

  /** The data file's entry in the metadata, or undefined when no record was written (an empty topic). */
  finish(filename: string, partition: number): DataFileMeta | undefined {
    if (this.first === undefined || this.last === undefined) return undefined;
    return {
      filename, partition, checksum: this.checksum.digest(), record_count: this.count, start_offset: this.first, end_offset: this.last,
    };
  }
}

/** The whole metadata file: the "/V3\n" marker, a big-endian uint32 length and the Avro metadata. */
export function encodeMetadata(metadata: Metadata): Buffer {
  const body = metadataType.toBuffer(metadata);
  const size = Buffer.alloc(4);
  size.writeUInt32BE(body.length, 0);
  return Buffer.concat([V3_MARKER, size, body]);
}
