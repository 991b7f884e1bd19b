// Safety of the backup tool against a real broker: corrupt backups produce nothing (exit 3, Karapace's code for data
// that could not be restored), a v3 backup refuses an existing topic while v1/v2 append to it as Karapace does, Kafka
// problems are one clear line, an existing backup is not overwritten by accident, Ctrl-C leaves no file.
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { uniqueTopic } from '../harness.ts';
import { openBackup } from '../../src/backup/open.ts';
import { configFile, fixture, runBackup, tempDir, topicEnd, topicRecords } from './cli.ts';

const noStack = (text: string) => !/\n\s+at /.test(text);

function corruptCopy(edit: (dir: string) => void): string {
  const dir = join(tempDir(), 'backup');
  cpSync(fixture('schemas-v3'), dir, { recursive: true });
  edit(dir);
  return dir;
}
const dataFile = (dir: string) => join(dir, '_schemas:0.data');
const metadataFile = (dir: string) => join(dir, '_schemas.metadata');

test('corrupt, truncated, wrong-format and empty backups are refused and nothing is produced', async () => {
  const config = await configFile();
  const flipped = corruptCopy((dir) => {
    const bytes = readFileSync(dataFile(dir));
    bytes[5000] = (bytes[5000] as number) ^ 0x20;
    writeFileSync(dataFile(dir), bytes);
  });
  const truncated = corruptCopy((dir) => writeFileSync(dataFile(dir), readFileSync(dataFile(dir)).subarray(0, 12_000)));
  const wrongChecksum = corruptCopy((dir) => {
    const bytes = readFileSync(metadataFile(dir));
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] as number) ^ 0xff;
    writeFileSync(metadataFile(dir), bytes);
  });
  const dir = tempDir();
  const empty = join(dir, 'empty.bak');
  writeFileSync(empty, '');
  const v2 = readFileSync(fixture('schemas-v2.txt'), 'latin1');
  const truncatedV2 = join(dir, 'truncated-v2.bak');
  writeFileSync(truncatedV2, v2.slice(0, v2.length - 20));
  const wrongFormat = join(dir, 'wrong.bak');
  writeFileSync(wrongFormat, 'PK\u0003\u0004 this is a zip file, not a backup');
  const cases: [string, string, RegExp][] = [
    ['flipped byte (v3)', flipped, /_schemas:0\.data: record \d+ \(byte \d+\): (checksum checkpoint mismatch|cannot decode)/],
    ['truncated (v3)', truncated, /_schemas:0\.data: record \d+ \(byte \d+\): .*truncated/],
    ['wrong checksum (v3)', wrongChecksum, /_schemas:0\.data: end of file \(byte \d+\): checksum mismatch/],
    ['empty file', empty, /empty\.bak: byte 0: the file is empty: not a backup/],
    ['truncated (v2)', truncatedV2, /truncated-v2\.bak: line 7 \(byte \d+\): the last line has no newline: the file is truncated/],
    ['wrong format', wrongFormat, /wrong\.bak: byte 0: not a backup in a known format/],
  ];
  for (const [name, location, message] of cases) {
    const topic = uniqueTopic('restore-corrupt');
    const run = await runBackup(['restore', '--config', config, '--location', location, '--topic', topic]);
    assert.equal(run.code, 3, `${name}: exit code (${run.stderr})`);
    assert.match(run.stderr, message, name);
    assert.ok(noStack(run.stderr), `${name}: no stack trace`);
    assert.equal(await topicRecords(topic), undefined, `${name}: the topic was not even created`);
    const verify = await runBackup(['verify', '--location', location, '--level', 'record']);
    assert.equal(verify.code, 1, `${name}: verify fails`);
  }
});

test('a good v3 backup restores every record in order with headers and timestamps; v1/v2 append to a non-empty topic', async () => {
  const config = await configFile();
  const topic = uniqueTopic('restore-v3');
  // The fixture says replication factor 3; the test broker has one node.
  const tooMany = await runBackup(['restore', '--config', config, '--location', fixture('schemas-v3'), '--topic', topic]);
  assert.equal(tooMany.code, 1);
  assert.match(tooMany.stderr, /creating topic .* replication factor 3\) failed/);
  const run = await runBackup(['restore', '--config', config, '--location', fixture('schemas-v3'), '--topic', topic, '--override-replication-factor', '1']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /Created topic .*replication factor 1, \{"cleanup.policy":"compact","min.insync.replicas":"1"\}/);
  assert.match(run.stderr, /Restored 150 records .* records\/s/);
  // The topic is compacted and the fixture's timestamps are old enough for Kafka to roll a segment on every append,
  // so the log cleaner may drop a record whose key comes again later: count by end offset, compare what is left by offset.
  const records = (await topicRecords(topic)) ?? [];
  const original = [...(await (await openBackup(fixture('schemas-v3'))).batches())].flat();
  assert.equal(await topicEnd(topic), 150);
  assert.ok(records.length >= 149, `${records.length} records left`);
  for (const r of records) {
    const o = original[r.offset ?? -1];
    assert.deepEqual([r.key, r.value, r.timestamp], [o?.key, o?.value, o?.timestamp], `record ${r.offset}`);
    assert.deepEqual(r.headers.map(([k, v]) => [k.toString(), v.toString()]), o?.headers.map(([k, v]) => [k.toString(), v.toString()]));
  }
  // A v3 backup carries its topic: an existing topic is refused (Karapace's BackupTopicAlreadyExists), nothing produced.
  const v3Again = await runBackup(['restore', '--config', config, '--location', fixture('schemas-v3'), '--topic', topic]);
  assert.equal(v3Again.code, 1);
  assert.match(v3Again.stderr, new RegExp(`Topic to restore '${topic}' already exists`));
  assert.equal(await topicEnd(topic), 150, 'nothing produced');
  // A v2 backup is appended after what the topic holds, as Karapace's tool does (and says so).
  const again = await runBackup(['restore', '--config', config, '--location', fixture('schemas-v2.txt'), '--topic', topic]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, new RegExp(`Topic "${topic}" already holds records \\(offsets 0\\.\\.149\\); the backup's records are appended after them`));
  assert.equal(await topicEnd(topic), 156);
  // The flag earlier versions required is still accepted.
  const flagged = await runBackup(['restore', '--config', config, '--location', fixture('schemas-v2.txt'), '--topic', topic, '--allow-non-empty-topic']);
  assert.equal(flagged.code, 0, flagged.stderr);
  assert.equal(await topicEnd(topic), 162);
});

test('Kafka unreachable, topic missing, --skip-topic-creation: one clear line, a stack trace only with --verbose', async () => {
  const unreachable = await configFile({ bootstrap_uri: '127.0.0.1:1' });
  const dir = tempDir();
  const get = await runBackup(['get', '--config', unreachable, '--location', join(dir, 'b.bak')]);
  assert.equal(get.code, 1);
  assert.match(get.stderr, /^karapace_schema_backup: error: .*Kafka at 127\.0\.0\.1:1.*ECONNREFUSED/);
  assert.ok(noStack(get.stderr));
  assert.deepEqual(readdirSync(dir), [], 'no backup file and no temporary left');
  const restore = await runBackup(['restore', '--config', unreachable, '--location', fixture('schemas-v2.txt'), '--verbose']);
  assert.equal(restore.code, 1);
  assert.match(restore.stderr, /ECONNREFUSED/);
  assert.ok(!noStack(restore.stderr), '--verbose shows the stack');
  const config = await configFile();
  const missing = uniqueTopic('missing');
  const none = await runBackup(['get', '--config', config, '--topic', missing, '--location', join(dir, 'c.bak')]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, new RegExp(`topic "${missing}" does not exist`));
  const skip = await runBackup(['restore', '--config', config, '--topic', missing, '--location', fixture('schemas-v2.txt'), '--skip-topic-creation']);
  assert.equal(skip.code, 3, 'nothing could be restored: a data restoration error, as Karapace');
  assert.match(skip.stderr, /does not exist and --skip-topic-creation was given/);
  assert.deepEqual(readdirSync(dir), []);
});

test('get never overwrites without --overwrite, writes v2 to stdout with "-", and Ctrl-C leaves no file', async () => {
  const config = await configFile();
  const topic = uniqueTopic('get-safety');
  assert.equal((await runBackup(['restore', '--config', config, '--location', fixture('schemas-v1.json'), '--topic', topic])).code, 0);
  const dir = tempDir();
  const target = join(dir, 'existing.bak');
  writeFileSync(target, 'precious');
  const refused = await runBackup(['get', '--config', config, '--topic', topic, '--location', target]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /existing\.bak already exists; pass --overwrite/);
  assert.equal(readFileSync(target, 'utf8'), 'precious');
  const replaced = await runBackup(['get', '--config', config, '--topic', topic, '--location', target, '--overwrite']);
  assert.equal(replaced.code, 0, replaced.stderr);
  assert.equal(readFileSync(target, 'latin1'), readFileSync(fixture('schemas-v2.txt'), 'latin1'), 'a v1 backup restored and backed up again is the v2 fixture');
  const stdout = await runBackup(['get', '--config', config, '--topic', topic, '--location', '-']);
  assert.equal(stdout.code, 0);
  assert.equal(stdout.stdout, readFileSync(fixture('schemas-v2.txt'), 'latin1'));
  const v3 = join(dir, 'v3');
  assert.equal((await runBackup(['get', '--config', config, '--topic', topic, '--location', v3, '--use-format-v3', '--replication-factor', '1'])).code, 0);
  const v3Again = await runBackup(['get', '--config', config, '--topic', topic, '--location', v3, '--use-format-v3', '--replication-factor', '1']);
  assert.match(v3Again.stderr, /v3 already exists; pass --overwrite/);
  assert.equal((await runBackup(['get', '--config', config, '--topic', topic, '--location', v3, '--use-format-v3', '--replication-factor', '1', '--overwrite'])).code, 0);
  assert.deepEqual(readdirSync(v3).sort(), [`${topic}.metadata`, `${topic}:0.data`]);
  const noFactor = await runBackup(['get', '--config', config, '--topic', topic, '--location', join(dir, 'x'), '--use-format-v3']);
  assert.equal(noFactor.code, 2);
  assert.match(noFactor.stderr, /the following arguments are required: --replication-factor/);

  // An empty topic backs up to an empty but valid backup in both formats.
  const emptyTopic = uniqueTopic('empty');
  const emptyFile = join(dir, 'empty-source.bak');
  writeFileSync(emptyFile, '/V2\n');
  assert.equal((await runBackup(['restore', '--config', config, '--location', emptyFile, '--topic', emptyTopic])).code, 0);
  assert.equal((await runBackup(['get', '--config', config, '--topic', emptyTopic, '--location', join(dir, 'empty-v2.bak')])).code, 0);
  assert.equal(readFileSync(join(dir, 'empty-v2.bak'), 'latin1'), '/V2\n');
  assert.equal((await runBackup(['get', '--config', config, '--topic', emptyTopic, '--location', join(dir, 'empty-v3'), '--use-format-v3', '--replication-factor', '1'])).code, 0);
  assert.deepEqual(readdirSync(join(dir, 'empty-v3')), [`${emptyTopic}.metadata`]);
  const emptyInspect = JSON.parse((await runBackup(['inspect', '--location', join(dir, 'empty-v3')])).stdout) as { record_count: number; data_files: unknown[] };
  assert.deepEqual([emptyInspect.record_count, emptyInspect.data_files], [0, []]);
  assert.equal((await runBackup(['verify', '--location', join(dir, 'empty-v3'), '--level', 'record'])).code, 0);

  // Ctrl-C while the backup is being written (Kafka does not answer: a non-routable address keeps it connecting).
  const hanging = await configFile({ bootstrap_uri: '10.255.255.1:9092' });
  const interruptedDir = tempDir();
  const interrupted = await runBackup(['get', '--config', hanging, '--location', join(interruptedDir, 'partial.bak')], {
    onStart: (child) => {
      const poll = setInterval(() => {
        if (readdirSync(interruptedDir).length > 0) {
          clearInterval(poll);
          child.kill('SIGINT');
        }
      }, 20);
    },
  });
  assert.equal(interrupted.code, 2, interrupted.stderr);
  assert.match(interrupted.stderr, /interrupted by SIGINT; no partial backup file was left behind/);
  assert.deepEqual(readdirSync(interruptedDir), []);
  assert.ok(!existsSync(join(interruptedDir, 'partial.bak')));
});
