// Cases of Confluent's newest RestApiTest (core/.../rest/AbstractRestApiTest.java, where RestApiTest's methods now
// live) that confluent-rest-api.test.ts does not replay, plus the IMPORT registration its register code implies:
// each `it` names the Confluent test whose requests and answers it checks, over HTTP against a Kafka-backed node.
// Left out: named contexts (testRegisterDiffContext, testSchemaReferences{Same,Different}Context,
// testSchemaUnqualifiedReferencesInContext), Confluent 8 features (schema guids, /v1/metadata/deployment), features
// not built here (testRegisterSchemaWithReservedFields: validateFields; testRegisterSchemaWithInvalidNamespace:
// validateNames; testRegisterDropsRuleSet), the response headers Confluent's own test harness configures
// (testHttpResponseHeaders) and the Java-only testInvalidSchema.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { client, startServer, type ServerProcess } from '../harness.ts';

type Api = ReturnType<typeof client>;

function assertError(res: { status: number; body: any; text: string }, status: number, code: number, message?: string): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.body?.error_code, code, res.text);
  if (message !== undefined) assert.equal(res.body.message, message);
}

async function registered(api: Api, subject: string, body: Record<string, unknown>): Promise<number> {
  const res = await api.post(`/subjects/${encodeURIComponent(subject)}/versions`, body);
  assert.equal(res.status, 200, `register under ${subject}: ${res.text}`);
  return res.body.id;
}

/** A referenced record and a record that uses it (TestUtils.getAvroSchemaWithReferences, and the Ref/Base pair). */
const subrecord = '{"type":"record","name":"Subrecord","namespace":"otherns","fields":[{"name":"field2","type":"string"}]}';
const myRecord = '{"type":"record","name":"MyRecord","namespace":"ns","fields":[{"name":"field1","type":"otherns.Subrecord"}]}';
const refRecord = '{"type":"record","name":"Ref","namespace":"com.example","fields":[{"name":"id","type":"string"}]}';
const baseRecord = '{"type":"record","name":"Base","namespace":"com.example","fields":[{"name":"refField","type":"com.example.Ref"}]}';
const baseRecord2 = '{"type":"record","name":"Base","namespace":"com.example","fields":[{"name":"refField","type":"com.example.Ref"},{"name":"newField","type":"string"}]}';

const missingReference = (subject: string, version: number) =>
  `Invalid schema of type AVRO, details: No schema reference found for subject "${subject}" and version ${version}`;

describe('Confluent RestApiTest, the cases confluent-rest-api.test.ts leaves out (compatibility NONE)', () => {
  let server: ServerProcess;
  let api: Api;
  before(async () => {
    server = await startServer({ config: { compatibility: 'NONE' } });
    api = client(server.url);
  });
  after(() => server.stop());

  it('testRegisterInvalidSubject: control characters in the subject are 42208, nothing registered', async () => {
    const schema = '{"type":"record","name":"myrecord","fields":[{"name":"f1","type":"string"}]}';
    const res = await api.post(`/subjects/${encodeURIComponent('\rbad\nsubject\t')}/versions`, { schema });
    assertError(res, 422, 42208);
    assert.ok(!(await api.get('/subjects')).body.includes('\rbad\nsubject\t'));
  });

  it('testDeleteAndCreateWithDanglingReference: a new schema cannot reference a soft- or hard-deleted version (42201)', async () => {
    const reference = 'dangling-reference';
    const referrer = 'dangling-referrer';
    await registered(api, reference, { schema: subrecord });
    const references = [{ name: 'otherns.Subrecord', subject: reference, version: 1 }];
    await registered(api, referrer, { schema: myRecord, references });
    // The referrer goes first; then the reference may be deleted (soft-deleted referrers do not hold it).
    assert.equal((await api.delete(`/subjects/${referrer}/versions/1`)).body, 1);
    assert.equal((await api.delete(`/subjects/${reference}/versions/1`)).body, 1);
    // Registering the referrer again resolves its references as live versions only (Confluent's isNew parse).
    assertError(await api.post(`/subjects/${referrer}/versions`, { schema: myRecord, references }), 422, 42201, missingReference(reference, 1));
    // So nothing came to reference it, and the hard delete goes through.
    assert.equal((await api.delete(`/subjects/${reference}/versions/1?permanent=true`)).body, 1);
    assertError(await api.post(`/subjects/${referrer}/versions`, { schema: myRecord, references }), 422, 42201, missingReference(reference, 1));
  });

  it('testReviveSchemaWithDanglingReference: a soft-deleted referrer is not revived once its reference is gone', async () => {
    const refId = await registered(api, 'revive-ref', { schema: refRecord });
    const references = [{ name: 'com.example.Ref', subject: 'revive-ref', version: 1 }];
    const baseId = await registered(api, 'revive-base', { schema: baseRecord, references });
    assert.ok(baseId > refId);
    assert.equal((await api.delete('/subjects/revive-base/versions/1')).body, 1);
    assert.equal((await api.delete('/subjects/revive-ref/versions/1')).body, 1);
    assert.equal((await api.delete('/subjects/revive-ref/versions/1?permanent=true')).body, 1);
    assertError(await api.post('/subjects/revive-base/versions', { schema: baseRecord, references }), 422, 42201, missingReference('revive-ref', 1));
    assertError(await api.post('/subjects/revive-base/versions', { schema: baseRecord2, references }), 422, 42201, missingReference('revive-ref', 1));
  });

  it('a lookup still finds a version whose reference was soft-deleted (only a new schema needs live references)', async () => {
    await registered(api, 'lookup-ref', { schema: subrecord });
    const references = [{ name: 'otherns.Subrecord', subject: 'lookup-ref', version: 1 }];
    const id = await registered(api, 'lookup-referrer', { schema: myRecord, references });
    assert.equal((await api.delete('/subjects/lookup-referrer/versions/1')).body, 1);
    assert.equal((await api.delete('/subjects/lookup-ref/versions/1')).body, 1);
    const found = await api.post('/subjects/lookup-referrer?deleted=true', { schema: myRecord, references });
    assert.equal(found.status, 200, found.text);
    assert.equal(found.body.id, id);
    assert.equal(found.body.version, 1);
  });
});

describe('Confluent register in IMPORT mode: an already registered schema with another id and no version', () => {
  let server: ServerProcess;
  let api: Api;
  before(async () => {
    server = await startServer({ config: { compatibility: 'NONE' } });
    api = client(server.url);
  });
  after(() => server.stop());

  const schema = '{"type":"record","name":"imported","fields":[{"name":"f1","type":"string"}]}';

  it('is registered again with that id as the next version (no 42207); each id then answers itself', async () => {
    assert.deepEqual((await api.put('/mode?force=true', { mode: 'IMPORT' })).body, { mode: 'IMPORT' });
    assert.equal(await registered(api, 'imp', { schema, id: 500, version: 3 }), 500);
    // Confluent's registerOrForward finds version 3 with id 500, goes on to register because 501 differs, and its
    // register writes version 4 with id 501.
    assert.deepEqual((await api.post('/subjects/imp/versions', { schema, id: 501 })).body, { id: 501 });
    assert.deepEqual((await api.get('/subjects/imp/versions')).body, [3, 4]);
    const v4 = (await api.get('/subjects/imp/versions/4')).body;
    assert.equal(v4.id, 501);
    assert.equal(v4.schema, schema);
    assert.deepEqual((await api.get('/schemas/ids/501/versions')).body, [{ subject: 'imp', version: 4 }]);
    // Sent again, either id is the version holding it: nothing more is written.
    assert.deepEqual((await api.post('/subjects/imp/versions', { schema, id: 501 })).body, { id: 501 });
    assert.deepEqual((await api.post('/subjects/imp/versions', { schema, id: 500 })).body, { id: 500 });
    assert.deepEqual((await api.get('/subjects/imp/versions')).body, [3, 4]);
    // An id that holds another schema is still refused (checkIfSchemaWithIdExist: 42205).
    await registered(api, 'other', { schema: '"string"', id: 600, version: 1 });
    assertError(await api.post('/subjects/imp/versions', { schema, id: 600 }), 422, 42205);
    await api.put('/mode', { mode: 'READWRITE' });
  });
});
