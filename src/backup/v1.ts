// Backup format v1 (Karapace before 2.x, read only): one JSON array of [key, value] pairs, each a string holding
// the record's JSON text, or the string "null" for a missing key or a tombstone. Karapace's reader also accepted
// keys and values given as JSON objects, so this one does too.
import { readFileSync } from 'node:fs';
import { CorruptBackupError } from './errors.ts';
import { inBatches, type BackupRecord } from './record.ts';

function field(file: string, index: number, which: string, value: unknown): Buffer | null {
  if (value === 'null' || value === null) return null;
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (typeof value === 'object' && !Array.isArray(value)) return Buffer.from(JSON.stringify(value), 'utf8');
  throw new CorruptBackupError(file, `record ${index}`, `the ${which} must be a string or an object, found ${JSON.stringify(value)}`);
}

/** Reads and checks a whole v1 file; yields its records in batches. */
export const readV1 = (file: string, batchSize = 1000): Generator<BackupRecord[]> => inBatches(v1Records(file), batchSize);

function* v1Records(file: string): Generator<BackupRecord> {
  const text = readFileSync(file, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    throw new CorruptBackupError(file, 'JSON document', `not valid JSON, the file is truncated or corrupt (${message})`);
  }
  // Karapace's reader takes a document that is just `null` as a backup without records.
  if (parsed === null) return;
  if (!Array.isArray(parsed)) throw new CorruptBackupError(file, 'JSON document', 'a v1 backup is a JSON array of [key, value] pairs');
  for (const [index, pair] of (parsed as unknown[]).entries()) {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new CorruptBackupError(file, `record ${index}`, 'expected a [key, value] pair');
    }
    yield { key: field(file, index, 'key', pair[0]), value: field(file, index, 'value', pair[1]), headers: [] };
  }
}
