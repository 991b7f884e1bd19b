// Registering, reading and looking up Avro schemas over real HTTP against a real Kafka-backed node.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { client, startServer, type ServerProcess } from '../harness.ts';

const user = { type: 'record', name: 'User', namespace: 'com.acme', fields: [{ name: 'id', type: 'long' }, { name: 'name', type: 'string' }] };
const userV2 = { ...user, fields: [...user.fields, { name: 'email', type: ['null', 'string'], default: null }] };
const schema = (value: unknown) => ({ schema: JSON.stringify(value) });

describe('subjects and versions', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  before(async () => {
    server = await startServer();
    api = client(server.url);
  });
  after(() => server.stop());

  it('registers a schema and answers {"id":N}', async () => {
    const res = await api.post('/subjects/users-value/versions', schema(user));
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['id']);
    assert.equal(res.headers.get('content-type'), 'application/vnd.schemaregistry.v1+json');
    const again = await api.post('/subjects/users-value/versions', { schema: JSON.stringify(user, null, 2) });
    assert.deepEqual(again.body, res.body, 'the same schema (other whitespace) keeps its id and version');
    assert.deepEqual((await api.get('/subjects/users-value/versions')).body, [1]);
  });

  it('serves a version in Confluent 7.x shape, without schemaType for AVRO', async () => {
    const res = await api.get('/subjects/users-value/versions/1');
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body), ['subject', 'version', 'id', 'schema']);
    assert.equal(res.body.subject, 'users-value');
    assert.deepEqual(JSON.parse(res.body.schema), user);
    const latest = await api.get('/subjects/users-value/versions/latest');
    assert.deepEqual(latest.body, res.body);
    assert.deepEqual((await api.get('/subjects/users-value/versions/-1')).body, res.body);
    const raw = await api.get('/subjects/users-value/versions/1/schema');
    assert.deepEqual(JSON.parse(raw.text), user);
  });

  it('serves schemas by id, with /schema, /subjects and /versions', async () => {
    const { id } = (await api.get('/subjects/users-value/versions/1')).body;
    const byId = await api.get(`/schemas/ids/${id}`);
    assert.deepEqual(Object.keys(byId.body), ['schema']);
    assert.deepEqual(JSON.parse(byId.body.schema), user);
    assert.deepEqual(JSON.parse((await api.get(`/schemas/ids/${id}/schema`)).text), user);
    assert.deepEqual((await api.get(`/schemas/ids/${id}/subjects`)).body, ['users-value']);
    assert.deepEqual((await api.get(`/schemas/ids/${id}/versions`)).body, [{ subject: 'users-value', version: 1 }]);
    const withMax = await api.get(`/schemas/ids/${id}?fetchMaxId=true`);
    assert.equal(typeof withMax.body.maxId, 'number');
    const missing = await api.get('/schemas/ids/999999');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { error_code: 40403, message: 'Schema 999999 not found' });
    assert.equal((await api.get('/schemas/ids/abc')).status, 404);
  });

  it('registers a compatible second version and reuses ids across subjects', async () => {
    const v2 = await api.post('/subjects/users-value/versions', schema(userV2));
    assert.equal(v2.status, 200);
    const v1 = (await api.get('/subjects/users-value/versions/1')).body;
    assert.notEqual(v2.body.id, v1.id);
    assert.deepEqual((await api.get('/subjects/users-value/versions')).body, [1, 2]);
    const other = await api.post('/subjects/other-value/versions', schema(user));
    assert.equal(other.body.id, v1.id, 'the same schema under another subject reuses its id');
    assert.deepEqual((await api.get(`/schemas/ids/${v1.id}/subjects`)).body, ['other-value', 'users-value']);
    assert.equal((await api.get('/subjects/other-value/versions/1')).body.version, 1);
  });

  it('looks a schema up under a subject (POST /subjects/{s})', async () => {
    const found = await api.post('/subjects/users-value', schema(userV2));
    assert.equal(found.status, 200);
    assert.equal(found.body.version, 2);
    assert.equal(found.body.subject, 'users-value');
    const unknownSchema = await api.post('/subjects/users-value', schema({ ...user, name: 'Nope' }));
    assert.equal(unknownSchema.status, 404);
    assert.equal(unknownSchema.body.error_code, 40403);
    const unknownSubject = await api.post('/subjects/nobody', schema(user));
    assert.deepEqual(unknownSubject.body, { error_code: 40401, message: "Subject 'nobody' not found." });
  });

  it('lists subjects with a prefix, and schemas', async () => {
    assert.deepEqual((await api.get('/subjects')).body, ['other-value', 'users-value']);
    assert.deepEqual((await api.get('/subjects?subjectPrefix=users')).body, ['users-value']);
    const all = await api.get('/schemas');
    assert.deepEqual(all.body.map((s: { subject: string; version: number }) => `${s.subject}/${s.version}`), ['other-value/1', 'users-value/1', 'users-value/2']);
    const latest = await api.get('/schemas?latestOnly=true&subjectPrefix=users');
    assert.deepEqual(latest.body.map((s: { version: number }) => s.version), [2]);
    assert.deepEqual((await api.get('/subjects?offset=1&limit=1')).body, ['users-value']);
    // Confluent's normalizeLimit: a limit that is not positive is the default one, not an empty page.
    assert.deepEqual((await api.get('/subjects?limit=0')).body, ['other-value', 'users-value']);
    assert.equal((await api.get('/schemas?limit=0')).body.length, 3);
  });

  it('answers 40402 and 42202 for versions that do not exist or are not versions', async () => {
    assert.deepEqual((await api.get('/subjects/users-value/versions/7')).body, { error_code: 40402, message: 'Version 7 not found.' });
    for (const bad of ['0', 'abc', '2147483648']) {
      const res = await api.get(`/subjects/users-value/versions/${bad}`);
      assert.equal(res.status, 422, bad);
      assert.equal(res.body.error_code, 42202);
    }
    assert.equal((await api.get('/subjects/nobody/versions/1')).body.error_code, 40401);
    assert.equal((await api.get('/subjects/nobody/versions')).body.error_code, 40401);
  });

  it('primitive schemas are stored in canonical form', async () => {
    const res = await api.post('/subjects/prim/versions', { schema: '{"type": "string"}' });
    assert.equal(res.status, 200);
    assert.equal((await api.get('/subjects/prim/versions/1')).body.schema, '"string"');
    assert.equal((await api.post('/subjects/prim/versions', { schema: '"string"' })).body.id, res.body.id);
  });

  it('rejects invalid schemas with 42201 and says why', async () => {
    const bad = await api.post('/subjects/bad/versions', { schema: '{"type":"record","name":"X","fields":[{"name":"a","type":"nope"}]}' });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error_code, 42201);
    assert.match(bad.body.message, /nope/);
    const notJson = await api.post('/subjects/bad/versions', { schema: '{not json' });
    assert.equal(notJson.body.error_code, 42201);
    const empty = await api.post('/subjects/bad/versions', { schema: '' });
    assert.deepEqual(empty.body, { error_code: 42201, message: 'Empty schema' });
    const type = await api.post('/subjects/bad/versions', { schema: '"int"', schemaType: 'XML' });
    assert.deepEqual(type.body, { error_code: 42201, message: 'Invalid schema type XML' });
    assert.equal((await api.get('/subjects/bad/versions')).body.error_code, 40401, 'nothing was registered');
  });

  it('normalize=true makes equivalent schemas one version', async () => {
    const a = { type: 'record', name: 'N', fields: [{ name: 'a', type: 'int' }] };
    const b = { fields: [{ type: 'int', name: 'a' }], name: 'N', type: 'record' };
    const first = await api.post('/subjects/norm/versions?normalize=true', schema(a));
    const second = await api.post('/subjects/norm/versions?normalize=true', schema(b));
    assert.equal(second.body.id, first.body.id);
    assert.deepEqual((await api.get('/subjects/norm/versions')).body, [1]);
    assert.equal((await api.post('/subjects/norm?normalize=true', schema(b))).body.version, 1);
  });

  it('finds the newest version whose metadata matches (GET /subjects/{s}/metadata)', async () => {
    const subject = 'with-metadata-value';
    const enumOf = (symbols: string[]) => JSON.stringify({ type: 'enum', name: 'E', symbols });
    await api.put(`/config/${subject}`, { compatibility: 'NONE' });
    const v1 = await api.post(`/subjects/${subject}/versions`, { schema: enumOf(['A']), metadata: { properties: { owner: 'a', app: 'x' } } });
    const v2 = await api.post(`/subjects/${subject}/versions`, { schema: enumOf(['B']), metadata: { properties: { owner: 'b' } } });
    assert.equal(v2.status, 200, v2.text);
    const found = (query: string) => api.get(`/subjects/${subject}/metadata${query}`);
    assert.deepEqual([(await found('?key=owner&value=a')).body.version, (await found('?key=owner&value=a')).body.id], [1, v1.body.id]);
    assert.equal((await found('?key=owner&value=a&key=app&value=x')).body.version, 1);
    assert.equal((await found('?key=owner&value=b')).body.version, 2);
    assert.equal((await found('')).body.version, 2);
    assert.deepEqual((await found('?key=owner&value=a')).body.metadata, { properties: { owner: 'a', app: 'x' } });
    assert.deepEqual([(await found('?key=owner&value=c')).status, (await found('?key=owner&value=c')).body.error_code], [404, 40403]);
    assert.equal((await api.get('/subjects/no-such-subject/metadata?key=a&value=b')).body.error_code, 40401);
  });

  it('serves GET /, /schemas/types and /_health', async () => {
    assert.deepEqual((await api.get('/')).body, {});
    assert.deepEqual((await api.get('/schemas/types')).body, ['JSON', 'PROTOBUF', 'AVRO']);
    const health = await api.get('/_health');
    assert.equal(health.status, 200);
    assert.equal(health.body.healthy, true);
    assert.equal(health.body.status.schema_registry_ready, true);
  });
});
