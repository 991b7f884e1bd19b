// Confluent Schema Registry's RestApiCompatibilityTest (core/.../rest/RestApiCompatibilityTest.java and
// AbstractRestApiCompatibilityTest.java) replayed over HTTP against a real Kafka-backed node: each `it` names the test
// method whose requests, statuses, error codes and bodies it checks. Those tests are about data contracts (Confluent
// 7.4+): a version's `metadata` and `ruleSet` are part of the schema's identity, a registration without them inherits
// the latest version's merged with the config's defaults and overrides, and `compatibilityGroup` splits a subject into
// groups checked separately. Confluent runs each test on a fresh registry (ids from 1, default level BACKWARD); tests
// that change the global config get a node and schemas topic of their own here.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { client, startServer, type ServerProcess } from '../harness.ts';
import { readRaw } from '../schemas-topic.ts';

type Api = ReturnType<typeof client>;

const record = (fields: string) => `{"type":"record","name":"myrecord","fields":[${fields}]}`;
/** The schemas the Confluent tests register, in Avro's canonical form (what the registry stores and answers). */
const f1 = record('{"name":"f1","type":"string"}');
const f1f2 = record('{"name":"f1","type":"string"},{"name":"f2","type":"string"}');
const f1f2Default = record('{"name":"f1","type":"string"},{"name":"f2","type":"string","default":"foo"}');
const f1f2f3 = record('{"name":"f1","type":"string"},{"name":"f2","type":"string"},{"name":"f3","type":"string"}');
const f1f2NullableInt = record('{"name":"f1","type":"string"},{"name":"f2","type":["null","int"],"default":null}');

const rule = (name: string, mode: string, type?: string) => ({ name, kind: 'TRANSFORM', mode, ...(type === undefined ? {} : { type }), disabled: false });

function assertError(res: { status: number; body: any; text: string }, status: number, code: number, message?: string | RegExp): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.body?.error_code, code, res.text);
  if (typeof message === 'string') assert.equal(res.body.message, message);
  else if (message) assert.match(res.body.message, message);
}

const registered = async (api: Api, subject: string, body: Record<string, unknown>) => {
  const res = await api.post(`/subjects/${subject}/versions`, body);
  assert.equal(res.status, 200, `register under ${subject}: ${res.text}`);
  return res.body;
};

/** A node of its own (fresh topic: ids from 1, global config untouched by other tests). */
function freshNode(): { api: () => Api } {
  let server: ServerProcess;
  let api: Api;
  before(async () => {
    server = await startServer();
    api = client(server.url);
  });
  after(() => server.stop());
  return { api: () => api };
}

describe('RestApiCompatibilityTest: testCompatibility, testCompatibilityLevelChangeToNone/ToBackward, testCompareAndSetVersion', () => {
  const node = freshNode();

  it('testCompatibility: 409 with the Avro reason, 42201 for a non-Avro text, a compatible schema gets the next id', async () => {
    const api = node.api();
    assert.deepEqual(await registered(api, 'testSubject', { schema: f1 }), { id: 1 });
    const incompatible = await api.post('/subjects/testSubject/versions', { schema: f1f2 });
    assertError(incompatible, 409, 409, /READER_FIELD_MISSING_DEFAULT_VALUE/);
    assertError(await api.post('/subjects/testSubject/versions', { schema: 'non-avro schema string' }), 422, 42201);
    assert.deepEqual(await registered(api, 'testSubject', { schema: f1f2Default }), { id: 2 });
  });

  it('testCompatibilityLevelChangeToNone/ToBackward: the level in force decides', async () => {
    const api = node.api();
    await registered(api, 'levels', { schema: f1 });
    assertError(await api.post('/subjects/levels/versions', { schema: f1f2 }), 409, 409);
    assert.deepEqual((await api.put('/config/levels', { compatibility: 'FORWARD' })).body, { compatibility: 'FORWARD' });
    const forward = await registered(api, 'levels', { schema: f1f2 });
    assert.deepEqual((await api.put('/config/levels', { compatibility: 'BACKWARD' })).body, { compatibility: 'BACKWARD' });
    assertError(await api.post('/subjects/levels/versions', { schema: f1f2f3 }), 409, 409);
    assert.equal((await api.put('/config/levels', { compatibility: 'NONE' })).status, 200);
    assert.ok((await registered(api, 'levels', { schema: f1f2f3 })).id > forward.id);
  });

  it('testCompareAndSetVersion: a version that is not the next one is 42201, the next one registers', async () => {
    const api = node.api();
    await registered(api, 'cas', { schema: f1 });
    assertError(await api.post('/subjects/cas/versions', { schema: f1f2Default, version: 3 }), 422, 42201, 'Version is not one more than previous version');
    const second = await registered(api, 'cas', { schema: f1f2Default, version: 2 });
    assert.equal((await api.get('/subjects/cas/versions/2')).body.id, second.id);
  });
});

describe('RestApiCompatibilityTest: testCompatibilityGroup', () => {
  const node = freshNode();

  it('only versions with the same compatibilityGroup property value are checked', async () => {
    const api = node.api();
    const config = { compatibilityGroup: 'application.version', validateFields: false };
    assert.deepEqual((await api.put('/config', config)).body, config, 'the update is echoed');
    const v1 = await registered(api, 'testSubject', { schema: f1, metadata: { properties: { 'application.version': '1' } } });
    assert.equal(v1.id, 1);
    assert.equal((await api.get('/config')).body.compatibilityLevel, 'BACKWARD');

    // Without metadata it inherits version 1's, so it is in group "1" and checked against version 1.
    assertError(await api.post('/subjects/testSubject/versions', { schema: f1f2 }), 409, 409);
    const v2 = await registered(api, 'testSubject', { schema: f1f2, metadata: { properties: { 'application.version': '2' } } });
    assert.equal(v2.id, 2);
    assert.deepEqual((await api.get('/subjects/testSubject/versions/2')).body.metadata, { properties: { 'application.version': '2' } });
  });
});

describe('RestApiCompatibilityTest: testAddCompatibilityGroup', () => {
  const node = freshNode();

  it('a group added after the first version splits later registrations; no value is a group of its own', async () => {
    const api = node.api();
    assert.equal((await registered(api, 'testSubject', { schema: f1, metadata: { properties: {} } })).id, 1);
    assertError(await api.post('/subjects/testSubject/versions', { schema: f1f2 }), 409, 409);
    const config = { compatibilityGroup: 'application.version', validateFields: false };
    assert.deepEqual((await api.put('/config', config)).body, config);
    assert.equal((await registered(api, 'testSubject', { schema: f1f2, metadata: { properties: { 'application.version': '2' } } })).id, 2);
    // Empty properties: the group without a value, i.e. version 1's; version 2 (f2 a string) is not compared.
    assert.equal((await registered(api, 'testSubject', { schema: f1f2NullableInt, metadata: { properties: {} } })).id, 3);
    // The compatibility endpoint filters by group the same way.
    const check = await api.post('/compatibility/subjects/testSubject/versions?verbose=true', { schema: f1f2f3, metadata: { properties: { 'application.version': '3' } } });
    assert.equal(check.body.is_compatible, true, check.text);
  });
});

describe('RestApiCompatibilityTest: testConfigMetadata', () => {
  const node = freshNode();

  it('defaultMetadata is merged under the registration\'s own or inherited metadata; the whole schema is answered', async () => {
    const api = node.api();
    const config = { defaultMetadata: { properties: { configKey: 'configValue' } }, validateFields: false };
    assert.deepEqual((await api.put('/config', config)).body, config);

    const first = await registered(api, 'testSubject', { schema: f1, metadata: { properties: { subjectKey: 'subjectValue' } } });
    const both = { properties: { configKey: 'configValue', subjectKey: 'subjectValue' } };
    assert.deepEqual(first, { id: 1, version: 1, metadata: both, schema: f1 }, 'Confluent 7.4+ answers the modified schema');
    const found = await api.post('/subjects/testSubject', { schema: f1, metadata: first.metadata });
    assert.equal(found.body.version, 1, found.text);

    assert.equal((await api.put('/config', { compatibility: 'FORWARD' })).status, 200);
    assert.equal((await api.get('/config')).body.compatibilityLevel, 'FORWARD');
    const second = await registered(api, 'testSubject', { schema: f1f2 });
    assert.deepEqual([second.id, second.version, second.metadata], [2, 2, both], 'inherits version 1\'s metadata');
    assert.equal((await api.post('/subjects/testSubject', { schema: f1f2, metadata: second.metadata })).body.version, 2);
    assert.deepEqual((await api.get('/schemas/ids/2?subject=testSubject')).body.metadata, both);

    const again = await registered(api, 'testSubject', { schema: f1f2 });
    assert.deepEqual([again.id, again.version, again.metadata], [2, 2, both], 're-registering answers the existing version');

    const third = await registered(api, 'testSubject', { schema: f1f2f3, metadata: { properties: { newSubjectKey: 'newSubjectValue' } } });
    const own = { properties: { configKey: 'configValue', newSubjectKey: 'newSubjectValue' } };
    assert.deepEqual([third.id, third.metadata], [3, own], 'its own metadata replaces the inherited one; the default stays');
    assert.equal((await api.post('/subjects/testSubject', { schema: f1f2f3, metadata: own })).body.version, 3);
    assert.deepEqual((await api.get('/schemas/ids/3')).body.metadata, own);
    assert.deepEqual((await api.get('/subjects/testSubject/versions')).body, [1, 2, 3]);
  });
});

describe('RestApiCompatibilityTest: testConfigRuleSet', () => {
  const node = freshNode();

  it('defaultRuleSet rules come first, the registration\'s after; GET /schemas filters by ruleType', async () => {
    const api = node.api();
    const config = { defaultRuleSet: { migrationRules: [rule('foo', 'UPGRADE', 'IGNORE')] }, validateFields: false };
    assert.deepEqual((await api.put('/config', config)).body, config);
    const names = (ruleSet: any) => ruleSet.migrationRules.map((r: { name: string }) => r.name);
    const ofType = async (type: string, latestOnly = false) =>
      (await api.get(`/schemas?ruleType=${type}${latestOnly ? '&latestOnly=true' : ''}`)).body.length;

    const first = await registered(api, 'testSubject', { schema: f1, ruleSet: { migrationRules: [rule('bar', 'UPGRADE', 'type1')] } });
    assert.deepEqual([first.id, names(first.ruleSet)], [1, ['foo', 'bar']]);
    assert.equal((await api.post('/subjects/testSubject', { schema: f1, ruleSet: first.ruleSet })).body.version, 1);
    assert.deepEqual([await ofType('type1'), await ofType('type1', true)], [1, 1]);

    assert.equal((await api.put('/config', { compatibility: 'FORWARD' })).status, 200);
    const second = await registered(api, 'testSubject', { schema: f1f2 });
    assert.deepEqual([second.id, names(second.ruleSet)], [2, ['foo', 'bar']]);
    assert.equal((await api.post('/subjects/testSubject', { schema: f1f2, ruleSet: second.ruleSet })).body.version, 2);
    assert.deepEqual(names((await api.get('/schemas/ids/2')).body.ruleSet), ['foo', 'bar']);
    assert.deepEqual([await ofType('type1'), await ofType('type1', true)], [2, 1]);
    assert.equal((await registered(api, 'testSubject', { schema: f1f2 })).id, 2);

    const third = await registered(api, 'testSubject', { schema: f1f2f3, ruleSet: { migrationRules: [rule('zap', 'UPGRADE', 'type2')] } });
    assert.deepEqual([third.id, names(third.ruleSet)], [3, ['foo', 'zap']]);
    assert.equal((await api.post('/subjects/testSubject', { schema: f1f2f3, ruleSet: third.ruleSet })).body.version, 3);
    assert.deepEqual(names((await api.get('/schemas/ids/3')).body.ruleSet), ['foo', 'zap']);
    assert.deepEqual([await ofType('type1'), await ofType('type2'), await ofType('type1', true), await ofType('type2', true)], [2, 1, 0, 1]);
  });
});

describe('RestApiCompatibilityTest: testSchemaMetadata, testSchemaRuleSet, testRegisterEmptyRuleSet, rule set validation', () => {
  const node = freshNode();

  it('testSchemaMetadata: metadata alone registers the latest schema again with it, under a new id', async () => {
    const api = node.api();
    assert.equal((await registered(api, 'meta', { schema: f1 })).id, 1);
    const metadata = { properties: { subjectKey: 'subjectValue' } };
    const second = await registered(api, 'meta', { metadata });
    assert.deepEqual(second, { id: 2, version: 2, metadata, schema: f1 });
    const byId = (await api.get('/schemas/ids/2?subject=meta')).body;
    assert.deepEqual([byId.schema, byId.metadata], [f1, metadata]);
  });

  it('testSchemaRuleSet: a rule set alone does the same', async () => {
    const api = node.api();
    const base = (await registered(api, 'rules', { schema: f1f2Default })).id;
    const ruleSet = { migrationRules: [rule('foo', 'UPGRADE', 'IGNORE')] };
    const second = await registered(api, 'rules', { ruleSet });
    assert.notEqual(second.id, base);
    const byId = (await api.get(`/schemas/ids/${second.id}`)).body;
    assert.deepEqual([byId.schema, byId.ruleSet], [f1f2Default, ruleSet]);
  });

  it('an empty schema with nothing to take it from is 42201 Empty schema', async () => {
    assertError(await node.api().post('/subjects/nothing-yet/versions', { metadata: { properties: { a: 'b' } } }), 422, 42201, 'Empty schema');
  });

  it('testRegisterEmptyRuleSet: an empty rule set is a contract; a lookup without one finds what it would inherit', async () => {
    const api = node.api();
    const schema = record('{"name":"e1","type":"string"}');
    const first = await registered(api, 'empty-rules', { schema, ruleSet: {} });
    const look = () => api.post('/subjects/empty-rules', { schema });
    assert.equal((await look()).body.id, first.id);
    const second = await registered(api, 'empty-rules', { ruleSet: { domainRules: [rule('foo', 'READ', 'IGNORE')] } });
    assert.notEqual(second.id, first.id);
    assert.equal((await look()).body.id, second.id, 'the latest version\'s rule set is the one a registration would get');
    assert.equal((await api.post('/subjects/empty-rules', { schema, ruleSet: {} })).body.id, first.id, 'its own contract first');
  });

  it('testRegisterInvalidRuleSet: a rule without a type is 42210', async () => {
    const res = await node.api().post('/subjects/invalid-rules/versions', { schema: f1, ruleSet: { migrationRules: [{ name: 'foo', mode: 'READ' }] } });
    assertError(res, 422, 42210, 'Missing rule type');
    assert.equal((await node.api().get('/subjects/invalid-rules/versions')).body.error_code, 40401, 'nothing was written');
  });

  it('testConfigInvalidRuleSet: a READ migration rule, or two rules of one name, in a config rule set are 42210', async () => {
    const api = node.api();
    assertError(await api.put('/config', { defaultRuleSet: { migrationRules: [rule('foo', 'READ', 'IGNORE')] } }), 422, 42210,
      'Migration rules can only be UPGRADE, DOWNGRADE, UPDOWN');
    assertError(await api.put('/config/some-subject', { overrideRuleSet: { domainRules: [rule('foo', 'READ', 'IGNORE'), rule('foo', 'READ', 'IGNORE')] } }),
      422, 42210, "Found rule with duplicate name 'foo'");
    assertError(await api.put('/config', { defaultRuleSet: { domainRules: [rule('1st', 'READ', 'IGNORE')] } }), 422, 42210,
      'Illegal initial character in rule name: 1st');
    assertError(await api.post('/subjects/x/versions', { schema: f1, ruleSet: { domainRules: [{ ...rule('a', 'WRITE', 'CEL'), onFailure: 'NONE,ERROR' }] } }),
      422, 42210, 'Multiple actions only valid with WRITEREAD and UPDOWN');
    assert.equal((await api.get('/config')).body.defaultRuleSet, undefined, 'nothing was stored');
    assertError(await api.post('/subjects/x/versions', { schema: f1, ruleSet: { domainRules: [{ name: 'a', type: 'CEL', mode: 'SIDEWAYS' }] } }), 400, 400);
    assertError(await api.post('/subjects/x/versions', { schema: f1, metadata: { properties: { a: 1 } } }), 400, 400);
  });
});

describe('data contracts are part of a schema\'s identity (Confluent MD5.ofSchema covers metadata and ruleSet)', () => {
  let server: ServerProcess;
  let api: Api;
  before(async () => {
    server = await startServer();
    api = client(server.url);
  });
  after(() => server.stop());

  const schema = record('{"name":"id1","type":"string"}');
  const team = (name: string) => ({ properties: { team: name, tier: 'gold' } });

  it('the same text with another contract is a new version and a new id; with the same contract, the existing one', async () => {
    const a = await registered(api, 'ident', { schema, metadata: team('a') });
    const b = await registered(api, 'ident', { schema, metadata: team('b') });
    assert.notEqual(b.id, a.id);
    assert.deepEqual([a.version, b.version], [1, 2]);
    // Same contract, written in another key order: the existing id, answered as registerOrForward does when the
    // config has no contract defaults or overrides (`{"id":N}`).
    const again = await registered(api, 'ident', { schema, metadata: { properties: { tier: 'gold', team: 'a' } } });
    assert.deepEqual(again, { id: a.id });
    assert.deepEqual((await api.get('/subjects/ident/versions')).body, [1, 2]);
    // The same text with a rule set, and with an empty metadata: two more contracts.
    const ruled = await registered(api, 'ident', { schema, metadata: team('b'), ruleSet: { domainRules: [rule('r', 'WRITE', 'CEL')] } });
    const empty = await registered(api, 'ident', { schema, metadata: {} });
    assert.equal(new Set([a.id, b.id, ruled.id, empty.id]).size, 4);
  });

  it('lookups match the contract: their own first, then the one a registration would inherit', async () => {
    const look = (body: Record<string, unknown>) => api.post('/subjects/ident', body);
    assert.equal((await look({ schema, metadata: team('a') })).body.version, 1);
    assert.equal((await look({ schema, metadata: team('b') })).body.version, 2);
    assertError(await look({ schema, metadata: team('c') }), 404, 40403);
    // Without a contract: the latest version's (empty metadata, no rule set).
    assert.equal((await look({ schema })).body.version, 4);
  });

  it('under another subject, the same contract reuses the id and another contract gets a new one', async () => {
    const a = (await api.post('/subjects/ident', { schema, metadata: team('a') })).body.id;
    assert.equal((await registered(api, 'ident-copy', { schema, metadata: team('a') })).id, a);
    assert.deepEqual((await api.get(`/schemas/ids/${a}/subjects`)).body, ['ident', 'ident-copy']);
    const other = await registered(api, 'ident-other', { schema, metadata: team('z') });
    assert.ok(other.id > a);
    assert.deepEqual((await api.get(`/schemas/ids/${other.id}/subjects`)).body, ['ident-other']);
  });

  it('a registration without a contract on a subject with none still answers {"id":N}', async () => {
    const plain = record('{"name":"plain","type":"string"}');
    const first = await registered(api, 'plain', { schema: plain });
    assert.deepEqual(Object.keys(first), ['id']);
    assert.deepEqual(await registered(api, 'plain', { schema: plain }), first);
  });

  it('the records carry the contract where Confluent writes it, and a restarted node replays to the same identities', async () => {
    const records = (await readRaw(server.topic)).filter(([key]) => key?.includes('"subject":"ident"'));
    const values = records.map(([, value]) => JSON.parse(value ?? 'null'));
    assert.deepEqual(Object.keys(values[0]), ['subject', 'version', 'id', 'metadata', 'schema', 'deleted']);
    assert.deepEqual(values[0].metadata, team('a'));
    assert.deepEqual(Object.keys(values[2]), ['subject', 'version', 'id', 'metadata', 'ruleSet', 'schema', 'deleted']);

    const before = (await api.get('/subjects/ident/versions/2')).body;
    await server.stop();
    server = await startServer({ topic: server.topic });
    api = client(server.url);
    assert.deepEqual((await api.get('/subjects/ident/versions/2')).body, before);
    assert.equal((await registered(api, 'ident', { schema, metadata: team('b') })).id, before.id);
    assert.equal((await api.post('/subjects/ident', { schema, metadata: team('a') })).body.version, 1);
    const fresh = await registered(api, 'ident', { schema, metadata: team('new') });
    assert.equal(fresh.version, 5);
  });
});

describe('RestApiCompatibilityTest: testGlobalNormalizeInheritedWhenSubjectConfigSet', () => {
  const node = freshNode();

  it('a subject config that sets only a level keeps the global normalize (configs merge field by field)', async () => {
    const api = node.api();
    assert.deepEqual((await api.put('/config', { normalize: true })).body, { normalize: true });
    assert.deepEqual((await api.put('/config/testSubject', { compatibility: 'BACKWARD' })).body, { compatibility: 'BACKWARD' });
    // An int field with a string default: rejected when the schema is normalized (and so validated strictly).
    const badDefault = record('{"name":"f","type":"int","default":"foo"}');
    assertError(await api.post('/compatibility/subjects/testSubject/versions/latest', { schema: badDefault }), 422, 42201);
    assertError(await api.post('/subjects/testSubject/versions', { schema: badDefault }), 422, 42201);
  });
});
