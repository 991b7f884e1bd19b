// One record of a backup, as every format reads and writes it. Keys and values are raw bytes: `null` is a missing
// key or a tombstone, an empty buffer is an empty value (Karapace writes those as hard deletes), and both survive
// every format that can hold them.

export type Header = readonly [key: Buffer, value: Buffer];

export interface BackupRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly Header[];
  /** The record's offset in the backed-up topic (v3 and records read from Kafka). */
  readonly offset?: number;
  /** Milliseconds since the epoch (v3 and records read from Kafka); restores of v1/v2 let the broker stamp them. */
  readonly timestamp?: number;
}

/** How a backup describes the topic to create on restore (v3 only; other formats say nothing). */
export interface TopicLayout {
  readonly name: string;
  readonly partitionCount: number;
  readonly replicationFactor: number;
  readonly configs: Readonly<Record<string, string>>;
}

/** Groups records into arrays of `size` (the last may be shorter), as the readers hand them to restore and verify.
 *  Stopping early closes `records` (its `finally` runs). */
export function* inBatches<T>(records: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const record of records) {
    batch.push(record);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
