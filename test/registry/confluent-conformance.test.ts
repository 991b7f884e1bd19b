// Regression tests for differences from Confluent Schema Registry found by replaying its RestApiTest and Karapace's
// test_schema.py: each `it` states Confluent's answer (checked in its source) and the request that used to differ.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Admin, Producer } from '@platformatic/kafka';
import { call, client, kafkaBootstrap, startServer, uniqueTopic, type ServerProcess } from '../harness.ts';

type Api = ReturnType<typeof client>;

function assertError(res: { status: number; body: any; text: string }, status: number, code: number, message?: string): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.body?.error_code, code, res.text);
  if (message !== undefined) assert.equal(res.body.message, message);
}

async function register(api: Api, subject: string, body: Record<string, unknown>): Promise<number> {
  const res = await api.post(`/subjects/${encodeURIComponent(subject)}/versions`, body);
  assert.equal(res.status, 200, `register under ${subject}: ${res.text}`);
  return res.body.id;
}

describe('Confluent conformance (compatibility NONE)', () => {
  let server: ServerProcess;
  let api: Api;
  before(async () => {
    server = await startServer({ config: { compatibility: 'NONE' } });
    api = client(server.url);
  });
  after(() => server.stop());

  it('a schema sent with its references written inline is the registered one (KafkaSchemaRegistry deepEquals)', async () => {
    const subrecord = '{"type":"record","name":"Subrecord","namespace":"otherns","fields":[{"name":"field2","type":"string"}]}';
    const myRecord = '{"type":"record","name":"MyRecord","namespace":"ns","fields":[{"name":"field1","type":"otherns.Subrecord"}]}';
    const inlined = `{"type":"record","name":"MyRecord","namespace":"ns","fields":[{"name":"field1","type":${subrecord}}]}`;
    await register(api, 'rref', { schema: subrecord });
    const id = await register(api, 'rrer', { schema: myRecord, references: [{ name: 'otherns.Subrecord', subject: 'rref', version: 1 }] });

    assert.equal(await register(api, 'rrer', { schema: inlined }), id, 'register answers the existing id');
    assert.deepEqual((await api.get('/subjects/rrer/versions')).body, [1], 'and writes no new version');
    const found = await api.post('/subjects/rrer', { schema: inlined });
    assert.equal(found.status, 200, found.text);
    assert.deepEqual([found.body.version, found.body.id], [1, id]);

    // Docs do not count (Java Avro's Schema.equals ignores them); a different field type does.
    const documented = inlined.replace('"name":"field2"', '"name":"field2","doc":"words"');
    assert.equal((await api.post('/subjects/rrer', { schema: documented })).body.id, id);
    const different = inlined.replace('"type":"string"', '"type":"int"');
    assertError(await api.post('/subjects/rrer', { schema: different }), 404, 40403);
    assert.notEqual(await register(api, 'rrer', { schema: different }), id);
  });

  it('soft-deleting a subject, or its last live version, removes its config and mode (deleteSubject, deleteSchemaVersion)', async () => {
    const one = '{"type":"record","name":"r","fields":[{"name":"a","type":"string"}]}';
    const two = '{"type":"record","name":"r","fields":[{"name":"b","type":"string"}]}';
    for (const subject of ['sd-subject', 'sd-versions']) {
      await register(api, subject, { schema: one });
      await register(api, subject, { schema: two });
      assert.equal((await api.put(`/config/${subject}`, { compatibility: 'FORWARD' })).status, 200);
      assert.equal((await api.put(`/mode/${subject}`, { mode: 'READWRITE' })).status, 200);
    }
    await api.delete('/subjects/sd-subject');
    assertError(await api.get('/config/sd-subject'), 404, 40408);
    assertError(await api.get('/mode/sd-subject'), 404, 40409);

    await api.delete('/subjects/sd-versions/versions/1');
    assert.deepEqual((await api.get('/config/sd-versions')).body, { compatibilityLevel: 'FORWARD' }, 'a live version is left');
    assert.deepEqual((await api.get('/mode/sd-versions')).body, { mode: 'READWRITE' });
    await api.delete('/subjects/sd-versions/versions/2');
    assertError(await api.get('/config/sd-versions'), 404, 40408);
    assertError(await api.get('/mode/sd-versions'), 404, 40409);

    // A level set again after the soft delete survives the permanent delete, as in Confluent.
    await api.put('/config/sd-subject', { compatibility: 'FULL' });
    assert.equal((await api.delete('/subjects/sd-subject?permanent=true')).status, 200);
    assert.deepEqual((await api.get('/config/sd-subject')).body, { compatibilityLevel: 'FULL' });
  });

  it('re-registering a soft-deleted schema replaces its old version (register tombstones it); lookup finds the new one', async () => {
    const one = '{"type":"record","name":"r","fields":[{"name":"again","type":"string"}]}';
    const two = '{"type":"record","name":"r","fields":[{"name":"other","type":"string"}]}';
    const id = await register(api, 'reregister', { schema: one });
    await register(api, 'reregister', { schema: two });
    await api.delete('/subjects/reregister/versions/1');
    assert.equal(await register(api, 'reregister', { schema: one }), id);
    assert.deepEqual((await api.get('/subjects/reregister/versions?deleted=true')).body, [2, 3]);
    assert.equal((await api.post('/subjects/reregister?deleted=true', { schema: one })).body.version, 3);
  });

  it('a compatibility check against latest of an unknown subject validates the schema first (CompatibilityResource)', async () => {
    const invalid = '{"type":"record","name":"r","fields":[{"name":"a","type":"nosuchtype"}]}';
    assertError(await api.post('/compatibility/subjects/compat-unknown/versions/latest', { schema: invalid }), 422, 42201);
    const verbose = await api.post('/compatibility/subjects/compat-unknown/versions/latest?verbose=true', { schema: invalid });
    assert.equal(verbose.status, 200, verbose.text);
    assert.equal(verbose.body.is_compatible, false);
    assert.match(verbose.body.messages[0], /Invalid schema/);
    const valid = await api.post('/compatibility/subjects/compat-unknown/versions/latest', { schema: '"string"' });
    assert.deepEqual(valid.body, { is_compatible: true });
  });

  it('Accept: a lone "*" and "*/anything" are wildcards, as Jersey reads them; other types still 406', async () => {
    for (const accept of ['*', '*/does_not_matter', 'application', 'text/html, *; q=0.5']) {
      const res = await api.get('/subjects', { accept });
      assert.equal(res.status, 200, accept);
      assert.equal(res.headers.get('content-type'), 'application/vnd.schemaregistry.v1+json', accept);
    }
    assertError(await api.get('/subjects', { accept: 'text' }), 406, 406, 'HTTP 406 Not Acceptable');
    assertError(await api.get('/subjects', { accept: 'application/xml' }), 406, 406);
  });

  it('/config/:.: and /mode/:.: (the default context) are the global settings; DELETE /mode/:.: is 40401 (QualifiedSubject)', async () => {
    for (const context of ['%3A.%3A', ':.:', '%3A.']) {
      assert.deepEqual((await api.put(`/config/${context}`, { compatibility: 'FULL' })).body, { compatibility: 'FULL' });
      assert.deepEqual((await api.get('/config')).body, { compatibilityLevel: 'FULL' }, context);
      assert.deepEqual((await api.get(`/config/${context}`)).body, { compatibilityLevel: 'FULL' }, context);
      assert.equal((await api.delete(`/config/${context}`)).status, 200);
      assert.deepEqual((await api.get(`/config/${context}`)).body, { compatibilityLevel: 'NONE' }, 'back to the server default');
    }
    assert.deepEqual((await api.put('/mode/%3A.%3A', { mode: 'READWRITE' })).body, { mode: 'READWRITE' });
    assert.deepEqual((await api.get('/mode/%3A.%3A')).body, { mode: 'READWRITE' });
    assertError(await api.delete('/mode/%3A.%3A'), 404, 40401, "Subject '' not found.");
    assert.deepEqual((await api.get('/mode')).body, { mode: 'READWRITE' });
    // A subject merely containing the default context prefix is an ordinary subject.
    assertError(await api.get('/config/%3A.%3Aother'), 404, 40408);
  });

  it('GET /contexts is paged (ContextsResource offset/limit)', async () => {
    assert.deepEqual((await api.get('/contexts')).body, ['.']);
    assert.deepEqual((await api.get('/contexts?offset=1')).body, []);
    assert.deepEqual((await api.get('/contexts?limit=1&offset=1')).body, []);
    assert.deepEqual((await api.get('/contexts?limit=0')).body, ['.'], 'a limit that is not positive is the default one');
  });

  it('a body in UTF-16 or UTF-32 parses: Jackson detects the encoding from the bytes (BOM, zero bytes), whatever the charset says', async () => {
    const json = JSON.stringify({ compatibility: 'FORWARD' });
    const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();
    const utf32 = (text: string, le: boolean) => Buffer.concat([...text].map((c) => {
      const b = Buffer.alloc(4);
      if (le) b.writeUInt32LE(c.codePointAt(0)!);
      else b.writeUInt32BE(c.codePointAt(0)!);
      return b;
    }));
    const bodies: [string, Buffer][] = [
      ['utf-16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')])],
      ['utf-16', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(json)])],
      ['utf-16le', Buffer.from(json, 'utf16le')],
      ['utf-16be', utf16be(json)],
      ['utf-32', utf32(json, false)],
      ['utf-32le', utf32(json, true)],
      ['utf-8', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)])],
      ['no-such-charset', Buffer.from(json)],
    ];
    try {
      for (const [charset, body] of bodies) {
        await api.put('/config', { compatibility: 'NONE' });
        const res = await fetch(`${server.url}/config`, {
          method: 'PUT', body, headers: { 'content-type': `application/vnd.schemaregistry.v1+json; charset=${charset}` },
        });
        assert.equal(res.status, 200, `${charset}: ${await res.text()}`);
        assert.deepEqual((await api.get('/config')).body, { compatibilityLevel: 'FORWARD' }, charset);
      }
    } finally {
      await api.put('/config', { compatibility: 'NONE' });
    }
  });

  it('a known path with a method it does not take is 405 with Allow, as Jersey answers; an unknown path stays 404', async () => {
    const patch = await call(server.url, 'PATCH', '/subjects');
    assertError(patch, 405, 405, 'HTTP 405 Method Not Allowed');
    assert.equal(patch.headers.get('content-type'), 'application/vnd.schemaregistry.v1+json');
    assert.match(patch.headers.get('allow') ?? '', /GET/);
    const put = await call(server.url, 'PUT', '/subjects/some-subject/versions', { schema: '"string"' });
    assertError(put, 405, 405, 'HTTP 405 Method Not Allowed');
    assert.deepEqual(put.headers.get('allow')?.split(','), ['GET', 'HEAD', 'POST']);
    assertError(await call(server.url, 'PATCH', '/no/such/path'), 404, 404, 'HTTP 404 Not Found');
    assertError(await api.get('/subjects/some-subject/versions/1/nothing'), 404, 404, 'HTTP 404 Not Found');
  });
});

/** Writes `_schemas` records as another registry would, one by one, onto a new topic. */
async function produceRecords(topic: string, records: readonly { key: object; value: object }[]): Promise<void> {
  const bootstrap = await kafkaBootstrap();
  const admin = new Admin({ clientId: 'conformance-admin', bootstrapBrokers: [bootstrap] });
  await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1, configs: [{ name: 'cleanup.policy', value: 'compact' }] });
  await admin.close();
  const producer = new Producer({ clientId: 'conformance', bootstrapBrokers: [bootstrap] });
  for (const r of records) {
    await producer.send({ messages: [{ topic, partition: 0, key: Buffer.from(JSON.stringify(r.key)), value: Buffer.from(JSON.stringify(r.value)) }] });
  }
  await producer.close();
}

describe('Confluent conformance over records another registry wrote', () => {
  let server: ServerProcess;
  let api: Api;
  const schema = '{"type":"record","name":"r","fields":[{"name":"kept","type":"string"}]}';
  const other = '{"type":"record","name":"r","fields":[{"name":"other","type":"string"}]}';
  const version = (v: number, id: number, text: string, deleted: boolean) => ({
    key: { keytype: 'SCHEMA', subject: 'twice', version: v, magic: 1 },
    value: { subject: 'twice', version: v, id, schema: text, deleted },
  });
  before(async () => {
    const topic = uniqueTopic('conformance');
    // Karapace re-registers a soft-deleted schema as a new version and keeps the old one (Confluent tombstones it).
    await produceRecords(topic, [version(1, 1, schema, true), version(2, 2, other, false), version(3, 1, schema, true)]);
    server = await startServer({ topic });
    api = client(server.url);
  });
  after(() => server.stop());

  it('a lookup with deleted=true answers the newest version holding the schema (lookUpSchemaUnderSubject)', async () => {
    const found = await api.post('/subjects/twice?deleted=true', { schema });
    assert.equal(found.status, 200, found.text);
    assert.deepEqual([found.body.version, found.body.id], [3, 1]);
    assertError(await api.post('/subjects/twice', { schema }), 404, 40403);
  });
});

describe('Confluent conformance: global mode READONLY_OVERRIDE', () => {
  let server: ServerProcess;
  let api: Api;
  before(async () => {
    server = await startServer({ config: { compatibility: 'NONE' } });
    api = client(server.url);
  });
  after(async () => {
    await api.put('/mode', { mode: 'READWRITE' });
    await server.stop();
  });

  it('overrides every subject: GET /mode/{s} answers it with or without an own mode, and writes are refused (getMode)', async () => {
    const schema = '{"type":"record","name":"r","fields":[{"name":"a","type":"string"}]}';
    await register(api, 'override-own', { schema });
    await api.put('/mode/override-own', { mode: 'READWRITE' });
    // Other global modes do not stand in for a missing subject mode: 40409 unless defaultToGlobal.
    await api.put('/mode', { mode: 'READONLY' });
    assertError(await api.get('/mode/override-none'), 404, 40409);
    assert.deepEqual((await api.get('/mode/override-none?defaultToGlobal=true')).body, { mode: 'READONLY' });
    assert.deepEqual((await api.get('/mode/override-own')).body, { mode: 'READWRITE' });

    await api.put('/mode', { mode: 'READONLY_OVERRIDE' });
    for (const query of ['', '?defaultToGlobal=true']) {
      assert.deepEqual((await api.get(`/mode/override-none${query}`)).body, { mode: 'READONLY_OVERRIDE' });
      assert.deepEqual((await api.get(`/mode/override-own${query}`)).body, { mode: 'READONLY_OVERRIDE' });
    }
    const other = '{"type":"record","name":"r","fields":[{"name":"b","type":"string"}]}';
    assertError(await api.post('/subjects/override-own/versions', { schema: other }), 422, 42205, 'Subject override-own is in read-only mode');
  });
});

describe('Confluent conformance: IMPORT mode (KafkaSchemaRegistry.register, checkRegisterMode)', () => {
  let server: ServerProcess;
  let api: Api;
  before(async () => {
    server = await startServer({ config: { compatibility: 'NONE' } });
    api = client(server.url);
    assert.deepEqual((await api.put('/mode?force=true', { mode: 'IMPORT' })).body, { mode: 'IMPORT' });
  });
  after(() => server.stop());

  const avro = (field: string) => `{"type":"record","name":"imp","fields":[{"name":"${field}","type":"string"}]}`;

  it('a new schema without an id is refused (not in read-write mode); an already registered one answers its id', async () => {
    assertError(await api.post('/subjects/imp-noid/versions', { schema: avro('a') }), 422, 42205, 'Subject imp-noid is not in read-write mode');
    assert.equal(await register(api, 'imp-noid', { schema: avro('a'), id: 50, version: 1 }), 50);
    assert.equal(await register(api, 'imp-noid', { schema: avro('a') }), 50);
  });

  it('an existing version is overwritten by a different schema; the same schema under another version is registered there too', async () => {
    assert.equal(await register(api, 'imp-over', { schema: avro('first'), id: 100, version: 1 }), 100);
    assert.equal(await register(api, 'imp-over', { schema: avro('second'), id: 101, version: 1 }), 101);
    const v1 = (await api.get('/subjects/imp-over/versions/1')).body;
    assert.deepEqual([v1.id, v1.schema], [101, avro('second')]);
    assertError(await api.get('/schemas/ids/100'), 404, 40403);
    assert.equal(await register(api, 'imp-over', { schema: avro('second'), id: 101, version: 2 }), 101);
    assert.deepEqual((await api.get('/subjects/imp-over/versions')).body, [1, 2]);
    assert.equal(await register(api, 'imp-over', { schema: avro('second'), id: 101, version: 2 }), 101);
    assert.deepEqual((await api.get('/subjects/imp-over/versions')).body, [1, 2]);
  });

  it('a version other schemas reference is not overwritten (42206)', async () => {
    const ref = '{"type":"record","name":"Ref","namespace":"imp","fields":[{"name":"f","type":"string"}]}';
    assert.equal(await register(api, 'imp-ref', { schema: ref, id: 200, version: 1 }), 200);
    const user = '{"type":"record","name":"User","namespace":"imp","fields":[{"name":"r","type":"imp.Ref"}]}';
    await register(api, 'imp-user', { schema: user, id: 201, version: 1, references: [{ name: 'imp.Ref', subject: 'imp-ref', version: 1 }] });
    assertError(await api.post('/subjects/imp-ref/versions', { schema: avro('other'), id: 202, version: 1 }), 422, 42206);
    assert.equal((await api.get('/subjects/imp-ref/versions/1')).body.id, 200);
  });
});
