// A large backup (100k records) completes in both directions, byte for byte; prints the measured records/s.
import assert from 'node:assert/strict';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { uniqueTopic } from '../harness.ts';
import { encodeV2Line, V2_MARKER } from '../../src/backup/v2.ts';
import { configFile, runBackup, tempDir } from './cli.ts';

const RECORDS = 100_000;

async function writeLargeV2(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write(V2_MARKER);
  let chunk = '';
  for (let i = 0; i < RECORDS; i++) {
    const subject = `subject-${i % 5000}`;
    const version = Math.floor(i / 5000) + 1;
    const key = `{"keytype":"SCHEMA","subject":"${subject}","version":${version},"magic":1}`;
    const schema = JSON.stringify({ type: 'record', name: `R${i}`, fields: [{ name: 'id', type: 'long' }] });
    const value = JSON.stringify({ subject, version, id: i + 1, schema, deleted: false });
    chunk += encodeV2Line({ key: Buffer.from(key), value: Buffer.from(value), headers: [] });
    if (chunk.length > 1 << 20) {
      out.write(chunk);
      chunk = '';
    }
  }
  out.write(chunk);
  await new Promise<void>((done, fail) => out.end((error?: Error | null) => (error ? fail(error) : done())));
}

const rateOf = (stderr: string) => Number(/\((\d+) records\/s\)/.exec(stderr)?.[1] ?? NaN);

test(`a backup of ${RECORDS} records: restore v2, get v2 (identical bytes), get v3, restore v3`, { timeout: 120_000 }, async (t) => {
  const dir = tempDir();
  const source = join(dir, 'large.bak');
  await writeLargeV2(source);
  const config = await configFile();
  const topic = uniqueTopic('large');

  let started = Date.now();
  const restore = await runBackup(['restore', '--config', config, '--location', source, '--topic', topic]);
  const restoreWall = Date.now() - started;
  assert.equal(restore.code, 0, restore.stderr);
  assert.match(restore.stderr, new RegExp(`Restored ${RECORDS} records`));

  started = Date.now();
  const get = await runBackup(['get', '--config', config, '--topic', topic, '--location', join(dir, 'again.bak')]);
  const getWall = Date.now() - started;
  assert.equal(get.code, 0, get.stderr);
  assert.ok(readFileSync(join(dir, 'again.bak')).equals(readFileSync(source)), 'the backup of the restored topic is the original file');

  started = Date.now();
  const v3 = await runBackup(['get', '--config', config, '--topic', topic, '--location', join(dir, 'v3'), '--use-format-v3', '--replication-factor', '1']);
  const v3Wall = Date.now() - started;
  assert.equal(v3.code, 0, v3.stderr);
  const inspected = JSON.parse((await runBackup(['inspect', '--location', join(dir, 'v3')])).stdout) as { record_count: number; data_files: { start_offset: number; end_offset: number }[] };
  assert.equal(inspected.record_count, RECORDS);
  assert.deepEqual([inspected.data_files[0]?.start_offset, inspected.data_files[0]?.end_offset], [0, RECORDS - 1]);

  const topic3 = uniqueTopic('large-v3');
  started = Date.now();
  const restore3 = await runBackup(['restore', '--config', config, '--location', join(dir, 'v3'), '--topic', topic3]);
  const restore3Wall = Date.now() - started;
  assert.equal(restore3.code, 0, restore3.stderr);
  const fromV3 = await runBackup(['get', '--config', config, '--topic', topic3, '--location', join(dir, 'from-v3.bak')]);
  assert.equal(fromV3.code, 0, fromV3.stderr);
  assert.ok(readFileSync(join(dir, 'from-v3.bak')).equals(readFileSync(source)), 'restored from v3, the topic backs up to the original file');

  const report = [
    `restore v3: ${rateOf(restore3.stderr)} records/s producing (${restore3Wall} ms wall)`,
    `restore: ${rateOf(restore.stderr)} records/s producing (${restoreWall} ms wall, verification and process start included)`,
    `get v2: ${rateOf(get.stderr)} records/s (${getWall} ms wall)`,
    `get v3: ${rateOf(v3.stderr)} records/s (${v3Wall} ms wall)`,
  ];
  for (const line of report) t.diagnostic(line);
  process.stdout.write(`${report.join('\n')}\n`);
});
