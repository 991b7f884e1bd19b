import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { protobufFormat } from './index.ts';
import { formatNumber } from './normalize.ts';

const parse = (text: string) => protobufFormat.parse(text, []);
const lines = (...l: string[]): string => `${l.join('\n')}\n`;

describe('protobuf normalized form (Confluent normalize)', () => {
  it('prints the same text for reordered imports, options, fields, oneof members and enum constants', () => {
    const a = parse(`syntax = "proto3";
package acme;
import "google/protobuf/timestamp.proto";
import "google/protobuf/duration.proto";
option java_package = "com.acme";
option java_multiple_files = true;
message Order {
  option deprecated = true;
  option no_standard_descriptor_accessor = false;
  string id = 1 [json_name = "ident", deprecated = true];
  google.protobuf.Timestamp at = 2;
  google.protobuf.Duration ttl = 3;
  oneof pay { string card = 4; string iban = 5; }
  enum Kind { A = 0; B = 1; C = 2; }
}
`);
    const b = parse(`syntax = "proto3";
package acme;
import "google/protobuf/duration.proto";
import "google/protobuf/timestamp.proto";
option java_multiple_files = true;
option java_package = "com.acme";
message Order {
  enum Kind { C = 2; A = 0; B = 1; }
  oneof pay { string iban = 5; string card = 4; }
  .google.protobuf.Duration ttl = 3;
  option no_standard_descriptor_accessor = false;
  .google.protobuf.Timestamp at = 2;
  string id = 1 [deprecated = true, json_name = "ident"];
  option deprecated = true;
}
`);
    assert.notEqual(a.canonical, b.canonical);
    assert.equal(a.normalized, b.normalized);
    assert.equal(a.normalized, lines(
      'syntax = "proto3";',
      'package acme;',
      '',
      'import "google/protobuf/duration.proto";',
      'import "google/protobuf/timestamp.proto";',
      '',
      'option java_multiple_files = true;',
      'option java_package = "com.acme";',
      '',
      'message Order {',
      '  option deprecated = true;',
      '  option no_standard_descriptor_accessor = false;',
      '',
      '  string id = 1 [',
      '    deprecated = true,',
      '    json_name = "ident"',
      '  ];',
      '  .google.protobuf.Timestamp at = 2;',
      '  .google.protobuf.Duration ttl = 3;',
      '',
      '  oneof pay {',
      '    string card = 4;',
      '    string iban = 5;',
      '  }',
      '',
      '  enum Kind {',
      '    A = 0;',
      '    B = 1;',
      '    C = 2;',
      '  }',
      '}',
    ));
  });

  it('qualifies type names, merges custom options by their full extension name, re-spells numbers', () => {
    const schema = parse(`syntax = "proto3";
package demo.events;
import "google/protobuf/wrappers.proto";
import "google/protobuf/descriptor.proto";
import "confluent/meta.proto";
option (confluent.file_meta).tags = ["PII", "INTERNAL"];
option (confluent.file_meta).doc = 'events';
message Audit { google.protobuf.StringValue owner = 1; google.protobuf.StringValue team = 2; }
extend google.protobuf.FieldOptions { Audit audit = 60000; double weight = 60001; }
message Click {
  string url = 1 [(audit).owner.value = "web", (audit).team.value = "growth"];
  int64 at = 2 [(confluent.field_meta).tags = "TS", (confluent.field_meta) = { tags: ["UTC"] }];
  double score = 3 [(weight) = 0x1F, (confluent.field_meta) = { params: [{ key: "scale" value: "2" }] }];
  map<string, Audit> audits = 4;
  Kind kind = 5;
  enum Kind { K = 0; }
}
service Clicks { rpc Send (Click) returns (Audit); }
`);
    assert.equal(schema.normalized, lines(
      'syntax = "proto3";',
      'package demo.events;',
      '',
      'import "confluent/meta.proto";',
      'import "google/protobuf/descriptor.proto";',
      'import "google/protobuf/wrappers.proto";',
      '',
      'option (confluent.file_meta) = {',
      '  doc: "events",',
      '  tags: [',
      '    "PII",',
      '    "INTERNAL"',
      '  ]',
      '};',
      '',
      'message Audit {',
      '  .google.protobuf.StringValue owner = 1;',
      '  .google.protobuf.StringValue team = 2;',
      '}',
      'message Click {',
      '  string url = 1 [(demo.events.audit) = {',
      '    owner: {',
      '      value: "web"',
      '    },',
      '    team: {',
      '      value: "growth"',
      '    }',
      '  }];',
      '  int64 at = 2 [(confluent.field_meta) = {',
      '    tags: [',
      '      "TS",',
      '      "UTC"',
      '    ]',
      '  }];',
      '  double score = 3 [',
      '    (confluent.field_meta) = {',
      '      params: {',
      '        key: "scale",',
      '        value: "2"',
      '      }',
      '    },',
      '    (demo.events.weight) = 31',
      '  ];',
      '  map<string, .demo.events.Audit> audits = 4;',
      '  .demo.events.Click.Kind kind = 5;',
      '',
      '  enum Kind {',
      '    K = 0;',
      '  }',
      '}',
      '',
      'extend .google.protobuf.FieldOptions {',
      '  .demo.events.Audit audit = 60000;',
      '  double weight = 60001;',
      '}',
      '',
      'service Clicks {',
      '  rpc Send (.demo.events.Click) returns (.demo.events.Audit);',
      '}',
    ));
  });

  it('leaves out syntax = "proto2", flattens and sorts reserved and extension ranges', () => {
    const schema = parse(`syntax = "proto2";
message Money {
  reserved 500 to 600, 9;
  reserved 700 to 700;
  reserved "b", "a";
  optional int64 cents = 1;
  extensions 300 to 300, 100 to 200;
  enum Unit { reserved 10 to 20, 2; NONE = 0; }
}
`);
    assert.equal(schema.normalized, lines(
      '',
      'message Money {',
      '  reserved 9;',
      '  reserved 500 to 600;',
      '  reserved 700;',
      '  reserved "a";',
      '  reserved "b";',
      '',
      '  optional int64 cents = 1;',
      '',
      '  extensions 100 to 200;',
      '  extensions 300;',
      '',
      '  enum Unit {',
      '    reserved 2;',
      '    reserved 10 to 20;',
      '    NONE = 0;',
      '  }',
      '}',
    ));
  });

  it('is idempotent: the normalized text normalizes to itself', () => {
    const schema = parse(`syntax = "proto3";
package p;
import "confluent/meta.proto";
message A { map<string, B> m = 2; B b = 1 [(confluent.field_meta).doc = "d"]; }
message B { repeated A a = 1; }
`);
    assert.equal(parse(schema.normalized).normalized, schema.normalized);
  });

  it('formats numbers like java.text.DecimalFormat', () => {
    assert.equal(formatNumber('0x1F'), '31');
    assert.equal(formatNumber('017'), '15');
    assert.equal(formatNumber('-2.0'), '-2');
    assert.equal(formatNumber('1.23456'), '1.235');
    assert.equal(formatNumber('0.1'), '0.1');
    assert.equal(formatNumber('1e3'), '1000');
    assert.equal(formatNumber('0.0625'), '0.062');
    assert.equal(formatNumber('123456789012345678901'), '123456789012345678901');
    assert.equal(formatNumber('inf'), 'inf');
    assert.equal(formatNumber('-nan'), '-nan');
  });
});
