// Backup format v2 (Karapace 2.x and later, our default): the line "/V2", then one line per record: the key and
// the value in base16 (upper case, as Python's base64.b16encode writes), separated by a tab, `null` for a missing
// key or a tombstone. An empty value is an empty field. Any topic can be held, not only the schemas topic.
import { CorruptBackupError } from './errors.ts';
import type { Line } from './file-reader.ts';
import { lineRecords } from './line-records.ts';
import { inBatches, type BackupRecord } from './record.ts';

export const V2_MARKER = '/V2\n';

const HEX = /^(?:[0-9A-Fa-f]{2})*$/;

const encodeField = (bytes: Buffer | null) => (bytes === null ? 'null' : bytes.toString('hex').toUpperCase());

/** One record as its v2 line (with the newline). v2 cannot hold headers or timestamps; they are dropped. */
export const encodeV2Line = (record: BackupRecord): string => `${encodeField(record.key)}\t${encodeField(record.value)}\n`;

const NULL_TEXT = Buffer.from('null');

function decodeField(file: string, place: string, which: string, text: string): Buffer | null {
  const field = text.trim();
  if (field === 'null') return null;
  if (!HEX.test(field)) {
    throw new CorruptBackupError(file, place, `the ${which} is not base16 (${field.length % 2 === 1 ? 'odd length' : 'a character outside 0-9A-F'})`);
  }
  const bytes = Buffer.from(field, 'hex');
  // Karapace's reader decodes the field and then treats the text "null" as no key / a tombstone (encoders.py), and
  // its own test data delete with it: base16 of "null" restores as a tombstone, not as the four bytes.
  return bytes.equals(NULL_TEXT) ? null : bytes;
}

/** One line of a v2 file as a record; undefined for the header line. */
function v2Record(file: string, line: Line, place: string): BackupRecord | undefined {
  if (line.number === 1) {
    if (line.bytes.toString('latin1') !== '/V2' || !line.terminated) throw new CorruptBackupError(file, place, 'expected the "/V2" header line');
    return undefined;
  }
  if (!line.terminated) throw new CorruptBackupError(file, place, 'the last line has no newline: the file is truncated');
  const text = line.bytes.toString('latin1');
  const tab = text.indexOf('\t');
  if (tab < 0 || text.indexOf('\t', tab + 1) >= 0) throw new CorruptBackupError(file, place, 'expected a key and a value separated by one tab');
  return {
    key: decodeField(file, place, 'key', text.slice(0, tab)),
    value: decodeField(file, place, 'value', text.slice(tab + 1)),
    headers: [],
  };
}

/** Reads and checks a v2 file; yields its records in batches. */
export const readV2 = (file: string, batchSize = 1000): Generator<BackupRecord[]> =>
  inBatches(lineRecords(file, (line, place) => v2Record(file, line, place), { schemasRecords: false }), batchSize);
