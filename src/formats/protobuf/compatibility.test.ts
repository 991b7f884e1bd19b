import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Dependency } from '../format.ts';
import { protobufFormat } from './index.ts';

interface Case {
  readonly description: string;
  readonly reader: string;
  readonly writer: string;
  readonly compatible: boolean;
}

const fixture = new URL('../../../test/fixtures/compatibility/protobuf.json', import.meta.url);
const cases = JSON.parse(readFileSync(fixture, 'utf8')) as Case[];

const parse = (text: string, dependencies: readonly Dependency[] = []) => protobufFormat.parse(text, dependencies);
/** `kind location` of each incompatibility. */
const check = (reader: string, writer: string, readerDeps: readonly Dependency[] = [], writerDeps: readonly Dependency[] = []) =>
  protobufFormat.canRead(parse(reader, readerDeps), parse(writer, writerDeps)).map((i) => `${i.kind} ${i.location}`);

describe('protobuf compatibility fixture table', () => {
  it('has at least 60 cases', () => {
    assert.ok(cases.length >= 60, `${cases.length} cases`);
  });
  for (const c of cases) {
    it(c.description, () => {
      const found = protobufFormat.canRead(parse(c.reader), parse(c.writer));
      assert.equal(found.length === 0, c.compatible, JSON.stringify(found));
    });
  }
});

describe('protobuf compatibility details', () => {
  it('names the kind and the Confluent path of each incompatibility', () => {
    assert.deepEqual(
      check(
        'syntax = "proto3";\nmessage Customer {\n  oneof contact {\n    string email = 1;\n    string phone = 2;\n  }\n}',
        'syntax = "proto3";\nmessage Customer {\n  string email = 1;\n  string phone = 2;\n}',
      ),
      ['MULTIPLE_FIELDS_MOVED_TO_ONEOF #/Customer/contact'],
    );
    assert.deepEqual(
      check('syntax = "proto3";\nmessage A {\n  message B {\n    sint64 x = 3;\n  }\n}', 'syntax = "proto3";\nmessage A {\n  message B {\n    int64 x = 3;\n  }\n}'),
      ['FIELD_SCALAR_KIND_CHANGED #/A/B/3'],
    );
    assert.deepEqual(check('syntax = "proto3";\npackage b;\nmessage A {}', 'syntax = "proto3";\npackage a;\nmessage A {}'), ['PACKAGE_CHANGED #/']);
  });

  it('reports a required field the reader adds as REQUIRED_FIELD_ADDED and one it drops as REQUIRED_FIELD_REMOVED', () => {
    const old = 'syntax = "proto2";\nmessage M {\n  optional int32 a = 1;\n}';
    const updated = 'syntax = "proto2";\nmessage M {\n  optional int32 a = 1;\n  required int32 b = 2;\n}';
    assert.deepEqual(check(updated, old), ['REQUIRED_FIELD_ADDED #/M/2']);
    assert.deepEqual(check(old, updated), ['REQUIRED_FIELD_REMOVED #/M/2']);
  });

  it('explains each incompatibility in words that name the reader and writer schemas', () => {
    const [found] = protobufFormat.canRead(
      parse('syntax = "proto3";\nmessage M {\n  string n = 1;\n}'),
      parse('syntax = "proto3";\nmessage M {\n  int32 n = 1;\n}'),
    );
    assert.equal(found?.message, 'The field has type string in the reader schema but int32 in the writer schema, which is not wire-compatible');
  });

  it('compares a message that comes from a reference, and flags the field that uses it', () => {
    const v1 = parse('syntax = "proto3";\npackage ref.v1;\nmessage Home {\n  int32 id = 1;\n}');
    const v2 = parse('syntax = "proto3";\npackage ref.v2;\nmessage Home {\n  string id = 1;\n}');
    const v2ok = parse('syntax = "proto3";\npackage ref.v2;\nmessage Home {\n  int64 id = 1;\n  bool on = 2;\n}');
    const writer = 'syntax = "proto3";\nimport "home.proto";\nmessage T {\n  ref.v1.Home home = 1;\n}';
    const reader = 'syntax = "proto3";\nimport "home2.proto";\nmessage T {\n  ref.v2.Home home = 1;\n}';
    assert.deepEqual(
      check(reader, writer, [{ name: 'home2.proto', schema: v2 }], [{ name: 'home.proto', schema: v1 }]),
      ['FIELD_SCALAR_KIND_CHANGED #/Home/1', 'FIELD_NAMED_TYPE_CHANGED #/T/1'],
    );
    // The package of a referenced message may change; its local name and fields are what count.
    assert.deepEqual(check(reader, writer, [{ name: 'home2.proto', schema: v2ok }], [{ name: 'home.proto', schema: v1 }]), []);
  });

  it('moving a message into a reference removes it from the schema (Confluent: MESSAGE_REMOVED)', () => {
    const dep = parse('syntax = "proto3";\npackage shared;\nmessage Home {\n  int32 id = 1;\n}');
    const writer = 'syntax = "proto3";\nmessage T {\n  Home home = 1;\n}\nmessage Home {\n  int32 id = 1;\n}';
    const reader = 'syntax = "proto3";\nimport "home.proto";\nmessage T {\n  shared.Home home = 1;\n}';
    assert.deepEqual(check(reader, writer, [{ name: 'home.proto', schema: dep }]), ['MESSAGE_REMOVED #/Home']);
    assert.deepEqual(check(writer, reader, [], [{ name: 'home.proto', schema: dep }]), []);
  });

  it('gives a non-Protobuf schema a type mismatch', () => {
    const proto = parse('syntax = "proto3";\nmessage A {}');
    const other = { type: 'JSON' as const, canonical: '{}', normalized: '{}', dependencies: [], recordName: undefined, formatted: () => '{}' };
    assert.equal(protobufFormat.canRead(proto, other)[0]?.kind, 'TYPE_MISMATCH');
  });
});
