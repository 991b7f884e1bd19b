import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ParsedSchema, SchemaParseError } from '../format.ts';
import { protobufFormat } from './index.ts';
import { parseProtobuf } from './schema.ts';
import { WELL_KNOWN_FILES } from './well-known/index.ts';

const parse = protobufFormat.parse;

const rejects = (text: string, pattern: RegExp, dependencies: Parameters<typeof parse>[1] = []): void => {
  assert.throws(() => parse(text, dependencies), (e: unknown) => e instanceof SchemaParseError && pattern.test(e.message));
};

describe('protobuf imports and type resolution', () => {
  it('resolves imports through references, including their public imports', () => {
    const base = parse('syntax = "proto3";\npackage acme.base;\nmessage Id { string value = 1; }', []);
    const shared = parse('syntax = "proto3";\npackage acme.shared;\nimport public "base.proto";\nmessage Tag { string v = 1; }', [
      { name: 'base.proto', schema: base },
    ]);
    const schema = parse(`syntax = "proto3";
package acme.orders;
import "shared.proto";
message Order { acme.base.Id id = 1; .acme.shared.Tag tag = 2; }
`, [{ name: 'shared.proto', schema: shared }]);
    assert.deepEqual(schema.dependencies.map((d) => d.name), ['shared.proto']);
    assert.match(schema.normalized, /\.acme\.base\.Id id = 1;\n {2}\.acme\.shared\.Tag tag = 2;/);
  });

  it('resolves the bundled well-known, google/type and confluent files without references', () => {
    const schema = parse(`syntax = "proto3";
import "google/protobuf/timestamp.proto";
import "google/protobuf/struct.proto";
import "google/type/money.proto";
import "confluent/meta.proto";
import "confluent/type/decimal.proto";
message Payment {
  google.protobuf.Timestamp at = 1;
  google.type.Money amount = 2 [(confluent.field_meta).doc = "gross"];
  confluent.type.Decimal rate = 3;
  google.protobuf.Struct extra = 4;
}
`, []);
    assert.match(schema.normalized, /\.google\.type\.Money amount = 2 \[\(confluent\.field_meta\) = \{\n {4}doc: "gross"\n {2}\}\];/);
  });

  it('parses every bundled file', () => {
    assert.equal(WELL_KNOWN_FILES.length, 30);
    for (const path of WELL_KNOWN_FILES) {
      const schema = parse(`syntax = "proto3";\nimport "${path}";\nmessage X { int32 a = 1; }`, []);
      assert.match(schema.canonical, new RegExp(`import "${path}";`));
    }
  });

  it('lets a reference override a bundled file of the same name', () => {
    const custom = parse('syntax = "proto3";\npackage google.type;\nmessage Money { string amount = 1; }', []);
    const schema = parseProtobuf('syntax = "proto3";\nimport "google/type/money.proto";\nmessage P { google.type.Money m = 1; }', [
      { name: 'google/type/money.proto', schema: custom },
    ]);
    assert.equal(schema.lookupType('google.type.Money')?.fieldsArray.map((f) => f.name).join(), 'amount');
  });

  it('tolerates an import nothing provides, as Confluent does, but not the use of a type from it', () => {
    const text = 'syntax = "proto3";\nimport "missing/thing.proto";\nimport "google/protobuf/empty.proto";\nmessage A { int32 a = 1; }';
    const schema = parse(text, []);
    assert.match(schema.canonical, /import "missing\/thing.proto";\nimport "google\/protobuf\/empty.proto";/);
    // The serialized descriptor names only the dependency that resolved (Confluent's DynamicSchema does the same).
    const serialized = Buffer.from(schema.formatted('serialized'), 'base64');
    assert.ok(serialized.includes(Buffer.from('google/protobuf/empty.proto')));
    assert.ok(!serialized.includes(Buffer.from('missing/thing.proto')));
    rejects('syntax = "proto3";\npackage p;\nimport "missing/thing.proto";\nmessage A { thing.Thing t = 1; }', /^p\.A\.t: "thing\.Thing" is not defined \(line 4\)$/);
  });

  it('rejects a reference that is not a Protobuf schema', () => {
    const other: ParsedSchema = {
      type: 'AVRO', canonical: '"int"', normalized: '"int"', dependencies: [], recordName: undefined, formatted: () => '"int"',
    };
    rejects('syntax = "proto3";\nimport "x.proto";\nmessage A { int32 a = 1; }', /"x.proto" is not a Protobuf schema/, [
      { name: 'x.proto', schema: other },
    ]);
  });

  it('rejects unknown types with the field and line', () => {
    // Worded as protobuf-java's DescriptorValidationException, which Confluent's error details carry.
    rejects('syntax = "proto3";\nmessage A {\n  int32 a = 1;\n  Missing b = 2;\n}', /^A\.b: "Missing" is not defined \(line 4\)$/);
    rejects('syntax = "proto3";\nmessage A { map<string, Nope> m = 1; }', /A\.m: "Nope" is not defined/);
    rejects('syntax = "proto3";\npackage p;\nmessage A { int32 a = 1; }\nservice S { rpc R (A) returns (B); }', /p\.S\.R: "B" is not defined/);
    rejects('syntax = "proto3";\nenum E { X = 0; }\nservice S { rpc R (E) returns (E); }', /S\.R: "E" is not a message type/);
    // A type from a file that is not imported is not visible, even though it is bundled.
    rejects('syntax = "proto3";\nmessage A { google.protobuf.Timestamp t = 1; }', /A\.t: "google\.protobuf\.Timestamp" is not defined/);
  });

  it('resolves names from the innermost scope outwards', () => {
    const schema = parse(`syntax = "proto3";
package a.b;
message Name { int32 outer = 1; }
message Outer {
  message Name { int32 inner = 1; }
  Name near = 1;
  .a.b.Name far = 2;
  b.Name partly = 3;
}
`, []);
    assert.match(schema.normalized, /\.a\.b\.Outer\.Name near = 1;\n {2}\.a\.b\.Name far = 2;\n {2}\.a\.b\.Name partly = 3;/);
  });

  it('rejects duplicate names and numbers, bad numbers and bad map keys', () => {
    rejects('syntax = "proto3";\nmessage A { int32 a = 1; int32 b = 1; }', /Fields 'a' and 'b' of message A both use number 1/);
    rejects('syntax = "proto3";\nmessage A { int32 a = 1; oneof o { int32 b = 1; } }', /both use number 1/);
    rejects('syntax = "proto3";\nmessage A { int32 a = 1; string a = 2; }', /Field 'a' is defined twice/);
    rejects('syntax = "proto3";\nmessage A {}\nmessage A {}', /Type 'A' is defined twice/);
    rejects('syntax = "proto3";\nmessage A { int32 a = 0; }', /outside 1 to 536870911/);
    rejects('syntax = "proto3";\nmessage A { int32 a = 19500; }', /19000 to 19999/);
    rejects('syntax = "proto3";\nmessage A { map<double, int32> m = 1; }', /Invalid map key type 'double'/);
    rejects('syntax = "proto3";\nenum E { A = 0; A = 1; }', /Enum value 'A' is defined twice/);
    rejects('syntax = "proto3";\nextend Nothing { int32 x = 100; }', /"Nothing" is not defined/);
  });

  it('accepts what Confluent accepts without checking: custom options nobody declares, proto3 enums not starting at 0', () => {
    const schema = parse('syntax = "proto3";\noption (undeclared) = 1;\nenum E { ONE = 1; }\nmessage A { E e = 1 [(also.undeclared) = true]; }', []);
    assert.match(schema.canonical, /option \(undeclared\) = 1;/);
  });
});
