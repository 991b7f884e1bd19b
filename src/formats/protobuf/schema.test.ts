import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProtobufSchema, parseProtobuf } from './schema.ts';

const schema = parseProtobuf(`syntax = "proto3";
package acme;
import "google/protobuf/timestamp.proto";
enum Top { TOP = 0; }
message First {
  enum Inner { I = 0; }
  message A { string a = 1; }
  message B {
    message Deep { int32 d = 1; }
    Deep deep = 1;
  }
  A a = 1;
  B b = 2;
  map<string, B> bs = 3;
  google.protobuf.Timestamp at = 4;
  oneof choice { string text = 5; int64 number = 6; }
  Inner inner = 7;
}
message Second { repeated int32 values = 1; }
`, []);

describe('protobuf schema for the REST proxy', () => {
  it('is a ProtobufSchema named after its first message', () => {
    assert.ok(schema instanceof ProtobufSchema);
    assert.equal(schema.type, 'PROTOBUF');
    assert.equal(schema.name, 'acme.First');
  });

  it('gives Confluent message indexes: messages only, in declaration order, outermost first', () => {
    assert.deepEqual(schema.messageIndexes('acme.First'), [0]);
    assert.deepEqual(schema.messageIndexes('acme.Second'), [1]);
    assert.deepEqual(schema.messageIndexes('.acme.First.B'), [0, 1]);
    assert.deepEqual(schema.messageIndexes('First.B.Deep'), [0, 1, 0]);
    assert.equal(schema.messageIndexes('acme.Top'), undefined);
    assert.equal(schema.messageIndexes('acme.Missing'), undefined);
    assert.equal(schema.messageNameAt([0, 1, 0]), 'acme.First.B.Deep');
    assert.equal(schema.messageNameAt([1]), 'acme.Second');
    assert.equal(schema.messageNameAt([2]), undefined);
  });

  it('looks up protobufjs types by full name, imported ones too, and round-trips records', () => {
    const first = schema.lookupType('acme.First');
    assert.ok(first);
    const record = {
      a: { a: 'x' },
      b: { deep: { d: 7 } },
      bs: { k: { deep: { d: 1 } } },
      at: { seconds: 5, nanos: 6 },
      number: 42,
    };
    const decoded = first.toObject(first.decode(first.encode(first.fromObject(record)).finish()), { longs: Number, oneofs: true });
    assert.deepEqual(decoded, { ...record, choice: 'number' });
    assert.equal(schema.lookupType('google.protobuf.Timestamp')?.fullName, '.google.protobuf.Timestamp');
    assert.equal(schema.lookupType('acme.Top'), undefined);
    assert.equal(schema.lookupType('acme.Nope'), undefined);
  });

  it('encodes proto3 repeated scalars packed and proto2 ones unpacked, as protoc does', () => {
    const second = schema.lookupType('acme.Second');
    assert.equal(Buffer.from(second?.encode({ values: [1, 2] }).finish() ?? []).toString('hex'), '0a020102');
    const proto2 = parseProtobuf('message P { repeated int32 values = 1; optional int32 x = 2 [default = 5]; }', []);
    const type = proto2.lookupType('P');
    assert.equal(Buffer.from(type?.encode({ values: [1, 2] }).finish() ?? []).toString('hex'), '08010802');
    assert.equal(type?.decode(new Uint8Array()).toJSON()['x'], undefined);
    assert.equal((type?.decode(new Uint8Array()) as unknown as Record<string, unknown>)['x'], 5);
  });
});
