// `inspect` and `verify`, with the output of Karapace's tool (backup/api.py `inspect` and `verify`), which scripts
// and Karapace's own tests read: inspect prints `{"version": N}` for v1/v2 and the metadata fields for v3; verify
// checks v3 only and prints one "Integrity of <data file> is intact." line per data file and a summary.
import { basename } from 'node:path';
import { CorruptBackupError } from './errors.ts';
import { RunningChecksum } from './checksum.ts';
import type { BackupSource } from './open.ts';
import { dataFileChecksumMatches, readDataFile, requireKnownAlgorithm } from './v3/reader.ts';
import type { Metadata } from './v3/schema.ts';

/** Python's `datetime.isoformat()` of an aware UTC datetime, as Karapace prints it. */
export function pythonIsoFormat(milliseconds: number): string {
  const iso = new Date(milliseconds).toISOString();
  const fraction = milliseconds % 1000 === 0 ? '' : `.${iso.slice(20, 23)}000`;
  return `${iso.slice(0, 19)}${fraction}+00:00`;
}

/** Python's `str(uuid.UUID(...))` of the 32 hex digits Karapace stores. */
const uuidText = (id: string | null) =>
  id !== null && /^[0-9a-f]{32}$/i.test(id) ? `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`.toLowerCase() : id;

/** Python's `json.dumps(value, indent=2)`: like JSON.stringify with two spaces, but non-ASCII escaped (ensure_ascii). */
export const pythonJsonDumps = (value: unknown): string =>
  JSON.stringify(value, null, 2).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The version Karapace's tool identifies from the first four bytes: 3 and 2 by their markers, anything else 1. */
export const karapaceVersion = (source: BackupSource): 1 | 2 | 3 => (source.format === 'v3' ? 3 : source.format === 'v2' ? 2 : 1);

/** The metadata of a v3 backup, field for field and in the order Karapace's `inspect` prints them. */
export function inspectMetadata(m: Metadata): Record<string, unknown> {
  return {
    version: m.version,
    tool_name: m.tool_name,
    tool_version: m.tool_version,
    started_at: pythonIsoFormat(m.started_at),
    finished_at: pythonIsoFormat(m.finished_at),
    topic_name: m.topic_name,
    topic_id: uuidText(m.topic_id),
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

/** What `inspect` prints: v3 metadata, or only `{"version": N}` for the formats that carry none (as Karapace). */
export const inspectBackup = (source: BackupSource): Record<string, unknown> =>
  source.metadata ? inspectMetadata(source.metadata) : { version: karapaceVersion(source) };

export type VerifyLevel = 'file' | 'record';

export interface VerifyResult {
  /** The data file's name as the metadata lists it. */
  readonly file: string;
  readonly intact: boolean;
  /** Why it is not intact, as Karapace names it (`InvalidChecksum: Found checksum mismatch ...`); none at level file. */
  readonly problem?: string;
}

function problemText(error: CorruptBackupError): string {
  return error.karapace ? `${error.karapace.name}: ${error.karapace.message}` : `${error.name}: ${error.message}`;
}

/**
 * Checks every data file of a v3 backup: level `file` hashes each file against the metadata's checksum; level
 * `record` also decodes every record and checks counts, offsets and checkpoints. `onRecords` reports progress.
 * Never throws for a corrupt data file; the caller refuses backups without metadata (v1/v2) beforehand.
 */
export async function verifyBackup(source: BackupSource, level: VerifyLevel, onRecords: (count: number) => void = () => {}): Promise<VerifyResult[]> {
  const m = source.metadata;
  if (!m) throw new Error('only v3 backups can be verified');
  const checksum = await RunningChecksum.create();
  const results: VerifyResult[] = [];
  for (const dataFile of m.data_files) {
    const file = basename(dataFile.filename);
    try {
      requireKnownAlgorithm(source.file, m);
      if (level === 'file') {
        const intact = dataFileChecksumMatches(source.file, dataFile, checksum);
        onRecords(dataFile.record_count);
        results.push({ file, intact });
      } else {
        for (const batch of readDataFile(source.file, dataFile, checksum)) onRecords(batch.length);
        results.push({ file, intact: true });
      }
    } catch (error) {
      if (!(error instanceof CorruptBackupError)) throw error;
      results.push(level === 'file' && error.karapace?.name !== 'UnknownChecksumAlgorithm' ? { file, intact: false } : { file, intact: false, problem: problemText(error) });
    }
  }
  return results;
}
