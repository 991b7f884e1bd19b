// Registry modes and transitive compatibility as Confluent Schema Registry answers them, walked after its
// RestApiModeTest and RestApiTransitiveCompatibilityTest (real HTTP, real broker). What each mode lets through:
// READONLY and READONLY_OVERRIDE refuse registrations, deletes and config changes (42205); IMPORT takes only
// registrations that bring their id, READWRITE only those that do not; entering IMPORT needs no live schema under the
// scope (unless forced) and removes the soft-deleted ones for good; a PUT without a mode clears the mode; DELETE /mode
// resets the global mode, with `recursive` every subject's too.
// Not walked: named contexts (`:.ctx:` subjects, recursive deletes under a context, the `:.__GLOBAL:` context) and
// the FORWARD mode of Confluent 8.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { client, startServer, type Answer, type ServerProcess } from '../harness.ts';

type Api = ReturnType<typeof client>;

const record = (fields: unknown[]) => JSON.stringify({ type: 'record', name: 'myrecord', fields });
const STRING_F1 = record([{ name: 'f1', type: 'string' }]);
const INT_F1 = record([{ name: 'f1', type: 'int' }]);
const decimal = (props: Record<string, unknown>) => JSON.stringify({
  type: 'record', name: 'MyRecord', fields: [{ name: 'field1', type: ['null', { type: 'bytes', ...props }], default: null }],
});
// The same decimal written with its attributes in two orders: equivalent schemas, different texts.
const DECIMAL = decimal({ scale: 4, precision: 17, logicalType: 'decimal' });
const DECIMAL_REORDERED = decimal({ logicalType: 'decimal', precision: 17, scale: 4 });

function assertError(res: Answer, status: number, code: number, message?: string): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.body.error_code, code, res.text);
  if (message !== undefined) assert.equal(res.body.message, message);
}

describe('Confluent RestApiModeTest', () => {
  let server: ServerProcess;
  let api: Api;
  before(async () => {
    server = await startServer();
    api = client(server.url);
  });
  after(() => server.stop());

  const register = async (subject: string, body: Record<string, unknown>): Promise<number> => {
    const res = await api.post(`/subjects/${subject}/versions`, body);
    assert.equal(res.status, 200, res.text);
    return res.body.id;
  };
  const setMode = async (path: string, mode: string): Promise<void> => {
    assert.deepEqual((await api.put(path, { mode })).body, { mode });
  };
  const schemaAt = async (subject: string, version: number) => (await api.get(`/subjects/${subject}/versions/${version}`)).body;
  // Each case starts as Confluent's do, from an empty registry in READWRITE with no subject-level modes.
  const reset = async () => {
    assert.equal((await api.delete('/mode?recursive=true')).status, 200);
    for (const subject of (await api.get('/subjects?deleted=true')).body as string[]) {
      await api.delete(`/subjects/${subject}`);
      assert.equal((await api.delete(`/subjects/${subject}?permanent=true`)).status, 200);
    }
  };

  it('READONLY refuses registrations, deletes and config changes (42205); reads and lookups still answer', async () => {
    await reset();
    const id = await register('ro-subject', { schema: STRING_F1 });
    await setMode('/mode', 'READONLY');
    assertError(await api.post('/subjects/ro-other/versions', { schema: STRING_F1 }), 422, 42205, 'Subject ro-other is in read-only mode');
    assertError(await api.delete('/subjects/ro-subject'), 422, 42205, 'Subject ro-subject is in read-only mode');
    assertError(await api.delete('/subjects/ro-subject/versions/1'), 422, 42205);
    assertError(await api.put('/config/ro-subject', { compatibility: 'NONE' }), 422, 42205, 'Subject ro-subject is in read-only mode');
    assertError(await api.put('/config', { compatibility: 'NONE' }), 422, 42205, 'Subject null is in read-only mode');
    assertError(await api.delete('/config'), 422, 42205);
    // Registering what is already there writes nothing, so it answers.
    assert.equal(await register('ro-subject', { schema: STRING_F1 }), id);
    assert.equal((await api.post('/subjects/ro-subject', { schema: STRING_F1 })).body.id, id);
    // A subject of its own in READWRITE is writable again, config included.
    await setMode('/mode/ro-subject', 'READWRITE');
    assert.deepEqual((await api.put('/config/ro-subject', { compatibility: 'NONE' })).body, { compatibility: 'NONE' });
    assert.equal((await api.delete('/config/ro-subject')).status, 200);
  });

  it('READWRITE refuses an explicit id (not in import mode), then registers without one', async () => {
    await reset();
    assertError(await api.post('/subjects/rw-subject/versions', { schema: STRING_F1, version: 1, id: 1 }), 422, 42205,
      'Subject rw-subject is not in import mode');
    const id = await register('rw-subject', { schema: STRING_F1 });
    // Another id for a schema the subject already holds is refused the same way, not as an id conflict.
    assertError(await api.post('/subjects/rw-subject/versions', { schema: STRING_F1, id: id + 1000 }), 422, 42205,
      'Subject rw-subject is not in import mode');
  });

  it('a PUT without a mode clears it: the global mode is READWRITE again', async () => {
    await reset();
    await setMode('/mode', 'READONLY');
    const cleared = await api.put('/mode', {});
    assert.equal(cleared.status, 200, cleared.text);
    assert.equal(cleared.body.mode, undefined);
    assert.deepEqual((await api.get('/mode')).body, { mode: 'READWRITE' });
    await setMode('/mode/clear-subject', 'READONLY');
    assert.equal((await api.put('/mode/clear-subject', { mode: null })).status, 200);
    assertError(await api.get('/mode/clear-subject'), 404, 40409);
    assertError(await api.put('/mode', { mode: 'SOMETIMES' }), 422, 42204);
  });

  it('IMPORT needs no live schema under the scope unless forced; then only registrations with an id pass', async () => {
    await reset();
    await register('imp-live', { schema: STRING_F1 });
    assertError(await api.put('/mode', { mode: 'IMPORT' }), 422, 42205, 'Cannot import since found existing subjects');
    assertError(await api.put('/mode/imp-live', { mode: 'IMPORT' }), 422, 42205, 'Cannot import since found existing subjects');
    await setMode('/mode/imp-empty', 'IMPORT');
    assert.deepEqual((await api.put('/mode/imp-live?force=true', { mode: 'IMPORT' })).body, { mode: 'IMPORT' });
    assert.deepEqual((await api.put('/mode?force=true', { mode: 'IMPORT' })).body, { mode: 'IMPORT' });
    assertError(await api.post('/subjects/imp-new/versions', { schema: INT_F1 }), 422, 42205, 'Subject imp-new is not in read-write mode');
    assert.equal(await register('imp-new', { schema: INT_F1, version: 1, id: 5000 }), 5000);
    // An auto-registering client sending a schema already imported gets its id back.
    assert.equal(await register('imp-new', { schema: INT_F1 }), 5000);
  });

  it('entering IMPORT removes soft-deleted versions for good: their id and version take another schema or contract', async () => {
    await reset();
    const first = await register('imp-reuse', { schema: STRING_F1 });
    assert.deepEqual((await api.delete('/subjects/imp-reuse')).body, [1]);
    await setMode('/mode', 'IMPORT');
    assertError(await api.get('/subjects/imp-reuse/versions?deleted=true'), 404, 40401);
    assertError(await api.get(`/schemas/ids/${first}`), 404, 40403);
    // The same schema and version with a data contract, under the id the deleted version had.
    const withMetadata = { schema: STRING_F1, metadata: { properties: { foo: 'bar' } }, version: 1, id: first };
    assert.equal(await register('imp-reuse', withMetadata), first);
    assert.equal((await schemaAt('imp-reuse', 1)).schema, STRING_F1);
    // Soft-deleted while already in IMPORT: nothing is removed, and the same import answers again.
    assert.deepEqual((await api.delete('/subjects/imp-reuse')).body, [1]);
    assert.equal(await register('imp-reuse', withMetadata), first);
    assert.deepEqual((await schemaAt('imp-reuse', 1)).metadata, { properties: { foo: 'bar' } });
  });

  it('after a delete, IMPORT re-registers the same schema under another id, and takes an incompatible one', async () => {
    await reset();
    const before = await register('imp-again', { schema: STRING_F1 });
    await api.delete('/subjects/imp-again');
    await setMode('/mode', 'IMPORT');
    assert.equal(await register('imp-again', { schema: STRING_F1, version: 1, id: before + 7000 }), before + 7000);
    assert.equal(await register('imp-again', { schema: INT_F1, version: 2, id: before + 7001 }), before + 7001);
    assert.equal((await schemaAt('imp-again', 2)).schema, INT_F1);
  });

  it('IMPORT keeps equivalent and identical schemas under the versions and ids they bring', async () => {
    await reset();
    await setMode('/mode', 'IMPORT');
    assert.equal(await register('imp-dec', { schema: DECIMAL, version: 1, id: 100 }), 100);
    assert.equal(await register('imp-dec', { schema: DECIMAL_REORDERED, version: 2, id: 200 }), 200);
    assert.equal((await schemaAt('imp-dec', 2)).schema, DECIMAL_REORDERED);
    // The very same schema again, at the next version with another id (Confluent allows it since 7.2).
    assert.equal(await register('imp-same', { schema: DECIMAL, version: 1, id: 300 }), 300);
    assert.equal(await register('imp-same', { schema: DECIMAL, version: 2, id: 400 }), 400);
    const v2 = await schemaAt('imp-same', 2);
    assert.deepEqual([v2.id, v2.schema], [400, DECIMAL]);
    // And under another subject: each subject looks up its own version.
    assert.equal(await register('imp-same-2', { schema: DECIMAL, version: 1, id: 500 }), 500);
    assert.equal((await api.post('/subjects/imp-same-2', { schema: DECIMAL })).body.version, 1);
    assert.equal((await api.post('/subjects/imp-dec', { schema: DECIMAL })).body.version, 1);
  });

  it('DELETE /mode answers the mode removed and resets to READWRITE; a subject then falls back to the global one', async () => {
    await reset();
    await setMode('/mode', 'READONLY');
    assert.deepEqual((await api.delete('/mode')).body, { mode: 'READONLY' });
    assert.deepEqual((await api.get('/mode')).body, { mode: 'READWRITE' });
    await setMode('/mode', 'READONLY');
    await setMode('/mode/del-subject', 'READWRITE');
    assert.deepEqual((await api.get('/mode/del-subject')).body, { mode: 'READWRITE' });
    assert.deepEqual((await api.delete('/mode/del-subject')).body, { mode: 'READWRITE' });
    assertError(await api.get('/mode/del-subject'), 404, 40409, "Subject 'del-subject' does not have subject-level mode configured");
    assert.deepEqual((await api.get('/mode/del-subject?defaultToGlobal=true')).body, { mode: 'READONLY' });
    assertError(await api.delete('/mode/del-subject'), 404, 40401);
  });

  it('DELETE /mode?recursive=true removes the global mode and every subject mode', async () => {
    await reset();
    await setMode('/mode', 'READONLY');
    for (const s of ['rec-1', 'rec-2', 'rec-3']) await setMode(`/mode/${s}`, 'READONLY');
    assert.deepEqual((await api.delete('/mode?recursive=true')).body, { mode: 'READONLY' });
    assert.deepEqual((await api.get('/mode')).body, { mode: 'READWRITE' });
    for (const s of ['rec-1', 'rec-2', 'rec-3']) assertError(await api.get(`/mode/${s}`), 404, 40409);
    // Without it, subject modes stay.
    await setMode('/mode', 'READONLY');
    await setMode('/mode/rec-1', 'IMPORT');
    await api.delete('/mode');
    assert.deepEqual((await api.get('/mode/rec-1')).body, { mode: 'IMPORT' });
  });
});

describe('Confluent RestApiTransitiveCompatibilityTest (global BACKWARD_TRANSITIVE) and the other transitive levels', () => {
  let server: ServerProcess;
  let api: Api;
  before(async () => {
    server = await startServer({ config: { compatibility: 'BACKWARD_TRANSITIVE' } });
    api = client(server.url);
  });
  after(() => server.stop());

  const f1 = { name: 'f1', type: 'string' };
  const f2Default = { name: 'f2', type: 'string', default: 'foo' };
  const f2 = { name: 'f2', type: 'string' };
  const post = (subject: string, fields: unknown[]) => api.post(`/subjects/${subject}/versions`, { schema: record(fields) });
  const accepted = async (subject: string, fields: unknown[]) => assert.equal((await post(subject, fields)).status, 200);
  const refused = async (subject: string, fields: unknown[]) => assertError(await post(subject, fields), 409, 409);

  it('dropping a default that an earlier version needed is refused across versions; alone it passes', async () => {
    await accepted('bt', [f1]);
    await accepted('bt', [f1, f2Default]);
    await refused('bt', [f1, f2]);
    // The check endpoint without a version names every version the level covers; one version at a time differs.
    const all = await api.post('/compatibility/subjects/bt/versions', { schema: record([f1, f2]) });
    assert.equal(all.body.is_compatible, false, all.text);
    const latest = await api.post('/compatibility/subjects/bt/versions/latest', { schema: record([f1, f2]) });
    assert.equal(latest.body.is_compatible, true, latest.text);
    // Versions deleted no longer count.
    assert.equal((await api.delete('/subjects/bt/versions/1')).status, 200);
    await accepted('bt', [f1, f2]);

    await accepted('bt-alone', [f1, f2Default]);
    await accepted('bt-alone', [f1, f2]);
  });

  it('FORWARD_TRANSITIVE: every earlier reader must read the new data', async () => {
    assert.equal((await api.put('/config/ft', { compatibility: 'FORWARD' })).status, 200);
    await accepted('ft', [f1, f2]);
    await accepted('ft', [f1, f2Default]);
    const dropF2 = [f1];
    assert.equal((await api.post('/compatibility/subjects/ft/versions/latest', { schema: record(dropF2) })).body.is_compatible, true);
    assert.equal((await api.put('/config/ft', { compatibility: 'FORWARD_TRANSITIVE' })).status, 200);
    await refused('ft', dropF2);
  });

  it('FULL_TRANSITIVE: both directions against every version', async () => {
    assert.equal((await api.put('/config/fullt', { compatibility: 'FULL' })).status, 200);
    await accepted('fullt', [f1]);
    await accepted('fullt', [f1, f2Default]);
    assert.equal((await api.post('/compatibility/subjects/fullt/versions/latest', { schema: record([f1, f2]) })).body.is_compatible, true);
    assert.equal((await api.put('/config/fullt', { compatibility: 'FULL_TRANSITIVE' })).status, 200);
    await refused('fullt', [f1, f2]);
  });
});
