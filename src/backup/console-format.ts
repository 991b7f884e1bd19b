// What `kafka-console-consumer --property print.key=true` prints for the schemas topic (the method Karapace's
// original README documents): one line per record, the key, a tab, the value, as text; `null` for a missing key
// or a tombstone. The registry's JSON never holds a raw tab or newline, so the first tab separates the two.
import { CorruptBackupError } from './errors.ts';
import { ChunkedFile } from './file-reader.ts';
import { inBatches, type BackupRecord } from './record.ts';
import { schemasRecordProblem } from './record-check.ts';

const field = (text: string): Buffer | null => (text === 'null' ? null : Buffer.from(text, 'utf8'));

/** Reads and checks a console-consumer dump; yields its records in batches. */
export const readConsoleDump = (file: string, batchSize = 1000): Generator<BackupRecord[]> => inBatches(consoleRecords(file), batchSize);

function* consoleRecords(file: string): Generator<BackupRecord> {
  const input = new ChunkedFile(file);
  try {
    for (const line of input.lines()) {
      const place = `line ${line.number} (byte ${line.offset})`;
      const text = line.bytes.toString('utf8').replace(/\r$/, '');
      const tab = text.indexOf('\t');
      if (tab < 0) throw new CorruptBackupError(file, place, 'expected a key and a value separated by a tab');
      const record: BackupRecord = { key: field(text.slice(0, tab)), value: field(text.slice(tab + 1)), headers: [] };
      const problem = schemasRecordProblem(record);
      if (problem) {
        const hint = line.terminated ? '' : ' (the last line has no newline: the file may be truncated)';
        throw new CorruptBackupError(file, place, problem + hint);
      }
      yield record;
    }
  } finally {
    input.close();
  }
}
