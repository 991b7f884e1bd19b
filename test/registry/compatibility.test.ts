// Compatibility on register (409) and the two /compatibility endpoints, over HTTP against a real Kafka-backed node.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { client, startServer, type ServerProcess } from '../harness.ts';

const v1 = { type: 'record', name: 'Order', fields: [{ name: 'id', type: 'int' }] };
const widened = { type: 'record', name: 'Order', fields: [{ name: 'id', type: 'long' }] };
const withDefault = { type: 'record', name: 'Order', fields: [{ name: 'id', type: 'int' }, { name: 'note', type: 'string', default: '' }] };
const noDefault = { type: 'record', name: 'Order', fields: [{ name: 'id', type: 'int' }, { name: 'note', type: 'string' }] };
const body = (s: unknown) => ({ schema: JSON.stringify(s) });

describe('compatibility', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  before(async () => {
    server = await startServer();
    api = client(server.url);
    await api.post('/subjects/orders/versions', body(v1));
  });
  after(() => server.stop());

  it('refuses an incompatible schema with 409 and the reason', async () => {
    const res = await api.post('/subjects/orders/versions', body(noDefault));
    assert.equal(res.status, 409);
    assert.equal(res.body.error_code, 409);
    assert.match(res.body.message, /^Schema being registered is incompatible with an earlier schema for subject "orders", details: \[/);
    assert.match(res.body.message, /READER_FIELD_MISSING_DEFAULT_VALUE/);
    assert.deepEqual((await api.get('/subjects/orders/versions')).body, [1]);
  });

  it('checks against one version or all, verbose or not', async () => {
    assert.deepEqual((await api.post('/compatibility/subjects/orders/versions/latest', body(widened))).body, { is_compatible: true });
    assert.deepEqual((await api.post('/compatibility/subjects/orders/versions/1', body(noDefault))).body, { is_compatible: false });
    const verbose = await api.post('/compatibility/subjects/orders/versions/1?verbose=true', body(noDefault));
    assert.equal(verbose.body.is_compatible, false);
    assert.ok(verbose.body.messages.some((m: string) => m.includes('READER_FIELD_MISSING_DEFAULT_VALUE')));
    assert.deepEqual((await api.post('/compatibility/subjects/orders/versions?verbose=true', body(withDefault))).body, { is_compatible: true, messages: [] });
    assert.equal((await api.post('/compatibility/subjects/orders/versions/9', body(v1))).body.error_code, 40402);
    assert.deepEqual((await api.post('/compatibility/subjects/nobody/versions/latest', body(v1))).body, { is_compatible: true });
    assert.equal((await api.post('/compatibility/subjects/orders/versions/latest', { schema: '{"type":"record"}' })).body.error_code, 42201);
    const invalidVerbose = await api.post('/compatibility/subjects/orders/versions/latest?verbose=true', { schema: '{"type":"record"}' });
    assert.equal(invalidVerbose.body.is_compatible, false);
  });

  it('follows the subject level: FORWARD, FULL and TRANSITIVE', async () => {
    await api.put('/config/orders', { compatibility: 'FORWARD' });
    // Reading int data as long is fine (BACKWARD), but old readers cannot read long (FORWARD).
    assert.deepEqual((await api.post('/compatibility/subjects/orders/versions/latest', body(widened))).body, { is_compatible: false });
    assert.deepEqual((await api.post('/compatibility/subjects/orders/versions/latest', body(noDefault))).body, { is_compatible: true });
    await api.put('/config/orders', { compatibility: 'FULL' });
    assert.deepEqual((await api.post('/compatibility/subjects/orders/versions/latest', body(noDefault))).body, { is_compatible: false });
    assert.equal((await api.post('/subjects/orders/versions', body(withDefault))).status, 200);
    await api.put('/config/orders', { compatibility: 'BACKWARD' });
    const dropped = { type: 'record', name: 'Order', fields: [{ name: 'id', type: 'int' }, { name: 'note', type: 'string' }, { name: 'x', type: 'int', default: 0 }] };
    // Against the latest (which has a default for note) this is fine; against version 1 too (note is new there but... no default).
    await api.put('/config/orders', { compatibility: 'BACKWARD_TRANSITIVE' });
    assert.deepEqual((await api.post('/compatibility/subjects/orders/versions', body(dropped))).body, { is_compatible: false });
    await api.put('/config/orders', { compatibility: 'BACKWARD' });
    assert.deepEqual((await api.post('/compatibility/subjects/orders/versions', body(dropped))).body, { is_compatible: true });
    await api.put('/config/orders', { compatibility: 'NONE' });
    assert.equal((await api.post('/subjects/orders/versions', body({ type: 'string' }))).status, 200);
  });

  it('a transitive check reports only the newest version it fails against, as Confluent stops there', async () => {
    const field = (type: string) => ({ type: 'record', name: 'Reading', fields: [{ name: 'value', type }] });
    await api.put('/config/readings', { compatibility: 'NONE' });
    await api.post('/subjects/readings/versions', body(field('string')));
    await api.post('/subjects/readings/versions', body(field('double')));
    await api.put('/config/readings', { compatibility: 'BACKWARD_TRANSITIVE' });
    const res = await api.post('/compatibility/subjects/readings/versions?verbose=true', body(field('int')));
    assert.equal(res.body.is_compatible, false);
    const versions = res.body.messages.filter((m: string) => m.startsWith('{oldSchemaVersion:'));
    assert.deepEqual(versions, ['{oldSchemaVersion: 2}']);
    const refused = await api.post('/subjects/readings/versions', body(field('int')));
    assert.equal(refused.status, 409);
    assert.doesNotMatch(refused.body.message, /oldSchemaVersion: 1/);
  });
});
