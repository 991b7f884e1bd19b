// The two JavaScript schema-registry clients from npm, unchanged, against our server: Confluent's official
// @confluentinc/schemaregistry (SchemaRegistryClient and its Avro, JSON Schema and Protobuf serdes) and
// @kafkajs/confluent-schema-registry. Every id and version a client reports is compared with what the server answers
// over plain HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AvroDeserializer, AvroSerializer, Compatibility, JsonDeserializer, JsonSerializer, ProtobufDeserializer, ProtobufSerializer,
  RestError, SchemaRegistryClient, SerdeType, type SchemaInfo,
} from '@confluentinc/schemaregistry';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { client, startServer, type ServerProcess } from '../harness.ts';

type Api = ReturnType<typeof client>;

/** The magic byte and the schema id of Confluent's wire format. */
function wireId(bytes: Buffer): number {
  assert.equal(bytes[0], 0, 'magic byte');
  return bytes.readUInt32BE(1);
}

/** A rejection with Confluent's client error: HTTP status and `error_code`. */
async function rejectsWith(promise: Promise<unknown>, status: number, errorCode: number): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof RestError, `expected a RestError, got ${String(error)}`);
    assert.deepEqual([error.status, error.errorCode], [status, errorCode], error.message);
    return true;
  });
}

/** The server's own answer, asserted 200. */
async function ok(api: Api, path: string): Promise<any> {
  const res = await api.get(path);
  assert.equal(res.status, 200, `GET ${path}: ${res.text}`);
  return res.body;
}

/** A decoded Avro record as a plain object (avsc decodes records into instances of generated classes). */
const plain = (value: unknown): unknown => structuredClone(value);

const avro = (schema: object): SchemaInfo => ({ schemaType: 'AVRO', schema: JSON.stringify(schema) });
const userV1 = {
  type: 'record', name: 'User', namespace: 'js.test',
  fields: [{ name: 'id', type: 'long' }, { name: 'name', type: 'string' }],
};
const userV2 = { ...userV1, fields: [...userV1.fields, { name: 'email', type: ['null', 'string'], default: null }] };
// `id` changes from long to string: no reader of the new schema can read old data.
const userBadType = { ...userV1, fields: [{ name: 'id', type: 'string' }, { name: 'name', type: 'string' }] };

const commonProto = `syntax = "proto3";
package jstest.common;

message Money {
  string currency = 1;
  int64 units = 2;
}
`;
const orderProto = `syntax = "proto3";
package jstest;

import "jscommon.proto";
import "google/protobuf/timestamp.proto";

message Order {
  int64 id = 1;
  string item = 2;
  repeated string tags = 3;
  jstest.common.Money price = 4;
  google.protobuf.Timestamp placed = 5;
}
`;

describe('@confluentinc/schemaregistry: SchemaRegistryClient', () => {
  let server: ServerProcess;
  let api: Api;
  let sr: SchemaRegistryClient;
  /** A client with empty caches, so that its answer comes from the server. */
  const fresh = () => new SchemaRegistryClient({ baseURLs: [server.url] });
  before(async () => {
    server = await startServer();
    api = client(server.url);
    sr = fresh();
  });
  after(() => server.stop());

  it('Avro: register, latest, by version, by id, lookup, versions, compatibility, errors', async () => {
    const subject = 'js-users-value';
    const id1 = await sr.register(subject, avro(userV1));
    const latest = await ok(api, `/subjects/${subject}/versions/latest`);
    assert.equal(id1, latest.id);
    assert.equal(await fresh().register(subject, avro(userV1)), id1, 'the same schema again: the same id');

    const meta = await fresh().getLatestSchemaMetadata(subject);
    assert.deepEqual([meta.id, meta.version, meta.subject, meta.schema], [latest.id, 1, subject, latest.schema]);
    const v1 = await fresh().getSchemaMetadata(subject, 1);
    assert.deepEqual([v1.id, v1.version, v1.schema], [id1, 1, latest.schema]);
    const byId = await fresh().getBySubjectAndId(subject, id1);
    assert.equal(byId.schema, (await ok(api, `/schemas/ids/${id1}`)).schema);
    assert.equal(JSON.parse(byId.schema).name, 'User');

    assert.equal(await fresh().getId(subject, avro(userV1)), id1);
    const looked = await fresh().getIdFullResponse(subject, avro(userV1));
    assert.deepEqual([looked.id, looked.version, looked.subject], [id1, 1, subject]);
    assert.equal(await fresh().getVersion(subject, avro(userV1)), 1);

    assert.equal(await sr.testCompatibility(subject, 1, avro(userV2)), true);
    assert.equal(await sr.testSubjectCompatibility(subject, avro(userV2)), true);
    assert.equal(await sr.testCompatibility(subject, 1, avro(userBadType)), false);
    assert.equal(await sr.testSubjectCompatibility(subject, avro(userBadType)), false);
    const direct = await api.post(`/compatibility/subjects/${subject}/versions/1`, { schema: JSON.stringify(userBadType) });
    assert.equal(direct.body.is_compatible, false);
    // Against `latest` of a subject that does not exist yet, anything is compatible (Confluent's rule).
    assert.equal(await sr.testSubjectCompatibility('js-not-yet', avro(userV1)), true);
    await rejectsWith(sr.testCompatibility(subject, 99, avro(userV2)), 404, 40402);

    const id2 = await sr.register(subject, avro(userV2));
    assert.notEqual(id2, id1);
    assert.equal(id2, (await ok(api, `/subjects/${subject}/versions/latest`)).id);
    assert.deepEqual(await sr.getAllVersions(subject), [1, 2]);
    assert.deepEqual(await sr.getAllVersions(subject), await ok(api, `/subjects/${subject}/versions`));
    assert.equal((await fresh().getLatestSchemaMetadata(subject)).version, 2);

    await rejectsWith(sr.register(subject, avro(userBadType)), 409, 409);
    await rejectsWith(sr.register(subject, { schemaType: 'AVRO', schema: '{"type":"record","name":"X"}' }), 422, 42201);
    await rejectsWith(fresh().getSchemaMetadata(subject, 99), 404, 40402);
    await rejectsWith(fresh().getLatestSchemaMetadata('js-no-such-subject'), 404, 40401);
    await rejectsWith(fresh().getId(subject, avro({ ...userV1, name: 'Other' })), 404, 40403);
  });

  it('Avro with a reference to a named type of another subject', async () => {
    const address = { type: 'record', name: 'Address', namespace: 'js.test', fields: [{ name: 'city', type: 'string' }] };
    const addressId = await sr.register('js-address', avro(address));
    const customer = { type: 'record', name: 'Customer', namespace: 'js.test', fields: [{ name: 'home', type: 'js.test.Address' }] };
    const references = [{ name: 'js.test.Address', subject: 'js-address', version: 1 }];
    const id = await sr.register('js-customers-value', { ...avro(customer), references });
    assert.notEqual(id, addressId);
    const latest = await ok(api, '/subjects/js-customers-value/versions/latest');
    assert.equal(id, latest.id);
    const meta = await fresh().getLatestSchemaMetadata('js-customers-value');
    assert.deepEqual(meta.references, references);
    assert.deepEqual(meta.references, latest.references);
    assert.deepEqual((await fresh().getBySubjectAndId('js-customers-value', id)).references, references);
    assert.equal(await fresh().getId('js-customers-value', { ...avro(customer), references }), id);
  });

  it('JSON Schema: register, read back, lookup, compatibility', async () => {
    const subject = 'js-events-value';
    const schema = { type: 'object', properties: { kind: { type: 'string' }, count: { type: 'integer' } }, required: ['kind'] };
    const info: SchemaInfo = { schemaType: 'JSON', schema: JSON.stringify(schema) };
    const id = await sr.register(subject, info);
    const latest = await ok(api, `/subjects/${subject}/versions/latest`);
    assert.equal(id, latest.id);
    assert.equal(latest.schemaType, 'JSON');
    const meta = await fresh().getLatestSchemaMetadata(subject);
    assert.deepEqual([meta.id, meta.version, meta.schemaType, meta.schema], [id, 1, 'JSON', latest.schema]);
    const byId = await fresh().getBySubjectAndId(subject, id);
    assert.deepEqual([byId.schemaType, byId.schema], ['JSON', latest.schema]);
    assert.equal(await fresh().getId(subject, info), id);
    const changedType = { ...schema, properties: { ...schema.properties, count: { type: 'string' } } };
    assert.equal(await sr.testCompatibility(subject, 1, { schemaType: 'JSON', schema: JSON.stringify(changedType) }), false);
    // Confluent's JSON Schema rules for an open content model: removing a property is compatible, adding one is not.
    const { count: _removed, ...fewer } = schema.properties;
    const withoutCount = { ...schema, properties: fewer };
    assert.equal(await sr.testSubjectCompatibility(subject, { schemaType: 'JSON', schema: JSON.stringify(withoutCount) }), true);
    const extraOptional = { ...schema, properties: { ...schema.properties, note: { type: 'string' } } };
    assert.equal(await sr.testSubjectCompatibility(subject, { schemaType: 'JSON', schema: JSON.stringify(extraOptional) }), false);
  });

  it('Protobuf with a reference (and a well-known import): register, read back, serialized form, lookup', async () => {
    const commonId = await sr.register('jscommon.proto', { schemaType: 'PROTOBUF', schema: commonProto });
    const references = [{ name: 'jscommon.proto', subject: 'jscommon.proto', version: 1 }];
    const info: SchemaInfo = { schemaType: 'PROTOBUF', schema: orderProto, references };
    const id = await sr.register('js-orders-value', info);
    assert.notEqual(id, commonId);
    const latest = await ok(api, '/subjects/js-orders-value/versions/latest');
    assert.equal(id, latest.id);
    const meta = await fresh().getLatestSchemaMetadata('js-orders-value');
    assert.deepEqual([meta.id, meta.version, meta.schemaType, meta.schema], [id, 1, 'PROTOBUF', latest.schema]);
    assert.deepEqual(meta.references, references);
    const serialized = await fresh().getLatestSchemaMetadata('js-orders-value', 'serialized');
    assert.equal(serialized.schema, (await ok(api, '/subjects/js-orders-value/versions/latest?format=serialized')).schema);
    assert.match(serialized.schema, /^[A-Za-z0-9+/]+=*$/);
    const byId = await fresh().getBySubjectAndId('js-orders-value', id);
    assert.deepEqual([byId.schemaType, byId.schema, byId.references], ['PROTOBUF', latest.schema, references]);
    assert.equal(await fresh().getId('js-orders-value', info), id);
    assert.equal(await fresh().register('js-orders-value', info), id);
  });

  it('getAllSubjects', async () => {
    const subjects = await fresh().getAllSubjects();
    assert.deepEqual(subjects, await ok(api, '/subjects'));
    assert.deepEqual([...subjects].sort(), ['js-address', 'js-customers-value', 'js-events-value', 'js-orders-value', 'js-users-value', 'jscommon.proto']);
  });

  it('config: updateConfig / getConfig / compatibility levels decide testCompatibility', async () => {
    const subject = 'js-users-value';
    assert.deepEqual(await sr.getDefaultConfig(), await ok(api, '/config'));
    assert.equal((await sr.getDefaultConfig()).compatibilityLevel, 'BACKWARD');
    await rejectsWith(sr.getConfig(subject), 404, 40408);

    assert.deepEqual(await sr.updateConfig(subject, { compatibility: Compatibility.FULL }), { compatibility: 'FULL' });
    assert.deepEqual(await sr.getConfig(subject), { compatibilityLevel: 'FULL' });
    assert.deepEqual(await sr.getConfig(subject), await ok(api, `/config/${subject}`));
    assert.equal(await sr.getCompatibility(subject), 'FULL');

    // Dropping `name` (no default) is backward compatible but not forward: FULL refuses it, BACKWARD accepts it.
    const withoutName = { ...userV2, fields: userV2.fields.filter((f) => f.name !== 'name') };
    assert.equal(await sr.testSubjectCompatibility(subject, avro(withoutName)), false);
    assert.equal(await sr.updateCompatibility(subject, Compatibility.BACKWARD), 'BACKWARD');
    assert.equal((await ok(api, `/config/${subject}`)).compatibilityLevel, 'BACKWARD');
    assert.equal(await sr.testSubjectCompatibility(subject, avro(withoutName)), true);
  });

  it('deleteSubjectVersion and deleteSubject, soft then permanent', async () => {
    const subject = 'js-deletes-value';
    await sr.register(subject, avro(userV1));
    await sr.register(subject, avro(userV2));
    assert.equal(await sr.deleteSubjectVersion(subject, 2), 2);
    assert.deepEqual(await sr.getAllVersions(subject), [1]);
    assert.deepEqual(await ok(api, `/subjects/${subject}/versions?deleted=true`), [1, 2]);
    assert.equal(await sr.deleteSubjectVersion(subject, 2, true), 2);
    assert.deepEqual(await ok(api, `/subjects/${subject}/versions?deleted=true`), [1]);

    assert.deepEqual(await sr.deleteSubject(subject), [1]);
    assert.ok(!(await fresh().getAllSubjects()).includes(subject));
    assert.ok((await ok(api, '/subjects?deleted=true') as string[]).includes(subject));
    assert.equal((await fresh().getSchemaMetadata(subject, 1, true)).version, 1, 'a soft-deleted version reads with deleted=true');
    await rejectsWith(fresh().getLatestSchemaMetadata(subject), 404, 40401);

    assert.deepEqual(await sr.deleteSubject(subject, true), [1]);
    assert.ok(!(await ok(api, '/subjects?deleted=true') as string[]).includes(subject));
    await rejectsWith(fresh().getSchemaMetadata(subject, 1, true), 404, 40401);
    await rejectsWith(sr.deleteSubject(subject), 404, 40401);
  });
});

describe('@confluentinc/schemaregistry: serializers and deserializers', () => {
  let server: ServerProcess;
  let api: Api;
  const fresh = () => new SchemaRegistryClient({ baseURLs: [server.url] });
  before(async () => {
    server = await startServer();
    api = client(server.url);
  });
  after(() => server.stop());

  it('Avro: AvroSerializer with autoRegisterSchemas, AvroDeserializer', async () => {
    const topic = 'js-avro-auto';
    const serializer = new AvroSerializer(fresh(), SerdeType.VALUE, { autoRegisterSchemas: true });
    const message = { sensor: 'a-1', value: 1.5, tags: ['x', 'y'] };
    const bytes = await serializer.serialize(topic, message);
    const latest = await ok(api, `/subjects/${topic}-value/versions/latest`);
    assert.equal(wireId(bytes), latest.id);
    assert.equal(JSON.parse(latest.schema).type, 'record');
    const again = await new AvroSerializer(fresh(), SerdeType.VALUE, { autoRegisterSchemas: true }).serialize(topic, { ...message, sensor: 'b' });
    assert.equal(wireId(again), latest.id, 'the same inferred schema: the same id');
    assert.deepEqual(await ok(api, `/subjects/${topic}-value/versions`), [1]);

    const deserializer = new AvroDeserializer(fresh(), SerdeType.VALUE, {});
    assert.deepEqual(plain(await deserializer.deserialize(topic, bytes)), message);
  });

  it('Avro: a registered schema with useLatestVersion; an invalid message is refused', async () => {
    const topic = 'js-avro-latest';
    const registered = await api.post(`/subjects/${topic}-value/versions`, { schema: JSON.stringify(userV2) });
    assert.equal(registered.status, 200, registered.text);
    const serializer = new AvroSerializer(fresh(), SerdeType.VALUE, { useLatestVersion: true });
    const message = { id: 7, name: 'ada', email: 'ada@example.com' };
    const bytes = await serializer.serialize(topic, message);
    assert.equal(wireId(bytes), registered.body.id);
    assert.deepEqual(plain(await new AvroDeserializer(fresh(), SerdeType.VALUE, {}).deserialize(topic, bytes)), message);
    await assert.rejects(serializer.serialize(topic, { id: 'seven', name: 'ada', email: null }), /Invalid message/);
  });

  it('JSON Schema: JsonSerializer (useLatestVersion, validate) and JsonDeserializer; autoRegisterSchemas', async () => {
    const topic = 'js-json';
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#', type: 'object',
      properties: { kind: { type: 'string' }, count: { type: 'integer' } }, required: ['kind'],
    };
    const registered = await api.post(`/subjects/${topic}-value/versions`, { schemaType: 'JSON', schema: JSON.stringify(schema) });
    assert.equal(registered.status, 200, registered.text);
    const serializer = new JsonSerializer(fresh(), SerdeType.VALUE, { useLatestVersion: true, validate: true });
    const message = { kind: 'click', count: 3 };
    const bytes = await serializer.serialize(topic, message);
    assert.equal(wireId(bytes), registered.body.id);
    assert.deepEqual(JSON.parse(bytes.subarray(5).toString('utf8')), message);
    assert.deepEqual(await new JsonDeserializer(fresh(), SerdeType.VALUE, { validate: true }).deserialize(topic, bytes), message);
    await assert.rejects(serializer.serialize(topic, { count: 'three' }));

    const auto = new JsonSerializer(fresh(), SerdeType.VALUE, { autoRegisterSchemas: true });
    const autoBytes = await auto.serialize('js-json-auto', { kind: 'view', at: 5 });
    const autoLatest = await ok(api, '/subjects/js-json-auto-value/versions/latest');
    assert.equal(wireId(autoBytes), autoLatest.id);
    assert.equal(autoLatest.schemaType, 'JSON');
    assert.deepEqual(await new JsonDeserializer(fresh(), SerdeType.VALUE, {}).deserialize('js-json-auto', autoBytes), { kind: 'view', at: 5 });
  });

  it('Protobuf: ProtobufSerializer and ProtobufDeserializer with a reference and google/protobuf/timestamp.proto', async () => {
    // Without protoc-generated code: the message descriptor comes from the registered schema (`format=serialized`), as
    // the client itself builds it, and the message is a plain object with its `$typeName`.
    const topic = 'js-proto';
    const common = await api.post('/subjects/jscommon.proto/versions', { schemaType: 'PROTOBUF', schema: commonProto });
    assert.equal(common.status, 200, common.text);
    const references = [{ name: 'jscommon.proto', subject: 'jscommon.proto', version: 1 }];
    const registered = await api.post(`/subjects/${topic}-value/versions`, { schemaType: 'PROTOBUF', schema: orderProto, references });
    assert.equal(registered.status, 200, registered.text);

    // The schema registered as .proto text (a CI step would): producers serialize with useLatestVersion.
    const sr = fresh();
    const serializer = new ProtobufSerializer(sr, SerdeType.VALUE, { useLatestVersion: true });
    const file = await serializer.toFileDesc(sr, await sr.getLatestSchemaMetadata(`${topic}-value`, 'serialized'));
    const orderDesc = file.messages.find((m) => m.typeName === 'jstest.Order');
    assert.ok(orderDesc, `messages: ${file.messages.map((m) => m.typeName).join(', ')}`);
    serializer.registry.add(orderDesc);
    const message = {
      $typeName: 'jstest.Order', id: 42n, item: 'book', tags: ['new', 'paper'],
      price: { $typeName: 'jstest.common.Money', currency: 'EUR', units: 12n },
      placed: { $typeName: 'google.protobuf.Timestamp', seconds: 1_700_000_000n, nanos: 5 },
    };
    const bytes = await serializer.serialize(topic, message);
    assert.equal(wireId(bytes), registered.body.id);
    assert.equal(bytes[5], 0, 'message indexes [0] are written as a single 0');
    const decode = async (topicName: string, payload: Buffer) => {
      const decoded = await new ProtobufDeserializer(fresh(), SerdeType.VALUE, {}).deserialize(topicName, payload);
      return [decoded.$typeName, decoded.id, decoded.item, decoded.tags, decoded.price.currency, decoded.price.units, decoded.placed.seconds, decoded.placed.nanos];
    };
    const expected = ['jstest.Order', 42n, 'book', ['new', 'paper'], 'EUR', 12n, 1_700_000_000n, 5];
    assert.deepEqual(await decode(topic, bytes), expected);

    // autoRegisterSchemas on another topic: the serializer registers the import under the subject named after its file
    // (`jscommon.proto`, whose descriptor prints exactly as its text: the same version), then the message's own
    // descriptor with that reference.
    const autoTopic = 'js-proto-auto';
    const auto = new ProtobufSerializer(fresh(), SerdeType.VALUE, { autoRegisterSchemas: true });
    auto.registry.add(orderDesc);
    const autoBytes = await auto.serialize(autoTopic, message);
    const autoLatest = await ok(api, `/subjects/${autoTopic}-value/versions/latest`);
    assert.equal(wireId(autoBytes), autoLatest.id);
    assert.deepEqual(autoLatest.references, references);
    assert.deepEqual(await ok(api, '/subjects/jscommon.proto/versions'), [1]);
    assert.deepEqual(await decode(autoTopic, autoBytes), expected);

    // Without auto-registration the serializer looks both descriptors up (POST /subjects/{s} with the base64 form).
    const lookup = new ProtobufSerializer(fresh(), SerdeType.VALUE, { autoRegisterSchemas: false });
    lookup.registry.add(orderDesc);
    assert.equal(wireId(await lookup.serialize(autoTopic, message)), autoLatest.id);
    assert.deepEqual(await ok(api, `/subjects/${autoTopic}-value/versions`), [1]);
  });
});

describe('@kafkajs/confluent-schema-registry', () => {
  let server: ServerProcess;
  let api: Api;
  let registry: SchemaRegistry;
  const fresh = () => new SchemaRegistry({ host: server.url });
  before(async () => {
    server = await startServer();
    api = client(server.url);
    registry = fresh();
  });
  after(() => server.stop());

  /** Rejects with the library's ResponseError carrying the HTTP status. */
  const rejectsStatus = (promise: Promise<unknown>, status: number) =>
    assert.rejects(promise, (error: unknown) => {
      assert.equal((error as { status?: number }).status, status, String(error));
      return true;
    });

  it('Avro: register (sets the subject config), encode/decode, getLatestSchemaId, getRegistryId, getSchema, lookup', async () => {
    const subject = 'kjs-readings-value';
    const reading = {
      type: 'record', name: 'Reading', namespace: 'kjs.test',
      fields: [{ name: 'sensor', type: 'string' }, { name: 'value', type: 'double' }],
    } as const;
    const { id } = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(reading) }, { subject });
    assert.equal(id, (await ok(api, `/subjects/${subject}/versions/latest`)).id);
    // The library asks GET /config/{subject} (404 on a new subject), then sets BACKWARD on it.
    assert.deepEqual(await ok(api, `/config/${subject}`), { compatibilityLevel: 'BACKWARD' });

    const payload = { sensor: 's-1', value: 21.5 };
    const bytes = await registry.encode(id, payload);
    assert.equal(wireId(bytes), id);
    assert.deepEqual(plain(await fresh().decode(bytes)), payload);

    assert.equal(await fresh().getLatestSchemaId(subject), id);
    assert.equal(await fresh().getRegistryId(subject, 1), id);
    assert.equal(await fresh().getRegistryId(subject, 'latest'), id);
    assert.equal(await fresh().getRegistryIdBySchema(subject, { type: SchemaType.AVRO, schema: JSON.stringify(reading) }), id);
    const schema = await fresh().getSchema(id) as unknown as { name?: string; toBuffer(value: object): Buffer };
    assert.equal(schema.name, 'kjs.test.Reading');
    assert.deepEqual(schema.toBuffer(payload), bytes.subarray(5));

    // A second version goes through the GET /config/{subject} answer (200, BACKWARD matches the default option).
    const v2 = { ...reading, fields: [...reading.fields, { name: 'unit', type: 'string', default: 'C' }] };
    const second = await registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v2) }, { subject });
    assert.equal(second.id, (await ok(api, `/subjects/${subject}/versions/latest`)).id);
    assert.deepEqual(await ok(api, `/subjects/${subject}/versions`), [1, 2]);
    assert.deepEqual(plain(await fresh().decode(bytes, { [SchemaType.AVRO]: { readerSchema: v2 } })), { ...payload, unit: 'C' });
    // The library compares the option with the subject's level from GET /config/{subject} and refuses a mismatch.
    await assert.rejects(registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(v2) }, { subject, compatibility: 'FULL' as never }),
      /Compatibility does not match the configuration \(FULL != BACKWARD\)/);

    // The legacy form: a bare Avro schema, subject from its full name.
    const legacy = await registry.register({ type: 'record', name: 'Legacy', namespace: 'kjs.test', fields: [{ name: 'a', type: 'int' }] });
    assert.equal(legacy.id, (await ok(api, '/subjects/kjs.test.Legacy/versions/latest')).id);

    await rejectsStatus(fresh().getLatestSchemaId('kjs-missing'), 404);
    await rejectsStatus(fresh().getRegistryId(subject, 9), 404);
    await assert.rejects(fresh().getRegistryIdBySchema(subject, { type: SchemaType.AVRO, schema: JSON.stringify({ ...reading, name: 'Nope' }) }),
      /Schema not found/);
    await assert.rejects(registry.register({ type: SchemaType.AVRO, schema: JSON.stringify({ ...reading, fields: [{ name: 'sensor', type: 'int' }] }) }, { subject }),
      /incompatible/i);
  });

  it('JSON Schema: register, encode/decode, validation', async () => {
    const subject = 'kjs-events-value';
    const schema = { type: 'object', properties: { kind: { type: 'string' }, count: { type: 'integer' } }, required: ['kind'] };
    const { id } = await registry.register({ type: SchemaType.JSON, schema: JSON.stringify(schema) }, { subject });
    const latest = await ok(api, `/subjects/${subject}/versions/latest`);
    assert.deepEqual([id, latest.schemaType], [latest.id, 'JSON']);
    const payload = { kind: 'click', count: 2 };
    const bytes = await registry.encode(id, payload);
    assert.equal(wireId(bytes), id);
    assert.deepEqual(await fresh().decode(bytes), payload);
    assert.equal(await fresh().getLatestSchemaId(subject), id);
    assert.equal(await fresh().getRegistryIdBySchema(subject, { type: SchemaType.JSON, schema: JSON.stringify(schema) }), id);
    await assert.rejects(registry.encode(id, { count: 'two' }));
  });

  it('Protobuf with a reference: register, encode/decode', async () => {
    const common = await registry.register({ type: SchemaType.PROTOBUF, schema: commonProto }, { subject: 'jscommon.proto' });
    const references = [{ name: 'jscommon.proto', subject: 'jscommon.proto', version: 1 }];
    const orderOnly = orderProto.replace('import "google/protobuf/timestamp.proto";\n', '').replace('  google.protobuf.Timestamp placed = 5;\n', '');
    const { id } = await registry.register({ type: SchemaType.PROTOBUF, schema: orderOnly, references }, { subject: 'kjs-orders-value' });
    assert.notEqual(id, common.id);
    const latest = await ok(api, '/subjects/kjs-orders-value/versions/latest');
    assert.deepEqual([id, latest.schemaType, latest.references], [latest.id, 'PROTOBUF', references]);
    const payload = { id: 42, item: 'book', tags: ['a'], price: { currency: 'EUR', units: 12 } };
    const bytes = await registry.encode(id, payload);
    assert.equal(wireId(bytes), id);
    const decoded = (await fresh().decode(bytes)) as { toJSON(): unknown };
    assert.deepEqual(decoded.toJSON(), { id: '42', item: 'book', tags: ['a'], price: { currency: 'EUR', units: '12' } });
    assert.equal(await fresh().getRegistryId('kjs-orders-value', 1), id);
  });
});

describe('the two JavaScript clients read each other\'s Avro records', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServer();
  });
  after(() => server.stop());

  it('@kafkajs decodes what AvroSerializer wrote, AvroDeserializer decodes what @kafkajs encoded', async () => {
    const confluent = new SchemaRegistryClient({ baseURLs: [server.url] });
    const kafkajs = new SchemaRegistry({ host: server.url });
    const fromConfluent = await new AvroSerializer(confluent, SerdeType.VALUE, { autoRegisterSchemas: true }).serialize('interop', { a: 'x', b: 2 });
    assert.deepEqual(plain(await kafkajs.decode(fromConfluent)), { a: 'x', b: 2 });
    const { id } = await kafkajs.register({ type: 'record', name: 'Pair', namespace: 'interop', fields: [{ name: 'k', type: 'string' }] });
    const fromKafkajs = await kafkajs.encode(id, { k: 'v' });
    assert.deepEqual(plain(await new AvroDeserializer(confluent, SerdeType.VALUE, {}).deserialize('interop', fromKafkajs)), { k: 'v' });
  });
});
