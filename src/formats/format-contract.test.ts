// One behaviour suite for the SchemaFormat interface, run against every format.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaParseError, type SchemaType } from './format.ts';
import { formatOf, SCHEMA_TYPES } from './index.ts';

const samples: Record<SchemaType, { valid: string; spaced: string; incompatible: string; invalid: string }> = {
  AVRO: {
    valid: '{"type":"record","name":"R","fields":[{"name":"a","type":"int"}]}',
    spaced: '{ "type": "record", "name": "R", "fields": [ { "name": "a", "type": "int" } ] }',
    incompatible: '{"type":"record","name":"R","fields":[{"name":"a","type":"string"}]}',
    invalid: '{"type":"record","name":"R"}',
  },
  JSON: {
    valid: '{"type":"object","properties":{"a":{"type":"integer"}},"additionalProperties":false}',
    spaced: '{ "type": "object", "properties": { "a": { "type": "integer" } }, "additionalProperties": false }',
    incompatible: '{"type":"object","properties":{"a":{"type":"string"}},"additionalProperties":false}',
    invalid: '{"type": 12}',
  },
  PROTOBUF: {
    valid: 'syntax = "proto3";\nmessage R {\n  int32 a = 1;\n}\n',
    spaced: 'syntax = "proto3";\n\n\nmessage R {   int32 a = 1;   }',
    incompatible: 'syntax = "proto3";\nmessage R {\n  string a = 1;\n}\n',
    invalid: 'syntax = "proto3";\nmessage R { int32 a = ; }',
  },
};

for (const type of SCHEMA_TYPES) {
  const format = formatOf(type);
  const sample = samples[type];
  describe(`SchemaFormat contract: ${type}`, () => {
    it('parses into a schema of its type whose canonical form is a fixed point', () => {
      const parsed = format.parse(sample.valid, []);
      assert.equal(parsed.type, type);
      assert.equal(format.parse(parsed.canonical, []).canonical, parsed.canonical);
      assert.equal(format.parse(parsed.normalized, []).normalized, parsed.normalized);
    });

    it('gives the same canonical form for the same schema written differently', () => {
      assert.equal(format.parse(sample.spaced, []).canonical, format.parse(sample.valid, []).canonical);
    });

    it('formats it does not know give the canonical form', () => {
      const parsed = format.parse(sample.valid, []);
      assert.equal(parsed.formatted('no-such-format'), parsed.canonical);
    });

    it('a schema can read itself; a changed field type cannot be read, both ways', () => {
      const a = format.parse(sample.valid, []);
      const b = format.parse(sample.incompatible, []);
      assert.deepEqual(format.canRead(a, a), []);
      for (const found of [format.canRead(a, b), format.canRead(b, a)]) {
        assert.ok(found.length > 0);
        for (const f of found) {
          assert.ok(f.kind.length > 0 && f.message.length > 0 && typeof f.location === 'string');
        }
      }
    });

    it('throws SchemaParseError for an invalid schema', () => {
      assert.throws(() => format.parse(sample.invalid, []), SchemaParseError);
    });
  });
}
