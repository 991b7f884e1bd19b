// `inspect` and `verify`: what a backup says about itself, and whether its bytes still agree with it.
import { CorruptBackupError } from './errors.ts';
import { formatVersion, type BackupSource } from './open.ts';
import { RunningChecksum } from './checksum.ts';
import { dataFileChecksumMatches, dataFilePath, readDataFile } from './v3/reader.ts';

/** Python's `datetime.isoformat()` of an aware UTC datetime, as Karapace prints it. */
export function pythonIsoFormat(milliseconds: number): string {
  const iso = new Date(milliseconds).toISOString();
  const fraction = milliseconds % 1000 === 0 ? '' : `.${iso.slice(20, 23)}000`;
  return `${iso.slice(0, 19)}${fraction}+00:00`;
}

/** The backup's metadata as JSON: Karapace's fields for v3; for the other formats, what a full read finds. */
export function inspectBackup(source: BackupSource): Record<string, unknown> {
  const m = source.metadata;
  if (m) {
    return {
      version: m.version,
      format: 'v3',
      tool_name: m.tool_name,
      tool_version: m.tool_version,
      started_at: pythonIsoFormat(m.started_at),
      finished_at: pythonIsoFormat(m.finished_at),
      topic_name: m.topic_name,
      topic_id: m.topic_id,
      partition_count: m.partition_count,
      record_count: m.record_count,
      replication_factor: m.replication_factor,
      topic_configurations: m.topic_configurations,
      checksum_algorithm: m.checksum_algorithm,
      data_files: m.data_files.map((d) => ({
        filename: d.filename,
        partition: d.partition,
        checksum_hex: d.checksum.toString('hex'),
        record_count: d.record_count,
        start_offset: d.start_offset,
        end_offset: d.end_offset,
      })),
    };
  }
  let count = 0;
  for (const batch of source.batches()) count += batch.length;
  return {
    version: formatVersion(source.format),
    format: source.format,
    topic_name: null,
    record_count: count,
    checksum_algorithm: null,
    data_files: [{ filename: source.file, record_count: count, start_offset: null, end_offset: null }],
  };
}

export type VerifyLevel = 'file' | 'record';

export interface VerifyResult {
  readonly file: string;
  readonly intact: boolean;
  readonly detail: string;
}

/** Checks every file of the backup; `onRecords` reports progress. Never throws for a corrupt backup. */
export async function verifyBackup(source: BackupSource, level: VerifyLevel, onRecords: (count: number) => void = () => {}): Promise<VerifyResult[]> {
  const m = source.metadata;
  if (!m) {
    let count = 0;
    try {
      for (const batch of source.batches()) {
        count += batch.length;
        onRecords(batch.length);
      }
    } catch (error) {
      if (error instanceof CorruptBackupError) return [{ file: source.file, intact: false, detail: error.message }];
      throw error;
    }
    return [{ file: source.file, intact: true, detail: `${count} records parsed (format ${source.format} carries no checksums: its structure and JSON were checked)` }];
  }
  const checksum = await RunningChecksum.create();
  const results: VerifyResult[] = [];
  for (const dataFile of m.data_files) {
    const path = dataFilePath(source.file, dataFile);
    try {
      if (level === 'file') {
        const intact = dataFileChecksumMatches(source.file, dataFile, checksum);
        onRecords(dataFile.record_count);
        results.push({ file: path, intact, detail: intact ? 'checksum matches' : 'checksum mismatch' });
      } else {
        let count = 0;
        for (const batch of readDataFile(source.file, dataFile, checksum)) {
          count += batch.length;
          onRecords(batch.length);
        }
        results.push({ file: path, intact: true, detail: `${count} records, offsets ${dataFile.start_offset}..${dataFile.end_offset}, checksums match` });
      }
    } catch (error) {
      if (!(error instanceof CorruptBackupError)) throw error;
      results.push({ file: path, intact: false, detail: error.message });
    }
  }
  return results;
}
