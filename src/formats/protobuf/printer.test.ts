import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { protobufFormat } from './index.ts';

const parse = (text: string) => protobufFormat.parse(text, []);
const lines = (...l: string[]): string => `${l.join('\n')}\n`;

const PROTO2 = `// proto2 with most constructs
syntax = "proto2";
package shop;
import public "google/protobuf/descriptor.proto";
import "google/protobuf/timestamp.proto";
option optimize_for = SPEED;
option (shop.file_note) = "it's \\"quoted\\"\\n";
extend google.protobuf.FileOptions { optional string file_note = 50001; }
extend google.protobuf.FieldOptions { repeated int32 marks = 50002; optional Rule rule = 50003; }
message Rule { optional int32 min = 1; optional string name = 2; repeated string tags = 3; }
message Order {
  option (shop.file_note) = "ignored";
  optional int64 id = 1 [default = 0x10];
  required string code = 2 [default = "A\\tB", (marks) = 1, (marks) = 2];
  repeated int32 lines = 3 [packed = true];
  optional Status status = 4 [default = NEW];
  optional double ratio = 5 [default = 1.23456, (rule).min = 1, (rule) = { name: "x" tags: ["a", "b"] }];
  oneof payment { string card = 7; group Cash = 8 { optional int32 amount = 9; } }
  optional group Note = 10 { optional string text = 11; }
  extensions 100 to max;
  extend Order { optional int32 priority = 100; }
  reserved 20 to 30, 40;
  reserved "legacy";
  message Item { required int32 qty = 1; }
  enum Status { reserved 5; NEW = 0; DONE = 1; }
}
service OrderService {
  option deprecated = true;
  rpc Place (Order) returns (Order.Item) { option idempotency_level = IDEMPOTENT; option deprecated = true; }
}
`;

describe('protobuf canonical form (Confluent canonicalString)', () => {
  it('prints a proto3 file in Confluent layout: header, imports, options, messages before enums, services', () => {
    const schema = parse(`syntax = "proto3";
package acme.v1;
import "google/protobuf/timestamp.proto";
option java_package = "com.acme";
enum Color { RED = 0; }
message Customer {
  string name = 1 [json_name = "n", deprecated = true];
  oneof contact { string email = 3; int64 phone = 4; }
  map<string, int32> counts = 2;
  optional int32 age = 6;
  google.protobuf.Timestamp created = 7;
  message Inner { option deprecated = true; repeated Inner kids = 1; }
}
service S { rpc Get (Customer) returns (stream Customer); }
`);
    assert.equal(schema.canonical, lines(
      'syntax = "proto3";',
      'package acme.v1;',
      '',
      'import "google/protobuf/timestamp.proto";',
      '',
      'option java_package = "com.acme";',
      '',
      'message Customer {',
      '  string name = 1 [',
      '    deprecated = true,',
      '    json_name = "n"',
      '  ];',
      '  map<string, int32> counts = 2;',
      '  optional int32 age = 6;',
      '  google.protobuf.Timestamp created = 7;',
      '',
      '  oneof contact {',
      '    string email = 3;',
      '    int64 phone = 4;',
      '  }',
      '',
      '  message Inner {',
      '    option deprecated = true;',
      // Confluent indents every line of a nested block, blank ones too.
      '  ',
      '    repeated Inner kids = 1;',
      '  }',
      '}',
      'enum Color {',
      '  RED = 0;',
      '}',
      '',
      'service S {',
      '  rpc Get (Customer) returns (stream Customer);',
      '}',
    ));
  });

  it('prints a proto2 file with defaults, groups, extensions, extend blocks, reserved and rpc options', () => {
    assert.equal(parse(PROTO2).canonical, lines(
      'syntax = "proto2";',
      'package shop;',
      '',
      'import "google/protobuf/timestamp.proto";',
      'import public "google/protobuf/descriptor.proto";',
      '',
      'option optimize_for = SPEED;',
      'option (shop.file_note) = "it\\\'s \\"quoted\\"\\n";',
      '',
      'message Rule {',
      '  optional int32 min = 1;',
      '  optional string name = 2;',
      '  repeated string tags = 3;',
      '}',
      'message Order {',
      '  reserved 20 to 30, 40;',
      '  reserved "legacy";',
      '',
      '  option (shop.file_note) = "ignored";',
      '',
      '  optional int64 id = 1 [default = 0x10];',
      '  required string code = 2 [',
      '    (marks) = 1,',
      '    (marks) = 2,',
      '    default = "A\\tB"',
      '  ];',
      '  repeated int32 lines = 3 [packed = true];',
      '  optional Status status = 4 [default = NEW];',
      '  optional double ratio = 5 [',
      '    (rule).min = 1,',
      '    (rule) = {',
      '      name: "x",',
      '      tags: [',
      '        "a",',
      '        "b"',
      '      ]',
      '    },',
      '    default = 1.23456',
      '  ];',
      '',
      '  oneof payment {',
      '    string card = 7;',
      '  ',
      '    group Cash = 8 {',
      '      optional int32 amount = 9;',
      '    }',
      '  }',
      '',
      '  optional group Note = 10 {',
      '    optional string text = 11;',
      '  }',
      '',
      '  extensions 100 to max;',
      '',
      '  extend Order {',
      '    optional int32 priority = 100;',
      '  }',
      '',
      '  message Item {',
      '    required int32 qty = 1;',
      '  }',
      '  enum Status {',
      '    reserved 5;',
      '    NEW = 0;',
      '    DONE = 1;',
      '  }',
      '}',
      '',
      'extend google.protobuf.FileOptions {',
      '  optional string file_note = 50001;',
      '}',
      'extend google.protobuf.FieldOptions {',
      '  repeated int32 marks = 50002;',
      '  optional Rule rule = 50003;',
      '}',
      '',
      'service OrderService {',
      '  option deprecated = true;',
      '',
      '  rpc Place (Order) returns (Order.Item) {',
      '    option idempotency_level = IDEMPOTENT;',
      '    option deprecated = true;',
      '  };',
      '}',
    ));
  });

  it('prints a file without syntax or package starting at its imports, and empty messages as {}', () => {
    const schema = parse(`import "google/protobuf/descriptor.proto";
message Money {
  reserved 500 to 600, 9;
  optional int64 cents = 1;
  extensions 300 to 300;
  message Empty {}
  enum Unit { reserved 10 to 20; reserved "OLD"; NONE = 0; }
}
`);
    assert.equal(schema.canonical, lines(
      '',
      'import "google/protobuf/descriptor.proto";',
      '',
      'message Money {',
      '  reserved 500 to 600, 9;',
      '',
      '  optional int64 cents = 1;',
      '',
      '  extensions 300 to 300;',
      '',
      '  message Empty {}',
      '  enum Unit {',
      '    reserved 10 to 20;',
      '    reserved "OLD";',
      '    NONE = 0;',
      '  }',
      '}',
    ));
  });

  it('prints custom option values: lists, aggregates, nested paths, adjacent strings joined', () => {
    const schema = parse(`syntax = "proto3";
import "confluent/meta.proto";
option (confluent.file_meta).tags = ["PII", "INTERNAL"];
option (confluent.file_meta).params = [{ key: "k" value: "v" }];
message Click {
  int64 at = 2 [(confluent.field_meta) = { doc: "a" 'b' tags: ["UTC"] }];
}
`);
    assert.equal(schema.canonical, lines(
      'syntax = "proto3";',
      '',
      'import "confluent/meta.proto";',
      '',
      'option (confluent.file_meta).tags = [',
      '  "PII",',
      '  "INTERNAL"',
      '];',
      'option (confluent.file_meta).params = [{',
      '  key: "k",',
      '  value: "v"',
      '}];',
      '',
      'message Click {',
      '  int64 at = 2 [(confluent.field_meta) = {',
      '    doc: "ab",',
      '    tags: [',
      '      "UTC"',
      '    ]',
      '  }];',
      '}',
    ));
  });

  it('prints imports by kind: plain, then public, then weak; normalized, each kind sorted', () => {
    const schema = parse(`syntax = "proto3";
import weak "google/protobuf/empty.proto";
import public "google/type/money.proto";
import "google/protobuf/timestamp.proto";
import public "google/type/date.proto";
import "google/protobuf/any.proto";
message A { google.protobuf.Any a = 1; }
`);
    const header = (text: string): string => text.slice(0, text.indexOf('\nmessage'));
    assert.equal(header(schema.canonical), lines(
      'syntax = "proto3";',
      '',
      'import "google/protobuf/timestamp.proto";',
      'import "google/protobuf/any.proto";',
      'import public "google/type/money.proto";',
      'import public "google/type/date.proto";',
      'import weak "google/protobuf/empty.proto";',
    ));
    assert.equal(header(schema.normalized), lines(
      'syntax = "proto3";',
      '',
      'import "google/protobuf/any.proto";',
      'import "google/protobuf/timestamp.proto";',
      'import public "google/type/date.proto";',
      'import public "google/type/money.proto";',
      'import weak "google/protobuf/empty.proto";',
    ));
  });

  it('canonical text parses back to the same canonical text', () => {
    const first = parse(PROTO2);
    assert.equal(parse(first.canonical).canonical, first.canonical);
  });
});

describe('protobuf formatted(format)', () => {
  it('ignore_extensions drops custom options, extension ranges and extend blocks but keeps confluent options', () => {
    const schema = parse(`syntax = "proto2";
import "google/protobuf/descriptor.proto";
import "confluent/meta.proto";
extend google.protobuf.FieldOptions { optional string note = 50001; }
message M {
  option (note) = "m";
  optional int32 a = 1 [(note) = "x", (confluent.field_meta).doc = "kept", deprecated = true];
  extensions 100 to 200;
  extend M { optional int32 b = 100; }
}
`);
    assert.equal(schema.formatted('ignore_extensions'), lines(
      'syntax = "proto2";',
      '',
      'import "google/protobuf/descriptor.proto";',
      'import "confluent/meta.proto";',
      '',
      'message M {',
      '  optional int32 a = 1 [',
      '    (confluent.field_meta).doc = "kept",',
      '    deprecated = true',
      '  ];',
      '}',
    ));
  });

  it('unknown formats give the canonical form', () => {
    const schema = parse('syntax = "proto3";\nmessage A { int32 a = 1; }');
    assert.equal(schema.formatted('resolved'), schema.canonical);
    assert.equal(schema.formatted(''), schema.canonical);
  });
});
