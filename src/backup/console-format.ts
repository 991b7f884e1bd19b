// What `kafka-console-consumer --property print.key=true` prints for the schemas topic (the method Karapace's
// original README documents): one line per record, the key, a tab, the value, as text; `null` for a missing key
// or a tombstone. The registry's JSON never holds a raw tab or newline, so the first tab separates the two.
import { CorruptBackupError } from './errors.ts';
import type { Line } from './file-reader.ts';
import { lineRecords } from './line-records.ts';
import { inBatches, type BackupRecord } from './record.ts';

const field = (text: string): Buffer | null => (text === 'null' ? null : Buffer.from(text, 'utf8'));

function consoleRecord(file: string, line: Line, place: string): BackupRecord {
  const text = line.bytes.toString('utf8').replace(/\r$/, '');
  const tab = text.indexOf('\t');
  if (tab < 0) throw new CorruptBackupError(file, place, 'expected a key and a value separated by a tab');
  return { key: field(text.slice(0, tab)), value: field(text.slice(tab + 1)), headers: [] };
}

/** Reads and checks a console-consumer dump; yields its records in batches. */
export const readConsoleDump = (file: string, batchSize = 1000): Generator<BackupRecord[]> =>
  inBatches(lineRecords(file, (line, place) => consoleRecord(file, line, place), { schemasRecords: true }), batchSize);
