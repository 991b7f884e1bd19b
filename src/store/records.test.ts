import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeRecord, defaultKeyStyle, encodeRecord } from './records.ts';

const b = (s: string) => Buffer.from(s);

describe('_schemas records', () => {
  it('writes SCHEMA records as Confluent 7.x: key order, no schemaType for AVRO, no empty references', () => {
    const { key, value } = encodeRecord({
      keytype: 'SCHEMA', subject: 's', version: 1,
      value: { subject: 's', version: 1, id: 7, schema: '"int"', schemaType: 'AVRO', references: [], deleted: false },
    });
    assert.equal(key.toString(), '{"keytype":"SCHEMA","subject":"s","version":1,"magic":1}');
    assert.equal(value?.toString(), '{"subject":"s","version":1,"id":7,"schema":"\\"int\\"","deleted":false}');
  });

  it('writes global keys without a subject, unless the topic uses "subject":null', () => {
    assert.equal(encodeRecord({ keytype: 'CONFIG', subject: null, value: { compatibilityLevel: 'FULL' } }).key.toString(), '{"keytype":"CONFIG","magic":0}');
    const style = { ...defaultKeyStyle(), nullSubject: true };
    assert.equal(encodeRecord({ keytype: 'MODE', subject: null, value: { mode: 'IMPORT' } }, style).key.toString(), '{"keytype":"MODE","subject":null,"magic":0}');
    assert.equal(encodeRecord({ keytype: 'NOOP', value: null }).value, null);
  });

  it('reads every variant and learns the key style', () => {
    const style = defaultKeyStyle();
    const legacy = decodeRecord(b('{"subject":"k","version":2,"magic":1,"keytype":"SCHEMA"}'), b('{"subject":"k","version":2,"id":3,"schema":"\\"int\\"","deleted":false}'), style);
    assert.equal(legacy?.keytype, 'SCHEMA');
    assert.equal(style.legacyOrder, true);
    assert.equal(legacy?.keytype === 'SCHEMA' && legacy.value?.schemaType, 'AVRO');
    const global = decodeRecord(b('{"keytype":"CONFIG","subject":null,"magic":0}'), b('{"compatibilityLevel":"NONE","extra":1}'), style);
    assert.deepEqual(global, { keytype: 'CONFIG', subject: null, value: { compatibilityLevel: 'NONE', extra: 1 } });
    assert.equal(style.nullSubject, true);
    assert.deepEqual(decodeRecord(b('{"keytype":"SCHEMA","subject":"k","version":2,"magic":1}'), b('')), { keytype: 'SCHEMA', subject: 'k', version: 2, value: null });
    assert.deepEqual(decodeRecord(b('{"keytype":"SCHEMA","subject":"k","version":2,"magic":1}'), null), { keytype: 'SCHEMA', subject: 'k', version: 2, value: null });
    assert.deepEqual(decodeRecord(b('{"keytype":"DELETE_SUBJECT","subject":"k","magic":0}'), b('{"subject":"k","version":4}')), { keytype: 'DELETE_SUBJECT', subject: 'k', value: { version: 4 } });
  });

  it('answers undefined for what it cannot read', () => {
    assert.equal(decodeRecord(b('not json'), null), undefined);
    assert.equal(decodeRecord(b('{"keytype":"SOMETHING"}'), null), undefined);
    assert.equal(decodeRecord(b('{"keytype":"SCHEMA","subject":"k"}'), null), undefined);
    assert.equal(decodeRecord(b('{"keytype":"SCHEMA","subject":"k","version":1}'), b('{"subject":"k"}')), undefined);
    assert.equal(decodeRecord(b('{"keytype":"CONFIG","magic":0}'), b('{"other":1}')), undefined);
  });
});
