// One way to read any backup: detect the format, then hand out its records in verified batches.
import { readConsoleDump } from './console-format.ts';
import { detectBackup, type BackupFormat } from './detect.ts';
import { RunningChecksum } from './checksum.ts';
import type { BackupRecord, TopicLayout } from './record.ts';
import { readV1 } from './v1.ts';
import { readV2 } from './v2.ts';
import { dataFilePath, readDataFile, readMetadata, requireKnownAlgorithm } from './v3/reader.ts';
import type { Metadata } from './v3/schema.ts';

export interface BackupSource {
  readonly format: BackupFormat;
  readonly file: string;
  /** v3 only. */
  readonly metadata?: Metadata;
  /** How the backup describes its topic (v3 only). */
  readonly layout?: TopicLayout;
  /** The record count, when the backup states it up front (v3). */
  readonly declaredCount?: number;
  /** Every file the backup consists of. */
  readonly files: readonly string[];
  /** Reads the backup from the start; throws CorruptBackupError at the first problem. */
  batches(): Generator<BackupRecord[]>;
}

export const formatVersion = (format: BackupFormat): number | null =>
  format === 'v1' ? 1 : format === 'v2' ? 2 : format === 'v3' ? 3 : null;

export async function openBackup(location: string): Promise<BackupSource> {
  const { format, file } = detectBackup(location);
  switch (format) {
    case 'v1':
      return { format, file, files: [file], batches: () => readV1(file) };
    case 'v2':
      return { format, file, files: [file], batches: () => readV2(file) };
    case 'console':
      return { format, file, files: [file], batches: () => readConsoleDump(file) };
    case 'v3': {
      const metadata = readMetadata(file);
      const checksum = await RunningChecksum.create();
      return {
        format, file, metadata,
        layout: {
          name: metadata.topic_name,
          partitionCount: metadata.partition_count,
          replicationFactor: metadata.replication_factor,
          configs: metadata.topic_configurations,
        },
        declaredCount: metadata.record_count,
        files: [file, ...metadata.data_files.map((d) => dataFilePath(file, d))],
        *batches() {
          requireKnownAlgorithm(file, metadata);
          for (const dataFile of metadata.data_files) yield* readDataFile(file, dataFile, checksum);
        },
      };
    }
  }
}
