// Confluent Schema Registry's own REST API tests (core/.../rest/RestApiTest.java), replayed over HTTP against a real
// Kafka-backed node: each `it` names the RestApiTest method whose requests, statuses, error codes and bodies it
// checks. RestApiTest runs its registry with `schema.compatibility.level=none` and Avro default validation on, so
// the main node here starts with compatibility NONE too. Tests whose ids must start at 1 (IMPORT) or that change
// the global mode get a node (and schemas topic) of their own.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { client, startServer, type ServerProcess } from '../harness.ts';

type Api = ReturnType<typeof client>;

/** TestUtils.getRandomCanonicalAvroString: one-field records named "myrecord", in Avro's canonical form. */
const randomAvro = (n: number) =>
  Array.from({ length: n }, () => `{"type":"record","name":"myrecord","fields":[{"name":"f${randomInt(2 ** 31 - 1)}","type":"string"}]}`);

/** Two records with field `f` of different types: incompatible under FULL (RestApiTest's schema1/schema2). */
const fString = '{"type":"record","name":"myrecord","fields":[{"name":"f","type":"string"}]}';
const fInt = '{"type":"record","name":"myrecord","fields":[{"name":"f","type":"int"}]}';

/** TestUtils.getAvroSchemaWithReferences: a record and a referrer naming it. */
const subrecord = '{"type":"record","name":"Subrecord","namespace":"otherns","fields":[{"name":"field2","type":"string"}]}';
const myRecord = '{"type":"record","name":"MyRecord","namespace":"ns","fields":[{"name":"field1","type":"otherns.Subrecord"}]}';
/** MyRecord with its referenced Subrecord written inline (the schema of Avro's generated ns.MyRecord). */
const myRecordInlined = `{"type":"record","name":"MyRecord","namespace":"ns","fields":[{"name":"field1","type":${subrecord}}]}`;

async function register(api: Api, subject: string, body: Record<string, unknown>, query = ''): Promise<number> {
  const res = await api.post(`/subjects/${encodeURIComponent(subject)}/versions${query}`, body);
  assert.equal(res.status, 200, `register under ${subject}: ${res.text}`);
  return res.body.id;
}

/** TestUtils.registerAndVerifySchema: registers, and reads the same text back by id. */
async function registerAndVerify(api: Api, subject: string, schema: string, expectedId?: number): Promise<number> {
  const id = await register(api, subject, { schema });
  if (expectedId !== undefined) assert.equal(id, expectedId);
  assert.equal((await api.get(`/schemas/ids/${id}`)).body.schema, schema);
  return id;
}

function assertError(res: { status: number; body: any; text: string }, status: number, code: number, message?: string): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.body?.error_code, code, res.text);
  if (message !== undefined) assert.equal(res.body.message, message);
}

const compatible = async (api: Api, subject: string, body: Record<string, unknown>, version?: string, query = '') => {
  const path = `/compatibility/subjects/${subject}/versions${version === undefined ? '' : `/${version}`}${query}`;
  const res = await api.post(path, body);
  assert.equal(res.status, 200, res.text);
  return res.body.is_compatible as boolean;
};

describe('Confluent RestApiTest (compatibility NONE)', () => {
  let server: ServerProcess;
  let api: Api;
  before(async () => {
    server = await startServer({ config: { compatibility: 'NONE' } });
    api = client(server.url);
  });
  after(() => server.stop());

  it('testBasic: empty registry, ten versions, re-registration keeps ids, pagination, latestOnly', async () => {
    assertError(await api.get('/subjects/basic1/versions'), 404, 40401, "Subject 'basic1' not found.");
    assert.deepEqual((await api.get('/contexts')).body, ['.']);
    assert.deepEqual((await api.get('/contexts?limit=1&offset=0')).body, ['.']);
    assert.deepEqual((await api.get('/contexts?limit=1&offset=1')).body, []);
    assert.deepEqual((await api.get('/subjects')).body, []);
    const first = randomAvro(10);
    const second = randomAvro(5);
    const ids: number[] = [];
    for (const schema of first) ids.push(await registerAndVerify(api, 'basic1', schema));
    for (let i = 1; i < ids.length; i++) assert.equal(ids[i], ids[0]! + i, 'ids are allotted one after another');
    for (const [i, schema] of first.entries()) assert.equal(await register(api, 'basic1', { schema }), ids[i]);
    for (const schema of second) await registerAndVerify(api, 'basic2', schema);
    assert.deepEqual((await api.get('/subjects/basic1/versions')).body, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual((await api.get('/subjects/basic2/versions')).body, [1, 2, 3, 4, 5]);
    assert.deepEqual((await api.get('/subjects')).body, ['basic1', 'basic2']);
    assert.deepEqual((await api.get('/subjects?offset=0&limit=1')).body, ['basic1']);
    assert.deepEqual((await api.get('/subjects?offset=1&limit=1')).body, ['basic2']);
    const latest = (await api.get('/schemas?latestOnly=true')).body;
    assert.deepEqual(latest.map((s: any) => [s.subject, s.version]), [['basic1', 10], ['basic2', 5]]);
  });

  it('testRegisterSameSchemaOnDifferentSubject: one id for one schema', async () => {
    const [schema] = randomAvro(1);
    assert.equal(await register(api, 'same1', { schema }), await register(api, 'same2', { schema }));
  });

  it('testRegisterBadDefault: a default of the wrong type is 42201 for compatibility and register', async () => {
    const schema = '{"type":"record","name":"myrecord","fields":[{"name":"f","type":"string","default":null}]}';
    assertError(await api.post('/compatibility/subjects/baddefault/versions', { schema }), 422, 42201);
    assertError(await api.post('/subjects/baddefault/versions', { schema }), 422, 42201);
    await register(api, 'baddefault', { schema: fString });
    assertError(await api.post('/compatibility/subjects/baddefault/versions/latest', { schema }), 422, 42201);
  });

  it('testRegisterInvalidSchemaBadType: an undefined type name is 42201 naming the type', async () => {
    const schema = '{"type":"record","name":"myrecord","fields":[{"type":"str","name":"field1"}]}';
    const res = await api.post('/subjects/badtype/versions', { schema });
    assertError(res, 422, 42201);
    assert.match(res.body.message, /^Invalid schema of type AVRO, details: .*"str"/);
  });

  it('testRegisterInvalidSchemaBadReference / testBad: unknown references and bad schemas are 42201, nothing registered', async () => {
    const schema = '{"type":"record","name":"myrecord","fields":[{"type":"string","name":"field1"}]}';
    const references = [{ name: 'invalid.schema', subject: 'badSubject', version: 1 }];
    assertError(await api.post('/subjects/badref/versions', { schema, references }), 422, 42201);
    const bad = `{"type":"bad-record","name":"myrecord","fields":[{"type":"string","name":"f${randomInt(1000)}"}]}`;
    assertError(await api.post('/subjects/bad1/versions', { schema: bad }), 422, 42201);
    const [good] = randomAvro(1);
    assertError(await api.post('/subjects/bad1/versions', { schema: good, references: [{ name: 'bad', subject: 'bad', version: 100 }] }), 422, 42201);
    const subjects = (await api.get('/subjects')).body;
    assert.ok(!subjects.includes('badref') && !subjects.includes('bad1'));
  });

  it('testRegisterBadReferenceInContext (default context): a lookup whose references do not match is 40403', async () => {
    const [schema] = randomAvro(1);
    await register(api, 'ctxref', { schema });
    const other = '{"type":"record","name":"somerecord","fields":[{"type":"string","name":"field1"}]}';
    const res = await api.post('/subjects/ctxref', { schema: other, references: [{ name: 'ctxref', subject: 'ctxref', version: 1 }] });
    assertError(res, 404, 40403, 'Schema not found');
  });

  it('testRegisterDiffSchemaType: AVRO, JSON and PROTOBUF in one subject under NONE', async () => {
    await api.put('/config/difftype', { compatibility: 'NONE' });
    const [avro] = randomAvro(1);
    const json = `{"type":"object","properties":{"f${randomInt(1000)}":{"type":"string"}},"additionalProperties":false}`;
    const proto = `syntax = "proto3";\npackage com.acme;\n\nmessage MyRecord {\n  string f${randomInt(1000)} = 1;\n}\n`;
    const id1 = await register(api, 'difftype', { schema: avro });
    assert.equal(await compatible(api, 'difftype', { schema: json, schemaType: 'JSON' }, 'latest'), true);
    const id2 = await register(api, 'difftype', { schema: json, schemaType: 'JSON' });
    assert.equal(await compatible(api, 'difftype', { schema: proto, schemaType: 'PROTOBUF' }, 'latest'), true);
    const id3 = await register(api, 'difftype', { schema: proto, schemaType: 'PROTOBUF' });
    assert.deepEqual([id2, id3], [id1 + 1, id1 + 2]);
    assert.deepEqual((await api.get('/subjects/difftype/versions')).body, [1, 2, 3]);
  });

  it('testCompatibleSchemaLookupBySubject: compatibility checks register nothing', async () => {
    await api.put('/config/complookup', { compatibility: 'NONE' });
    const schemas = randomAvro(10);
    await register(api, 'complookup', { schema: schemas[0] });
    assert.equal(await compatible(api, 'complookup', { schema: schemas[0] }, 'latest'), true);
    for (const schema of schemas) await compatible(api, 'complookup', { schema }, 'latest');
    assert.deepEqual((await api.get('/subjects/complookup/versions')).body, [1]);
  });

  it('testIncompatibleSchemaLookupBySubject: FULL, string to int is incompatible with the given version', async () => {
    await api.put('/config/incomp', { compatibility: 'FULL' });
    await register(api, 'incomp', { schema: fString });
    const { version } = (await api.post('/subjects/incomp', { schema: fString })).body;
    assert.equal(await compatible(api, 'incomp', { schema: fInt }, String(version)), false);
  });

  it('testIncompatibleSchemaBySubject: FORWARD_TRANSITIVE checks every version; the 409 names the old version', async () => {
    const s1 = '{"type":"record","name":"myrecord","fields":[{"name":"f1","type":"string"},{"name":"f2","type":"string"}]}';
    const s2 = '{"type":"record","name":"myrecord","fields":[{"name":"f1","type":"string"}]}';
    const s3 = '{"type":"record","name":"myrecord","fields":[{"type":"string","name":"f1"},{"type":"string","name":"f3"}]}';
    await register(api, 'fwdtrans', { schema: s1 });
    await register(api, 'fwdtrans', { schema: s2 });
    await api.put('/config/fwdtrans', { compatibility: 'FORWARD_TRANSITIVE' });
    assert.equal(await compatible(api, 'fwdtrans', { schema: s3 }, 'latest'), true);
    assert.equal(await compatible(api, 'fwdtrans', { schema: s3 }), false);
    const res = await api.post('/subjects/fwdtrans/versions', { schema: s3 });
    assertError(res, 409, 409);
    for (const part of ['oldSchemaVersion:', 'oldSchema:', 'compatibility:']) assert.ok(res.body.message.includes(part), res.body.message);
  });

  it('testBadFormat: an unknown format answers the schema as stored', async () => {
    const id = await register(api, 'badformat', { schema: fString });
    const res = await api.get(`/schemas/ids/${id}?format=bad-format`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.schema, fString);
  });

  it('testSchemaRegistrationUnderDiffSubjects: versions count per subject, ids are global', async () => {
    const a = '{"type":"record","name":"myrecord","fields":[{"name":"diffsub","type":"string"}]}';
    const b = '{"type":"record","name":"myrecord","fields":[{"name":"foo2","type":"int"}]}';
    const idA = await register(api, 'diffsub1', { schema: a });
    assert.equal((await api.post('/subjects/diffsub1', { schema: a })).body.version, 1);
    const idB = await register(api, 'diffsub1', { schema: b });
    assert.equal((await api.post('/subjects/diffsub1', { schema: b })).body.version, 2);
    assert.equal(idB, idA + 1);
    assert.equal(await register(api, 'diffsub2', { schema: b }), idB);
    assert.equal((await api.post('/subjects/diffsub2', { schema: b })).body.version, 1);
  });

  it('testNonExistentSubjectConfigChange / testSubjectConfigChange / testGetConfigNonExistentSubject', async () => {
    assertError(await api.get('/config/cfg-none'), 404, 40408, "Subject 'cfg-none' does not have subject-level compatibility configured");
    const put = await api.put('/config/cfg-subject', { compatibility: 'FORWARD' });
    assert.deepEqual(put.body, { compatibility: 'FORWARD' });
    assert.deepEqual((await api.get('/config/cfg-subject')).body, { compatibilityLevel: 'FORWARD' });
    assert.deepEqual((await api.get('/config')).body, { compatibilityLevel: 'NONE' }, 'the global level is untouched');
    assert.equal((await api.delete('/config/cfg-subject')).status, 200);
    assertError(await api.get('/config/cfg-subject'), 404, 40408);
    assert.deepEqual((await api.get('/config/cfg-subject?defaultToGlobal=true')).body, { compatibilityLevel: 'NONE' });
  });

  it('testGetSchemaNonExistingId / testGetSubjectsAssociatedWithNotFoundSchemaId: 40403', async () => {
    assertError(await api.get('/schemas/ids/100000'), 404, 40403, 'Schema 100000 not found');
    assertError(await api.get('/schemas/ids/100000/subjects'), 404, 40403);
    assertError(await api.get('/schemas/ids/100000/versions'), 404, 40403);
  });

  it('testGetSchemaWithFetchMaxId: maxId only when asked, the highest id', async () => {
    let latest = 0;
    for (const schema of randomAvro(3)) latest = await register(api, 'maxid', { schema });
    const first = (await api.get('/subjects/maxid/versions/1')).body.id;
    assert.equal((await api.get(`/schemas/ids/${first}`)).body.maxId, undefined);
    assert.equal((await api.get(`/schemas/ids/${first}?fetchMaxId=true`)).body.maxId, latest);
  });

  it('testGetSchemaTypes', async () => {
    assert.deepEqual(new Set((await api.get('/schemas/types')).body), new Set(['AVRO', 'JSON', 'PROTOBUF']));
  });

  it('testListVersionsNonExistingSubject / testGetVersionNonExistentSubject / testGetLatestVersionNonExistentSubject: 40401', async () => {
    assertError(await api.get('/subjects/Invalid/versions'), 404, 40401);
    assertError(await api.get('/subjects/non-existing-subject/versions/1'), 404, 40401);
    assertError(await api.get('/subjects/non_existent_subject/versions/latest'), 404, 40401);
  });

  it('testGetNonExistingVersion / testGetInvalidVersion: 40402 and 42202', async () => {
    await register(api, 'getver', { schema: randomAvro(1)[0] });
    assertError(await api.get('/subjects/getver/versions/200'), 404, 40402, 'Version 200 not found.');
    assertError(await api.get('/subjects/getver/versions/0'), 422, 42202,
      "The specified version '0' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
  });

  it('testGetVersion / testGetOnlySchemaById / testGetLatestVersionSchemaOnly / testGetVersionSchemaOnly', async () => {
    const schemas = randomAvro(2);
    await register(api, 'getversion', { schema: schemas[0] });
    const id2 = await register(api, 'getversion', { schema: schemas[1] });
    assert.equal((await api.get('/subjects/getversion/versions/1')).body.schema, schemas[0]);
    assert.equal((await api.get('/subjects/getversion/versions/2')).body.schema, schemas[1]);
    assert.equal((await api.get('/subjects/getversion/versions/latest')).body.schema, schemas[1]);
    assert.equal((await api.get('/subjects/getversion/versions/latest/schema')).text, schemas[1]);
    assert.equal((await api.get('/subjects/getversion/versions/1/schema')).text, schemas[0]);
    assert.equal((await api.get(`/schemas/ids/${id2}/schema`)).text, schemas[1]);
    // String.valueOf(List) in RestApiTest registers a one-branch union; its text comes back unchanged.
    const union = `[${randomAvro(1)[0]}]`;
    const unionId = await register(api, 'onlyschema', { schema: union });
    assert.equal((await api.get(`/schemas/ids/${unionId}/schema`)).text, union);
  });

  it('testSchemaReferences: referencedby, lookup with references, 42206 while referenced', async () => {
    const refId = await registerAndVerify(api, 'my_reference', subrecord);
    const references = [{ name: 'otherns.Subrecord', subject: 'my_reference', version: 1 }];
    const id = await register(api, 'my_referrer', { schema: myRecord, references });
    assert.equal(id, refId + 1);
    const byId = (await api.get(`/schemas/ids/${id}`)).body;
    assert.equal(byId.schema, myRecord);
    assert.deepEqual(byId.references, references);
    assert.deepEqual((await api.get('/subjects/my_reference/versions/1/referencedby')).body, [id]);
    const lookup = await api.post('/subjects/my_referrer', { schema: myRecord, references });
    assert.deepEqual([lookup.body.version, lookup.body.id], [1, id]);
    // The generated ns.MyRecord's schema, with Subrecord written inline and no references: a deep-equality match.
    const inlined = await api.post('/subjects/my_referrer', { schema: myRecordInlined, references: [] });
    assert.equal(inlined.status, 200, inlined.text);
    assert.deepEqual([inlined.body.version, inlined.body.id], [1, id]);
    assertError(await api.delete('/subjects/my_reference/versions/1'), 422, 42206,
      'One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=my_reference,version=1}.');
    assert.equal((await api.delete('/subjects/my_referrer/versions/1')).text, '1');
    assert.deepEqual((await api.get('/subjects/my_reference/versions/1/referencedby')).body, []);
    assert.deepEqual((await api.get('/subjects/my_reference/versions/1/referencedby?offset=0&limit=1')).body, []);
    assert.equal((await api.delete('/subjects/my_reference/versions/1')).text, '1');
  });

  it('testSchemaReferencesMultipleLevels: a union of two referenced records, references kept in order', async () => {
    const currency = '{"type":"enum","name":"Currency","namespace":"myavro.currencies","symbols":["EUR","USD"]}';
    const budget = (name: string, field: string) => `{\n  "type" : "record",\n  "name" : "${name}",\n  "namespace" : "myavro",\n  "fields" : [ {\n`
      + `    "name" : "buyerId",\n    "type" : "long"\n  }, {\n    "name" : "currency",\n    "type" : {\n      "type" : "myavro.currencies.Currency"    }\n`
      + `  }, {\n    "name" : "${field}",\n    "type" : "double"\n  } ]\n}`;
    const shared = await registerAndVerify(api, 'shared', currency);
    const currencyRef = [{ name: 'myavro.currencies.Currency', subject: 'shared', version: 1 }];
    assert.equal(await register(api, 'ref1', { schema: budget('BudgetDecreased', 'amount'), references: currencyRef }), shared + 1);
    assert.equal(await register(api, 'ref2', { schema: budget('BudgetUpdated', 'updatedValue'), references: currencyRef }), shared + 2);
    const root = '["myavro.BudgetDecreased","myavro.BudgetUpdated"]';
    const references = [{ name: 'myavro.BudgetDecreased', subject: 'ref1', version: 1 }, { name: 'myavro.BudgetUpdated', subject: 'ref2', version: 1 }];
    const id = await register(api, 'root', { schema: root, references });
    assert.equal(id, shared + 3);
    const byId = (await api.get(`/schemas/ids/${id}`)).body;
    assert.equal(byId.schema, root);
    assert.deepEqual(byId.references, references);
    // format=resolved: Avro's toString of the root with its references inlined, each named type once.
    const resolved = await api.get(`/schemas/ids/${id}?format=resolved`);
    assert.equal(resolved.status, 200, resolved.text);
    const fieldsOf = (currencyType: string, field: string) =>
      `[{"name":"buyerId","type":"long"},{"name":"currency","type":${currencyType}},{"name":"${field}","type":"double"}]`;
    assert.equal(resolved.body.schema, `[{"type":"record","name":"BudgetDecreased","namespace":"myavro","fields":${fieldsOf(currency, 'amount')}},`
      + `{"type":"record","name":"BudgetUpdated","namespace":"myavro","fields":${fieldsOf('"myavro.currencies.Currency"', 'updatedValue')}}]`);
    assert.deepEqual(resolved.body.references, references);
  });

  it('testSchemaMissingReferences: a referrer sent without its references is 42201', async () => {
    assertError(await api.post('/subjects/referrer-missing/versions', { schema: myRecord, references: [] }), 422, 42201);
  });

  it('testSchemaNormalization: normalize matches reordered references and properties; verbose check explains', async () => {
    const ref1 = '{"type":"record","name":"Subrecord1","namespace":"otherns","fields":[{"name":"field1","type":"string"}]}';
    const ref2 = '{"type":"record","name":"Subrecord2","namespace":"otherns","fields":[{"name":"field2","type":"string"}]}';
    await registerAndVerify(api, 'norm-ref1', ref1);
    await registerAndVerify(api, 'norm-ref2', ref2);
    const r1 = { name: 'otherns.Subrecord1', subject: 'norm-ref1', version: 1 };
    const r2 = { name: 'otherns.Subrecord2', subject: 'norm-ref2', version: 1 };
    const fields = '{"name":"field1","type":"otherns.Subrecord1"},{"name":"field2","type":"otherns.Subrecord2"}';
    const schema1 = `{"type":"record","name":"myrecord","fields":[{"type":{"type":"int"},"name":"field0"},${fields}],"extraMetadata": {"a": 1, "b": 2}}`;
    const schema2 = `{"type":"record","name":"myrecord","fields":[{"type":"int","name":"field0"},${fields}],"extraMetadata": {"b": 2, "a": 1}}`;
    const id = await register(api, 'norm1', { schema: schema1, references: [r1, r2] }, '?normalize=true');
    const found = await api.post('/subjects/norm1?normalize=true', { schema: schema2, references: [r2, r1] });
    assert.equal(found.status, 200, found.text);
    assert.deepEqual([found.body.version, found.body.id], [1, id]);
    // The same schema with all references resolved (written inline), no references: found by deep equality.
    const resolved = schema2.replace('"otherns.Subrecord1"', ref1).replace('"otherns.Subrecord2"', ref2);
    const byResolved = await api.post('/subjects/norm1?normalize=true', { schema: resolved });
    assert.equal(byResolved.status, 200, byResolved.text);
    assert.equal(byResolved.body.version, 1);
    const invalidDefault = '{"namespace": "namespace",\n "type": "record",\n "name": "test",\n "fields": [\n'
      + '     {"name": "string_default", "type": "string", "default": null}\n]\n}';
    assertError(await api.post('/subjects/norm1/versions?normalize=true', { schema: invalidDefault }), 422, 42201);
    const verbose = await api.post('/compatibility/subjects/norm1/versions?normalize=true&verbose=true', { schema: invalidDefault });
    assert.equal(verbose.status, 200, verbose.text);
    assert.equal(verbose.body.is_compatible, false);
    assert.match(verbose.body.messages[0], /Invalid schema/);
  });

  it('testLookUpSchemaUnderNonExistentSubject / testLookUpNonExistentSchemaUnderSubject: 40401 then 40403', async () => {
    const [a, b] = randomAvro(2);
    assertError(await api.post('/subjects/non-existent-subject', { schema: a }), 404, 40401, "Subject 'non-existent-subject' not found.");
    await register(api, 'lookupmiss', { schema: a });
    assertError(await api.post('/subjects/lookupmiss', { schema: b }), 404, 40403, 'Schema not found');
  });

  it('testGetSubjectsAssociatedWithSchemaId / testGetVersionsAssociatedWithSchemaId: live, deleted, paged', async () => {
    const [schema] = randomAvro(1);
    const id = await register(api, 'assoc1', { schema });
    await register(api, 'assoc2', { schema });
    assert.deepEqual((await api.get(`/schemas/ids/${id}/subjects`)).body, ['assoc1', 'assoc2']);
    assert.deepEqual((await api.get(`/schemas/ids/${id}/versions`)).body, [{ subject: 'assoc1', version: 1 }, { subject: 'assoc2', version: 1 }]);
    assert.equal((await api.delete('/subjects/assoc2/versions/1')).text, '1');
    assert.deepEqual((await api.get(`/schemas/ids/${id}/subjects`)).body, ['assoc1']);
    assert.deepEqual((await api.get(`/schemas/ids/${id}/subjects?offset=1&limit=1`)).body, []);
    assert.deepEqual((await api.get(`/schemas/ids/${id}/subjects?deleted=true`)).body, ['assoc1', 'assoc2']);
    assert.deepEqual((await api.get(`/schemas/ids/${id}/subjects?deleted=true&offset=0&limit=1`)).body, ['assoc1']);
    assert.deepEqual((await api.get(`/schemas/ids/${id}/versions`)).body, [{ subject: 'assoc1', version: 1 }]);
    assert.deepEqual((await api.get(`/schemas/ids/${id}/versions?offset=1&limit=1`)).body, []);
    assert.deepEqual((await api.get(`/schemas/ids/${id}/versions?deleted=true`)).body,
      [{ subject: 'assoc1', version: 1 }, { subject: 'assoc2', version: 1 }]);
    assert.deepEqual((await api.get(`/schemas/ids/${id}/versions?deleted=true&offset=1&limit=1`)).body, [{ subject: 'assoc2', version: 1 }]);
  });

  it('testCompatibilityNonExistentSubject / NonExistentVersion / InvalidVersion', async () => {
    const [schema] = randomAvro(1);
    assert.equal(await compatible(api, 'compat-none', { schema }, 'latest'), true);
    assert.equal(await compatible(api, 'compat-none', { schema }), true);
    await register(api, 'compat-ver', { schema });
    assertError(await api.post('/compatibility/subjects/compat-ver/versions/100', { schema }), 404, 40402);
    assertError(await api.post('/compatibility/subjects/compat-ver/versions/earliest', { schema }), 422, 42202);
  });

  it('testCanonicalization: whitespace does not make a new schema', async () => {
    const schema = '{   "type":   "string"}';
    const id = await register(api, 'canon', { schema });
    assert.equal(await register(api, 'canon', { schema }), id);
    assert.equal((await api.post('/subjects/canon', { schema })).body.id, id);
  });

  it('testDeleteSchemaVersionBasic: soft delete hides a version; versions continue after the highest', async () => {
    const schemas = randomAvro(2);
    const id1 = await register(api, 'delbasic', { schema: schemas[0] });
    await register(api, 'delbasic', { schema: schemas[1] });
    assert.equal((await api.delete('/subjects/delbasic/versions/2')).text, '2');
    assert.deepEqual((await api.get('/subjects/delbasic/versions')).body, [1]);
    assert.equal((await api.get('/subjects/delbasic/versions/2?deleted=true')).body.version, 2);
    assertError(await api.get('/subjects/delbasic/versions/2'), 404, 40402);
    assertError(await api.post('/subjects/delbasic?deleted=false', { schema: schemas[1] }), 404, 40403);
    assert.equal((await api.delete('/subjects/delbasic/versions/latest')).text, '1');
    assertError(await api.get('/subjects/delbasic/versions'), 404, 40401);
    for (let i = 0; i < 2; i++) {
      assert.equal(await register(api, 'delbasic', { schema: schemas[0] }), id1);
      assert.deepEqual((await api.get('/subjects/delbasic/versions')).body, [3]);
    }
  });

  it('testDeleteSchemaVersionPermanent: 40407, 40406, then gone; the next version reuses the freed number', async () => {
    const schemas = randomAvro(2);
    const id1 = await register(api, 'delperm', { schema: schemas[0] });
    await register(api, 'delperm', { schema: schemas[1] });
    assertError(await api.delete('/subjects/delperm/versions/2?permanent=true'), 404, 40407,
      "Subject 'delperm' Version 2 was not deleted first before being permanently deleted");
    assert.equal((await api.delete('/subjects/delperm/versions/2')).text, '2');
    assert.deepEqual((await api.get('/subjects/delperm/versions')).body, [1]);
    assert.deepEqual((await api.get('/subjects/delperm/versions?deleted=true')).body, [1, 2]);
    assert.deepEqual((await api.get('/subjects/delperm/versions?deleted=true&offset=0&limit=1')).body, [1]);
    assertError(await api.delete('/subjects/delperm/versions/2'), 404, 40406,
      "Subject 'delperm' Version 2 was soft deleted.Set permanent=true to delete permanently");
    assertError(await api.get('/subjects/delperm/versions/2'), 404, 40402);
    assert.equal((await api.get('/subjects/delperm/versions/2?deleted=true')).body.version, 2);
    assertError(await api.post('/subjects/delperm', { schema: schemas[1] }), 404, 40403);
    assert.equal((await api.delete('/subjects/delperm/versions/2?permanent=true')).text, '2');
    assertError(await api.get('/subjects/delperm/versions/2?deleted=true'), 404, 40402);
    assertError(await api.delete('/subjects/delperm/versions/2?permanent=true'), 404, 40402);
    assert.equal((await api.delete('/subjects/delperm/versions/latest')).text, '1');
    assertError(await api.get('/subjects/delperm/versions'), 404, 40401);
    for (let i = 0; i < 2; i++) {
      assert.equal(await register(api, 'delperm', { schema: schemas[0] }), id1);
      assert.deepEqual((await api.get('/subjects/delperm/versions')).body, [2]);
    }
  });

  it('testDeleteSchemaVersionInvalidSubject / testDeleteInvalidVersion: 40401 and 40402', async () => {
    assertError(await api.delete('/subjects/delnothing/versions/1'), 404, 40401);
    await register(api, 'delinvalid', { schema: randomAvro(1)[0] });
    assertError(await api.delete('/subjects/delinvalid/versions/2'), 404, 40402);
  });

  it('testDeleteLatestVersion / testGetLatestVersionDeleteOlder', async () => {
    const schemas = randomAvro(3);
    await register(api, 'dellatest', { schema: schemas[0] });
    await register(api, 'dellatest', { schema: schemas[1] });
    assert.equal((await api.delete('/subjects/dellatest/versions/latest')).text, '2');
    assert.equal((await api.get('/subjects/dellatest/versions/latest')).body.schema, schemas[0]);
    assert.equal((await api.delete('/subjects/dellatest/versions/latest')).text, '1');
    assertError(await api.get('/subjects/dellatest/versions/latest'), 404, 40401);
    await register(api, 'dellatest', { schema: schemas[2] });
    assert.equal((await api.get('/subjects/dellatest/versions/latest')).body.schema, schemas[2]);

    const older = randomAvro(2);
    await register(api, 'delolder', { schema: older[0] });
    await register(api, 'delolder', { schema: older[1] });
    assert.equal((await api.delete('/subjects/delolder/versions/1')).text, '1');
    assert.equal((await api.get('/subjects/delolder/versions/latest')).body.schema, older[1]);
  });

  it('testDeleteWithLookup: deleted=true finds a soft-deleted version; re-registering makes a new one', async () => {
    const schemas = randomAvro(2);
    await register(api, 'dellookup', { schema: schemas[0] });
    await register(api, 'dellookup', { schema: schemas[1] });
    assert.equal((await api.delete('/subjects/dellookup/versions/1')).text, '1');
    assertError(await api.post('/subjects/dellookup?deleted=false', { schema: schemas[0] }), 404, 40403);
    assert.equal((await api.post('/subjects/dellookup?deleted=true', { schema: schemas[0] })).body.version, 1);
    await register(api, 'dellookup', { schema: schemas[0] });
    // register tombstones the soft-deleted version 1 that held the same id.
    assert.deepEqual((await api.get('/subjects/dellookup/versions?deleted=true')).body, [2, 3]);
    assert.equal((await api.post('/subjects/dellookup?deleted=true', { schema: schemas[0] })).body.version, 3);
    assert.equal((await api.post('/subjects/dellookup?deleted=false', { schema: schemas[0] })).body.version, 3);
    assert.equal((await api.post('/subjects/dellookup', { schema: schemas[0] })).body.version, 3);
  });

  it('testIncompatibleSchemaLookupBySubjectAfterDelete: deleting the latest version lifts the conflict', async () => {
    const wrong = '{"type":"record","name":"myrecord","fields":[{"type":"string","name":"f"},{"type":"string","name":"g" , "default":"d"}]}';
    const correct = '{"type":"record","name":"myrecord","fields":[{"type":"string","name":"f"},{"type":"int","name":"g" , "default":0}]}';
    await api.put('/config/afterdel', { compatibility: 'BACKWARD' });
    await register(api, 'afterdel', { schema: fString });
    assert.equal(await compatible(api, 'afterdel', { schema: wrong }, 'latest'), true);
    await register(api, 'afterdel', { schema: wrong });
    assert.equal(await compatible(api, 'afterdel', { schema: correct }, 'latest'), false);
    assertError(await api.post('/subjects/afterdel/versions', { schema: correct }), 409, 409);
    await api.delete('/subjects/afterdel/versions/latest');
    assert.equal(await compatible(api, 'afterdel', { schema: correct }, 'latest'), true);
    await register(api, 'afterdel', { schema: correct });
    assert.equal((await api.post('/subjects/afterdel', { schema: correct })).body.version, 3);
  });

  it('testListSubjects / testListSoftDeletedSubjectsAndSchemas: deleted and deletedOnly', async () => {
    const schemas = randomAvro(3);
    await register(api, 'list-a', { schema: schemas[0] });
    await register(api, 'list-a', { schema: schemas[1] });
    await register(api, 'list-b', { schema: schemas[2] });
    assert.equal((await api.delete('/subjects/list-a/versions/1')).text, '1');
    assert.equal((await api.delete('/subjects/list-b/versions/1')).text, '1');
    assert.deepEqual((await api.get('/subjects/list-a/versions')).body, [2]);
    assert.deepEqual((await api.get('/subjects/list-a/versions?deleted=true')).body, [1, 2]);
    assert.deepEqual((await api.get('/subjects/list-a/versions?deletedOnly=true')).body, [1]);
    const names = (path: string) => api.get(path).then((r) => r.body.filter((s: string) => s.startsWith('list-')));
    assert.deepEqual(await names('/subjects'), ['list-a']);
    assert.deepEqual(await names('/subjects?deleted=true'), ['list-a', 'list-b']);
    assert.deepEqual(await names('/subjects?deletedOnly=true'), ['list-b']);
    assert.deepEqual((await api.get('/subjects?subjectPrefix=list-&deletedOnly=true')).body, ['list-b']);
    assert.deepEqual((await api.delete('/subjects/list-b?permanent=true')).body, [1]);
    assert.deepEqual(await names('/subjects?deleted=true'), ['list-a']);
  });

  it('testDeleteSubjectBasic / testDeleteSubjectException / testDeleteSubjectPermanent', async () => {
    const schemas = randomAvro(2);
    await register(api, 'delsub', { schema: schemas[0] });
    await register(api, 'delsub', { schema: schemas[1] });
    assertError(await api.delete('/subjects/delsub?permanent=true'), 404, 40405,
      "Subject 'delsub' was not deleted first before being permanently deleted");
    assert.deepEqual((await api.delete('/subjects/delsub')).body, [1, 2]);
    assertError(await api.get('/subjects/delsub/versions/latest'), 404, 40401);
    assert.equal((await api.post('/subjects/delsub?deleted=true', { schema: schemas[0] })).body.version, 1);
    assert.equal((await api.post('/subjects/delsub?deleted=true', { schema: schemas[1] })).body.version, 2);
    assertError(await api.delete('/subjects/delsub'), 404, 40404, "Subject 'delsub' was soft deleted.Set permanent=true to delete permanently");
    assert.deepEqual((await api.delete('/subjects/delsub?permanent=true')).body, [1, 2]);
    for (const schema of schemas) {
      assertError(await api.post('/subjects/delsub', { schema }), 404, 40401);
      assertError(await api.post('/subjects/delsub?deleted=true', { schema }), 404, 40401);
    }
  });

  it('testDeleteSubjectAndRegister: versions continue after a soft-deleted subject', async () => {
    const schemas = randomAvro(2);
    const ids = [await register(api, 'delreg', { schema: schemas[0] }), await register(api, 'delreg', { schema: schemas[1] })];
    await api.delete('/subjects/delreg');
    assert.equal(await register(api, 'delreg', { schema: schemas[0] }), ids[0]);
    assert.equal(await register(api, 'delreg', { schema: schemas[1] }), ids[1]);
    assert.deepEqual((await api.get('/subjects/delreg/versions')).body, [3, 4]);
    assertError(await api.get('/subjects/delreg/versions/1'), 404, 40402);
  });

  it('testGetClusterId / testGetSchemaRegistryServerVersion: /v1/metadata', async () => {
    const id = await api.get('/v1/metadata/id');
    assert.equal(id.status, 200, id.text);
    assert.deepEqual(id.body.scope.path, []);
    assert.ok(id.body.scope.clusters);
    const version = await api.get('/v1/metadata/version');
    assert.equal(version.status, 200);
    assert.equal(typeof version.body.version, 'string');
    assert.ok('commitId' in version.body);
  });

  it('testRegisterWithAndWithoutMetadata: the same schema without metadata is the registered one', async () => {
    const schema = '{"type":"record","name":"myrecord","fields":[{"type":"string","name":"f1"}]}';
    const id = await register(api, 'withmeta', { schema, metadata: { properties: { 'application.version': '2' } } });
    assert.equal(await register(api, 'withmeta', { schema }), id);
  });
});

describe('Confluent RestApiTest: global compatibility level', () => {
  let server: ServerProcess;
  let api: Api;
  before(async () => {
    server = await startServer({ config: { compatibility: 'NONE' } });
    api = client(server.url);
  });
  after(() => server.stop());

  const s2 = '{"type":"record","name":"myrecord","fields":[{"type":"string","name":"f"},{"type":"string","name":"g" , "default":"d"}]}';

  it('testConfigDefaults / testGlobalConfigChange: global level set, changed and deleted back to the server default', async () => {
    assert.deepEqual((await api.get('/config')).body, { compatibilityLevel: 'NONE' });
    assert.deepEqual((await api.put('/config', { compatibility: 'FORWARD' })).body, { compatibility: 'FORWARD' });
    assert.deepEqual((await api.get('/config')).body, { compatibilityLevel: 'FORWARD' });
    await api.put('/config', { compatibility: 'BACKWARD' });
    assert.deepEqual((await api.get('/config')).body, { compatibilityLevel: 'BACKWARD' });
    assert.equal((await api.delete('/config')).status, 200);
    assert.deepEqual((await api.get('/config?defaultToGlobal=true')).body, { compatibilityLevel: 'NONE' });
  });

  it('testSubjectCompatibilityAfterDeletingAllVersions: a subject level outlives deleting one of two versions, not both', async () => {
    await api.put('/config', { compatibility: 'FULL' });
    await api.put('/config/alldel', { compatibility: 'BACKWARD' });
    await register(api, 'alldel', { schema: fString });
    await register(api, 'alldel', { schema: s2 });
    await api.delete('/subjects/alldel/versions/1');
    assert.deepEqual((await api.get('/config/alldel')).body, { compatibilityLevel: 'BACKWARD' });
    assert.deepEqual((await api.get('/config')).body, { compatibilityLevel: 'FULL' });
    await api.delete('/subjects/alldel/versions/2');
    assertError(await api.get('/config/alldel'), 404, 40408);
    assert.deepEqual((await api.get('/config')).body, { compatibilityLevel: 'FULL' });
  });

  it('testSubjectCompatibilityAfterDeletingSubject: deleting the subject removes its level', async () => {
    await api.put('/config', { compatibility: 'FULL' });
    await api.put('/config/subdel', { compatibility: 'BACKWARD' });
    await register(api, 'subdel', { schema: fString });
    await register(api, 'subdel', { schema: s2 });
    await api.delete('/subjects/subdel');
    assertError(await api.get('/config/subdel'), 404, 40408);
    assert.deepEqual((await api.get('/config')).body, { compatibilityLevel: 'FULL' });
  });
});

describe('Confluent RestApiTest: testDefaultContextConfigAndMode', () => {
  let server: ServerProcess;
  let api: Api;
  before(async () => {
    server = await startServer({ config: { compatibility: 'NONE' } });
    api = client(server.url);
  });
  after(() => server.stop());

  it('the default context :.: is the global config and mode; its mode cannot be deleted', async () => {
    const context = encodeURIComponent(':.:');
    assert.deepEqual((await api.put('/config', { compatibility: 'FORWARD' })).body, { compatibility: 'FORWARD' });
    assert.deepEqual((await api.get(`/config/${context}?defaultToGlobal=true`)).body, { compatibilityLevel: 'FORWARD' });
    assert.deepEqual((await api.put(`/config/${context}`, { compatibility: 'FORWARD_TRANSITIVE' })).body, { compatibility: 'FORWARD_TRANSITIVE' });
    assert.deepEqual((await api.get('/config?defaultToGlobal=true')).body, { compatibilityLevel: 'FORWARD_TRANSITIVE' });
    assert.equal((await api.delete(`/config/${context}`)).status, 200);
    assert.deepEqual((await api.get('/config?defaultToGlobal=true')).body, { compatibilityLevel: 'NONE' });

    assert.deepEqual((await api.put('/mode', { mode: 'IMPORT' })).body, { mode: 'IMPORT' });
    assert.deepEqual((await api.get(`/mode/${context}?defaultToGlobal=true`)).body, { mode: 'IMPORT' });
    assert.deepEqual((await api.put(`/mode/${context}`, { mode: 'READONLY' })).body, { mode: 'READONLY' });
    assert.deepEqual((await api.get('/mode?defaultToGlobal=true')).body, { mode: 'READONLY' });
    assert.ok((await api.delete(`/mode/${context}`)).status >= 400, 'deleting the default context mode is refused');
    assert.deepEqual((await api.get('/mode')).body, { mode: 'READONLY' });
  });
});

describe('Confluent RestApiTest: IMPORT mode on an empty registry', () => {
  let server: ServerProcess;
  let api: Api;
  before(async () => {
    server = await startServer({ config: { compatibility: 'NONE' } });
    api = client(server.url);
  });
  after(() => server.stop());

  const schema1 = '{"type":"record","name":"myrecord","fields":[{"type":"string","name":"field1"}]}';
  const schema2 = '{"type":"record","name":"myrecord","fields":[{"type":"string","name":"field1"},{"type":"int","name":"field2","default":0}]}';

  it('testImportDifferentSchemaOnSameID / testImportSameSchemaDifferentVersion', async () => {
    assert.deepEqual((await api.put('/mode', { mode: 'IMPORT' })).body, { mode: 'IMPORT' });
    assert.equal(await register(api, 'subject1', { schema: schema1, id: 1, version: 1 }), 1);
    const overwrite = await api.post('/subjects/subject1/versions', { schema: schema2, id: 1, version: 2 });
    assertError(overwrite, 422, 42205);
    assert.equal(await register(api, 'subject1', { schema: schema1, id: 1, version: 1 }), 1);
    assertError(await api.post('/subjects/subject2/versions', { schema: schema2, id: 1, version: 1 }), 422, 42205);
    // The same schema sent again with another version answers its id.
    assert.equal(await register(api, 'subject1', { schema: schema1, id: 1, version: 2 }), 1);
    assert.equal(await register(api, 'subject1', { schema: schema1, id: 1, version: 1 }), 1);
  });
});

describe('Confluent RestApiTest: testGlobalMode', () => {
  let server: ServerProcess;
  let api: Api;
  before(async () => {
    server = await startServer({ config: { compatibility: 'NONE' } });
    api = client(server.url);
  });
  after(() => server.stop());

  it('subject mode overrides the global one until deleted; READONLY_OVERRIDE refuses writes', async () => {
    assert.deepEqual((await api.get('/mode')).body, { mode: 'READWRITE' });
    const [schema] = randomAvro(1);
    await register(api, 'testSubject', { schema });
    assertError(await api.get('/mode/testSubject'), 404, 40409, "Subject 'testSubject' does not have subject-level mode configured");
    assert.deepEqual((await api.get('/mode/testSubject?defaultToGlobal=true')).body, { mode: 'READWRITE' });
    assert.deepEqual((await api.put('/mode', { mode: 'READONLY' })).body, { mode: 'READONLY' });
    assert.deepEqual((await api.put('/mode/testSubject', { mode: 'READWRITE' })).body, { mode: 'READWRITE' });
    assert.deepEqual((await api.get('/mode/testSubject')).body, { mode: 'READWRITE' });
    assert.equal((await api.delete('/mode/testSubject')).status, 200);
    assert.deepEqual((await api.get('/mode/testSubject?defaultToGlobal=true')).body, { mode: 'READONLY' });
    assert.deepEqual((await api.put('/mode', { mode: 'READONLY_OVERRIDE' })).body, { mode: 'READONLY_OVERRIDE' });
    assert.deepEqual((await api.get('/mode/testSubject')).body, { mode: 'READONLY_OVERRIDE' });
    assertError(await api.post('/subjects/testSubject2/versions', { schema }), 422, 42205, 'Subject testSubject2 is in read-only mode');
  });
});

describe('Karapace test_schema_registry_mode, test_request_forwarding, test_health_check (Confluent\'s answers)', () => {
  let leader: ServerProcess;
  let follower: ServerProcess;
  before(async () => {
    const first = await startServer({ config: { compatibility: 'NONE' } });
    const second = await startServer({ topic: first.topic, config: { compatibility: 'NONE' } });
    // The node whose URL sorts lowest leads (Confluent's and Karapace's rule); wait until both agree on it.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const states = await Promise.all([first, second].map(async (n) => (await client(n.url).get('/_health')).body?.status));
      const leading = states.findIndex((s) => s?.schema_registry_is_primary === true);
      if (leading >= 0 && states.every((s) => s?.schema_registry_primary_url === states[leading]?.schema_registry_primary_url)) {
        [leader, follower] = leading === 0 ? [first, second] : [second, first];
        break;
      }
      assert.ok(Date.now() < deadline, 'no leader elected');
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  after(() => Promise.all([leader?.stop(), follower?.stop()]));

  it('test_global_mode / test_subject_mode: READWRITE globally; a subject without its own mode is 40409 (Karapace: 40401)', async () => {
    const api = client(leader.url);
    assert.deepEqual((await api.get('/mode')).body, { mode: 'READWRITE' });
    assertError(await api.get('/mode/unknown_subject'), 404, 40409, "Subject 'unknown_subject' does not have subject-level mode configured");
  });

  it('test_schema_request_forwarding: a follower forwards config, register and deletes of a subject with a slash', async () => {
    const follow = client(follower.url);
    const lead = client(leader.url);
    const subject = `test_forw/arding_${randomInt(1_000_000)}`;
    const path = encodeURIComponent(subject);
    for (const compat of ['FULL', 'BACKWARD', 'FORWARD', 'NONE']) {
      assert.deepEqual((await follow.put('/config', { compatibility: compat })).body, { compatibility: compat });
      assert.deepEqual((await lead.get('/config')).body, { compatibilityLevel: compat });
      assert.deepEqual((await follow.put(`/config/${path}`, { compatibility: compat })).body, { compatibility: compat });
      assert.deepEqual((await lead.get(`/config/${path}`)).body, { compatibilityLevel: compat });
    }
    for (const schema of ['{"type":"string"}', '{"type":"int"}']) {
      const res = await follow.post(`/subjects/${path}/versions`, { schema });
      assert.equal(res.status, 200, res.text);
      assert.equal(typeof res.body.id, 'number');
    }
    assert.deepEqual((await lead.get(`/subjects/${path}/versions`)).body, [1, 2]);
    assert.equal((await follow.delete(`/subjects/${path}/versions/1`)).status, 200);
    assertError(await lead.get(`/subjects/${path}/versions/1`), 404, 40402);
    assert.ok((await lead.get('/subjects/')).body.includes(subject), 'a trailing slash lists subjects too');
    assert.deepEqual((await follow.delete(`/subjects/${path}`)).body, [2]);
    assert.ok(!(await lead.get('/subjects/')).body.includes(subject));
  });

  it('test_health_check: deleting the schemas topic makes /_health answer 503', async () => {
    const api = client(leader.url);
    assert.equal((await api.get('/_health')).status, 200);
    // Through this node's own REST proxy (served on the same port), as Karapace's test uses a Kafka admin client.
    const cluster = (await api.get('/v3/clusters')).body.data[0].cluster_id;
    assert.equal((await api.delete(`/v3/clusters/${cluster}/topics/${leader.topic}`)).status, 204);
    const deadline = Date.now() + 10_000;
    let status = 200;
    while (status !== 503 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      status = (await api.get('/_health')).status;
    }
    assert.equal(status, 503, 'unhealthy within 10 s of the topic being deleted');
  });
});
