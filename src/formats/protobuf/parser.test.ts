import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SchemaParseError } from '../format.ts';
import type { MessageElement, OptionValue } from './ast.ts';
import { parseProto } from './parser.ts';

const message = (types: readonly { kind: string }[], index = 0): MessageElement => {
  const found = types[index];
  assert.ok(found !== undefined && found.kind === 'message');
  return found as MessageElement;
};

const syntaxError = (text: string, pattern: RegExp): void => {
  assert.throws(() => parseProto(text), (e: unknown) => e instanceof SchemaParseError && pattern.test(e.message));
};

describe('protobuf parser', () => {
  it('reads a proto3 file: package, imports of every kind, options, messages, enums, services', () => {
    const file = parseProto(`syntax = "proto3";
package acme.v1;
import "a.proto";
import public "b.proto";
import weak "c.proto";
option java_package = "com.acme";
message Customer {
  string name = 1;
  repeated int64 ids = 2 [packed = false];
  map<string, Address> addresses = 3;
  optional int32 age = 4;
  oneof contact {
    string email = 5;
    string phone = 6;
  }
  message Address { string city = 1; }
}
enum Status { STATUS_UNKNOWN = 0; ACTIVE = 1; }
service Customers {
  rpc Get (Customer) returns (stream Customer);
}
`);
    assert.equal(file.syntax, 'proto3');
    assert.equal(file.packageName, 'acme.v1');
    assert.deepEqual(file.imports, ['a.proto']);
    assert.deepEqual(file.publicImports, ['b.proto']);
    assert.deepEqual(file.weakImports, ['c.proto']);
    assert.deepEqual(file.options, [{ name: 'java_package', parenthesized: false, value: { kind: 'string', value: 'com.acme' } }]);
    const customer = message(file.types);
    assert.deepEqual(customer.fields.map((f) => [f.label, f.type, f.name, f.tag]), [
      [undefined, 'string', 'name', 1],
      ['repeated', 'int64', 'ids', 2],
      [undefined, 'map<string, Address>', 'addresses', 3],
      ['optional', 'int32', 'age', 4],
    ]);
    assert.deepEqual(customer.fields[1]?.options, [{ name: 'packed', parenthesized: false, value: { kind: 'boolean', value: 'false' } }]);
    assert.deepEqual(customer.oneOfs.map((o) => [o.name, o.fields.map((f) => f.name)]), [['contact', ['email', 'phone']]]);
    assert.deepEqual(customer.nestedTypes.map((t) => t.name), ['Address']);
    assert.deepEqual(file.types[1], {
      kind: 'enum',
      name: 'Status',
      options: [],
      constants: [
        { name: 'STATUS_UNKNOWN', tag: 0, options: [], line: 18 },
        { name: 'ACTIVE', tag: 1, options: [], line: 18 },
      ],
      reserveds: [],
      line: 18,
    });
    const rpc = file.services[0]?.rpcs[0];
    assert.deepEqual(
      [rpc?.name, rpc?.requestType, rpc?.requestStreaming, rpc?.responseType, rpc?.responseStreaming],
      ['Get', 'Customer', false, 'Customer', true],
    );
  });

  it('reads a proto2 file without a syntax statement: labels, defaults, groups, extensions, extend', () => {
    const file = parseProto(`package p;
message M {
  required int32 id = 1;
  optional string name = 2 [default = "a\\"b", json_name = "nm"];
  optional group Result = 3 {
    required string url = 4;
  }
  extensions 100 to 199, 500 to max;
  reserved 10, 12 to 14, "old";
}
extend M {
  optional int32 extra = 100;
}
`);
    assert.equal(file.syntax, undefined);
    const m = message(file.types);
    assert.deepEqual(m.fields[0], { label: 'required', type: 'int32', name: 'id', tag: 1, options: [], line: 3 });
    assert.equal(m.fields[1]?.defaultValue, 'a"b');
    assert.equal(m.fields[1]?.jsonName, 'nm');
    assert.deepEqual(m.fields[1]?.options, []);
    assert.deepEqual(m.groups.map((g) => [g.label, g.name, g.tag, g.fields.map((f) => f.name)]), [['optional', 'Result', 3, ['url']]]);
    assert.deepEqual(m.extensions, [{ values: [[100, 199], [500, 536_870_911]], options: [] }]);
    assert.deepEqual(m.reserveds, [{ values: [10, [12, 14], 'old'] }]);
    assert.deepEqual(file.extendDeclarations.map((e) => [e.name, e.fields.map((f) => f.name)]), [['M', ['extra']]]);
  });

  it('reads custom options with sub-paths and text-format aggregates', () => {
    const file = parseProto(`syntax = "proto3";
option (my.opt).a.b = 5;
option (agg) = { name: "x" count: 3, nested { flag: true } list: [1, 2] tags: "a" tags: "b" [ext.key]: ENUM_V };
message M { int32 f = 1 [(validate.rules).int32 = { gt: 0 }, deprecated = true]; }
`);
    assert.deepEqual(file.options[0], {
      name: 'my.opt', parenthesized: true, path: 'a.b', value: { kind: 'number', value: '5' },
    });
    const agg = file.options[1]?.value;
    assert.equal(agg?.kind, 'map');
    const entries = agg?.kind === 'map' ? [...agg.entries.keys()] : [];
    assert.deepEqual(entries, ['name', 'count', 'nested', 'list', 'tags', '[ext.key]']);
    const tags = agg?.kind === 'map' ? agg.entries.get('tags') : undefined;
    const expectedTags: OptionValue = { kind: 'list', items: [{ kind: 'string', value: 'a' }, { kind: 'string', value: 'b' }] };
    assert.deepEqual(tags, expectedTags);
    assert.deepEqual(message(file.types).fields[0]?.options.map((o) => [o.name, o.path, o.parenthesized]), [
      ['validate.rules', 'int32', true],
      ['deprecated', undefined, false],
    ]);
  });

  it('joins adjacent strings and decodes escapes', () => {
    const file = parseProto(`option a = "x" 'y' "\\x41\\101\\n\\u00e9";`);
    assert.deepEqual(file.options[0]?.value, { kind: 'string', value: 'xyAA\né' });
  });

  it('skips line and block comments', () => {
    const file = parseProto('// head\n/* block\n comment */ syntax = "proto3"; // tail\nmessage A { /* x */ int32 a = 1; }');
    assert.equal(message(file.types).fields[0]?.line, 4);
  });

  it('reports syntax errors with their line', () => {
    syntaxError('syntax = "proto3";\nmessage A {\n  int32 a = 1\n}', /line 4, column 1: expected ';' but found '}'/);
    syntaxError('message A {\n  int32 a = 1;\n}', /line 2.*expected a label/);
    syntaxError('syntax = "proto3";\nmessage A {\n  required int32 a = 1;\n}', /line 3.*'required' is not allowed in proto3/);
    syntaxError('syntax = "proto4";', /unknown syntax "proto4"/);
    syntaxError('package a;\nsyntax = "proto3";', /line 2.*'syntax' must be the first statement/);
    syntaxError('syntax = "proto3";\nmessage A {\n  int32 a = x;\n}', /line 3.*expected a field number but found 'x'/);
    syntaxError('syntax = "proto3";\nmessage A {', /unexpected end of file/);
    syntaxError('syntax = "proto3";\nmesage A {}', /line 2.*unexpected 'mesage'/);
    syntaxError('edition = "2023";', /editions are not supported/);
    syntaxError('syntax = "proto3";\nmessage A { oneof o { repeated int32 a = 1; } }', /cannot have a label/);
    syntaxError('syntax = "proto3";\nmessage A { repeated map<string, int32> m = 1; }', /map fields cannot have a label/);
    syntaxError('/* open', /unterminated comment/);
    syntaxError('option a = "open;\n', /string literals cannot span lines/);
    syntaxError('syntax = "proto3";\nmessage 1A {}', /expected a message name but found '1A'/);
  });

  it('accepts empty statements and trailing semicolons', () => {
    const file = parseProto('syntax = "proto3";;\nmessage A { ; int32 a = 1;; };\nservice S { rpc R (A) returns (A) {}; };');
    assert.equal(message(file.types).fields.length, 1);
    assert.equal(file.services[0]?.rpcs.length, 1);
  });
});
