// Compatibility config and modes (global and per subject), IMPORT mode, over HTTP against a real Kafka-backed node.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { client, startServer, type ServerProcess } from '../harness.ts';

const rec = (name: string) => ({ schema: JSON.stringify({ type: 'record', name, fields: [{ name: 'a', type: 'int' }] }) });

describe('config and mode', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  before(async () => {
    server = await startServer({ config: { compatibility: 'FULL' } });
    api = client(server.url);
  });
  after(() => server.stop());

  it('global config: default from the config file, PUT, DELETE', async () => {
    assert.deepEqual((await api.get('/config')).body, { compatibilityLevel: 'FULL' });
    assert.deepEqual((await api.put('/config', { compatibility: 'backward_transitive' })).body, { compatibility: 'BACKWARD_TRANSITIVE' });
    assert.deepEqual((await api.get('/config')).body, { compatibilityLevel: 'BACKWARD_TRANSITIVE' });
    assert.deepEqual((await api.delete('/config')).body, { compatibilityLevel: 'BACKWARD_TRANSITIVE' });
    assert.deepEqual((await api.get('/config')).body, { compatibilityLevel: 'FULL' });
    const bad = await api.put('/config', { compatibility: 'SIDEWAYS' });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error_code, 42203);
  });

  it('subject config: 40408 until set, defaultToGlobal, DELETE', async () => {
    const unset = await api.get('/config/s1');
    assert.deepEqual(unset.body, { error_code: 40408, message: "Subject 's1' does not have subject-level compatibility configured" });
    assert.deepEqual((await api.get('/config/s1?defaultToGlobal=true')).body, { compatibilityLevel: 'FULL' });
    assert.deepEqual((await api.put('/config/s1', { compatibility: 'NONE' })).body, { compatibility: 'NONE' });
    assert.deepEqual((await api.get('/config/s1')).body, { compatibilityLevel: 'NONE' });
    assert.deepEqual((await api.delete('/config/s1')).body, { compatibilityLevel: 'NONE' });
    assert.equal((await api.delete('/config/s1')).body.error_code, 40401);
    assert.equal((await api.put('/config/s1', { compatibility: 42 })).body.error_code, 42203);
  });

  it('modes: READONLY blocks writes with 42205; subject modes; 40409; 42204', async () => {
    assert.deepEqual((await api.get('/mode')).body, { mode: 'READWRITE' });
    await api.post('/subjects/m1/versions', rec('M1'));
    assert.deepEqual((await api.put('/mode/m1', { mode: 'READONLY' })).body, { mode: 'READONLY' });
    assert.deepEqual((await api.get('/mode/m1')).body, { mode: 'READONLY' });
    const blocked = await api.post('/subjects/m1/versions', rec('M2'));
    assert.equal(blocked.status, 422);
    assert.equal(blocked.body.error_code, 42205);
    assert.equal((await api.delete('/subjects/m1')).body.error_code, 42205);
    assert.equal((await api.post('/subjects/m2/versions', rec('M2'))).status, 200, 'other subjects stay writable');
    assert.deepEqual((await api.delete('/mode/m1')).body, { mode: 'READONLY' });
    assert.deepEqual((await api.get('/mode/m1')).body, { error_code: 40409, message: "Subject 'm1' does not have subject-level mode configured" });
    assert.deepEqual((await api.get('/mode/m1?defaultToGlobal=true')).body, { mode: 'READWRITE' });
    assert.equal((await api.delete('/mode/m1')).body.error_code, 40401);
    assert.equal((await api.put('/mode', { mode: 'SOMETIMES' })).body.error_code, 42204);
    assert.deepEqual((await api.put('/mode', { mode: 'readonly' })).body, { mode: 'READONLY' });
    assert.equal((await api.post('/subjects/m3/versions', rec('M3'))).body.error_code, 42205);
    await api.put('/mode', { mode: 'READWRITE' });
  });

  it('IMPORT mode: explicit ids and versions; 42205 outside it and on existing subjects; another id is a new version', async () => {
    const withId = await api.post('/subjects/imp/versions', { ...rec('I1'), id: 500, version: 3 });
    assert.deepEqual(withId.body, { error_code: 42205, message: 'Subject imp is not in import mode' });
    const refused = await api.put('/mode', { mode: 'IMPORT' });
    assert.deepEqual(refused.body, { error_code: 42205, message: 'Cannot import since found existing subjects' });
    assert.deepEqual((await api.put('/mode?force=true', { mode: 'IMPORT' })).body, { mode: 'IMPORT' });
    const imported = await api.post('/subjects/imp/versions', { ...rec('I1'), id: 500, version: 3 });
    assert.deepEqual(imported.body, { id: 500 });
    assert.deepEqual((await api.get('/subjects/imp/versions')).body, [3]);
    assert.equal((await api.get('/schemas/ids/500')).status, 200);
    // The same schema with another id and no version: Confluent's register writes it again, as the next version.
    const again = await api.post('/subjects/imp/versions', { ...rec('I1'), id: 501 });
    assert.deepEqual(again.body, { id: 501 });
    assert.equal((await api.get('/subjects/imp/versions/4')).body.id, 501);
    const overwrite = await api.post('/subjects/imp2/versions', { ...rec('I2'), id: 500 });
    assert.equal(overwrite.body.error_code, 42205);
    await api.put('/mode', { mode: 'READWRITE' });
    // New ids continue above imported ones.
    const next = await api.post('/subjects/after-import/versions', rec('After'));
    assert.ok(next.body.id > 500);
  });

  it('42208 for invalid subject names', async () => {
    const res = await api.put(`/config/${encodeURIComponent('bad\u0001name')}`, { compatibility: 'NONE' });
    assert.equal(res.status, 422);
    assert.equal(res.body.error_code, 42208);
  });
});
