// Reading backup format v3: the metadata file ("/V3\n", a big-endian uint32 length, one Avro `Metadata`) and its
// data files (per record: a big-endian uint32 length and one Avro `Record`). A record may carry a checksum
// checkpoint: the running checksum of every byte before it. Records are handed out only once a checkpoint (or,
// for the last ones, the whole-file checksum) has vouched for them, so a restore never produces unverified bytes.
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CorruptBackupError, type KarapaceDecodeError } from '../errors.ts';
import { ChunkedFile } from '../file-reader.ts';
import type { BackupRecord } from '../record.ts';
import type { RunningChecksum } from '../checksum.ts';
import { CHECKSUM_ALGORITHMS, metadataReadType, recordType, V3_MARKER, type AvroRecord, type DataFileMeta, type Metadata } from './schema.ts';

const problem = (error: unknown) => (error instanceof Error ? error.message : String(error));

// Karapace's names for these problems (backends/v3/errors.py, readers.py), which `verify` prints.
const TOO_FEW: KarapaceDecodeError = { name: 'TooFewRecords', message: 'Data file contains fewer records than expected.' };
const TOO_MANY: KarapaceDecodeError = { name: 'TooManyRecords', message: 'Data file contains data beyond last expected record.' };

function checkMetadata(file: string, m: Metadata): void {
  const fail = (text: string) => {
    throw new CorruptBackupError(file, 'metadata', text);
  };
  if (m.version !== 3) fail(`version is ${m.version}, expected 3`);
  if (m.topic_name === '') fail('the topic name is empty');
  if (m.partition_count !== 1) fail(`partition_count is ${m.partition_count}; only single-partition topics are backed up`);
  if (m.data_files.length > m.partition_count) fail(`lists ${m.data_files.length} data files for ${m.partition_count} partition(s)`);
  if (m.finished_at < m.started_at) fail('finished_at is before started_at');
  const sum = m.data_files.reduce((total, d) => total + d.record_count, 0);
  if (sum !== m.record_count) fail(`record_count is ${m.record_count} but the data files hold ${sum}`);
  for (const d of m.data_files) {
    if (d.filename === '' || basename(d.filename) !== d.filename || d.filename === '..') fail(`data file name ${JSON.stringify(d.filename)} is not a plain file name`);
    if (d.checksum.length === 0) fail(`data file ${d.filename} has no checksum`);
    if (d.record_count < 0 || d.partition < 0) fail(`data file ${d.filename} has a negative count or partition`);
    if (d.record_count > 0 && (d.start_offset > d.end_offset || d.end_offset - d.start_offset + 1 < d.record_count)) {
      fail(`data file ${d.filename}: offsets ${d.start_offset}..${d.end_offset} cannot hold ${d.record_count} records`);
    }
  }
}

/** Reads and checks a v3 metadata file. */
export function readMetadata(file: string): Metadata {
  const bytes = readFileSync(file);
  if (bytes.length < 4 || !bytes.subarray(0, 4).equals(V3_MARKER)) {
    throw new CorruptBackupError(file, 'byte 0', 'expected the "/V3" header of a v3 metadata file');
  }
  if (bytes.length < 8) throw new CorruptBackupError(file, 'byte 4', 'the file ends inside the metadata length: truncated');
  const size = bytes.readUInt32BE(4);
  if (bytes.length < 8 + size) throw new CorruptBackupError(file, 'byte 8', `the metadata is ${size} bytes but the file holds ${bytes.length - 8}: truncated`);
  if (bytes.length > 8 + size) throw new CorruptBackupError(file, `byte ${8 + size}`, 'unexpected data after the metadata');
  let metadata: Metadata;
  try {
    const decoded = metadataReadType.fromBuffer(bytes.subarray(8)) as Omit<Metadata, 'checksum_algorithm'> & { checksum_algorithm: number };
    metadata = { ...decoded, checksum_algorithm: CHECKSUM_ALGORITHMS[decoded.checksum_algorithm] ?? 'unknown' };
  } catch (error) {
    throw new CorruptBackupError(file, 'metadata (byte 8)', `cannot decode the Avro metadata: ${problem(error)}`);
  }
  checkMetadata(file, metadata);
  return metadata;
}

/** Restoring and verifying records need the checksum algorithm; `inspect` does not (it warns instead). */
export function requireKnownAlgorithm(file: string, metadata: Metadata): void {
  if (metadata.checksum_algorithm === 'xxhash3_64_be') return;
  throw new CorruptBackupError(file, 'metadata', 'the backup uses a checksum algorithm this tool does not know', {
    name: 'UnknownChecksumAlgorithm', message: 'Tried restoring from a backup with an unknown checksum algorithm.',
  });
}

export const dataFilePath = (metadataFile: string, dataFile: DataFileMeta) => join(dirname(metadataFile), dataFile.filename);

/** Opens a data file the metadata lists and starts `checksum` afresh for it; a missing or unreadable file is a
 *  corrupt backup. */
function openDataFile(metadataFile: string, dataFile: DataFileMeta, checksum: RunningChecksum): { path: string; input: ChunkedFile } {
  const path = dataFilePath(metadataFile, dataFile);
  let input: ChunkedFile;
  try {
    input = new ChunkedFile(path);
  } catch (error) {
    throw new CorruptBackupError(path, 'data file', `cannot open the data file the metadata lists: ${problem(error)}`);
  }
  checksum.reset();
  return { path, input };
}

/** Reads one data file, yielding records only after a checkpoint or the final checksum has verified them. */
export function* readDataFile(metadataFile: string, dataFile: DataFileMeta, checksum: RunningChecksum): Generator<BackupRecord[]> {
  const { path, input } = openDataFile(metadataFile, dataFile, checksum);
  try {
    let pending: BackupRecord[] = [];
    let index = 0;
    let last = -1;
    while (!input.atEnd()) {
      const place = `record ${index} (byte ${input.position})`;
      if (index >= dataFile.record_count) throw new CorruptBackupError(path, place, `data after the last of the ${dataFile.record_count} records the metadata lists`, TOO_MANY);
      const sizeBytes = input.read(4);
      if (sizeBytes.length < 4) throw new CorruptBackupError(path, place, 'the file ends inside a record length: truncated', TOO_FEW);
      const size = sizeBytes.readUInt32BE(0);
      const body = input.read(size);
      if (body.length < size) throw new CorruptBackupError(path, place, `the record is ${size} bytes but the file ends after ${body.length}: truncated`, TOO_FEW);
      let record: AvroRecord;
      try {
        record = recordType.fromBuffer(body) as AvroRecord;
      } catch (error) {
        throw new CorruptBackupError(path, place, `cannot decode the Avro record: ${problem(error)}`);
      }
      if (record.checksum_checkpoint !== null) {
        if (!record.checksum_checkpoint.equals(checksum.digest())) {
          throw new CorruptBackupError(path, place, 'checksum checkpoint mismatch: the records before it are corrupt', {
            name: 'InvalidChecksum',
            message: `Found invalid checksum at record number ${index} (counting from 0), file byte offset ${input.position}.`,
          });
        }
        if (pending.length > 0) yield pending;
        pending = [];
      }
      checksum.update(sizeBytes);
      checksum.update(body);
      if (index === 0 && record.offset !== dataFile.start_offset) {
        throw new CorruptBackupError(path, place, `the first record has offset ${record.offset}, the metadata says ${dataFile.start_offset}`, {
          name: 'OffsetMismatch',
          message: `First record in data file does not match expected start_offset (expected: ${dataFile.start_offset}, actual: ${record.offset}).`,
        });
      }
      if (record.offset <= last) throw new CorruptBackupError(path, place, `offset ${record.offset} does not follow ${last}`);
      last = record.offset;
      pending.push({
        key: record.key,
        value: record.value,
        headers: record.headers.map((h) => [h.key, h.value] as const),
        offset: record.offset,
        timestamp: record.timestamp,
      });
      index++;
    }
    const end = `end of file (byte ${input.position})`;
    if (index < dataFile.record_count) {
      throw new CorruptBackupError(path, end, `the file holds ${index} records, the metadata lists ${dataFile.record_count}: truncated`, TOO_FEW);
    }
    if (index > 0 && last !== dataFile.end_offset) {
      throw new CorruptBackupError(path, end, `the last record has offset ${last}, the metadata says ${dataFile.end_offset}`, {
        name: 'OffsetMismatch',
        message: `Last record in data file does not match expected end_offset (expected: ${dataFile.end_offset}, actual: ${last}).`,
      });
    }
    if (!checksum.digest().equals(dataFile.checksum)) {
      throw new CorruptBackupError(path, end, `checksum mismatch: the file hashes to ${checksum.digest().toString('hex')}, the metadata says ${dataFile.checksum.toString('hex')}`, {
        name: 'InvalidChecksum', message: 'Found checksum mismatch after reading full data file.',
      });
    }
    if (pending.length > 0) yield pending;
  } finally {
    input.close();
  }
}

/** Hashes a whole data file (verify --level file): true when it matches the metadata's checksum. */
export function dataFileChecksumMatches(metadataFile: string, dataFile: DataFileMeta, checksum: RunningChecksum): boolean {
  const { input } = openDataFile(metadataFile, dataFile, checksum);
  try {
    while (!input.atEnd()) checksum.update(input.read(1 << 20));
  } finally {
    input.close();
  }
  return checksum.digest().equals(dataFile.checksum);
}
