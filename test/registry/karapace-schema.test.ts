// Karapace's own registry suite (tests/integration/test_schema.py), replayed over HTTP against a real Kafka-backed
// node: each `it` names the test_schema.py functions whose requests, statuses, error codes, messages and bodies it
// checks. Where Karapace asserts something Confluent does not do, Confluent wins and the comment says what Karapace
// expects instead (reference/karapace.md). Avro compatibility cases are in test/registry/compatibility.test.ts and
// src/formats/avro; this file keeps the ones that exercise the registry's own rules.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Producer } from '@platformatic/kafka';
import { call, client, kafkaBootstrap, startServer, type Answer, type ServerProcess } from '../harness.ts';

type Api = ReturnType<typeof client>;
let counter = 0;
const subjectName = (prefix: string) => `${prefix}-${++counter}`;
const body = (schema: unknown) => ({ schema: typeof schema === 'string' ? schema : JSON.stringify(schema) });
const record = (name: string, fields: unknown[]) => ({ type: 'record', name, fields });
const field = (name: string, type: unknown, extra: Record<string, unknown> = {}) => ({ name, type, ...extra });

function assertError(res: Answer, status: number, code: number, message?: string): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.body?.error_code, code, res.text);
  if (message !== undefined) assert.equal(res.body.message, message);
  assert.equal(res.headers.get('content-type'), 'application/vnd.schemaregistry.v1+json');
}

async function register(api: Api, subject: string, schema: unknown): Promise<number> {
  const res = await api.post(`/subjects/${encodeURIComponent(subject)}/versions`, body(schema));
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(Object.keys(res.body), ['id']);
  return res.body.id;
}

/** test_schema.py's assert_schema_versions: /schemas/ids/{id}/versions holds exactly these pairs. */
async function assertSchemaVersions(api: Api, id: number, expected: [string, number][], trail = ''): Promise<void> {
  const res = await api.get(`/schemas/ids/${id}/versions${trail}`);
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.body, expected.map(([subject, version]) => ({ subject, version })));
}

describe('Karapace test_schema.py', () => {
  let server: ServerProcess;
  let api: Api;
  before(async () => {
    server = await startServer();
    api = client(server.url);
  });
  after(() => server.stop());

  it('test_schema_types, test_common_endpoints, trailing slashes', async () => {
    for (const trail of ['', '/']) {
      const types = await api.get(`/schemas/types${trail}`);
      assert.equal(types.status, 200);
      assert.deepEqual([...types.body].sort(), ['AVRO', 'JSON', 'PROTOBUF']);
    }
    const root = await api.get('/');
    assert.deepEqual([root.status, root.body], [200, {}]);
    // test_schema_non_invalid_id: a non-numeric id matches no route.
    for (const trail of ['', '/']) assertError(await api.get(`/schemas/ids/invalid${trail}`), 404, 404, 'HTTP 404 Not Found');
    assertError(await api.get('/schemas/ids/123456789'), 404, 40403, 'Schema 123456789 not found');
  });

  it('test_schema_lifecycle, test_schema_versions_deleting: an id whose versions are all soft-deleted lists no versions', async () => {
    const subject = subjectName('lifecycle');
    const id1 = await register(api, subject, { type: 'string', foo: 'string', unique1: 'string' });
    const id2 = await register(api, subject, { type: 'string', foo: 'string', unique2: 'string' });
    assert.notEqual(id1, id2);
    await assertSchemaVersions(api, id1, [[subject, 1]]);
    await assertSchemaVersions(api, id2, [[subject, 2]], '/');
    assert.deepEqual(JSON.parse((await api.get(`/schemas/ids/${id1}`)).body.schema), { type: 'string', foo: 'string', unique1: 'string' });
    assert.deepEqual((await api.get(`/subjects/${subject}/versions`)).body, [1, 2]);

    assert.equal((await api.delete(`/subjects/${subject}/versions/1`)).text, '1');
    // The schema itself is still there (soft delete); its versions list is empty, 200 (Confluent and Karapace alike).
    assert.equal((await api.get(`/schemas/ids/${id1}/`)).status, 200);
    await assertSchemaVersions(api, id1, []);
    await assertSchemaVersions(api, id1, [[subject, 1]], '?deleted=true');
    assert.deepEqual((await api.get(`/schemas/ids/${id1}/subjects`)).body, []);
    await assertSchemaVersions(api, id2, [[subject, 2]]);

    assert.deepEqual((await api.delete(`/subjects/${subject}`)).body, [2]);
    await assertSchemaVersions(api, id2, []);
    assert.ok(!(await api.get('/subjects')).body.includes(subject));

    await register(api, subject, { type: 'string', unique3: 'string' });
    assert.ok((await api.get('/subjects')).body.includes(subject));
    assert.deepEqual((await api.get(`/subjects/${subject}/versions`)).body, [3]);
    assert.equal((await api.delete(`/subjects/${subject}/versions/3`)).status, 200);
    assert.ok(!(await api.get('/subjects/')).body.includes(subject));
    assert.ok((await api.get('/subjects/?deleted=true')).body.includes(subject));
    assertError(await api.get(`/subjects/${subject}/versions`), 404, 40401, `Subject '${subject}' not found.`);
    assertError(await api.get(`/subjects/${subject}/versions/latest`), 404, 40401, `Subject '${subject}' not found.`);
    await register(api, subject, { type: 'string', unique4: 'string' });
    assert.deepEqual((await api.get(`/subjects/${subject}/versions`)).body, [4]);
  });

  it('test_schema_delete_latest_version: `latest` is the newest live version', async () => {
    const subject = subjectName('dellatest');
    await api.put(`/config/${subject}`, { compatibility: 'NONE' });
    const id1 = await register(api, subject, record('DelLatest', [field('f1', 'string'), field('f2', 'string')]));
    const id2 = await register(api, subject, record('DelLatest', [field('f1', 'string')]));
    assert.equal((await api.delete(`/subjects/${subject}/versions/latest`)).text, '2');
    await assertSchemaVersions(api, id1, [[subject, 1]]);
    await assertSchemaVersions(api, id2, []);
    // Confluent resolves `latest` to the newest live version for a permanent delete too: version 1 is live (40407).
    assertError(await api.delete(`/subjects/${subject}/versions/latest?permanent=true`), 404, 40407,
      `Subject '${subject}' Version 1 was not deleted first before being permanently deleted`);
    assert.equal((await api.delete(`/subjects/${subject}/versions/latest`)).text, '1');
    // Nothing live: `latest` is VersionId -1.
    assertError(await api.delete(`/subjects/${subject}/versions/latest`), 404, 40402, 'Version -1 not found.');
    assertError(await api.delete(`/subjects/${subject}/versions/-1?permanent=true`), 404, 40402, 'Version -1 not found.');
    assert.equal((await api.delete(`/subjects/${subject}/versions/2?permanent=true`)).text, '2');
  });

  it('test_schema_subject_post_invalid, test_schema_same_subject: lookup answers and errors', async () => {
    const subject = subjectName('lookup');
    const id = await register(api, subject, { type: 'string' });
    const found = await api.post(`/subjects/${subject}`, body({ type: 'string' }));
    assert.equal(found.status, 200);
    assert.deepEqual(found.body, { subject, version: 1, id, schema: '"string"' });
    assert.deepEqual((await api.post(`/subjects/${subject}/`, body('"string"'))).body, found.body);
    // Karapace answers 500 "Error while looking up schema under subject ..." for an invalid schema; Confluent's
    // lookUpSchemaUnderSubject maps InvalidSchemaException to 42201.
    assertError(await api.post(`/subjects/${subject}`, body({ type: 'invalid_type' })), 422, 42201);
    const unknown = subjectName('lookup-unknown');
    assertError(await api.post(`/subjects/${unknown}`, body({ type: 'string' })), 404, 40401, `Subject '${unknown}' not found.`);
    assertError(await api.post(`/subjects/${subject}`, body('{"type": "int"}')), 404, 40403, 'Schema not found');
    // No schema in the body: Confluent looks nothing up (40403 under a known subject, Karapace answers 500 there),
    // and an unknown subject is 40401 (Karapace agrees).
    assertError(await api.post(`/subjects/${subject}`, {}), 404, 40403, 'Schema not found');
    assertError(await api.post(`/subjects/${unknown}`, {}), 404, 40401, `Subject '${unknown}' not found.`);
    assertError(await call(server.url, 'POST', `/subjects/${unknown}`, '{}', { 'content-type': 'application/json' }), 404, 40401);
    // test_schema_same_subject_unnamed: a primitive's "name" is no part of it (Java Avro drops it).
    const unnamed = subjectName('unnamed');
    const unnamedId = await register(api, unnamed, { type: 'int', name: 'whatever' });
    assert.deepEqual((await api.post(`/subjects/${unnamed}`, body({ type: 'int' }))).body, { subject: unnamed, version: 1, id: unnamedId, schema: '"int"' });
  });

  it('test_schema_body_validation, test_schema_missing_body: unknown fields are ignored, as Confluent does', async () => {
    const subject = subjectName('body');
    // Karapace answers 422 "Unrecognized field: invalid_field"; Confluent's Jackson ignores unknown properties.
    assertError(await api.post(`/subjects/${subject}/versions`, { invalid_field: 'invalid_value' }), 422, 42201, 'Empty schema');
    assertError(await api.post(`/subjects/${subject}/versions`, {}), 422, 42201, 'Empty schema');
    const id = await register(api, subject, '{"type": "string"}');
    const extra = await api.post(`/subjects/${subject}/versions`, { schema: '{"type": "string"}', invalid_field: 'invalid_value' });
    assert.deepEqual(extra.body, { id });
    assert.equal((await api.post(`/subjects/${subject}`, { schema: '{"type": "string"}', invalid_field: 1 })).body.id, id);
    // Karapace answers 500 for a body that is not an object; Jackson cannot map it: 400.
    for (const endpoint of [`/subjects/${subject}`, `/subjects/${subject}/versions`]) {
      assertError(await api.post(endpoint, '"invalid"'), 400, 400);
    }
    // test_regression_invalid_schema_type_should_not_give_internal_server_error: Karapace's error_code is 422,
    // Confluent's loadSchema throws InvalidSchemaException("Invalid schema type X"): 42201.
    for (const path of [`/subjects/${subject}/versions`, `/compatibility/subjects/${subject}/versions/latest`]) {
      assertError(await api.post(path, { schema: '"int"', schemaType: 'AVROO' }), 422, 42201, 'Invalid schema type AVROO');
    }
  });

  it('test_version_number_validation, test_schema_subject_invalid_id, test_schema_subject_version_schema', async () => {
    const subject = subjectName('versions');
    const schema = record('VersionCheck', [field('just_a_value', 'string')]);
    await register(api, subject, schema);
    for (const suffix of ['', '/schema']) {
      assert.equal((await api.get(`/subjects/${subject}/versions/1${suffix}`)).status, 200);
      assert.equal((await api.get(`/subjects/${subject}/versions/latest${suffix}`)).status, 200);
      for (const bad of ['0', 'invalid']) {
        assertError(await api.get(`/subjects/${subject}/versions/${bad}${suffix}`), 422, 42202,
          `The specified version '${bad}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`);
      }
      assertError(await api.get(`/subjects/${subject}/versions/15${suffix}`), 404, 40402, 'Version 15 not found.');
    }
    assert.deepEqual(JSON.parse((await api.get(`/subjects/${subject}/versions/1/schema`)).text), schema);
    const unknown = subjectName('versions-unknown');
    assertError(await api.get(`/subjects/${unknown}/versions/1/schema`), 404, 40401, `Subject '${unknown}' not found.`);
  });

  it('test_compatibility_to_non_existent_schema_version_returns_404: a numbered version must be live (40402)', async () => {
    const subject = subjectName('compat404');
    const schema = body(record('Compat404', [field('age', 'int')]));
    // Confluent's CompatibilityResource answers 40402, never 40401, for a missing numbered version.
    assertError(await api.post(`/compatibility/subjects/${subject}/versions/1`, { ...schema, schemaType: 'AVRO' }), 404, 40402, 'Version 1 not found.');
    assert.deepEqual((await api.post(`/compatibility/subjects/${subject}/versions/latest`, schema)).body, { is_compatible: true });
    await register(api, subject, schema.schema);
    assert.deepEqual((await api.post(`/compatibility/subjects/${subject}/versions/1`, schema)).body, { is_compatible: true });
    assert.equal((await api.delete(`/subjects/${subject}/versions/1`)).text, '1');
    assertError(await api.post(`/compatibility/subjects/${subject}/versions/1`, schema), 404, 40402, 'Version 1 not found.');
    assert.deepEqual((await api.post(`/compatibility/subjects/${subject}/versions/latest`, schema)).body, { is_compatible: true });
    assert.equal((await api.delete(`/subjects/${subject}/versions/1?permanent=true`)).status, 200);
    assertError(await api.post(`/compatibility/subjects/${subject}/versions/1`, schema), 404, 40402, 'Version 1 not found.');
  });

  it('test_compatibility_endpoint, test_record_schema_compatibility_forward/backward: 409 with error_code 409', async () => {
    const subject = subjectName('compat');
    await register(api, subject, record('CompatEndpoint', [field('age', 'int')]));
    await api.put(`/config/${subject}`, { compatibility: 'BACKWARD' });
    const check = (fields: unknown[]) => api.post(`/compatibility/subjects/${subject}/versions/latest/`, body(record('CompatEndpoint', fields)));
    assert.deepEqual((await check([field('age', 'long')])).body, { is_compatible: true });
    assert.deepEqual((await check([field('age', 'string')])).body, { is_compatible: false });

    const forward = subjectName('forward');
    const name = 'ForwardRecord';
    await register(api, forward, record(name, [field('first_name', 'string')]));
    await api.put(`/config/${forward}`, { compatibility: 'FORWARD' });
    await register(api, forward, record(name, [field('first_name', 'string'), field('last_name', 'string'), field('age', 'int')]));
    const removed = await api.post(`/subjects/${forward}/versions`, body(record(name, [field('last_name', 'string'), field('age', 'int')])));
    assertError(removed, 409, 409);
    assert.match(removed.body.message, new RegExp(`^Schema being registered is incompatible with an earlier schema for subject "${forward}"`));

    const transitive = subjectName('transitive');
    await api.put(`/config/${transitive}`, { compatibility: 'BACKWARD_TRANSITIVE' });
    await register(api, transitive, record('Objct', [field('age', 'int')]));
    await register(api, transitive, record('Objct', [field('age', 'int'), field('first_name', 'string', { default: 'John' })]));
    assertError(await api.post(`/subjects/${transitive}/versions`,
      body(record('Objct', [field('age', 'int'), field('first_name', 'string'), field('last_name', 'string', { default: 'Doe' })]))), 409, 409);
  });

  it('test_config, test_missing_subject_compatibility: global and subject config', async () => {
    const original = (await api.get('/config')).body.compatibilityLevel;
    try {
      for (const trail of ['', '/']) {
        const put = await api.put(`/config${trail}`, { compatibility: 'FULL' });
        assert.deepEqual([put.status, put.body], [200, { compatibility: 'FULL' }]);
        assert.equal(put.headers.get('content-type'), 'application/vnd.schemaregistry.v1+json');
        assert.deepEqual((await api.get(`/config${trail}`)).body, { compatibilityLevel: 'FULL' });
        assertError(await api.put(`/config${trail}`, { compatibility: 'nonexistentmode' }), 422, 42203,
          'Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive');
      }
      await api.put('/config', { compatibility: 'NONE' });
      const subject = subjectName('config');
      await register(api, subject, '{"type": "string"}');
      // Old Karapace answered 40401 here; Confluent (and Karapace since) 40408.
      const unset = `Subject '${subject}' does not have subject-level compatibility configured`;
      for (const query of ['', '?defaultToGlobal=false']) assertError(await api.get(`/config/${subject}${query}`), 404, 40408, unset);
      assert.deepEqual((await api.get(`/config/${subject}/?defaultToGlobal=true`)).body, { compatibilityLevel: 'NONE' });
      assert.deepEqual((await api.put(`/config/${subject}/`, { compatibility: 'FULL' })).body, { compatibility: 'FULL' });
      assert.deepEqual((await api.get(`/config/${subject}`)).body, { compatibilityLevel: 'FULL' });
      // Karapace answers the global level as {"compatibility": ...}; Confluent answers the deleted config.
      assert.deepEqual((await api.delete(`/config/${subject}`)).body, { compatibilityLevel: 'FULL' });
      assertError(await api.get(`/config/${subject}`), 404, 40408, unset);
      // A config may be set before the subject exists; the subject then still does not exist.
      const early = subjectName('config-early');
      assert.deepEqual((await api.put(`/config/${early}`, { compatibility: 'FULL' })).body, { compatibility: 'FULL' });
      assertError(await api.get(`/subjects/${early}/versions`), 404, 40401);
      await register(api, early, '{"type": "string"}');
      assert.deepEqual((await api.get(`/config/${early}`)).body, { compatibilityLevel: 'FULL' });
    } finally {
      await api.put('/config', { compatibility: original });
    }
  });

  it('test_http_headers: content negotiation and Jersey\'s bare 406/415 messages', async () => {
    assert.equal((await api.get('/subjects', { accept: 'application/json' })).headers.get('content-type'), 'application/json');
    assert.equal((await api.get('/subjects')).headers.get('content-type'), 'application/vnd.schemaregistry.v1+json');
    assertError(await api.get('/subjects', { accept: 'application/vnd.schemaregistry.v2+json' }), 406, 406, 'HTTP 406 Not Acceptable');
    assertError(await api.put('/config', { compatibility: 'NONE' }, { 'content-type': 'text/html' }), 415, 415, 'HTTP 415 Unsupported Media Type');
    const accepts: [string, string][] = [
      ['text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2', 'application/vnd.schemaregistry.v1+json'],
      ['application/vnd.schemaregistry.v2+json; q=0.1, application/vnd.schemaregistry+json; q=0.9', 'application/vnd.schemaregistry+json'],
      ['application/*', 'application/vnd.schemaregistry.v1+json'],
      ['*/*', 'application/vnd.schemaregistry.v1+json'],
    ];
    for (const [accept, type] of accepts) {
      const res = await api.get('/subjects', { accept });
      assert.equal(res.status, 200, accept);
      assert.equal(res.headers.get('content-type'), type, accept);
    }
    assertError(await api.get('/subjects', { accept: 'text/*' }), 406, 406, 'HTTP 406 Not Acceptable');
    assertError(await api.get('/subjects', { accept: 'application/octet-stream' }), 406, 406, 'HTTP 406 Not Acceptable');
    const original = (await api.get('/config')).body.compatibilityLevel;
    try {
      const octet = await api.put('/config', { compatibility: 'FULL' }, { 'content-type': 'application/octet-stream' });
      assert.deepEqual([octet.status, octet.headers.get('content-type')], [200, 'application/vnd.schemaregistry.v1+json']);
      const charset = await api.put('/config', { compatibility: 'NONE' }, { 'content-type': 'application/vnd.schemaregistry.v1+json; charset=utf-8' });
      assert.deepEqual([charset.status, charset.body], [200, { compatibility: 'NONE' }]);
      // A UTF-16 body with a byte-order mark: Confluent's Jackson and Karapace's aiohttp both read it.
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify({ compatibility: 'FULL' }), 'utf16le')]);
      const wide = await fetch(`${server.url}/config`, {
        method: 'PUT', body: utf16, headers: { 'content-type': 'application/vnd.schemaregistry.v1+json; charset=utf-16' },
      });
      assert.deepEqual([wide.status, await wide.json()], [200, { compatibility: 'FULL' }]);
    } finally {
      await api.put('/config', { compatibility: original });
    }
  });

  it('test_http_headers: Jersey reads Accept "*" as */* and */x as any type', async () => {
    for (const accept of ['*', '*/does_not_matter']) {
      const res = await api.get('/subjects', { accept });
      assert.equal(res.status, 200, accept);
      assert.equal(res.headers.get('content-type'), 'application/vnd.schemaregistry.v1+json', accept);
    }
  });

  it('test_schema_repost, test_schema_three_subjects_sharing_schema, test_schema_version_number_existing_schema', async () => {
    const repost = subjectName('repost');
    const unique = { type: 'string', unique: `u${counter}` };
    const id = await register(api, repost, unique);
    assert.deepEqual(JSON.parse((await api.get(`/schemas/ids/${id}/`)).body.schema), unique);
    assert.equal(await register(api, repost, JSON.stringify(unique, null, 2)), id);

    const shared = record('Object', [field('just_a_value', 'string'), field(`unique${counter}`, 'string')]);
    const [first, second, third] = [subjectName('shared'), subjectName('shared'), subjectName('shared')];
    const sharedId = await register(api, first, shared);
    assert.equal(await register(api, second, shared), sharedId);
    await api.put(`/config/${third}`, { compatibility: 'NONE' });
    await register(api, third, '{"type": "string"}');
    assert.equal(await register(api, third, shared), sharedId);
    const expected: [string, number][] = [[first, 1], [second, 1], [third, 2]];
    await assertSchemaVersions(api, sharedId, expected.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

    const growing = subjectName('existing');
    await api.put(`/config/${growing}`, { compatibility: 'NONE' });
    const s1 = record('Object', [field('just_a_value', 'string'), field(`u${counter}`, 'string')]);
    const s2 = record('Object', [field('just_a_value2', 'string'), field(`u${counter}`, 'string')]);
    const s3 = record('Object', [field('just_a_value3', 'int'), field(`u${counter}`, 'string')]);
    const id1 = await register(api, growing, s1);
    const id2 = await register(api, growing, s2);
    assert.ok(id2 > id1);
    const other = subjectName('existing');
    await api.put(`/config/${other}`, { compatibility: 'NONE' });
    assert.equal(await register(api, other, s1), id1);
    assert.ok((await register(api, other, s3)) > id2);
  });

  it('test_schema_version_numbering: versions continue after the subject is soft-deleted', async () => {
    const subject = subjectName('numbering');
    const schema = record(`Numbering${counter}`, [field('first_name', 'string')]);
    await register(api, subject, schema);
    await api.put(`/config/${subject}`, { compatibility: 'FORWARD' });
    await register(api, subject, record(`Numbering${counter}`, [field('first_name', 'string'), field('last_name', 'string')]));
    assert.deepEqual((await api.get(`/subjects/${subject}/versions`)).body, [1, 2]);
    assert.deepEqual((await api.delete(`/subjects/${subject}`)).body, [1, 2]);
    await register(api, subject, schema);
    assert.deepEqual((await api.get(`/subjects/${subject}/versions`)).body, [3]);
  });

  it('test_schema_hard_delete_version, test_schema_hard_delete_whole_schema', async () => {
    const enumRecord = (symbols: string[]) => record('myenumtest', [field('faa', { type: 'enum', name: 'enumtest', symbols })]);
    const subject = subjectName('harddel');
    await api.put(`/config/${subject}`, { compatibility: 'BACKWARD' });
    const v1 = await register(api, subject, enumRecord(['first', 'second']));
    assert.notEqual(await register(api, subject, enumRecord(['first', 'second', 'third'])), v1);
    assertError(await api.delete(`/subjects/${subject}/versions/1?permanent=true`), 404, 40407,
      `Subject '${subject}' Version 1 was not deleted first before being permanently deleted`);
    assert.equal((await api.delete(`/subjects/${subject}/versions/1`)).text, '1');
    assertError(await api.delete(`/subjects/${subject}/versions/1`), 404, 40406,
      `Subject '${subject}' Version 1 was soft deleted.Set permanent=true to delete permanently`);
    assertError(await api.get(`/subjects/${subject}/versions/1`), 404, 40402, 'Version 1 not found.');
    const deleted = await api.get(`/subjects/${subject}/versions/1?deleted=true`);
    assert.deepEqual([deleted.status, deleted.body.version, deleted.body.subject], [200, 1, subject]);
    // test_deleted_flag.py: asked with deleted=true, a version says whether it is soft-deleted; otherwise no flag.
    assert.equal(deleted.body.deleted, true);
    const live = await api.get(`/subjects/${subject}/versions/2?deleted=true`);
    assert.deepEqual([live.status, live.body.deleted], [200, false]);
    assert.equal('deleted' in (await api.get(`/subjects/${subject}/versions/2`)).body, false);
    assert.equal((await api.delete(`/subjects/${subject}/versions/1?permanent=true`)).text, '1');
    assertError(await api.delete(`/subjects/${subject}/versions/1?permanent=true`), 404, 40402, 'Version 1 not found.');
    assertError(await api.get(`/subjects/${subject}/versions/1?deleted=true`), 404, 40402, 'Version 1 not found.');

    const whole = subjectName('harddel-whole');
    await register(api, whole, enumRecord(['first', 'second']));
    await register(api, whole, enumRecord(['first', 'second', 'third']));
    assertError(await api.delete(`/subjects/${whole}?permanent=true`), 404, 40405,
      `Subject '${whole}' was not deleted first before being permanently deleted`);
    assert.deepEqual((await api.delete(`/subjects/${whole}`)).body, [1, 2]);
    assertError(await api.get(`/subjects/${whole}/versions`), 404, 40401, `Subject '${whole}' not found.`);
    assertError(await api.delete(`/subjects/${whole}`), 404, 40404, `Subject '${whole}' was soft deleted.Set permanent=true to delete permanently`);
    assert.deepEqual((await api.delete(`/subjects/${whole}?permanent=true`)).body, [1, 2]);
    assertError(await api.get(`/subjects/${whole}/versions`), 404, 40401, `Subject '${whole}' not found.`);
  });

  it('test_schema_hard_delete_and_recreate: a hard-deleted schema registered again gets a new id (Confluent)', async () => {
    const subject = subjectName('recreate');
    assertError(await api.delete(`/subjects/${subject}`), 404, 40401, `Subject '${subject}' not found.`);
    assertError(await api.delete(`/subjects/${subject}/versions/1`), 404, 40401, `Subject '${subject}' not found.`);
    const schema = record(`Recreate${counter}`, [field('faa', { type: 'enum', name: 'enumtest', symbols: ['first', 'second'] })]);
    const id = await register(api, subject, schema);
    assert.equal((await api.delete(`/subjects/${subject}`)).status, 200);
    assert.equal(await register(api, subject, schema), id, 'after a soft delete the same schema keeps its id');
    assert.equal((await api.delete(`/subjects/${subject}`)).status, 200);
    assert.equal((await api.delete(`/subjects/${subject}?permanent=true`)).status, 200);
    assertError(await api.delete(`/subjects/${subject}`), 404, 40401, `Subject '${subject}' not found.`);
    assertError(await api.get(`/subjects/${subject}/versions`), 404, 40401, `Subject '${subject}' not found.`);
    // Karapace keeps the id of a hard-deleted schema and hands it out again; Confluent's lookup cache forgets an id
    // once no subject version uses it, so the schema gets a new one, and the old id is gone.
    const again = await register(api, subject, schema);
    assert.ok(again > id);
    assertError(await api.get(`/schemas/ids/${id}`), 404, 40403);
    assert.ok((await api.get('/subjects')).body.includes(subject));
  });
});

describe('Karapace test_schema.py: records written straight into the schemas topic', () => {
  let server: ServerProcess;
  let api: Api;
  let producer: Producer;
  before(async () => {
    server = await startServer();
    api = client(server.url);
    producer = new Producer({ clientId: 'karapace-schema-test', bootstrapBrokers: [await kafkaBootstrap()] });
  });
  after(async () => {
    await producer.close();
    await server.stop();
  });

  const send = (key: object, value: object | null) => producer.send({
    messages: [{ topic: server.topic, partition: 0, key: Buffer.from(JSON.stringify(key)), value: value === null ? undefined : Buffer.from(JSON.stringify(value)) }],
  });
  async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!(await check())) {
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('test_malformed_kafka_message: a stored schema that does not parse is served as its text', async () => {
    const id = 20000 + counter;
    const schema = JSON.stringify({ foo: 'bar' });
    await send({ subject: 'foo', version: 1, magic: 1, keytype: 'SCHEMA' }, { deleted: false, id, subject: 'foo', version: 1, schema });
    await eventually(async () => (await api.get(`/schemas/ids/${id}`)).status === 200, `schema ${id}`);
    assert.deepEqual((await api.get(`/schemas/ids/${id}`)).body, { schema });
  });

  it('test_schema_recreate_after_odd_hard_delete: a tombstone without a soft delete first', async () => {
    const subject = subjectName('odd');
    const schema = record(`Odd${counter}`, [field('faa', { type: 'enum', name: 'enumtest', symbols: ['first', 'second'] })]);
    const key = { subject, version: 1, magic: 1, keytype: 'SCHEMA' };
    await send(key, { deleted: false, id: 30000 + counter, subject, version: 1, schema: JSON.stringify(schema) });
    await send(key, null);
    // A registration answers only once this node has read its own record, so both records above are applied by then.
    await register(api, subjectName('barrier'), { type: 'string', barrier: counter });
    assert.ok(!(await api.get('/subjects?deleted=true')).body.includes(subject));
    const id = await register(api, subject, schema);
    assert.ok((await api.get('/subjects')).body.includes(subject));
    assert.deepEqual((await api.get(`/subjects/${subject}/versions`)).body, [1]);
    assert.equal((await api.delete(`/subjects/${subject}`)).status, 200);
    assert.equal(await register(api, subject, schema), id);
    assert.deepEqual((await api.get(`/subjects/${subject}/versions`)).body, [2]);
  });
});
