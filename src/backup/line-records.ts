// v2 files and console dumps hold one record a line. Both read the file line by line and name a line's place the
// same way; only how a line becomes a record differs. Console dumps (which only ever held the schemas topic) also
// check every record as a schemas-topic record (record-check.ts); v2 files hold any topic, as Karapace's
// test_backup_restore_and_get_non_schema_topic restores one with text keys, an empty key and a null key.
import { CorruptBackupError } from './errors.ts';
import { ChunkedFile, type Line } from './file-reader.ts';
import type { BackupRecord } from './record.ts';
import { schemasRecordProblem } from './record-check.ts';

/** One line as a record; undefined to skip the line (v2's header). Throws a CorruptBackupError naming `place`. */
export type LineDecoder = (line: Line, place: string) => BackupRecord | undefined;

/** The checked records of a one-record-a-line file. Stopping early closes the file. */
export function* lineRecords(file: string, decode: LineDecoder, options: { schemasRecords: boolean }): Generator<BackupRecord> {
  const input = new ChunkedFile(file);
  try {
    for (const line of input.lines()) {
      const place = `line ${line.number} (byte ${line.offset})`;
      const record = decode(line, place);
      if (record === undefined) continue;
      const problem = options.schemasRecords ? schemasRecordProblem(record) : undefined;
      if (problem) {
        // (a v2 decoder refuses an unterminated line itself; a console dump may legitimately lack the last newline)
        const hint = line.terminated ? '' : ' (the last line has no newline: the file may be truncated)';
        throw new CorruptBackupError(file, place, problem + hint);
      }
      yield record;
    }
  } finally {
    input.close();
  }
}
