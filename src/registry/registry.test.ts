// The registry's use cases on the in-memory log: fast, no Kafka; the same rules the HTTP tests check end to end.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../core/errors.ts';
import { MemorySchemaLog } from '../store/log.ts';
import { decodeRecord } from '../store/records.ts';
import { RegistryState } from '../store/state.ts';
import { readSchemaRequest, type SchemaRequest } from './candidate.ts';
import { deleteSubject, deleteVersion } from './deletes.ts';
import { listSubjects } from './reads.ts';
import { lookup, register } from './register.ts';
import { Registry } from './registry.ts';
import { setConfig, setMode } from './settings.ts';

const setup = () => {
  const state = new RegistryState();
  const log = new MemorySchemaLog(state);
  return { state, log, registry: new Registry(state, log, { defaultCompatibility: 'BACKWARD' }) };
};
const req = (schema: unknown) => readSchemaRequest({ schema: JSON.stringify(schema) });
const code = (error: unknown) => (error instanceof ApiError ? error.code : -1);

describe('registry on the in-memory log', () => {
  it('registers, reuses ids, and writes nothing for a schema already registered', async () => {
    const { registry, log } = setup();
    const id = await register(registry, 's', req('int'), { normalize: false });
    assert.equal(await register(registry, 's', req('int'), { normalize: false }), id);
    assert.equal(log.records.length, 1);
    assert.equal(await register(registry, 't', req('int'), { normalize: false }), id);
    assert.equal(lookup(registry, 't', req('int'), { normalize: false, deleted: false }).version, 1);
    assert.deepEqual(listSubjects(registry, { prefix: '', deleted: false, deletedOnly: false }), ['s', 't']);
  });

  it('refuses incompatible schemas and follows the subject level', async () => {
    const { registry } = setup();
    await register(registry, 's', req('long'), { normalize: false });
    await assert.rejects(register(registry, 's', req('int'), { normalize: false }), (e) => code(e) === 409);
    await setConfig(registry, 's', { compatibility: 'NONE' });
    assert.equal(typeof (await register(registry, 's', req('int'), { normalize: false })), 'number');
  });

  it('soft delete then permanent delete writes DELETE_SUBJECT then tombstones, newest first', async () => {
    const { registry, log } = setup();
    await setConfig(registry, null, { compatibility: 'NONE' });
    await register(registry, 's', req('int'), { normalize: false });
    await register(registry, 's', req('long'), { normalize: false });
    await assert.rejects(deleteVersion(registry, 's', 1, { permanent: true }), (e) => code(e) === 40407);
    assert.deepEqual(await deleteSubject(registry, 's', { permanent: false }), [1, 2]);
    assert.deepEqual(await deleteSubject(registry, 's', { permanent: true }), [1, 2]);
    const tail = log.records.slice(-3).map((r) => decodeRecord(r.key, r.value));
    assert.deepEqual(tail.map((r) => r?.keytype), ['DELETE_SUBJECT', 'SCHEMA', 'SCHEMA']);
    assert.deepEqual(tail.map((r) => (r?.keytype === 'SCHEMA' ? r.version : null)), [null, 2, 1]);
  });

  it('matches normalized forms only when the request asks to normalize (as Confluent)', async () => {
    const { registry } = setup();
    const json = (schema: unknown) => readSchemaRequest({ schemaType: 'JSON', schema: JSON.stringify(schema) });
    const written = { type: 'object', properties: { b: { type: 'string' }, a: { type: 'integer' } } };
    const reordered = { properties: { a: { type: 'integer' }, b: { type: 'string' } }, type: 'object' };
    const id = await register(registry, 'j', json(written), { normalize: false });
    assert.throws(() => lookup(registry, 'j', json(reordered), { normalize: false, deleted: false }), (e) => code(e) === 40403);
    assert.equal(lookup(registry, 'j', json(reordered), { normalize: true, deleted: false }).schema.id, id);
    const other = await register(registry, 'k', json(reordered), { normalize: false });
    assert.notEqual(other, id);
    // Normalized, `written` reads as `reordered` (keys sorted), which is stored as it is under k.
    assert.equal(await register(registry, 'l', json(written), { normalize: true }), other);
  });

  it('normalizes under a subject whose config says normalize, and keeps the other config fields', async () => {
    const { registry, state } = setup();
    const json = (schema: unknown) => readSchemaRequest({ schemaType: 'JSON', schema: JSON.stringify(schema) });
    const written = { type: 'object', properties: { b: { type: 'string' }, a: { type: 'integer' } } };
    const reordered = { properties: { a: { type: 'integer' }, b: { type: 'string' } }, type: 'object' };
    assert.deepEqual(await setConfig(registry, 'n', { normalize: true, alias: 'x' }), { normalize: true, alias: 'x' });
    assert.deepEqual(state.configs.get('n'), { normalize: true, alias: 'x', compatibilityLevel: 'BACKWARD' });
    const id = await register(registry, 'n', json(written), { normalize: false });
    assert.equal(lookup(registry, 'n', json(reordered), { normalize: false, deleted: false }).schema.id, id);
    assert.equal(await register(registry, 'n', json(reordered), { normalize: false }), id);
    assert.deepEqual(await setConfig(registry, 'n', { compatibility: 'FULL' }), { compatibility: 'FULL' });
    assert.deepEqual(state.configs.get('n'), { normalize: true, alias: 'x', compatibilityLevel: 'FULL' });
    await assert.rejects(setConfig(registry, 'n', {}), (e) => code(e) === 42203);
    await assert.rejects(setConfig(registry, 'n', { normalize: 'yes' }), (e) => code(e) === 42203);
  });

  it('IMPORT: an already registered schema with another id and no version is the next version, with that id', async () => {
    const { registry } = setup();
    await setMode(registry, null, 'IMPORT', { force: true });
    const schema = { type: 'record', name: 'R', fields: [{ name: 'a', type: 'string' }] };
    const imported = (id: number, version?: number) => readSchemaRequest({ schema: JSON.stringify(schema), id, ...(version ? { version } : {}) });
    assert.equal(await register(registry, 'imp', imported(500, 3), { normalize: false }), 500);
    // Confluent's register, not 42207: the id differs from the one the schema has, so it is written again.
    assert.equal(await register(registry, 'imp', imported(501), { normalize: false }), 501);
    assert.deepEqual(registry.state.subject('imp')?.versions.map((v) => [v.version, v.schema.id]), [[3, 500], [4, 501]]);
  });

  it('a new schema needs live references; a lookup does not (Confluent resolveReferences with isNew)', async () => {
    const { registry } = setup();
    const referenced = { type: 'record', name: 'Sub', fields: [{ name: 'x', type: 'string' }] };
    const referrer: SchemaRequest = readSchemaRequest({
      schema: JSON.stringify({ type: 'record', name: 'Top', fields: [{ name: 's', type: 'Sub' }] }),
      references: [{ name: 'Sub', subject: 'ref', version: 1 }],
    });
    await register(registry, 'ref', req(referenced), { normalize: false });
    await register(registry, 'top', referrer, { normalize: false });
    await deleteVersion(registry, 'top', 1, { permanent: false });
    await deleteVersion(registry, 'ref', 1, { permanent: false });
    assert.equal(lookup(registry, 'top', referrer, { normalize: false, deleted: true }).version, 1);
    await assert.rejects(register(registry, 'top', referrer, { normalize: false }), (e) => code(e) === 42201);
  });

});
