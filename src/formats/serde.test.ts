// The REST proxy's data encodings, one per format, behind the one switch (serdeOf).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataError } from './format.ts';
import { parseSchema, serdeOf } from './index.ts';
import { decodeMessageIndexes, encodeMessageIndexes } from './protobuf/serde.ts';

describe('serde', () => {
  it('Avro: Avro JSON encoding in, binary out, and back', () => {
    const schema = parseSchema('AVRO', JSON.stringify({
      type: 'record', name: 'User', fields: [
        { name: 'name', type: 'string' }, { name: 'age', type: ['null', 'int'] }, { name: 'raw', type: 'bytes' },
      ],
    }), []);
    const serde = serdeOf(schema);
    const value = { name: 'ann', age: { int: 7 }, raw: '\u0001\u00ff' };
    const bytes = serde.encode(value);
    assert.deepEqual([...bytes], [6, 97, 110, 110, 2, 14, 4, 1, 255]);
    assert.deepEqual(serde.decode(bytes), value);
    assert.throws(() => serde.encode({ name: 'x', age: 'seven', raw: '' }), DataError);
    assert.throws(() => serde.encode({ name: 1 }), DataError);
    assert.throws(() => serde.decode(Buffer.from([1])), DataError);
  });

  it('JSON Schema: validated, sent as JSON text', () => {
    const serde = serdeOf(parseSchema('JSON', '{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}', []));
    assert.equal(serde.encode({ n: 1 }).toString(), '{"n":1}');
    assert.deepEqual(serde.decode(Buffer.from('{"n":2}')), { n: 2 });
    assert.throws(() => serde.encode({ n: 'one' }), /does not match the JSON schema/);
  });

  it('Protobuf: message indexes and the message, by default the first', () => {
    const schema = parseSchema('PROTOBUF', 'syntax = "proto3";\npackage p;\nmessage A { string s = 1; }\nmessage B { int64 n = 1; enum E { X = 0; Y = 1; } E e = 2; message C { bool b = 1; } }\n', []);
    const first = serdeOf(schema);
    const a = first.encode({ s: 'hi' });
    assert.deepEqual([...a], [0, 10, 2, 104, 105]);
    assert.deepEqual(first.decode(a), { s: 'hi' });
    const nested = serdeOf(schema, { messageName: 'p.B.C' });
    const c = nested.encode({ b: true });
    assert.deepEqual(decodeMessageIndexes(c).indexes, [1, 0]);
    assert.deepEqual(first.decode(c), { b: true }, 'decoding follows the indexes in the bytes');
    const b = serdeOf(schema, { messageName: 'p.B' }).encode({ n: '9007199254740993', e: 'Y' });
    assert.deepEqual(first.decode(b), { n: '9007199254740993', e: 'Y' });
    assert.throws(() => first.encode({ s: 5 }), DataError);
    assert.deepEqual([...encodeMessageIndexes([2])], [2, 4]);
  });
});
