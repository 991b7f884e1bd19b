// Karapace's integration tests for the auth file, leader election, the schemas-topic reader, metrics and the health
// check (tests/integration/test_schema_registry_auth.py, test_master_coordinator.py, test_schema_reader.py,
// test_metrics.py, test_health_check.py), replayed as a user sees them: over HTTP, and as raw `_schemas` records.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Admin, Consumer, Producer } from '@platformatic/kafka';
import { client, kafkaBootstrap, startServer, uniqueTopic, type ServerProcess } from '../harness.ts';

type Raw = readonly [key: string | null, value: string | null];

/** Creates `topic` as the registry would, and writes the records one by one, in order. */
async function produceRaw(topic: string, records: readonly Raw[]): Promise<void> {
  const bootstrap = await kafkaBootstrap();
  const admin = new Admin({ clientId: 'raw-admin', bootstrapBrokers: [bootstrap] });
  await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1, configs: [{ name: 'cleanup.policy', value: 'compact' }] })
    .catch(() => undefined);
  await admin.close();
  const producer = new Producer({ clientId: 'raw-producer', bootstrapBrokers: [bootstrap] });
  try {
    for (const [key, value] of records) {
      await producer.send({
        messages: [{ topic, partition: 0, key: key === null ? undefined : Buffer.from(key), value: value === null ? undefined : Buffer.from(value) }],
      });
    }
  } finally {
    await producer.close();
  }
}

/** Every record of `topic` as [key, value] text. */
async function readRaw(topic: string): Promise<Array<[string | null, string | null]>> {
  const bootstrap = await kafkaBootstrap();
  const consumer = new Consumer({ clientId: 'raw-reader', groupId: `raw-${topic}`, bootstrapBrokers: [bootstrap] });
  try {
    const metadata = await consumer.metadata({ topics: [topic] });
    const t = metadata.topics.get(topic);
    assert.ok(t);
    const response = await consumer.fetch({
      node: t.partitions[0]?.leader ?? 1,
      topics: [{ topicId: t.id, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0n, lastFetchedEpoch: -1, partitionMaxBytes: 1 << 20 }] }],
    });
    return (response.responses[0]?.partitions[0]?.records ?? [])
      .flatMap((b) => b.records.map((r): [string | null, string | null] => [r.key?.toString() ?? null, r.value?.toString() ?? null]));
  } finally {
    await consumer.close(true);
  }
}

const json = (v: unknown) => JSON.stringify(v);
const schemaKey = (subject: string, version: number) => json({ keytype: 'SCHEMA', subject, version, magic: 1 });
const schemaValue = (subject: string, version: number, id: number, schema: string, extra: Record<string, unknown> = {}) =>
  json({ subject, version, id, schema, deleted: false, ...extra });

describe('replaying a schemas topic with the records Karapace\'s reader tests write', () => {
  const topic = uniqueTopic('reader');
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  const avroRecord = json({ type: 'record', name: 'init', fields: [{ name: 'inner', type: ['string', 'int'] }] });

  before(async () => {
    await produceRaw(topic, [
      // test_key_format_detection: old Karapace wrote keys in its own field order ("Karapace format messages").
      [json({ subject: null, magic: 0, keytype: 'CONFIG' }), json({ compatibilityLevel: 'FULL' })],
      [json({ subject: 'legacy-config', magic: 0, keytype: 'CONFIG' }), json({ compatibilityLevel: 'NONE' })],
      // test_regression_soft_delete_schemas_should_be_registered: a live version, then a soft-deleted one with a
      // higher id (as after compaction); both stay known, and the next id comes after the deleted one.
      [schemaKey('soft', 1), schemaValue('soft', 1, 1, '"int"')],
      [schemaKey('soft', 2), schemaValue('soft', 2, 2, '"long"', { deleted: true })],
      // test_regression_config_for_inexisting_object_should_not_throw: a config delete written as the JSON string "".
      [json({ keytype: 'CONFIG', subject: 'never-registered', magic: 0 }), '""'],
      // ... and as JSON null, for a subject that has a config: both are deletes, as a null value is.
      [json({ keytype: 'CONFIG', subject: 'soft', magic: 0 }), json({ compatibilityLevel: 'NONE' })],
      [json({ keytype: 'CONFIG', subject: 'soft', magic: 0 }), 'null'],
      // A hard delete written as the JSON string "" removes the version.
      [schemaKey('hard', 1), schemaValue('hard', 1, 3, '"string"')],
      [schemaKey('hard', 2), schemaValue('hard', 2, 4, '"bytes"')],
      [schemaKey('hard', 2), schemaValue('hard', 2, 4, '"bytes"', { deleted: true })],
      [schemaKey('hard', 2), '""'],
      // test_message_error_handling (tests/unit/test_schema_reader.py): each of these is skipped, and the reader
      // moves past it (Karapace's default, non-strict mode).
      // (A compacted topic refuses a null key: an empty one stands for Karapace's "Empty msg.key()".)
      ['', avroRecord],
      ['invalid-key', avroRecord],
      [json({ keytype: 'SCHEMA', subject: 'junk', version: 1, magic: 1 }), 'invalid-value'],
      ['{subject1::::"test""version":1"magic":1}', json({ value: 'x' })],
      [json({ subject: 'junk', version: 1, magic: 1 }), json({ value: 'x' })],
      [json({ keytype: 'NOT_A_VALID_KEY_TYPE', subject: 'junk', version: 1, magic: 1 }), json({ value: 'x' })],
      [json({ keytype: 'CONFIG', subject: null, magic: 0 }), 'no-valid-jason"compatibilityLevel": "BACKWARD""'],
      [json({ keytype: 'CONFIG', subject: null, magic: 0 }), json({ not_the_key_name: 'INVALID_CONFIG' })],
      [schemaKey('junk', 1), json({ subject: 'junk', version: 'invalid-version', id: 7, deleted: false, schema: avroRecord })],
      [json({ keytype: 'DELETE_SUBJECT', subject: 'hard', magic: 0 }), json({ 'not-subject-key': 'hard', version: 'one' })],
      ['[1,2]', json({ value: 'x' })],
      [json({ keytype: 'SCHEMA', subject: 'junk', version: 1, magic: 1 }), '[1]'],
      [json({ keytype: 'NOOP', magic: 0 }), null],
      // The last record is invalid: the reader must still become ready
      // (test_schema_reader_can_end_to_ready_state_if_last_message_is_invalid_in_schemas_topic).
      [json({ keytype: 'SCHEMA', subject: 'junk', version: 2, magic: 1 }), 'invalid-value'],
    ]);
    server = await startServer({ topic });
    api = client(server.url);
  });
  after(() => server?.stop());

  it('keeps a soft-deleted version replayed without its live record, and ids continue after it', async () => {
    assert.deepEqual((await api.get('/subjects/soft/versions')).body, [1]);
    assert.deepEqual((await api.get('/subjects/soft/versions?deleted=true')).body, [1, 2]);
    assert.equal((await api.get('/schemas/ids/2')).body.schema, '"long"');
    const res = await api.post('/subjects/after-replay/versions', { schema: '"double"' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.id, 5, 'ids continue after the highest one replayed, deleted or not');
  });

  it('reads the JSON values "" and null as deletes', async () => {
    assert.equal((await api.get('/config/soft')).body.error_code, 40408, 'the subject config was deleted by a null value');
    assert.equal((await api.get('/config/never-registered')).body.error_code, 40408);
    assert.deepEqual((await api.get('/subjects/hard/versions?deleted=true')).body, [1], 'the "" value hard-deleted version 2');
    assert.equal((await api.get('/schemas/ids/4')).body.error_code, 40403);
  });

  it('reads keys in Karapace\'s old field order', async () => {
    assert.deepEqual((await api.get('/config')).body, { compatibilityLevel: 'FULL' });
    assert.deepEqual((await api.get('/config/legacy-config')).body, { compatibilityLevel: 'NONE' });
  });

  it('skips records it cannot read and still becomes ready', async () => {
    assert.equal((await api.get('/_health')).status, 200);
    assert.deepEqual((await api.get('/subjects')).body, ['after-replay', 'hard', 'soft']);
    assert.equal((await api.get('/subjects/junk/versions')).body.error_code, 40401);
    assert.deepEqual((await api.get('/subjects/hard/versions')).body, [1], 'the malformed DELETE_SUBJECT was skipped');
  });

  it('writes keys in Karapace\'s old field order once the topic holds them, so compaction replaces them', async () => {
    // Karapace's KeyFormatter: one key in its old order puts the whole topic in DEPRECATED_KARAPACE mode; a
    // config delete in the other order would leave the old record to reappear when the tombstone is compacted.
    assert.equal((await api.delete('/config/legacy-config')).status, 200);
    assert.equal((await api.put('/config', { compatibility: 'BACKWARD' })).status, 200);
    const keys = (await readRaw(topic)).map(([k]) => k);
    assert.deepEqual(keys.slice(-2), ['{"subject":"legacy-config","magic":0,"keytype":"CONFIG"}', '{"subject":null,"magic":0,"keytype":"CONFIG"}']);
  });
});

describe('health check (test_health_check.py)', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServer();
  });
  after(() => server?.stop());

  it('answers 200, then 503 once the schemas topic has been deleted', async () => {
    const healthy = await client(server.url).get('/_health');
    assert.equal(healthy.status, 200);
    assert.equal(healthy.body.healthy, true);
    const admin = new Admin({ clientId: 'health-admin', bootstrapBrokers: [await kafkaBootstrap()] });
    try {
      await admin.deleteTopics({ topics: [server.topic] });
    } finally {
      await admin.close();
    }
    // Karapace: within 10 s of the delete.
    const deadline = Date.now() + 10_000;
    let status = 200;
    while (Date.now() < deadline && status !== 503) {
      await new Promise((r) => setTimeout(r, 500));
      status = (await client(server.url).get('/_health')).status;
    }
    assert.equal(status, 503);
  });
});

describe('metrics (test_metrics.py)', () => {
  let server: ServerProcess;
  const topic = uniqueTopic('metrics');
  before(async () => {
    // One record in Karapace's old key order, one in Confluent's.
    await produceRaw(topic, [
      [json({ subject: 'm-old', version: 1, magic: 1, keytype: 'SCHEMA' }), schemaValue('m-old', 1, 1, '"int"')],
      [schemaKey('m-new', 1), schemaValue('m-new', 1, 2, '"long"')],
    ]);
    server = await startServer({ topic });
  });
  after(() => server?.stop());

  const sample = (text: string, name: string, labels: string): number => {
    const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
    assert.ok(line, `${name}{${labels}} in /metrics`);
    return Number(line.split(' ').at(-1));
  };

  it('exports Karapace\'s schema reader and request counters', async () => {
    await client(server.url).get('/subjects/m-new/versions');
    const text = (await client(server.url).get('/metrics')).text;
    assert.equal(sample(text, 'karapace_schema_reader_records_processed_total', 'keymode="CANONICAL"'), 1);
    assert.equal(sample(text, 'karapace_schema_reader_records_processed_total', 'keymode="DEPRECATED_KARAPACE"'), 1);
    assert.equal(sample(text, 'karapace_http_requests_total', 'method="GET",path="/subjects/:subject/versions",status="200"'), 1);
  });
});
