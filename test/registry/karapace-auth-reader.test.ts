// Karapace's integration tests for the auth file, leader election, the schemas-topic reader, metrics and the health
// check (tests/integration/test_schema_registry_auth.py, test_master_coordinator.py, test_schema_reader.py,
// test_metrics.py, test_health_check.py), replayed as a user sees them: over HTTP, and as raw `_schemas` records.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Admin } from '@platformatic/kafka';
import { call, client, kafkaBootstrap, startServer, uniqueTopic, type ServerProcess } from '../harness.ts';
import { produceRaw, readRaw } from '../schemas-topic.ts';

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

// tests/integration/config/karapace.auth.json as Karapace reads it today (`password_hash`, `permissions`).
const KARAPACE_AUTH_FILE = {
  users: [
    { username: 'admin', algorithm: 'scrypt', salt: 'adminsalt', password_hash: 'AG7+ttm/skHjqEZ90yzEkgjy75yaqoucNnQPIP2S++1rYOPXEtm4+AF7WdDGj+J0sIPFdYC9nXYsvkB1xYDYkw==' },
    { username: 'aladdin', algorithm: 'sha512', salt: 'salt', password_hash: 'uofa7Uw+IolY0GDeCQApTVAUPlBthFYPFQ+QN+kKtXBzSwddiyLrNnIC2UQcA5X+hCL/mHNNqEMA30oIM4oqxA==' },
    { username: 'reader', algorithm: 'sha1', salt: 'third-salt', password_hash: 'SeUTCvKCE8rj6lHFkyFkhopktuY=' },
  ],
  permissions: [
    { username: 'admin', operation: 'Write', resource: '.*' },
    { username: 'aladdin', operation: 'Write', resource: 'Subject:cave-.*' },
    { username: 'reader', operation: 'Read', resource: 'Subject:carpet-.*' },
  ],
};

describe('the auth file of Karapace\'s tests (test_schema_registry_auth.py)', () => {
  let server: ServerProcess;
  const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
  const users = { admin: basic('admin', 'admin'), aladdin: basic('aladdin', 'opensesame'), reader: basic('reader', 'secret'), none: {} };
  type Who = keyof typeof users;
  const as = (who: Who, method: string, path: string, body?: unknown) => call(server.url, method, path, body, users[who]);
  const avro = { schema: json({ type: 'record', name: 'Obj', fields: [{ name: 'age', type: 'int' }] }) };
  const jsonSchema = { schemaType: 'JSON', schema: json({ type: 'object', properties: { age: { type: 'number' } } }) };
  const suffix = Math.random().toString(36).slice(2, 8);

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'karapace-authfile-'));
    const file = join(dir, 'karapace.auth.json');
    writeFileSync(file, JSON.stringify(KARAPACE_AUTH_FILE));
    server = await startServer({ config: { registry_authfile: file } });
  });
  after(() => server?.stop());

  it('test_sr_auth: 401 without credentials, 200 within the user\'s permissions', async () => {
    const subject = `cave-${suffix}-auth`;
    const refused = await as('none', 'POST', `/subjects/${subject}/versions`, avro);
    assert.equal(refused.status, 401);
    assert.equal(refused.headers.get('www-authenticate'), 'Basic realm="Karapace Schema Registry"');
    const registered = await as('aladdin', 'POST', `/subjects/${subject}/versions`, avro);
    assert.equal(registered.status, 200, registered.text);
    assert.equal((await as('none', 'GET', `/subjects/${subject}/versions/latest`)).status, 401);
    const latest = await as('aladdin', 'GET', `/subjects/${subject}/versions/latest`);
    assert.equal(latest.status, 200);
    assert.equal(latest.body.id, registered.body.id);
    assert.deepEqual(JSON.parse(latest.body.schema), JSON.parse(avro.schema));
  });

  it('test_sr_auth_endpoints: every endpoint but /schemas/types wants credentials', async () => {
    const subject = `any-${suffix}`;
    const refused: Array<[string, string, unknown?]> = [
      ['POST', `/compatibility/subjects/${subject}/versions/1`, avro],
      ['GET', `/config/${subject}`], ['PUT', `/config/${subject}`, { compatibility: 'NONE' }],
      ['GET', '/config'], ['PUT', '/config', { compatibility: 'NONE' }],
      ['GET', '/schemas/ids/1/versions'],
      ['POST', `/subjects/${subject}/versions`, avro], ['DELETE', `/subjects/${subject}/versions/1`],
      ['GET', `/subjects/${subject}/versions/1/schema`], ['DELETE', `/subjects/${subject}`],
    ];
    for (const [method, path, body] of refused) {
      const res = await as('none', method, path, body);
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.deepEqual(res.body, { error_code: 401, message: 'Unauthorized' });
    }
    assert.equal((await as('none', 'GET', '/schemas/types')).status, 200);
    assert.equal((await as('admin', 'GET', '/schemas/types')).status, 200);
  });

  it('test_sr_list_subjects: listings are filtered; a subject the user may not read is not found', async () => {
    const cave = `cave-${suffix}-list`;
    const carpet = `carpet-${suffix}-list`;
    assert.equal((await as('aladdin', 'POST', `/subjects/${cave}/versions`, avro)).status, 200);
    assert.equal((await as('admin', 'POST', `/subjects/${carpet}/versions`, avro)).status, 200);
    const mine = (list: string[]) => list.filter((s) => s.includes(suffix) && s.endsWith('-list'));
    // Sorted, as Confluent lists subjects (Karapace's test expects the order of registration).
    assert.deepEqual(mine((await as('admin', 'GET', '/subjects')).body), [carpet, cave]);
    assert.equal((await as('none', 'GET', `/subjects/${carpet}/versions`)).status, 401);
    assert.deepEqual((await as('admin', 'GET', `/subjects/${carpet}/versions`)).body, [1]);
    assert.deepEqual(mine((await as('aladdin', 'GET', '/subjects')).body), [cave]);
    // Karapace answered 403 here until it, too, made a denied read look like a missing subject (PR #1292).
    const denied = await as('aladdin', 'GET', `/subjects/${carpet}/versions`);
    assert.equal(denied.status, 404);
    assert.deepEqual(denied.body, { error_code: 40401, message: `Subject '${carpet}' not found.` });
    assert.deepEqual(mine((await as('reader', 'GET', '/subjects')).body), [carpet]);
    assert.deepEqual((await as('reader', 'GET', `/subjects/${carpet}/versions`)).body, [1]);
    // A read-only user may not write, even where it may read.
    assert.deepEqual((await as('reader', 'POST', `/subjects/${carpet}/versions`, avro)).body, { error_code: 403, message: 'Forbidden' });
  });

  it('test_sr_ids: a schema id shows only through a subject the user may read', async () => {
    const cave = `cave-${suffix}-ids`;
    const carpet = `carpet-${suffix}-ids`;
    const avroId = (await as('aladdin', 'POST', `/subjects/${cave}/versions`, { schema: json({ type: 'record', name: `Ids${suffix}`, fields: [] }) })).body.id;
    const jsonId = (await as('admin', 'POST', `/subjects/${carpet}/versions`, jsonSchema)).body.id;
    assert.equal((await as('aladdin', 'GET', `/schemas/ids/${avroId}`)).status, 200);
    // Exactly what a missing id answers (Confluent's message names the id; Karapace's says "Schema not found").
    for (const [who, id] of [['aladdin', jsonId], ['reader', avroId]] as const) {
      const hidden = await as(who, 'GET', `/schemas/ids/${id}`);
      assert.equal(hidden.status, 404);
      assert.deepEqual(hidden.body, { error_code: 40403, message: `Schema ${id} not found` });
    }
    assert.equal((await as('reader', 'GET', `/schemas/ids/${jsonId}`)).status, 200);
  });

  it('test_rest_api_with_sr_auth: the REST proxy beside an auth-file registry produces Avro records', async () => {
    const topic = `cave-rest-${suffix}`;
    const admin = new Admin({ clientId: 'rest-auth-admin', bootstrapBrokers: [await kafkaBootstrap()] });
    try {
      await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
    } finally {
      await admin.close();
    }
    const res = await call(server.url, 'POST', `/topics/${topic}`, {
      value_schema: avro.schema, records: [{ value: { age: 1 } }, { value: { age: 2 } }],
      // Karapace's test sends the v1 media type, which Confluent's REST Proxy no longer serves (415): v2 here.
    }, { 'content-type': 'application/vnd.kafka.avro.v2+json' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.offsets.length, 2);
  });
});

describe('leader election with mixed eligibility and the "highest" strategy (test_master_coordinator.py)', () => {
  // Quick timeouts, as election.test.ts uses.
  const timeouts = { session_timeout_ms: 4000, heartbeat_interval_ms: 500, rebalance_timeout_ms: 10_000 };
  let nodes: ServerProcess[] = [];
  before(async () => {
    const topic = uniqueTopic('election');
    const config = (eligible: boolean) => ({ ...timeouts, master_eligibility: eligible, master_election_strategy: 'highest' });
    // The ineligible node starts first, so it is likely the group's leader and computes the assignment
    // (test_mixed_eligibility_for_primary_role: "the intent is that group leader is from non-primary node").
    nodes = [await startServer({ topic, config: config(false) })];
    nodes.push(...await Promise.all([startServer({ topic, config: config(true) }), startServer({ topic, config: config(true) })]));
  });
  after(() => Promise.all(nodes.map((n) => n.stop())));

  it('elects the eligible node with the highest URL; every node names it, and writes through any node reach it', async () => {
    const expected = nodes.slice(1).map((n) => n.url).sort().at(-1)!;
    const deadline = Date.now() + 60_000;
    let statuses: Array<Record<string, unknown>> = [];
    for (;;) {
      statuses = await Promise.all(nodes.map(async (n) => (await client(n.url).get('/_health')).body.status as Record<string, unknown>));
      if (statuses.every((s) => s.schema_registry_primary_url === expected) && statuses.filter((s) => s.schema_registry_is_primary).length === 1) break;
      assert.ok(Date.now() < deadline, `no agreement on ${expected}: ${JSON.stringify(statuses)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(statuses[0]!.schema_registry_is_primary_eligible, false);
    assert.equal(statuses[0]!.schema_registry_is_primary, false);
    const leader = nodes.find((n) => n.url === expected)!;
    assert.equal((await client(leader.url).get('/_health')).body.status.schema_registry_is_primary, true);
    for (const node of nodes) {
      assert.deepEqual((await client(node.url).get('/master_available')).body, { master_available: true }, node.url);
    }
    // test_schema_request_forwarding: config and schema writes sent to a node that does not lead.
    const follower = client(nodes[0]!.url);
    const subject = `forwarded-${Math.random().toString(36).slice(2, 8)}`;
    for (const compatibility of ['FULL', 'BACKWARD', 'FORWARD', 'NONE']) {
      assert.equal((await follower.put(`/config/${subject}`, { compatibility })).status, 200);
      assert.deepEqual((await client(leader.url).get(`/config/${subject}`)).body, { compatibilityLevel: compatibility });
    }
    assert.equal((await follower.post(`/subjects/${subject}/versions`, { schema: '"string"' })).status, 200);
    assert.equal((await follower.post(`/subjects/${subject}/versions`, { schema: '"int"' })).status, 200);
    assert.deepEqual((await client(leader.url).get(`/subjects/${subject}/versions`)).body, [1, 2]);
    assert.equal((await follower.delete(`/subjects/${subject}/versions/1`)).status, 200);
    assert.equal((await client(leader.url).get(`/subjects/${subject}/versions/1`)).status, 404);
    assert.ok((await client(leader.url).get('/subjects/')).body.includes(subject), 'GET /subjects/ with a trailing slash');
    assert.equal((await follower.delete(`/subjects/${subject}`)).status, 200);
    assert.ok(!(await client(leader.url).get('/subjects')).body.includes(subject));
  });
});

describe('kafka_schema_reader_strict_mode', () => {
  it('stops the server at a record it cannot read, instead of skipping it', async () => {
    const topic = uniqueTopic('strict');
    await produceRaw(topic, [
      [schemaKey('strict', 1), schemaValue('strict', 1, 1, '"int"')],
      [json({ keytype: 'NOT_A_VALID_KEY_TYPE', subject: 'strict', magic: 1 }), json({ value: 'x' })],
    ]);
    const server = await startServer({ topic, config: { kafka_schema_reader_strict_mode: true }, waitHealthy: false });
    let timer: NodeJS.Timeout | undefined;
    const exited = await Promise.race([
      new Promise<boolean>((done) => (server.child.exitCode !== null ? done(true) : server.child.once('exit', () => done(true)))),
      new Promise<boolean>((done) => {
        timer = setTimeout(() => done(false), 30_000);
      }),
    ]).finally(() => clearTimeout(timer));
    if (!exited) await server.stop();
    assert.ok(exited, 'the server stopped');
    assert.ok(server.output.some((line) => line.includes('kafka_schema_reader_strict_mode')), server.output.join('\n'));
  });
});
