// Karapace's own tests of its backup tool, replayed against `karapace_schema_backup` as a child process and the test
// broker: tests/integration/backup/test_v3_backup.py, test_legacy_backup.py, test_avro_export.py and
// tests/integration/test_schema_backup.py. Their fixtures (tests/integration/test_data) are rebuilt by
// test/fixtures/backup/make-fixtures.py into test/fixtures/backup/karapace/ from what those tests state about them.
// Where we deliberately differ (docs/backup.md), the test says so; topic names are unique per run instead of fixed.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Admin } from '@platformatic/kafka';
import { readMetadata } from '../../src/backup/v3/reader.ts';
import { client, kafkaBootstrap, startServer, uniqueTopic, type ServerProcess } from '../harness.ts';
import { configFile, fixture, kafka, runBackup, tempDir, topicRecords } from './cli.ts';

const data = (path: string) => fixture(join('karapace', path));
const singlePartition = data('backup_v3_single_partition/0cdc85dc/0cdc85dc.metadata');
const futureAlgorithm = data('backup_v3_future_algorithm/a5f7a413.metadata');
const corrupt = data('backup_v3_corrupt_last_record_bit_flipped_no_checkpoints/a-topic.metadata');
const env = { COLUMNS: '100' };

const servers: ServerProcess[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

async function createTopic(topic: string, configs: Record<string, string> = {}): Promise<void> {
  const k = await kafka();
  try {
    await k.create(topic, { replicationFactor: 1, configs });
  } finally {
    await k.close();
  }
}

/** Deletes the topic and waits until Kafka no longer lists it, as the Python tests' `_delete_topic`. */
async function deleteTopic(topic: string): Promise<void> {
  const admin = new Admin({ clientId: 'backup-test-admin', bootstrapBrokers: [await kafkaBootstrap()] });
  try {
    await admin.deleteTopics({ topics: [topic] });
    const deadline = Date.now() + 30_000;
    while ((await admin.listTopics()).includes(topic)) {
      if (Date.now() > deadline) throw new Error(`topic ${topic} still listed`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await admin.close();
  }
}

async function produce(topic: string, records: { key: string; value: string; headers?: [string, string][]; timestamp?: number }[]): Promise<void> {
  const k = await kafka();
  try {
    await k.produce(topic, records.map((r) => ({
      key: Buffer.from(r.key), value: Buffer.from(r.value), headers: (r.headers ?? []).map(([hk, hv]) => [Buffer.from(hk), Buffer.from(hv)] as const),
      ...(r.timestamp !== undefined ? { timestamp: r.timestamp } : {}),
    })));
  } finally {
    await k.close();
  }
}

async function topicConfigs(topic: string): Promise<Readonly<Record<string, string>> | undefined> {
  const k = await kafka();
  try {
    return (await k.describe(topic))?.configs;
  } finally {
    await k.close();
  }
}

const text = (b: Buffer | null | undefined) => (b === null || b === undefined ? null : b.toString('utf8'));

test('test_roundtrip_from_kafka_state: a topic with configs, headers and timestamps survives get v3, delete, restore', async () => {
  const config = await configFile();
  const topic = uniqueTopic('v3-roundtrip');
  await createTopic(topic, { 'max.message.bytes': '999' });
  await produce(topic, [
    { key: 'bar', value: 'foo', timestamp: 1683474641 },
    { key: 'foo', value: 'bar', headers: [['some-header', 'some header value'], ['other-header', 'some other header value']], timestamp: 1683474657 },
  ]);
  const configs = await topicConfigs(topic);
  const dir = tempDir();
  const location = join(dir, 'backup');
  const get = await runBackup(['get', '--use-format-v3', '--verbose', '--config', config, '--topic', topic, '--replication-factor=1', '--location', location]);
  assert.equal(get.code, 0, get.stderr);
  assert.deepEqual(readdirSync(dir), ['backup'], 'no temporary left next to the backup');
  assert.deepEqual(readdirSync(location).sort(), [`${topic}.metadata`, `${topic}:0.data`]);

  await deleteTopic(topic);
  const restore = await runBackup(['restore', '--verbose', '--config', config, '--topic', topic, '--location', location]);
  assert.equal(restore.code, 0, restore.stderr);
  assert.deepEqual(await topicConfigs(topic), configs);
  const records = (await topicRecords(topic)) ?? [];
  assert.deepEqual(records.map((r) => [r.offset, r.timestamp, text(r.key), text(r.value)]), [[0, 1683474641, 'bar', 'foo'], [1, 1683474657, 'foo', 'bar']]);
  assert.deepEqual(records[0]?.headers, []);
  assert.deepEqual(records[1]?.headers.map(([k, v]) => [text(k), text(v)]), [['some-header', 'some header value'], ['other-header', 'some other header value']]);
});

test('test_roundtrip_empty_topic: an empty topic backs up to metadata alone and restores empty, with its configs', async () => {
  const config = await configFile();
  const topic = uniqueTopic('v3-empty');
  await createTopic(topic, { 'max.message.bytes': '987' });
  const configs = await topicConfigs(topic);
  assert.equal(configs?.['max.message.bytes'], '987');
  const dir = tempDir();
  const location = join(dir, 'backup');
  const get = await runBackup(['get', '--use-format-v3', '--config', config, '--topic', topic, '--replication-factor=1', '--location', location]);
  assert.equal(get.code, 0, get.stderr);
  const files = readdirSync(location);
  assert.deepEqual(files, [`${topic}.metadata`], 'only the metadata file');
  await deleteTopic(topic);
  const restore = await runBackup(['restore', '--config', config, '--topic', topic, '--location', join(location, files[0] as string)]);
  assert.equal(restore.code, 0, restore.stderr);
  assert.deepEqual(await topicConfigs(topic), configs);
  assert.deepEqual(await topicRecords(topic), []);
});

test('test_errors_when_omitting_replication_factor: argparse\'s message, exit 2', async () => {
  const config = await configFile();
  const run = await runBackup(['get', '--verbose', '--use-format-v3', `--config=${config}`, '--topic=foo-bar', '--location=foo-bar']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /the following arguments are required: --replication-factor/);
  const none = await runBackup(['restore']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /the following arguments are required: --config/);
  const level = await runBackup(['verify', '--location', singlePartition]);
  assert.equal(level.code, 2);
  assert.match(level.stderr, /the following arguments are required: --level/);
  const badTimeout = await runBackup(['get', '--config', config, '--poll-timeout', 'PT0.999S']);
  assert.equal(badTimeout.code, 2);
  assert.match(badTimeout.stderr, /at least one second/);
});

test('test_exits_with_return_code_3_for_data_restoration_error: a corrupt backup into an existing topic exits 3', async () => {
  const config = await configFile();
  const topic = uniqueTopic('a-topic');
  await createTopic(topic);
  const run = await runBackup(['restore', '--verbose', '--config', config, '--topic', topic, '--location', corrupt, '--skip-topic-creation']);
  assert.equal(run.code, 3, run.stderr);
  assert.match(run.stderr, /a-topic:123\.data: end of file \(byte \d+\): checksum mismatch/);
  assert.deepEqual(await topicRecords(topic), [], 'nothing produced from a corrupt backup (Karapace produces until the checksum fails)');
  // The topic missing with --skip-topic-creation: nothing can be produced, a data restoration error too.
  const missing = await runBackup(['restore', '--config', config, '--topic', uniqueTopic('missing'), '--location', singlePartition, '--skip-topic-creation']);
  assert.equal(missing.code, 3, missing.stderr);
  assert.match(missing.stderr, /does not exist and --skip-topic-creation was given/);
});

/** Restores Karapace's 0cdc85dc backup, backs the topic up again and checks the new backup against it. */
async function roundTripFromFile(options: { precreate: boolean }): Promise<void> {
  const config = await configFile();
  const topic = uniqueTopic('from-file');
  const original = readMetadata(singlePartition);
  const args = ['restore', '--verbose', '--config', config, '--topic', topic, '--location', singlePartition];
  if (options.precreate) {
    await createTopic(topic);
    // A v3 backup refuses an existing topic unless told to skip its creation (Karapace's BackupTopicAlreadyExists).
    const refused = await runBackup(args);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, new RegExp(`Topic to restore '${topic}' already exists`));
    args.push('--skip-topic-creation');
  }
  const restore = await runBackup(args);
  assert.equal(restore.code, 0, restore.stderr);
  // (We restore a v3 backup into a topic of another name, which Karapace refuses; we say so.)
  assert.match(restore.stderr, new RegExp(`Restoring the backup of topic "0cdc85dc" into topic "${topic}"`));

  const started = Date.now();
  const dir = tempDir();
  const location = join(dir, 'backup');
  const get = await runBackup(['get', '--verbose', '--use-format-v3', '--config', config, '--topic', topic, '--replication-factor=1', '--location', location]);
  assert.equal(get.code, 0, get.stderr);
  const ended = Date.now();
  assert.deepEqual(readdirSync(dir), ['backup']);
  assert.deepEqual(readdirSync(location).sort(), [`${topic}.metadata`, `${topic}:0.data`]);
  const metadata = readMetadata(join(location, `${topic}.metadata`));
  assert.ok(started <= metadata.started_at && metadata.started_at < metadata.finished_at && metadata.finished_at <= ended);
  assert.equal(metadata.replication_factor, 1);
  const comparable = (m: typeof metadata, name: string) => ({
    ...m, started_at: 0, finished_at: 0, tool_version: '', topic_name: name,
    data_files: m.data_files.map((d) => ({ ...d, filename: d.filename.replace(m.topic_name, name) })),
    // The restored topic was created with the backup's configs, or pre-created with the broker's defaults.
    topic_configurations: options.precreate ? {} : m.topic_configurations,
  });
  assert.deepEqual(comparable(metadata, 'T'), comparable(original, 'T'), 'every field but the times and the tool version');
  if (!options.precreate) assert.deepEqual(metadata.topic_configurations, original.topic_configurations);
  assert.deepEqual(readFileSync(join(location, `${topic}:0.data`)), readFileSync(data('backup_v3_single_partition/0cdc85dc/0cdc85dc:0.data')), 'the data file byte for byte');
}

test('test_roundtrip_from_file: Karapace\'s v3 backup restores, and backs up again to the same data file', async () => {
  await roundTripFromFile({ precreate: false });
});

test('test_roundtrip_from_file_skipping_topic_creation: into an existing topic only with --skip-topic-creation', async () => {
  await roundTripFromFile({ precreate: true });
});

test('TestInspect: v3 metadata, a future checksum algorithm (warning on stderr), v2 and v1', async () => {
  const v3 = await runBackup(['inspect', '--verbose', '--location', singlePartition]);
  assert.equal(v3.code, 0);
  assert.equal(v3.stderr, '');
  assert.deepEqual(JSON.parse(v3.stdout), {
    version: 3, tool_name: 'karapace', tool_version: '3.5.0-31-g15440ce',
    started_at: '2023-05-31T11:42:21.116000+00:00', finished_at: '2023-05-31T11:42:21.762000+00:00',
    topic_name: '0cdc85dc', topic_id: null, partition_count: 1, record_count: 2, replication_factor: 1,
    topic_configurations: { 'min.insync.replicas': '1', 'cleanup.policy': 'delete', 'retention.ms': '604800000', 'max.message.bytes': '999', 'retention.bytes': '-1' },
    checksum_algorithm: 'xxhash3_64_be',
    data_files: [{ filename: '0cdc85dc:0.data', partition: 0, checksum_hex: 'f414f504a8e49313', record_count: 2, start_offset: 0, end_offset: 1 }],
  });
  const future = await runBackup(['inspect', '--verbose', '--location', futureAlgorithm]);
  assert.equal(future.code, 0);
  // What Karapace's test expects with COLUMNS=100 (Rich wraps the line); runBackup passes no COLUMNS, so set it.
  const wrapped = await runBackupWithEnv(['inspect', '--location', futureAlgorithm], env);
  assert.equal(wrapped.stderr, 'Warning! This file has an unknown checksum algorithm and cannot be restored with this version of \nKarapace.\n');
  const parsed = JSON.parse(future.stdout);
  assert.equal(parsed.checksum_algorithm, 'unknown');
  assert.equal(parsed.data_files[0].checksum_hex, '66343134663530346138653439333133');
  assert.deepEqual(parsed.topic_configurations, { 'cleanup.policy': 'compact', 'min.insync.replicas': '2' });
  for (const [file, version] of [['test_restore_v2.log', 2], ['test_restore_v1.log', 1]] as const) {
    const run = await runBackup(['inspect', '--location', data(file)]);
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    assert.equal(run.stdout, `{\n  "version": ${version}\n}\n`);
  }
  // argparse accepts any unambiguous prefix of a long option, also with '='.
  const abbreviated = await runBackup(['inspect', '--verb', `--loc=${data('test_restore_v2.log')}`]);
  assert.deepEqual([abbreviated.code, abbreviated.stdout], [0, '{\n  "version": 2\n}\n']);
  assert.equal((await runBackup(['inspect', '--nope', data('test_restore_v2.log')])).code, 2);
});

async function runBackupWithEnv(args: string[], extra: Record<string, string>) {
  const saved = { ...process.env };
  Object.assign(process.env, extra);
  try {
    return await runBackup(args);
  } finally {
    for (const key of Object.keys(extra)) if (saved[key] === undefined) delete process.env[key];
  }
}

test('TestVerify: intact, refuted (file and record level), a legacy format, a future algorithm', async () => {
  for (const level of ['file', 'record']) {
    const run = await runBackup(['verify', '--verbose', `--location=${singlePartition}`, `--level=${level}`]);
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    assert.equal(run.stdout, 'Integrity of 0cdc85dc:0.data is intact.\n\u2705 Verified 1 data files in backup OK.\n');
  }
  const file = await runBackup(['verify', '--verbose', `--location=${corrupt}`, '--level=file']);
  assert.equal(file.code, 1);
  assert.equal(file.stderr, '');
  assert.equal(file.stdout, 'Integrity of a-topic:123.data is not intact!\n\u{1F4A5} Failed to verify integrity of some data files.\n');
  const record = await runBackup(['verify', '--verbose', `--location=${corrupt}`, '--level=record']);
  assert.equal(record.code, 1);
  assert.equal(record.stderr, '');
  assert.equal(record.stdout, 'Integrity of a-topic:123.data is not intact!\n    InvalidChecksum: Found checksum mismatch after reading full data file.\n\u{1F4A5} Failed to verify integrity of some data files.\n');
  for (const [name, version] of [['test_restore_v1.log', 'V1'], ['test_restore_v2.log', 'V2']]) {
    const legacy = await runBackup(['verify', '--verbose', `--location=${data(name as string)}`, '--level=file']);
    assert.equal(legacy.code, 1);
    assert.equal(legacy.stderr, `Only backups using format V3 can be verified, found ${version}.\n`);
    assert.equal(legacy.stdout, '');
  }
  const future = await runBackup(['verify', `--location=${futureAlgorithm}`, '--level=record']);
  assert.equal(future.code, 1);
  assert.match(future.stdout, /    UnknownChecksumAlgorithm: Tried restoring from a backup with an unknown checksum algorithm\.\n/);
  const restore = await runBackup(['restore', '--config', await configFile(), '--topic', uniqueTopic('future'), '--location', futureAlgorithm]);
  assert.equal(restore.code, 1, 'as Karapace (UnknownChecksumAlgorithm is no data restoration error)');
  assert.match(restore.stderr, /checksum algorithm this tool does not know/);
});

test('TestVerify from a large topic: 100 records of 2000 bytes (checkpoints by size) verify at both levels', async () => {
  const config = await configFile();
  const topic = uniqueTopic('v3-large');
  await createTopic(topic);
  await produce(topic, Array.from({ length: 100 }, () => ({ key: 'a'.repeat(1000), value: 'b'.repeat(1000) })));
  const location = join(tempDir(), 'backup');
  const get = await runBackup(['get', '--use-format-v3', '--verbose', `--config=${config}`, `--topic=${topic}`, '--replication-factor=1', `--location=${location}`]);
  assert.equal(get.code, 0, get.stderr);
  for (const level of ['file', 'record']) {
    const run = await runBackup(['verify', '--verbose', `--location=${join(location, `${topic}.metadata`)}`, `--level=${level}`]);
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.stderr, '');
    assert.equal(run.stdout, `Integrity of ${topic}:0.data is intact.\n\u2705 Verified 1 data files in backup OK.\n`);
  }
});

test('test_backup_restore_and_get_non_schema_topic: any topic restores from v2 and backs up to the same bytes', async () => {
  const config = await configFile();
  const topic = uniqueTopic('non-schemas');
  await createTopic(topic);
  const restore = await runBackup(['restore', '--config', config, '--topic', topic, '--location', data('test_restore_non_schema_topic_v2.log')]);
  assert.equal(restore.code, 0, restore.stderr);
  const location = join(tempDir(), 'non_schemas_topic.log');
  const get = await runBackup(['get', '--config', config, '--topic', topic, '--location', location]);
  assert.equal(get.code, 0, get.stderr);
  assert.equal(readFileSync(location, 'latin1'), readFileSync(data('test_restore_non_schema_topic_v2.log'), 'latin1'));
});

async function registry(options: { topic?: string } = {}) {
  const s = await startServer(options.topic ? { topic: options.topic } : {});
  servers.push(s);
  return { server: s, api: client(s.url) };
}

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(what);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('test_backup_get: a registry\'s topic backs up to v2, one line per record', async () => {
  const { server, api } = await registry();
  assert.equal((await api.post('/subjects/subject-get/versions', { schema: '{"type": "string"}' })).status, 200);
  const config = await configFile({ topic_name: server.topic });
  const location = join(tempDir(), 'schemas.log');
  const get = await runBackup(['get', '--config', config, '--location', location]);
  assert.equal(get.code, 0, get.stderr);
  const [header, ...lines] = readFileSync(location, 'utf8').split('\n').slice(0, -1);
  assert.equal(header, '/V2');
  assert.ok(lines.length >= 1 && lines.every((line) => line.split('\t').length === 2), lines.join('\n'));
});

for (const version of ['v1', 'v2']) {
  test(`test_backup_restore (${version}): into a running registry's topic, deletes applied, keys canonical`, async () => {
    const { server, api } = await registry();
    const config = await configFile({ topic_name: server.topic, force_key_correction: true });
    const restore = async (file: string) => {
      const run = await runBackup(['restore', '--config', config, '--location', data(file)]);
      assert.equal(run.code, 0, run.stderr);
    };
    await restore(`test_restore_${version}.log`);
    await eventually(async () => ((await api.get('/subjects')).body as string[]).includes('subject-1'), 'subject-1 restored');

    assert.equal((await api.put('/config/compatibility-config-remove', { compatibility: 'FORWARD' })).status, 200);
    assert.equal((await api.get('/config/compatibility-config-remove')).body.compatibilityLevel, 'FORWARD');
    await restore(`test_restore_compatibility_config_remove_${version}.log`);
    await eventually(async () => (await api.get('/config/compatibility-config-remove')).status === 404, 'config removed');

    const subject = 'complete-schema-delete-version';
    await api.put(`/config/${subject}`, { compatibility: 'NONE' });
    await api.post(`/subjects/${subject}/versions`, { schema: '{"type": "int"}' });
    await api.post(`/subjects/${subject}/versions`, { schema: '{"type": "float"}' });
    assert.deepEqual((await api.get(`/subjects/${subject}/versions`)).body, [1, 2]);
    await restore(`test_restore_complete_schema_delete_${version}.log`);
    await eventually(async () => JSON.stringify((await api.get(`/subjects/${subject}/versions`)).body) === '[1]', 'version 2 deleted');

    await api.post('/subjects/delete-nonexistent-schema/versions', { schema: '{"type": "string"}' });
    await restore(`test_restore_delete_nonexistent_schema_${version}.log`);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual((await api.get('/subjects/delete-nonexistent-schema/versions')).body, [1]);

    // Every key in the topic is in Confluent's canonical form (keytype, subject, version, magic; compact).
    for (const record of (await topicRecords(server.topic)) ?? []) {
      const key = JSON.parse(text(record.key) ?? 'null');
      const order = ['keytype', 'subject', 'version', 'magic'].filter((f) => f in key);
      assert.equal(text(record.key), JSON.stringify(Object.fromEntries(order.map((f) => [f, key[f]]))));
    }
  });
}

test('test_schema_backup (old): a v1 file of JSON objects with null values restores and deletes', async () => {
  const { server, api } = await registry();
  const config = await configFile({ topic_name: server.topic });
  const dir = tempDir();
  const file = join(dir, 'restore.log');
  const subject = `subject-${Date.now()}`;
  writeFileSync(file, JSON.stringify([[{ subject, version: 1, magic: 1, keytype: 'SCHEMA' }, { deleted: false, id: 1, schema: '"string"', subject, version: 1 }]]));
  assert.equal((await runBackup(['restore', '--config', config, '--location', file])).code, 0);
  await eventually(async () => ((await api.get('/subjects')).body as string[]).includes(subject), 'restored subject');
  const other = `${subject}-config`;
  await api.put(`/config/${other}`, { compatibility: 'NONE' });
  writeFileSync(file, `\n[\n    [\n        {\n            "subject": "${other}",\n            "magic": 0,\n            "keytype": "CONFIG"\n        },\n        null\n    ]\n]\n        `);
  assert.equal((await runBackup(['restore', '--config', config, '--location', file])).code, 0);
  await eventually(async () => (await api.get(`/config/${other}`)).status === 404, 'config removed');
});

test('test_export_anonymized_avro_schemas: names and Avro schemas hashed, compatibility changes kept', async () => {
  const { server, api } = await registry();
  const schema = { type: 'record', namespace: 'io.aiven', name: 'myrecord', fields: [{ type: 'string', name: 'f1' }] };
  assert.equal((await api.post('/subjects/avro-schemas/versions', { schema: JSON.stringify(schema), schemaType: 'AVRO' })).status, 200);
  assert.equal((await api.put('/config/compatibility_subject', { compatibility: 'NONE' })).status, 200);
  assert.equal((await api.delete('/subjects/avro-schemas')).status, 200);
  const config = await configFile({ topic_name: server.topic });
  const location = join(tempDir(), 'export.log');
  const run = await runBackup(['export-anonymized-avro-schemas', '--config', config, '--location', location]);
  assert.equal(run.code, 0, run.stderr);
  const [header, ...lines] = readFileSync(location, 'utf8').split('\n').slice(0, -1);
  assert.equal(header, '/V2');
  const hashed = 'a801beafef1fb8c03907b44ec7baca341a58420d-';
  const expectedSchema = {
    type: 'record', namespace: 'aa258230180d9c643f761089d7e33b8b52288ed3.ae02f26b082c5f3bc7027f72335dd1186a2cd382',
    name: 'afe8733e983101f1f4ff50d24152890d0da71418', fields: [{ type: 'string', name: 'a09bb890b096f7306f688cc6d1dad34e7e52a223' }],
  };
  let sawSchema = false;
  let sawConfig = false;
  for (const line of lines) {
    const [hexKey, hexValue] = line.split('\t') as [string, string];
    const key = JSON.parse(Buffer.from(hexKey, 'hex').toString('utf8'));
    const value = hexValue === 'null' ? null : JSON.parse(Buffer.from(hexValue, 'hex').toString('utf8'));
    assert.ok(!line.includes(Buffer.from('avro-schemas').toString('hex').toUpperCase()), 'the subject name appears nowhere');
    if (key.keytype === 'SCHEMA') {
      sawSchema = true;
      assert.equal(key.subject, hashed);
      assert.equal(value.subject, hashed);
      assert.deepEqual(JSON.parse(value.schema), expectedSchema);
    }
    if (key.keytype === 'DELETE_SUBJECT') assert.equal(key.subject, hashed);
    if (key.keytype === 'CONFIG' && key.subject !== null) {
      sawConfig = true;
      assert.equal(key.subject, 'a0765805d57daad3b08200d5be1c5adb6f3cff54');
      // (Karapace writes {"compatibilityLevel": ...}; our registry, as Confluent, also names the subject, hashed too.)
      assert.deepEqual({ ...value, subject: undefined }, { compatibilityLevel: 'NONE', subject: undefined });
      if ('subject' in value) assert.equal(value.subject, 'a0765805d57daad3b08200d5be1c5adb6f3cff54');
    }
  }
  assert.ok(sawSchema && sawConfig, lines.join('\n'));
});

test('a v1 file that is just null restores nothing; --topic "" means the config\'s topic', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'x'));
  const file = join(dir, 'null.json');
  writeFileSync(file, 'null');
  const topic = uniqueTopic('null-v1');
  const config = await configFile({ topic_name: topic });
  const run = await runBackup(['restore', '--config', config, '--topic', '', '--location', file]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(await topicRecords(topic), []);
  const inspect = await runBackup(['inspect', '--location', file]);
  assert.equal(inspect.stdout, '{\n  "version": 1\n}\n');
});
