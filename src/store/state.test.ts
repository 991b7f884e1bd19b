import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LogRecord } from './records.ts';
import { contractKey, NO_CONTRACT } from '../core/contracts.ts';
import { RegistryState, schemaKey } from './state.ts';

const schema = (subject: string, version: number, id: number, text: string, deleted = false): LogRecord => ({
  keytype: 'SCHEMA', subject, version, value: { subject, version, id, schema: text, schemaType: 'AVRO', references: [], deleted },
});

describe('state fold', () => {
  it('finds a schema by text and data contract; an id an older registry shared between contracts is found by each', () => {
    const state = new RegistryState();
    const withMetadata = (record: LogRecord, owner: string): LogRecord =>
      ({ ...record, value: { ...(record.value as object), metadata: { properties: { owner } } } } as LogRecord);
    state.apply(withMetadata(schema('a', 1, 1, '"int"'), 'x'), 0, 0);
    state.apply(withMetadata(schema('a', 2, 1, '"int"'), 'y'), 1, 0);
    const key = (owner?: string) =>
      schemaKey('AVRO', '"int"', [], owner === undefined ? NO_CONTRACT : contractKey({ metadata: { properties: { owner } } }));
    assert.equal(state.schemasByKey.get(key('x'))?.id, 1);
    assert.equal(state.schemasByKey.get(key('y'))?.id, 1);
    assert.equal(state.schemasByKey.get(key()), undefined, 'no contract is a contract of its own');
    state.apply({ keytype: 'SCHEMA', subject: 'a', version: 1, value: null }, 2, 0);
    assert.equal(state.schemasByKey.get(key('x')), undefined, 'forgotten with the last version holding it');
    assert.equal(state.schemasByKey.get(key('y'))?.id, 1);
  });

  it('shares one schema per id across subjects and forgets an id when its last version is hard-deleted', () => {
    const state = new RegistryState();
    state.apply(schema('a', 1, 1, '"int"'), 0, 0);
    state.apply(schema('b', 1, 1, '"int"'), 1, 0);
    assert.equal(state.version('a', 1)?.schema, state.version('b', 1)?.schema);
    assert.equal(state.schemas.get(1)?.usedBy.size, 2);
    state.apply({ keytype: 'SCHEMA', subject: 'a', version: 1, value: null }, 2, 0);
    assert.ok(state.schemas.has(1));
    state.apply({ keytype: 'SCHEMA', subject: 'b', version: 1, value: null }, 3, 0);
    assert.ok(!state.schemas.has(1));
    assert.equal(state.subjects.size, 0);
    assert.equal(state.maxId, 1, 'ids are never reused');
    assert.equal(state.offset, 3);
  });

  it('DELETE_SUBJECT soft-deletes up to its version; CLEAR_SUBJECT drops soft-deleted versions', () => {
    const state = new RegistryState();
    state.apply(schema('s', 1, 1, '"int"'), 0, 0);
    state.apply(schema('s', 2, 2, '"long"'), 1, 0);
    state.apply({ keytype: 'DELETE_SUBJECT', subject: 's', value: { version: 1 } }, 2, 0);
    assert.deepEqual(state.subject('s')?.versions.map((v) => v.deleted), [true, false]);
    state.apply({ keytype: 'CLEAR_SUBJECT', subject: 's', value: null }, 3, 0);
    assert.deepEqual(state.subject('s')?.versions.map((v) => v.version), [2]);
  });

  it('keeps versions sorted whatever order they arrive in, and indexes references', () => {
    const state = new RegistryState();
    state.apply(schema('s', 3, 3, '"int"'), 0, 0);
    state.apply(schema('s', 1, 1, '"long"'), 1, 0);
    state.apply({
      keytype: 'SCHEMA', subject: 'r', version: 1,
      value: { subject: 'r', version: 1, id: 9, schema: '"string"', schemaType: 'AVRO', references: [{ name: 'x', subject: 's', version: 3 }], deleted: false },
    }, 2, 0);
    assert.deepEqual(state.subject('s')?.versions.map((v) => v.version), [1, 3]);
    assert.deepEqual(state.referencesTo('s', 3), [9]);
  });

  it('keeps a stored schema that does not parse, as text, and warns', () => {
    const warnings: string[] = [];
    const state = new RegistryState({ warn: (m) => warnings.push(m) });
    state.apply(schema('s', 1, 1, '{"type":"nope"}'), 0, 0);
    assert.equal(state.schemas.get(1)?.parsed, undefined);
    assert.equal(state.schemas.get(1)?.text, '{"type":"nope"}');
    assert.equal(warnings.length, 1);
  });
});
