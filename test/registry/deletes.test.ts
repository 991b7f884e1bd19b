// Soft and permanent deletes, references and referencedby, over HTTP against a real Kafka-backed node.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { client, startServer, type ServerProcess } from '../harness.ts';

const rec = (name: string, fields: unknown[] = [{ name: 'a', type: 'int' }]) => ({ schema: JSON.stringify({ type: 'record', name, fields }) });

describe('deletes and references', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  before(async () => {
    server = await startServer();
    api = client(server.url);
    await api.put('/config', { compatibility: 'NONE' });
  });
  after(() => server.stop());

  it('soft-deletes a version, hides it, and permanently deletes it only after', async () => {
    await api.post('/subjects/d1/versions', rec('A'));
    await api.post('/subjects/d1/versions', rec('B'));
    const id2 = (await api.get('/subjects/d1/versions/2')).body.id;
    assert.deepEqual((await api.delete('/subjects/d1/versions/2?permanent=true')).body, {
      error_code: 40407, message: "Subject 'd1' Version 2 was not deleted first before being permanently deleted",
    });
    assert.equal((await api.delete('/subjects/d1/versions/2')).text, '2');
    assert.deepEqual((await api.get('/subjects/d1/versions')).body, [1]);
    assert.deepEqual((await api.get('/subjects/d1/versions?deleted=true')).body, [1, 2]);
    assert.deepEqual((await api.get('/subjects/d1/versions?deletedOnly=true')).body, [2]);
    assert.equal((await api.get('/subjects/d1/versions/2')).body.error_code, 40402);
    assert.equal((await api.get('/subjects/d1/versions/2?deleted=true')).status, 200);
    assert.equal((await api.get(`/schemas/ids/${id2}`)).status, 200, 'a soft-deleted schema stays readable by id');
    assert.deepEqual((await api.delete('/subjects/d1/versions/2')).body, {
      error_code: 40406, message: "Subject 'd1' Version 2 was soft deleted.Set permanent=true to delete permanently",
    });
    assert.equal((await api.delete('/subjects/d1/versions/2?permanent=true')).text, '2');
    assert.deepEqual((await api.get('/subjects/d1/versions?deleted=true')).body, [1]);
    assert.equal((await api.get(`/schemas/ids/${id2}`)).body.error_code, 40403, 'a hard-deleted schema id is gone');
    // The next version number continues after the highest ever used only while it exists.
    assert.equal((await api.post('/subjects/d1/versions', rec('C'))).status, 200);
    assert.deepEqual((await api.get('/subjects/d1/versions')).body, [1, 2]);
  });

  it('soft-deletes a subject, then permanently', async () => {
    await api.post('/subjects/d2/versions', rec('D'));
    await api.post('/subjects/d2/versions', rec('E'));
    assert.deepEqual((await api.delete('/subjects/d2?permanent=true')).body, {
      error_code: 40405, message: "Subject 'd2' was not deleted first before being permanently deleted",
    });
    assert.deepEqual((await api.delete('/subjects/d2')).body, [1, 2]);
    assert.equal((await api.get('/subjects/d2/versions')).body.error_code, 40401);
    assert.ok(!(await api.get('/subjects')).body.includes('d2'));
    assert.ok((await api.get('/subjects?deleted=true')).body.includes('d2'));
    assert.deepEqual((await api.get('/subjects?deletedOnly=true')).body, ['d2']);
    assert.deepEqual((await api.delete('/subjects/d2')).body, {
      error_code: 40404, message: "Subject 'd2' was soft deleted.Set permanent=true to delete permanently",
    });
    // Re-registering after a soft delete continues the version numbers.
    await api.post('/subjects/d2/versions', rec('F'));
    assert.deepEqual((await api.get('/subjects/d2/versions')).body, [3]);
    await api.delete('/subjects/d2');
    assert.deepEqual((await api.delete('/subjects/d2?permanent=true')).body, [1, 2, 3]);
    assert.equal((await api.get('/subjects/d2/versions?deleted=true')).body.error_code, 40401);
    assert.equal((await api.delete('/subjects/d2')).body.error_code, 40401);
  });

  it('resolves references, lists referencedby, and refuses to delete a referenced schema (42206)', async () => {
    const address = { type: 'record', name: 'Address', namespace: 'acme', fields: [{ name: 'street', type: 'string' }] };
    await api.post('/subjects/address/versions', { schema: JSON.stringify(address) });
    const person = { type: 'record', name: 'Person', namespace: 'acme', fields: [{ name: 'home', type: 'acme.Address' }] };
    const refs = [{ name: 'acme.Address', subject: 'address', version: 1 }];
    const res = await api.post('/subjects/person/versions', { schema: JSON.stringify(person), references: refs });
    assert.equal(res.status, 200, res.text);
    const got = await api.get('/subjects/person/versions/1');
    assert.deepEqual(got.body.references, refs);
    assert.deepEqual(Object.keys(got.body), ['subject', 'version', 'id', 'references', 'schema']);
    assert.deepEqual((await api.get(`/schemas/ids/${res.body.id}`)).body.references, refs);
    assert.deepEqual((await api.get('/subjects/address/versions/1/referencedby')).body, [res.body.id]);
    const refused = await api.delete('/subjects/address/versions/1');
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error_code, 42206);
    assert.equal((await api.delete('/subjects/address')).body.error_code, 42206);
    const missingRef = await api.post('/subjects/p2/versions', { schema: JSON.stringify(person), references: [{ name: 'acme.Address', subject: 'nope', version: 1 }] });
    assert.equal(missingRef.body.error_code, 42201);
    const unresolved = await api.post('/subjects/p3/versions', { schema: JSON.stringify(person) });
    assert.equal(unresolved.body.error_code, 42201, 'without the reference the named type is unknown');
    // Once the referrer is gone, the target can be deleted.
    await api.delete('/subjects/person');
    assert.equal((await api.delete('/subjects/address/versions/1')).status, 200);
  });
});
