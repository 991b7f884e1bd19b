// The formats against fixtures written byte for byte to Karapace's published layouts by an independent generator
// (test/fixtures/backup/make-fixtures.py: Avro and XXH64 by hand). Reading them, and writing them back identically.
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RunningChecksum } from './checksum.ts';
import { detectBackup } from './detect.ts';
import { CorruptBackupError } from './errors.ts';
import { inspectBackup, verifyBackup } from './inspect.ts';
import { openBackup } from './open.ts';
import type { BackupRecord } from './record.ts';
import { encodeV2Line, V2_MARKER } from './v2.ts';
import { readMetadata } from './v3/reader.ts';
import { DataFileEncoder, encodeMetadata } from './v3/writer.ts';

const fixtures = fileURLToPath(new URL('../../test/fixtures/backup/', import.meta.url));
const fixture = (name: string) => join(fixtures, name);
const v3Metadata = fixture('schemas-v3/_schemas.metadata');
const v3Data = fixture('schemas-v3/_schemas:0.data');

async function readAll(location: string): Promise<BackupRecord[]> {
  const source = await openBackup(location);
  return [...source.batches()].flat();
}

const text = (b: Buffer | null) => (b === null ? null : b.toString('utf8'));
const pairs = (records: BackupRecord[]) => records.map((r) => [text(r.key), text(r.value)]);

test('v1, v2 and console dumps of the same records read identically, tombstones and empty values kept', async () => {
  const v2 = await readAll(fixture('schemas-v2.txt'));
  assert.equal(v2.length, 6);
  assert.deepEqual(pairs(await readAll(fixture('schemas-v1.json'))), pairs(v2));
  assert.deepEqual(pairs(await readAll(fixture('schemas-console.txt'))), pairs(v2));
  assert.equal(text(v2[0]?.key ?? null), '{"keytype":"CONFIG","subject":null,"magic":0}');
  assert.equal(v2[4]?.value, null);
  assert.deepEqual(v2[5]?.value, Buffer.alloc(0));
  // The first six v3 records are the same records.
  assert.deepEqual(pairs((await readAll(fixture('schemas-v3'))).slice(0, 6)), pairs(v2));
});

test('v3: records with offsets, timestamps and headers; metadata as Karapace wrote it', async () => {
  const records = await readAll(fixture('schemas-v3'));
  assert.equal(records.length, 150);
  assert.equal(records[0]?.offset, 10);
  assert.equal(records[0]?.timestamp, 1_700_000_000_000);
  assert.deepEqual(records[2]?.headers.map(([k, v]) => [k.toString(), v.toString()]), [['origin', 'fixture'], ['empty', '']]);
  const offsets = records.map((r) => r.offset as number);
  assert.ok(offsets.every((o, i) => i === 0 || o > (offsets[i - 1] as number)));
  const source = await openBackup(fixture('schemas-v3'));
  const inspected = inspectBackup(source);
  assert.equal(inspected.version, 3);
  assert.equal(inspected.tool_name, 'karapace');
  assert.equal(inspected.topic_name, '_schemas');
  assert.equal(inspected.record_count, 150);
  assert.equal(inspected.replication_factor, 3);
  assert.equal(inspected.started_at, '2023-11-14T22:13:20+00:00');
  assert.equal(inspected.finished_at, '2023-11-14T22:13:21.500000+00:00');
  assert.deepEqual(inspected.topic_configurations, { 'cleanup.policy': 'compact', 'min.insync.replicas': '1' });
  assert.equal(inspected.checksum_algorithm, 'xxhash3_64_be');
  assert.deepEqual((inspected.data_files as { start_offset: number; end_offset: number }[]).map((d) => [d.start_offset, d.end_offset]), [[10, offsets.at(-1)]]);
});

test('our writers reproduce the fixtures byte for byte', async () => {
  const v2 = await readAll(fixture('schemas-v2.txt'));
  assert.equal(V2_MARKER + v2.map(encodeV2Line).join(''), readFileSync(fixture('schemas-v2.txt'), 'latin1'));
  const encoder = new DataFileEncoder(await RunningChecksum.create());
  const bytes = Buffer.concat((await readAll(fixture('schemas-v3'))).map((r) => encoder.encode(r)));
  assert.ok(bytes.equals(readFileSync(v3Data)), 'the v3 data file (records, checkpoints) is identical');
  const metadata = readMetadata(v3Metadata);
  assert.deepEqual(encoder.finish('_schemas:0.data', 0), { ...metadata.data_files[0] });
  assert.ok(encodeMetadata(metadata).equals(readFileSync(v3Metadata)), 'the v3 metadata file is identical');
});

test('formats are detected from content, never from the name', () => {
  const dir = mkdtempSync(join(tmpdir(), 'backup-detect-'));
  const renamed = (from: string, to: string) => {
    copyFileSync(fixture(from), join(dir, to));
    return join(dir, to);
  };
  assert.equal(detectBackup(renamed('schemas-v2.txt', 'backup.json')).format, 'v2');
  assert.equal(detectBackup(renamed('schemas-v1.json', 'backup.v2')).format, 'v1');
  assert.equal(detectBackup(renamed('schemas-console.txt', 'x.metadata.txt')).format, 'console');
  assert.equal(detectBackup(fixture('schemas-v3')).format, 'v3');
  assert.equal(detectBackup(v3Metadata).format, 'v3');
  writeFileSync(join(dir, 'empty'), '');
  assert.throws(() => detectBackup(join(dir, 'empty')), /empty: not a backup/);
  writeFileSync(join(dir, 'garbage'), 'hello world\n');
  assert.throws(() => detectBackup(join(dir, 'garbage')), /not a backup in a known format/);
  assert.throws(() => detectBackup(v3Data), /is a v3 data file; pass its \.metadata file/);
  assert.throws(() => detectBackup(join(dir, 'missing')), /does not exist/);
});

/** A copy of the v3 fixture whose data file (or metadata) is changed by `edit`. */
function corruptV3(edit: { data?: (b: Buffer) => Buffer; metadata?: (b: Buffer) => Buffer }): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'backup-corrupt-')), 'backup');
  cpSync(fixture('schemas-v3'), dir, { recursive: true });
  const data = join(dir, '_schemas:0.data');
  const meta = join(dir, '_schemas.metadata');
  if (edit.data) writeFileSync(data, edit.data(readFileSync(data)));
  if (edit.metadata) writeFileSync(meta, edit.metadata(readFileSync(meta)));
  return dir;
}

const flip = (at: number) => (b: Buffer) => {
  const c = Buffer.from(b);
  c[at] = (c[at] as number) ^ 0x01;
  return c;
};

async function readError(location: string): Promise<{ error: CorruptBackupError; released: number }> {
  let released = 0;
  try {
    const source = await openBackup(location);
    for (const batch of source.batches()) released += batch.length;
  } catch (error) {
    if (error instanceof CorruptBackupError) return { error, released };
    throw error;
  }
  assert.fail(`${location} was read without an error`);
}

test('v3 corruption is caught before the records it touches are handed out', async () => {
  // A flipped byte inside record 50 of 150 (checkpoint at record 100): nothing at all is released.
  const size = readFileSync(v3Data).length;
  const early = await readError(corruptV3({ data: flip(Math.floor(size / 3)) }));
  assert.equal(early.released, 0);
  assert.match(early.error.message, /_schemas:0\.data: record \d+ \(byte \d+\): (checksum checkpoint mismatch|cannot decode)/);
  // A flipped byte after the last checkpoint: the whole-file checksum catches it, the tail is not released.
  const late = await readError(corruptV3({ data: flip(size - 3) }));
  assert.ok(late.released <= 100);
  assert.match(late.error.message, /end of file \(byte \d+\): checksum mismatch|cannot decode|offset/);
  const truncated = await readError(corruptV3({ data: (b) => b.subarray(0, b.length - 10) }));
  assert.match(truncated.error.message, /truncated/);
  const cut = await readError(corruptV3({ data: (b) => b.subarray(0, 1000) }));
  assert.equal(cut.released, 0);
  const extra = await readError(corruptV3({ data: (b) => Buffer.concat([b, Buffer.from([0, 0, 0, 1, 2])]) }));
  assert.match(extra.error.message, /data after the last of the 150 records/);
  // Wrong checksum in the metadata (the last byte of the checksum, 10 bytes before the end of the file).
  const metaSize = readFileSync(v3Metadata).length;
  const wrong = await readError(corruptV3({ metadata: flip(metaSize - 10) }));
  assert.match(wrong.error.message, /checksum mismatch/);
  assert.ok(wrong.released <= 100);
  await assert.rejects(openBackup(corruptV3({ metadata: (b) => b.subarray(0, b.length - 4) })), /_schemas\.metadata: byte 8: .*truncated/);
  await assert.rejects(openBackup(corruptV3({ metadata: (b) => Buffer.concat([b, Buffer.from('x')]) })), /unexpected data after the metadata/);
});

test('verify: file level hashes data files, record level parses them; both report a corrupt file', async () => {
  const good = await openBackup(fixture('schemas-v3'));
  assert.deepEqual((await verifyBackup(good, 'file')).map((r) => r.intact), [true]);
  assert.deepEqual((await verifyBackup(good, 'record')).map((r) => r.intact), [true]);
  const bad = await openBackup(corruptV3({ data: flip(200) }));
  assert.deepEqual((await verifyBackup(bad, 'file')).map((r) => r.intact), [false]);
  const [result] = await verifyBackup(bad, 'record');
  assert.equal(result?.intact, false);
  assert.equal(result?.file, '_schemas:0.data');
  assert.match(result?.problem ?? '', /^InvalidChecksum: Found invalid checksum at record number 100 \(counting from 0\), file byte offset \d+\.$/);
});

test('v1, v2 and console corruption names the file and the place', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'backup-corrupt-text-'));
  const write = (name: string, content: string | Buffer) => {
    writeFileSync(join(dir, name), content);
    return join(dir, name);
  };
  const v2 = readFileSync(fixture('schemas-v2.txt'), 'latin1');
  const lines = v2.split('\n');
  await assert.rejects(readAll(write('truncated.txt', v2.slice(0, v2.length - 5))), /truncated\.txt: line 7 \(byte \d+\): the last line has no newline: the file is truncated/);
  await assert.rejects(readAll(write('odd.txt', [...lines.slice(0, 2), `${lines[2]?.slice(0, -1)}`, ...lines.slice(3)].join('\n'))), /odd\.txt: line 3 .*not base16 \(odd length\)/);
  await assert.rejects(readAll(write('badhex.txt', v2.replace('7B22', '7G22'))), /badhex\.txt: line 2 .*not base16/);
  // v2 holds any topic (keys need not be JSON), so a flipped hex digit that keeps the base16 valid goes unnoticed.
  assert.equal((await readAll(write('flipped.txt', v2.replace('/V2\n7B', '/V2\n7A'))))[0]?.key?.toString().slice(0, 1), 'z');
  const v1 = readFileSync(fixture('schemas-v1.json'), 'utf8');
  await assert.rejects(readAll(write('v1.json', v1.slice(0, 300))), /v1\.json: JSON document: not valid JSON, the file is truncated or corrupt/);
  await assert.rejects(readAll(write('v1pair.json', '[["{}"]]')), /v1pair\.json: record 0: expected a \[key, value\] pair/);
  const dump = readFileSync(fixture('schemas-console.txt'), 'utf8');
  await assert.rejects(readAll(write('dump.txt', dump.slice(0, 150))), /dump\.txt: line 2 .*not valid JSON.*truncated/);
});
