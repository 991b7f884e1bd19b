import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import protobuf from 'protobufjs';
import descriptor, { type IFileDescriptorProto } from 'protobufjs/ext/descriptor.js';
import { protobufFormat } from './index.ts';
import { parseProtobuf } from './schema.ts';

const decode = (base64: string): unknown =>
  descriptor.FileDescriptorProto.toObject(
    descriptor.FileDescriptorProto.decode(Buffer.from(base64, 'base64')),
    { enums: String, longs: Number },
  );

describe('protobuf formatted("serialized")', () => {
  it('is the base64 FileDescriptorProto of the file, type names fully qualified', () => {
    const schema = protobufFormat.parse(`syntax = "proto3";
package acme.v1;
import "google/protobuf/timestamp.proto";
import public "google/type/money.proto";
option java_package = "com.acme";
message Customer {
  string name = 1 [json_name = "fullName", deprecated = true];
  map<string, Address> addresses = 2;
  oneof contact { string email = 3; int64 phone = 4; }
  optional int32 age = 5;
  repeated google.protobuf.Timestamp visits = 6;
  Status status = 7;
  reserved 10 to 12, 20;
  reserved "old";
  message Address { string city = 1; }
  enum Status { UNKNOWN = 0; ACTIVE = 1; reserved 5 to 6; }
}
service Customers { rpc Get (Customer) returns (stream Customer); }
`, []);
    const optional = 'LABEL_OPTIONAL';
    assert.deepEqual(decode(schema.formatted('serialized')), {
      name: 'default',
      package: 'acme.v1',
      dependency: ['google/protobuf/timestamp.proto', 'google/type/money.proto'],
      publicDependency: [1],
      messageType: [{
        name: 'Customer',
        field: [
          { name: 'email', number: 3, label: optional, type: 'TYPE_STRING', oneofIndex: 0 },
          { name: 'phone', number: 4, label: optional, type: 'TYPE_INT64', oneofIndex: 0 },
          { name: 'name', number: 1, label: optional, type: 'TYPE_STRING', jsonName: 'fullName', options: { deprecated: true } },
          { name: 'addresses', number: 2, label: 'LABEL_REPEATED', type: 'TYPE_MESSAGE', typeName: '.acme.v1.Customer.AddressesEntry' },
          { name: 'age', number: 5, label: optional, type: 'TYPE_INT32', oneofIndex: 1, proto3Optional: true },
          { name: 'visits', number: 6, label: 'LABEL_REPEATED', type: 'TYPE_MESSAGE', typeName: '.google.protobuf.Timestamp' },
          { name: 'status', number: 7, label: optional, type: 'TYPE_ENUM', typeName: '.acme.v1.Customer.Status' },
        ],
        nestedType: [
          { name: 'Address', field: [{ name: 'city', number: 1, label: optional, type: 'TYPE_STRING' }] },
          {
            name: 'AddressesEntry',
            field: [
              { name: 'key', number: 1, label: optional, type: 'TYPE_STRING' },
              { name: 'value', number: 2, label: optional, type: 'TYPE_MESSAGE', typeName: '.acme.v1.Customer.Address' },
            ],
            options: { mapEntry: true },
          },
        ],
        enumType: [{
          name: 'Status',
          value: [{ name: 'UNKNOWN', number: 0 }, { name: 'ACTIVE', number: 1 }],
          reservedRange: [{ start: 5, end: 6 }],
        }],
        oneofDecl: [{ name: 'contact' }, { name: '_age' }],
        reservedRange: [{ start: 10, end: 13 }, { start: 20, end: 21 }],
        reservedName: ['old'],
      }],
      service: [{
        name: 'Customers',
        method: [{ name: 'Get', inputType: '.acme.v1.Customer', outputType: '.acme.v1.Customer', serverStreaming: true }],
      }],
      options: { javaPackage: 'com.acme' },
      syntax: 'proto3',
    });
  });

  it('describes proto2 labels, defaults, groups, extension ranges and extensions', () => {
    const schema = protobufFormat.parse(`package p;
message M {
  required int32 id = 1 [default = 0x10];
  optional string s = 2 [default = "x"];
  optional group G = 3 { optional int32 g = 4; }
  extensions 100 to max;
}
extend M { optional int32 extra = 100; }
`, []);
    assert.deepEqual(decode(schema.formatted('serialized')), {
      name: 'default',
      package: 'p',
      messageType: [{
        name: 'M',
        field: [
          { name: 'id', number: 1, label: 'LABEL_REQUIRED', type: 'TYPE_INT32', defaultValue: '16' },
          { name: 's', number: 2, label: 'LABEL_OPTIONAL', type: 'TYPE_STRING', defaultValue: 'x' },
          { name: 'g', number: 3, label: 'LABEL_OPTIONAL', type: 'TYPE_GROUP', typeName: '.p.M.G' },
        ],
        nestedType: [{ name: 'G', field: [{ name: 'g', number: 4, label: 'LABEL_OPTIONAL', type: 'TYPE_INT32' }] }],
        extensionRange: [{ start: 100, end: 536_870_912 }],
      }],
      extension: [{ name: 'extra', number: 100, label: 'LABEL_OPTIONAL', type: 'TYPE_INT32', extendee: '.p.M' }],
    });
  });

  it('can be loaded by a protobuf runtime', () => {
    const schema = parseProtobuf(
      'syntax = "proto3";\npackage t;\nmessage A { repeated int32 v = 1; map<string, B> bs = 2; }\nmessage B { string s = 1; }',
      [],
    );
    const file = descriptor.FileDescriptorProto.toObject(descriptor.FileDescriptorProto.decode(schema.fileDescriptor()));
    const root = protobuf.Root.fromDescriptor({ file: [file as IFileDescriptorProto] });
    const type = root.lookupType('t.A');
    const bytes = type.encode(type.fromObject({ v: [1, 2], bs: { k: { s: 'x' } } })).finish();
    assert.deepEqual(type.toObject(type.decode(bytes)), { v: [1, 2], bs: { k: { s: 'x' } } });
  });

  it('is accepted back as a schema, as Confluent accepts base64 FileDescriptorProto text', () => {
    const text = `syntax = "proto3";
package acme.v1;
import "google/protobuf/timestamp.proto";
option optimize_for = CODE_SIZE;
message Customer {
  map<string, Address> addresses = 2;
  oneof contact { string email = 3; int64 phone = 4; }
  optional int32 age = 5;
  repeated google.protobuf.Timestamp visits = 6 [packed = false];
  reserved 10 to 12, 20;
  message Address { string city = 1; }
}
service Customers { rpc Get (Customer) returns (stream Customer); }
`;
    const original = parseProtobuf(text, []);
    const serialized = original.formatted('serialized');
    const back = parseProtobuf(serialized, []);
    assert.equal(back.normalized, original.normalized);
    assert.equal(back.formatted('serialized'), serialized);
    assert.deepEqual(protobufFormat.canRead(back, original), []);
    assert.deepEqual(protobufFormat.canRead(original, back), []);
    // The map entry message folds back into a map field (Confluent's testDescriptorWithMap).
    assert.match(back.canonical, /\n {2}map<string, \.acme\.v1\.Customer\.Address> addresses = 2;/);
    assert.doesNotMatch(back.canonical, /AddressesEntry/);
    const type = back.lookupType('acme.v1.Customer');
    const record = { addresses: { home: { city: 'X' } } };
    assert.deepEqual(type?.toObject(type.decode(type.encode(type.fromObject(record)).finish())), record);
  });

  it('keeps the .proto syntax error when text is neither .proto nor a descriptor', () => {
    assert.throws(() => parseProtobuf('bWVzc2FnZQ==', []), /Syntax error at line 1/);
  });
});
