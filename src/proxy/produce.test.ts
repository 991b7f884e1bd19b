// The subject a produced schema is registered under, for each name strategy and schema type.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../core/errors.ts';
import { subjectFor } from './produce.ts';

const avro = JSON.stringify({ type: 'record', name: 'Pet', namespace: 'zoo', fields: [] });
const proto = 'syntax = "proto3";\npackage shop.v1;\n// message Fake {}\nmessage Order { string id = 1; message Line { int32 n = 1; } }\n';
const json = JSON.stringify({ title: 'Reading', type: 'object' });

describe('subjectFor', () => {
  it('topic_name: the topic and key or value', () => {
    assert.equal(subjectFor('topic_name', 't', true, 'AVRO', avro), 't-key');
    assert.equal(subjectFor('topic_name', 't', false, 'PROTOBUF', 'not even a schema'), 't-value');
  });

  it('record_name and topic_record_name: the schema\'s record name', () => {
    assert.equal(subjectFor('record_name', 't', false, 'AVRO', avro), 'zoo.Pet');
    assert.equal(subjectFor('topic_record_name', 't', false, 'AVRO', avro), 't-zoo.Pet');
    assert.equal(subjectFor('record_name', 't', false, 'PROTOBUF', proto), 'shop.v1.Order', 'comments are not messages');
    assert.equal(subjectFor('record_name', 't', true, 'JSON', json), 'Reading');
  });

  it('no record name: 42205', () => {
    for (const [type, text] of [['AVRO', '"string"'], ['JSON', '{"type":"object"}'], ['AVRO', '{bad']] as const) {
      assert.throws(() => subjectFor('record_name', 't', false, type, text), (e: unknown) => e instanceof ApiError && e.code === 42205);
    }
  });
});
