// The node's state is a fold of the `_schemas` topic: records written the way Confluent 7.x, 8.x and Karapace write
// them replay into the right answers, and a restarted node answers exactly as before.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { client, startServer, uniqueTopic, type ServerProcess } from '../harness.ts';
import { produceRaw, readRaw, type RawRecord } from '../schemas-topic.ts';

interface FixtureRecord { note: string; key: string; value: string | null }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/schemas-topic.json', import.meta.url), 'utf8')) as FixtureRecord[];

const produceFixture = (topic: string) => produceRaw(topic, fixture.map((r): RawRecord => [r.key, r.value]));
const readKeys = async (topic: string) => (await readRaw(topic)).map(([key]) => key ?? '');

describe('replaying a schemas topic written by Confluent and Karapace', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  const topic = uniqueTopic('fixture');
  before(async () => {
    await produceFixture(topic);
    server = await startServer({ topic });
    api = client(server.url);
  });
  after(() => server.stop());

  it('reads Confluent 7.x records', async () => {
    assert.deepEqual((await api.get('/subjects/c7-value/versions')).body, [1, 2]);
    const v2 = (await api.get('/subjects/c7-value/versions/2')).body;
    assert.equal(v2.id, 2);
    assert.equal((await api.get('/config/c7-value')).body.compatibilityLevel, 'NONE');
    assert.deepEqual((await api.get('/mode/c7-value')).body, { mode: 'READONLY' });
    assert.deepEqual((await api.get('/schemas/ids/1/subjects')).body, ['c7-value']);
    assert.deepEqual((await api.get('/schemas/ids/1/subjects?deleted=true')).body, ['c7-copy', 'c7-value']);
    assert.deepEqual((await api.get('/subjects?deletedOnly=true')).body, ['c7-copy']);
  });

  it('reads Confluent 8.x records with extra fields', async () => {
    const v1 = (await api.get('/subjects/c8-value/versions/1')).body;
    assert.equal(v1.id, 3);
    assert.equal(v1.schema, '"string"');
    assert.deepEqual(v1.metadata, { properties: { owner: 'team-a' } });
    assert.equal((await api.get('/subjects/c8-value/versions/2?deleted=true')).body.error_code, 40402, 'CLEAR_SUBJECT removed it');
  });

  it('reads Karapace records: null subject, legacy key order, empty-value deletes', async () => {
    assert.deepEqual((await api.get('/config')).body, { compatibilityLevel: 'BACKWARD' }, 'the later global config wins');
    assert.deepEqual((await api.get('/subjects/k-value/versions')).body, [1]);
    assert.equal((await api.get('/schemas/ids/6')).body.error_code, 40403);
    assert.equal((await api.get('/config/k-value')).body.error_code, 40408);
    assert.equal((await api.get('/subjects/gone/versions?deleted=true')).body.error_code, 40401);
  });

  it('skips what it cannot read and still serves unparsable schemas as text', async () => {
    const broken = await api.get('/subjects/broken/versions/1');
    assert.equal(broken.status, 200);
    assert.match(broken.body.schema, /Unknown/);
    assert.ok(server.output.some((line) => line.includes('not a schemas-topic record')), 'junk is logged');
  });

  it('new ids continue after the highest id seen', async () => {
    const res = await api.post('/subjects/new-value/versions', { schema: '"double"' });
    assert.equal(res.body.id, 9);
  });

  it('writes keys in the style the topic already uses', async () => {
    assert.equal((await api.delete('/subjects/k-value/versions/1')).status, 200);
    const keys = await readKeys(topic);
    assert.equal(keys.at(-1), '{"subject":"k-value","version":1,"magic":1,"keytype":"SCHEMA"}');
  });

  it('a restarted node answers exactly as before', async () => {
    const paths = ['/subjects?deleted=true', '/schemas?deleted=true', '/config', '/mode', '/subjects/c7-value/versions/2', '/schemas/ids/9',
      '/subjects/k-value/versions?deleted=true', '/config/c7-value', '/schemas/ids/1/versions?deleted=true'];
    const before = await Promise.all(paths.map((p) => api.get(p).then((r) => r.text)));
    await server.stop();
    server = await startServer({ topic });
    api = client(server.url);
    const afterRestart = await Promise.all(paths.map((p) => api.get(p).then((r) => r.text)));
    assert.deepEqual(afterRestart, before);
  });
});
