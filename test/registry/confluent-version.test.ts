// Registrations that name a version outside IMPORT mode, and the `confluent:version` metadata property, as Confluent
// Schema Registry handles them (KafkaSchemaRegistry registerOrForward / register / maybeSetMetadataRuleSet,
// ParsedSchema.canLookup; the walk below follows the JSON Schema RestApiTest.testConfluentVersion): a version asked
// for writes its own number into the metadata, -1 stands for "the latest version", a version equal but for
// confluent:version is the same schema for lookups and registrations, a number that is not the next one is 42201.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { client, startServer, type ServerProcess } from '../harness.ts';

type Api = ReturnType<typeof client>;

const S = JSON.stringify({ id: 'urn:jsonschema:com:MySchema', properties: { myEnum: { enum: ['YES_VALUE', 'NO_VALUE'], type: 'string' } }, type: 'object' });
const CV = 'confluent:version';
const withCv = (v: string) => ({ properties: { [CV]: v } });

describe('confluent:version and explicit versions (READWRITE)', () => {
  let server: ServerProcess;
  let api: Api;
  before(async () => {
    server = await startServer();
    api = client(server.url);
  });
  after(() => server.stop());

  const idOf = async (subject: string, body: Record<string, unknown>) => {
    const res = await api.post(`/subjects/${subject}/versions`, { schemaType: 'JSON', schema: S, ...body });
    assert.equal(res.status, 200, res.text);
    return res.body.id as number;
  };
  const latest = async (subject: string) => (await api.get(`/subjects/${subject}/versions/latest`)).body;
  const lookedUp = async (subject: string, body: Record<string, unknown>) => {
    const res = await api.post(`/subjects/${subject}`, { schemaType: 'JSON', schema: S, ...body });
    assert.equal(res.status, 200, res.text);
    return res.body;
  };

  it('a named version stamps its number; -1 finds the latest version when only confluent:version differs', async () => {
    const s = 'cv-walk';
    const first = await idOf(s, {});
    assert.equal((await latest(s)).metadata, undefined, 'no version asked: no metadata');
    // -1 while the latest version is the very same schema (no metadata on either side): that version.
    assert.equal(await idOf(s, { version: -1 }), first);
    const second = await idOf(s, { version: 2 });
    assert.notEqual(second, first, 'same text, new contract (confluent:version 2): a new id');
    assert.equal(await idOf(s, { version: -1 }), second);
    const v2 = await latest(s);
    assert.equal(v2.version, 2);
    assert.deepEqual(v2.metadata, withCv('2'));

    // Lookups: the exact contract first; confluent:version "1" finds version 1, which has no metadata at all.
    assert.equal((await lookedUp(s, {})).version, 1);
    const one = await lookedUp(s, { metadata: withCv('1') });
    assert.equal(one.version, 1);
    assert.equal(one.metadata, undefined);
    const two = await lookedUp(s, { metadata: withCv('2') });
    assert.equal(two.version, 2);
    assert.deepEqual(two.metadata, withCv('2'));

    // Version 1 gone: the same schema without metadata is version 2, for lookups and registrations.
    assert.equal((await api.delete(`/subjects/${s}/versions/1`)).status, 200);
    assert.equal((await lookedUp(s, {})).version, 2);
    assert.equal(await idOf(s, {}), second);

    const third = await idOf(s, { version: 3 });
    assert.equal(await idOf(s, { version: -1 }), third);
    assert.deepEqual((await latest(s)).metadata, withCv('3'));
    const stale = await api.post(`/subjects/${s}/versions`, { schemaType: 'JSON', schema: S, version: 3 });
    assert.equal(stale.status, 422, stale.text);
    assert.deepEqual(stale.body, { error_code: 42201, message: 'Version is not one more than previous version' });
    const fourth = await idOf(s, { version: 4 });
    assert.equal((await lookedUp(s, {})).version, 4);

    // A confluent:version that matches no version (-1, 0) is renumbered to the new version; one that does is it.
    const fifth = await idOf(s, { metadata: withCv('-1') });
    assert.ok(fifth > fourth);
    assert.deepEqual((await latest(s)).metadata, withCv('5'));
    assert.equal(await idOf(s, { metadata: withCv('2') }), second);
    assert.equal(await idOf(s, { metadata: withCv('3') }), third);
    const sixth = await idOf(s, { metadata: withCv('0') });
    assert.deepEqual(await latest(s).then((v) => [v.version, v.id, v.metadata]), [6, sixth, withCv('6')]);

    // An empty metadata is the latest version's without its confluent:version; another property is a new version,
    // and the next -1 carries that property over with a fresh confluent:version.
    assert.equal(await idOf(s, { metadata: { properties: {} } }), sixth);
    const seventh = await idOf(s, { metadata: { properties: { mykey: 'myvalue' } } });
    assert.deepEqual((await latest(s)).metadata, { properties: { mykey: 'myvalue' } });
    const eighth = await idOf(s, { version: -1 });
    assert.notEqual(eighth, seventh);
    assert.deepEqual((await latest(s)).metadata, { properties: { [CV]: '8', mykey: 'myvalue' } });
    assert.equal((await lookedUp(s, { metadata: { properties: { mykey: 'myvalue' } } })).version, 7);
    assert.equal((await api.delete(`/subjects/${s}/versions/7`)).status, 200);
    const after7 = await lookedUp(s, { metadata: { properties: { mykey: 'myvalue' } } });
    assert.deepEqual([after7.version, after7.metadata], [8, { properties: { [CV]: '8', mykey: 'myvalue' } }]);
  });

  it('a named version answers the whole version it wrote (the contract was modified), a plain re-registration its id', async () => {
    const s = 'cv-answer';
    const first = await idOf(s, {});
    const res = await api.post(`/subjects/${s}/versions`, { schemaType: 'JSON', schema: S, version: 2 });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.version, 2);
    assert.deepEqual(res.body.metadata, withCv('2'));
    assert.deepEqual((await api.post(`/subjects/${s}/versions`, { schemaType: 'JSON', schema: S })).body, { id: first });
  });

  it('the version of the registered schema itself is not a version to ask for again (42201)', async () => {
    const s = 'cv-same';
    await idOf(s, {});
    const again = await api.post(`/subjects/${s}/versions`, { schemaType: 'JSON', schema: S, version: 1 });
    assert.deepEqual(again.body, { error_code: 42201, message: 'Version is not one more than previous version' });
    assert.deepEqual((await api.get(`/subjects/${s}/versions`)).body, [1]);
  });
});
