// Confluent Schema Registry's format-specific REST tests, replayed over HTTP against a real Kafka-backed node:
// rest/json/RestApiTest.java (JSON Schema), rest/protobuf/RestApiTest.java (Protobuf), RestApiSchemaTooLargeTest and
// the part of RestApiLogicalTypeTest that concerns plain schemas. Each `it` names the Confluent test whose requests,
// statuses, error codes and texts it checks. Subjects carry a per-run prefix, so one node serves every test and ids
// are compared with what the node answered, not with Confluent's fresh-registry numbers.
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Admin } from '@platformatic/kafka';
import { client, kafkaBootstrap, startServer, uniqueTopic, type ServerProcess } from '../harness.ts';

type Api = ReturnType<typeof client>;
type Ref = { name: string; subject: string; version: number };

const run = randomUUID().slice(0, 6);
const subjectPath = (subject: string) => `/subjects/${encodeURIComponent(`${run}-${subject}`)}`;
const configPath = (subject: string) => `/config/${encodeURIComponent(`${run}-${subject}`)}`;
const ref = (name: string, subject: string, version = 1): Ref => ({ name, subject: `${run}-${subject}`, version });

async function register(api: Api, subject: string, body: Record<string, unknown>, query = ''): Promise<number> {
  const res = await api.post(`${subjectPath(subject)}/versions${query}`, body);
  assert.equal(res.status, 200, `register under ${subject}: ${res.text}`);
  return res.body.id;
}

/** Confluent's checks after a registration that must fail: status, error code, and no subject left behind. */
async function assertRefused(api: Api, subject: string, body: Record<string, unknown>, errorCode: number): Promise<void> {
  const res = await api.post(`${subjectPath(subject)}/versions`, body);
  assert.equal(res.body?.error_code, errorCode, res.text);
  assert.equal((await api.get(`${subjectPath(subject)}/versions`)).body.error_code, 40401);
}

/** testIncompatibleSchema (both formats): the 409 text and the verbose messages name the old version and level. */
async function assertIncompatibleDetails(api: Api, subject: string, body: Record<string, unknown>): Promise<void> {
  const refused = await api.post(`${subjectPath(subject)}/versions?normalize=true`, body);
  assert.equal(refused.status, 409, refused.text);
  for (const part of ['oldSchemaVersion:', 'oldSchema:', 'compatibility:']) assert.ok(refused.body.message.includes(part), part);
  const verdict = await api.post(`/compatibility${subjectPath(subject)}/versions/1?verbose=true`, body);
  assert.equal(verdict.body.is_compatible, false);
  // Two differences (FULL checks both directions), then the old version, the old schema and the level.
  assert.ok(verdict.body.messages[2].includes('oldSchemaVersion:'), verdict.text);
  assert.ok(verdict.body.messages[3].includes('oldSchema:'), verdict.text);
  assert.ok(verdict.body.messages[4].includes('compatibility:'), verdict.text);
}

describe('Confluent format REST tests', () => {
  let server: ServerProcess;
  let api: Api;
  before(async () => {
    server = await startServer();
    api = client(server.url);
  });
  after(() => server.stop());

  describe('JSON Schema (rest/json/RestApiTest)', () => {
    const json = (schema: string, extra: Record<string, unknown> = {}) => ({ schemaType: 'JSON', schema, ...extra });
    const randomJson = () =>
      `{"type":"object","properties":{"f${randomInt(2 ** 31 - 1)}":{"type":"string"}},"additionalProperties":false}`;
    const external = '{"type":"object","additionalProperties":false,"definitions":{"ExternalType":{"type":"object","properties":{"name":{"type":"string"}},"additionalProperties":false}}}';
    const external2 = '{"type":"object","additionalProperties":false,"definitions":{"ExternalType2":{"type":"object","properties":{"name2":{"type":"string"}},"additionalProperties":false}}}';
    const referrer = '{"$id": "https://acme.com/referrer.json","$schema": "http://json-schema.org/draft-07/schema#","type":"object","properties":{"Ref":{"$ref":"ref.json#/definitions/ExternalType"}},"additionalProperties":false}';

    it('testBasic: registers, re-registers to the same id, lists versions', async () => {
      // Confluent's test harness runs with compatibility NONE: these random schemas are not meant to evolve.
      assert.equal((await api.put(configPath('json-basic'), { compatibility: 'NONE' })).status, 200);
      const schemas = [randomJson(), randomJson(), randomJson()];
      const ids: number[] = [];
      for (const schema of schemas) {
        const id = await register(api, 'json-basic', json(schema));
        assert.deepEqual(JSON.parse((await api.get(`/schemas/ids/${id}`)).body.schema), JSON.parse(schema));
        ids.push(id);
      }
      for (const [i, schema] of schemas.entries()) assert.equal(await register(api, 'json-basic', json(schema)), ids[i]);
      assert.deepEqual((await api.get(`${subjectPath('json-basic')}/versions`)).body, [1, 2, 3]);
    });

    it('testSchemaReferences: $ref into a referenced subject, lookup, referencedby and guarded deletes', async () => {
      await register(api, 'json-reference', json(external));
      const refs = [ref('ref.json', 'json-reference')];
      const id = await register(api, 'json-referrer', json(referrer, { references: refs }));
      const byId = (await api.get(`/schemas/ids/${id}`)).body;
      assert.deepEqual(JSON.parse(byId.schema), JSON.parse(referrer));
      assert.deepEqual(byId.references, refs);
      assert.deepEqual((await api.get(`${subjectPath('json-reference')}/versions/1/referencedby`)).body, [id]);
      // The client looks up the compact form it computed (JsonSchema.canonicalString).
      const found = await api.post(subjectPath('json-referrer'), json(JSON.stringify(JSON.parse(referrer)), { references: refs }));
      assert.equal(found.body.id, id, found.text);
      assert.equal((await api.delete(`${subjectPath('json-reference')}/versions/1`)).body.error_code, 42206);
      assert.equal((await api.delete(`${subjectPath('json-referrer')}/versions/1`)).body, 1);
      assert.deepEqual((await api.get(`${subjectPath('json-reference')}/versions/1/referencedby`)).body, []);
      assert.equal((await api.delete(`${subjectPath('json-reference')}/versions/1`)).body, 1);
    });

    it('testSchemaMissingReferences: a $ref without its reference is refused', async () => {
      await assertRefused(api, 'json-missing-refs', json(referrer, { references: [] }), 42201);
    });

    it('testSchemaNormalization: key order and reference order do not matter with normalize=true', async () => {
      await register(api, 'json-ref1', json(external));
      await register(api, 'json-ref2', json(external2));
      const [ref1, ref2] = [ref('ref1.json', 'json-ref1'), ref('ref2.json', 'json-ref2')];
      const one = '{"$id": "https://acme.com/referrer.json","$schema": "http://json-schema.org/draft-07/schema#","type":"object","properties":{"Ref1": {"$ref":"ref1.json#/definitions/ExternalType"},"Ref2": {"$ref":"ref2.json#/definitions/ExternalType2"}},"additionalProperties":false}';
      const two = '{"$schema": "http://json-schema.org/draft-07/schema#","$id": "https://acme.com/referrer.json","type":"object","properties":{"Ref2": {"$ref":"ref2.json#/definitions/ExternalType2"},"Ref1": {"$ref":"ref1.json#/definitions/ExternalType"}},"additionalProperties":false}';
      const id = await register(api, 'json-normalized', json(one, { references: [ref1, ref2] }), '?normalize=true');
      const found = await api.post(`${subjectPath('json-normalized')}?normalize=true`, json(two, { references: [ref2, ref1] }));
      assert.equal(found.status, 200, found.text);
      assert.equal(found.body.version, 1);
      assert.equal(found.body.id, id);
    });

    it('testBad: an unknown type and an unknown reference are invalid schemas (42201)', async () => {
      await assertRefused(api, 'json-bad', json(randomJson().replace('"object"', '"bad-object"')), 42201);
      await assertRefused(api, 'json-bad', json(randomJson(), { references: [{ name: 'bad', subject: 'bad', version: 100 }] }), 42201);
    });

    it('testIncompatibleSchema: FULL refuses a changed property type and says against what', async () => {
      const schema = (type: string) =>
        `{"$schema": "http://json-schema.org/draft-07/schema#","$id": "https://acme.com/referrer.json","type":"object","properties":{"myField1": {"type":"string"},"myField2": {"type":"${type}"}},"additionalProperties":false}`;
      assert.equal((await api.put(configPath('json-incompatible'), { compatibility: 'FULL' })).status, 200);
      await register(api, 'json-incompatible', json(schema('number')), '?normalize=true');
      await assertIncompatibleDetails(api, 'json-incompatible', json(schema('string')));
    });
  });

  describe('Protobuf (rest/protobuf/RestApiTest)', () => {
    const proto = (schema: string, references: readonly Ref[] = []) => ({ schemaType: 'PROTOBUF', schema, references });
    /** registerAndVerifySchema: the text given is the text served (these inputs are already in canonical form). */
    async function registerAndVerify(subject: string, schema: string, references: readonly Ref[] = []): Promise<number> {
      const id = await register(api, subject, proto(schema, references));
      assert.equal((await api.get(`/schemas/ids/${id}`)).body.schema.trim(), schema.trim());
      return id;
    }
    const randomProto = () =>
      `syntax = "proto3";\npackage io.confluent.kafka.serializers.protobuf.test;\n\nmessage MyMessage {\n  string f${randomInt(2 ** 31 - 1)} = 1;\n  bool is_active = 2;\n}\n`;
    /** Confluent's confluent/meta.proto, as its canonical form prints it. */
    const meta = `syntax = "proto3";
package confluent;

import "google/protobuf/descriptor.proto";

option go_package = "../confluent";
option java_package = "io.confluent.protobuf";
option java_outer_classname = "MetaProto";

message Meta {
  string doc = 1;
  map<string, string> params = 2;
  repeated string tags = 3;
}

extend google.protobuf.FileOptions {
  Meta file_meta = 1088;
}
extend google.protobuf.MessageOptions {
  Meta message_meta = 1088;
}
extend google.protobuf.FieldOptions {
  Meta field_meta = 1088;
}
extend google.protobuf.EnumOptions {
  Meta enum_meta = 1088;
}
extend google.protobuf.EnumValueOptions {
  Meta enum_value_meta = 1088;
}
`;
    const referenced = 'syntax = "proto3";\npackage io.confluent.kafka.serializers.protobuf.test;\n\nmessage ReferencedMessage {\n  string ref_id = 1;\n  bool is_active = 2;\n}\n';
    const root = `syntax = "proto3";
package io.confluent.kafka.serializers.protobuf.test;

import "ref.proto";
import "confluent/meta.proto";

message ReferrerMessage {
  option (confluent.message_meta) = {
    doc: "ReferrerMessage"
  };

  string root_id = 1;
  .io.confluent.kafka.serializers.protobuf.test.ReferencedMessage ref = 2 [(confluent.field_meta) = {
    doc: "ReferencedMessage"
  }];
}
`;
    const pkgFile = (pkg: number, body: string, imports = '') =>
      `syntax = "proto3";\npackage pkg${pkg};\n\noption go_package = "pkg${pkg}pb";\noption java_multiple_files = true;\noption java_outer_classname = "Msg${pkg}Proto";\noption java_package = "com.pkg${pkg}";\n\n${imports}${body}`;

    it('testBasic: random messages register, read back as written, re-register to the same id', async () => {
      assert.equal((await api.put(configPath('proto-basic'), { compatibility: 'NONE' })).status, 200);
      const schemas = [randomProto(), randomProto()];
      const ids = [];
      for (const schema of schemas) ids.push(await registerAndVerify('proto-basic', schema));
      for (const [i, schema] of schemas.entries()) assert.equal(await register(api, 'proto-basic', proto(schema)), ids[i]);
      assert.deepEqual((await api.get(`${subjectPath('proto-basic')}/versions`)).body, [1, 2]);
    });

    it('testSchemaReferences: imports by reference, and the serialized form keeps Confluent\'s meta options', async () => {
      await registerAndVerify('confluent/meta.proto', meta);
      await registerAndVerify('proto-reference', referenced);
      const refs = [ref('ref.proto', 'proto-reference'), ref('confluent/meta.proto', 'confluent/meta.proto')];
      const id = await registerAndVerify('proto-referrer', root, refs);
      const serialized = await api.get(`/schemas/ids/${id}?format=serialized`);
      assert.deepEqual(serialized.body.references, refs);
      // The descriptor bytes read as the same schema: with the (confluent.*_meta) options, not without them.
      const found = await api.post(subjectPath('proto-referrer'), proto(serialized.body.schema, refs));
      assert.equal(found.body.id, id, found.text);
      const again = await register(api, 'proto-referrer-bytes', proto(serialized.body.schema, refs));
      assert.equal((await api.get(`/schemas/ids/${again}`)).body.schema, root);
      // Lookup and latest answer in the requested format too.
      const lookup = await api.post(`${subjectPath('proto-referrer')}?format=serialized`, proto(root, refs));
      assert.equal(lookup.body.schema, serialized.body.schema);
      const latest = await api.get(`${subjectPath('proto-referrer')}/versions/latest?format=serialized`);
      assert.equal(latest.body.schema, serialized.body.schema);
    });

    it('testSchemaReferencesPkg: a map of an imported message', async () => {
      await registerAndVerify('pkg1/msg1.proto', pkgFile(1, 'message Message1 {\n  string s = 1;\n}\n'));
      const msg2 = pkgFile(2, 'message Message2 {\n  map<string, pkg1.Message1> map = 1;\n  pkg1.Message1 f2 = 2;\n}\n', 'import "pkg1/msg1.proto";\n\n');
      await register(api, 'pkg2/msg2.proto', proto(msg2, [ref('pkg1/msg1.proto', 'pkg1/msg1.proto')]));
    });

    it('testSchemaMissingReferences: an import without its reference is refused', async () => {
      await assertRefused(api, 'proto-missing-refs', proto(root), 42201);
    });

    it('testIncompatibleSchema: FULL refuses string -> int32 and says against what', async () => {
      const schema = (type: string) => `syntax = "proto3";\npackage pkg3;\n\nmessage Schema1 {\n  string f1 = 1;\n  ${type} f2 = 2;\n}\n`;
      assert.equal((await api.put(configPath('proto-incompatible'), { compatibility: 'FULL' })).status, 200);
      await register(api, 'proto-incompatible', proto(schema('string')), '?normalize=true');
      await assertIncompatibleDetails(api, 'proto-incompatible', proto(schema('int32')));
    });

    it('testSchemaNormalization: option, import, field and reference order do not matter with normalize=true', async () => {
      await registerAndVerify('norm/pkg1/msg1.proto', pkgFile(1, 'message Message1 {\n  string s = 1;\n}\n'));
      await registerAndVerify('norm/pkg2/msg2.proto', pkgFile(2, 'message Message2 {\n  string s = 1;\n}\n'));
      const [ref1, ref2] = [ref('pkg1/msg1.proto', 'norm/pkg1/msg1.proto'), ref('pkg2/msg2.proto', 'norm/pkg2/msg2.proto')];
      const msg3 = pkgFile(3, 'message Message3 {\n  map<string, pkg1.Message1> map = 1;\n  pkg1.Message1 f1 = 2;\n  pkg2.Message2 f2 = 3;\n}\n',
        'import "pkg1/msg1.proto";\nimport "pkg2/msg2.proto";\n\n');
      const id = await register(api, 'proto-normalized', proto(msg3, [ref1, ref2]), '?normalize=true');
      const shuffled = `syntax = "proto3";
package pkg3;

option java_package = "com.pkg3";
option java_outer_classname = "Msg3Proto";
option java_multiple_files = true;
option go_package = "pkg3pb";

import "pkg2/msg2.proto";
import "pkg1/msg1.proto";

message Message3 {
  pkg2.Message2 f2 = 3;
  pkg1.Message1 f1 = 2;
  map<string, pkg1.Message1> map = 1;
}
`;
      const found = await api.post(`${subjectPath('proto-normalized')}?normalize=true`, proto(shuffled, [ref2, ref1]));
      assert.equal(found.status, 200, found.text);
      assert.equal(found.body.version, 1);
      assert.equal(found.body.id, id);
    });

    it('testDescriptorWithMap: a descriptor\'s map entry message reads back as a map field', async () => {
      const source = `syntax = "proto3";
package io.confluent.kafka.serializers.protobuf.test;
import "google/protobuf/timestamp.proto";
option java_package = "io.confluent.kafka.serializers.protobuf.test";
option java_outer_classname = "NestedTestProto";
option java_multiple_files = false;
message UserId { oneof user_id { string kafka_user_id = 1; int32 other_user_id = 2; MessageId another_id = 3; } }
message MessageId { string id = 1; }
enum Status { ACTIVE = 0; INACTIVE = 1; }
message ComplexType { oneof some_val { string one_id = 1; int32 other_id = 2; } bool is_active = 3; }
message NestedMessage {
  UserId user_id = 1; bool is_active = 2; repeated string experiments_active = 3;
  google.protobuf.Timestamp updated_at = 4; Status status = 5; ComplexType complex_type = 6;
  map<string, string> map_type = 7; InnerMessage inner = 8;
  message InnerMessage { string id = 1 [json_name = "id"]; repeated int32 ids = 2 [packed = true]; }
  enum InnerEnum { option allow_alias = true; ZERO = 0; ALSO_ZERO = 0; }
  reserved 14, 15, 9 to 11; reserved "foo", "bar";
}
`;
      const sourceId = await register(api, 'proto-nested-source', proto(source));
      const bytes = (await api.get(`/schemas/ids/${sourceId}?format=serialized`)).body.schema;
      await register(api, 'proto-nested', proto(bytes));
      // Confluent's expected text, word for word.
      const expected = `syntax = "proto3";
package io.confluent.kafka.serializers.protobuf.test;

import "google/protobuf/timestamp.proto";

option java_package = "io.confluent.kafka.serializers.protobuf.test";
option java_outer_classname = "NestedTestProto";
option java_multiple_files = false;

message UserId {
  oneof user_id {
    string kafka_user_id = 1;
    int32 other_user_id = 2;
    .io.confluent.kafka.serializers.protobuf.test.MessageId another_id = 3;
  }
}
message MessageId {
  string id = 1;
}
message ComplexType {
  bool is_active = 3;

  oneof some_val {
    string one_id = 1;
    int32 other_id = 2;
  }
}
message NestedMessage {
  reserved 14;
  reserved 15;
  reserved 9 to 11;
  reserved "foo";
  reserved "bar";

  .io.confluent.kafka.serializers.protobuf.test.UserId user_id = 1;
  bool is_active = 2;
  repeated string experiments_active = 3;
  .google.protobuf.Timestamp updated_at = 4;
  .io.confluent.kafka.serializers.protobuf.test.Status status = 5;
  .io.confluent.kafka.serializers.protobuf.test.ComplexType complex_type = 6;
  map<string, string> map_type = 7;
  .io.confluent.kafka.serializers.protobuf.test.NestedMessage.InnerMessage inner = 8;

  message InnerMessage {
    string id = 1 [json_name = "id"];
    repeated int32 ids = 2 [packed = true];
  }
  enum InnerEnum {
    option allow_alias = true;
    ZERO = 0;
    ALSO_ZERO = 0;
  }
}
enum Status {
  ACTIVE = 0;
  INACTIVE = 1;
}
`;
      assert.equal((await api.get(`${subjectPath('proto-nested')}/versions/latest`)).body.schema, expected);
    });

    it('testBad: a syntax error and an unknown reference are invalid schemas (42201)', async () => {
      await assertRefused(api, 'proto-bad', proto(randomProto().replace('message', 'bad-message')), 42201);
      await assertRefused(api, 'proto-bad', proto(randomProto(), [{ name: 'bad', subject: 'bad', version: 100 }]), 42201);
    });

    it('testCustomOption: an undeclared custom option is kept and printed as written', async () => {
      const schema = `syntax = "proto3";

import "google/protobuf/descriptor.proto";

option java_package = "io.confluent.kafka.serializers.protobuf.test";
option java_outer_classname = "TestEnumProtos";
option php_namespace = "Bug\\\\V1";

message TestEnum {
  option (some_ref) = "https://test.com";

  Suit suit = 1;

  oneof test_oneof {
    option (some_ref) = "https://test.com";
  
    string name = 2;
    int32 age = 3;
  }

  enum Suit {
    option (some_ref) = "https://test.com";
    SPADES = 0;
    HEARTS = 1;
    DIAMONDS = 2;
    CLUBS = 3;
  }
}
`;
      await registerAndVerify('test-proto', schema);
    });

    it('meta options of every kind survive the serialized form (ProtobufSchema.toOption / findMeta)', async () => {
      const schema = `syntax = "proto3";
package com.example;

import "confluent/meta.proto";

option (confluent.file_meta) = {
  doc: "file doc"
};

message Message1 {
  option (confluent.message_meta) = {
    params: [
      {
        key: "k1",
        value: "v1"
      },
      {
        value: "5",
        key: "precision"
      }
    ]
  };

  .com.example.Message1.Inner f1 = 1 [(confluent.field_meta) = {
    tags: [
      "TAG1",
      "TAG2"
    ]
  }];

  oneof o {
    string a = 4 [(confluent.field_meta) = {
      doc: "in oneof"
    }];
  }

  message Inner {
    string s = 1;
  }
  enum E {
    option (confluent.enum_meta) = {
      doc: "e"
    };
    A = 0 [(confluent.enum_value_meta) = {
      doc: "a"
    }];
  }
}
`;
      const id = await registerAndVerify('proto-meta', schema);
      const bytes = (await api.get(`/schemas/ids/${id}?format=serialized`)).body.schema;
      assert.equal((await api.post(subjectPath('proto-meta'), proto(bytes))).body.id, id);
      // `(x).field = v` options merge into one Meta, as Confluent's mergeOptions does.
      const split = 'syntax = "proto3";\npackage com.example2;\n\nimport "confluent/meta.proto";\n\nmessage M {\n  string f1 = 1 [(confluent.field_meta).doc = "d", (confluent.field_meta).tags = "T1"];\n}\n';
      const splitId = await register(api, 'proto-meta-split', proto(split));
      const splitBytes = (await api.get(`/schemas/ids/${splitId}?format=serialized`)).body.schema;
      const merged = await register(api, 'proto-meta-merged', proto(splitBytes));
      assert.match((await api.get(`/schemas/ids/${merged}`)).body.schema,
        /string f1 = 1 \[\(confluent\.field_meta\) = \{\n {4}doc: "d",\n {4}tags: \[\n {6}"T1"\n {4}\]\n {2}\}\];/);
    });
  });

  it('RestApiLogicalTypeTest (plain schemas): a schemaType in lower case still picks the format', async () => {
    const avro = '{"type":"record","name":"Widget","fields":[{"name":"id","type":"string"}]}';
    await register(api, 'lowercase-value', { schemaType: 'avro', schema: avro });
    const stored = (await api.get(`${subjectPath('lowercase-value')}/versions/1`)).body;
    assert.equal(stored.schemaType ?? 'AVRO', 'AVRO');
    assert.equal(stored.schema, avro);
  });
});

describe('RestApiSchemaTooLargeTest', () => {
  let server: ServerProcess;
  before(async () => {
    // Confluent lowers the broker's message.max.bytes to 900; the schemas topic's max.message.bytes does the same.
    const topic = uniqueTopic();
    const admin = new Admin({ clientId: 'too-large-admin', bootstrapBrokers: [await kafkaBootstrap()] });
    await admin.createTopics({
      topics: [topic], partitions: 1, replicas: 1,
      configs: [{ name: 'cleanup.policy', value: 'compact' }, { name: 'max.message.bytes', value: '900' }],
    });
    await admin.close();
    server = await startServer({ topic });
  });
  after(() => server.stop());

  it('testSchemaTooLarge: a schema whose record the log refuses is 422 / 42209', async () => {
    const fields = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']
      .flatMap((type) => [{ name: type, type }, { name: `${type}_default`, type, default: defaults[type] }]);
    const schema = JSON.stringify({ namespace: 'namespace', type: 'record', name: 'test', fields }, null, 1);
    const res = await client(server.url).post('/subjects/testTopic1/versions', { schema });
    assert.equal(res.status, 422, res.text);
    assert.equal(res.body.error_code, 42209);
  });
});

const defaults: Readonly<Record<string, unknown>> = {
  null: null, boolean: false, int: 24, long: 4000000000, float: 12.3, double: 23.2, bytes: 'bytes', string: 'default string',
};
