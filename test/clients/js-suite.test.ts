// What the two npm clients' own integration suites exercise against a registry, replayed in our own words against a
// real server process and the real broker: @confluentinc/schemaregistry's data contracts (metadata read back by id),
// subject configs with `normalize`, and its serdes through real Kafka records (records and primitives);
// @kafkajs/confluent-schema-registry's register options and error messages, and references three levels deep for all
// three formats, decoded by clients that start with empty caches.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Admin, Consumer, Producer } from '@platformatic/kafka';
import {
  AvroDeserializer, AvroSerializer, Compatibility, JsonDeserializer, JsonSerializer, SchemaRegistryClient, SerdeType,
  type SchemaInfo,
} from '@confluentinc/schemaregistry';
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { client, kafkaBootstrap, startServer, type ServerProcess } from '../harness.ts';

type Api = ReturnType<typeof client>;

/** Writes one record to a new one-partition topic and reads its value back from the broker. */
async function throughKafka(value: Buffer): Promise<Buffer> {
  const bootstrap = await kafkaBootstrap();
  const topic = `js-suite-${randomUUID().slice(0, 8)}`;
  const admin = new Admin({ clientId: 'js-suite-admin', bootstrapBrokers: [bootstrap] });
  await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
  await admin.close();
  const producer = new Producer({ clientId: 'js-suite-producer', bootstrapBrokers: [bootstrap] });
  await producer.send({ messages: [{ topic, partition: 0, key: Buffer.from('k'), value }] });
  await producer.close();
  const consumer = new Consumer({ clientId: 'js-suite-reader', groupId: `js-suite-${topic}`, bootstrapBrokers: [bootstrap] });
  try {
    const metadata = await consumer.metadata({ topics: [topic] });
    const t = metadata.topics.get(topic);
    assert.ok(t);
    const response = await consumer.fetch({
      node: t.partitions[0]?.leader ?? 1,
      topics: [{ topicId: t.id, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0n, lastFetchedEpoch: -1, partitionMaxBytes: 1 << 20 }] }],
    });
    const read = response.responses[0]?.partitions[0]?.records?.[0]?.records[0]?.value;
    assert.ok(read, 'the record came back');
    return Buffer.from(read);
  } finally {
    await consumer.close(true);
  }
}

async function ok(api: Api, path: string): Promise<any> {
  const res = await api.get(path);
  assert.equal(res.status, 200, `GET ${path}: ${res.text}`);
  return res.body;
}

describe('@confluentinc/schemaregistry: data contracts and configs', () => {
  let server: ServerProcess;
  let api: Api;
  const fresh = () => new SchemaRegistryClient({ baseURLs: [server.url] });
  before(async () => {
    server = await startServer();
    api = client(server.url);
  });
  after(() => server.stop());

  const account = (fields: object[]) => JSON.stringify({ type: 'record', name: 'Account', namespace: 'suite', fields });
  const base = [{ name: 'owner', type: 'string' }, { name: 'balance', type: 'long' }];

  it('metadata sent with a schema comes back with it by id, by version and by metadata lookup', async () => {
    const subject = 'suite-accounts';
    const metadata = { properties: { team: 'payments', pii: 'no' } };
    // Stored and answered as sent (no rule executes server-side).
    const ruleSet = { domainRules: [{ name: 'positive', kind: 'CONDITION', mode: 'WRITE', type: 'CEL', expr: 'message.balance >= 0' }] } as unknown as SchemaInfo['ruleSet'];
    const info: SchemaInfo = { schemaType: 'AVRO', schema: account(base), metadata, ruleSet };
    const registered = await fresh().registerFullResponse(subject, info);

    // A client with empty caches reads the schema by id: Confluent's SchemaString carries the id's contract.
    const byId = await fresh().getBySubjectAndId(subject, registered.id!);
    assert.deepEqual(byId.metadata, metadata);
    assert.deepEqual(byId.ruleSet, ruleSet);
    const raw = await ok(api, `/schemas/ids/${registered.id}`);
    assert.deepEqual([raw.metadata, raw.ruleSet], [metadata, ruleSet]);
    assert.equal(await fresh().getId(subject, info), registered.id);

    const widened = account([...base, { name: 'note', type: ['null', 'string'], default: null }]);
    const second = await fresh().registerFullResponse(subject, { schemaType: 'AVRO', schema: widened, metadata: { properties: { team: 'ledger' } } });
    assert.notEqual(second.id, registered.id);
    assert.deepEqual((await fresh().getLatestSchemaMetadata(subject)).metadata, { properties: { team: 'ledger' } });
    const v1 = await fresh().getSchemaMetadata(subject, 1);
    assert.deepEqual([v1.id, v1.metadata], [registered.id, metadata]);
    const found = await fresh().getLatestWithMetadata(subject, { team: 'payments' });
    assert.deepEqual([found.version, found.id], [1, registered.id]);

    // A schema registered without a contract has none by id.
    const plainId = await fresh().register('suite-plain', { schemaType: 'AVRO', schema: account([{ name: 'x', type: 'int' }]) });
    const plainRaw = await ok(api, `/schemas/ids/${plainId}`);
    assert.equal('metadata' in plainRaw || 'ruleSet' in plainRaw, false, JSON.stringify(plainRaw));
  });

  it('JSON Schema metadata comes back by id too', async () => {
    const metadata = { properties: { owner: 'search' }, tags: { '$.query': ['PII'] } };
    const schema = JSON.stringify({ type: 'object', properties: { query: { type: 'string' } } });
    const id = await fresh().register('suite-json-contract', { schemaType: 'JSON', schema, metadata });
    const byId = await fresh().getBySubjectAndId('suite-json-contract', id);
    assert.deepEqual([byId.schemaType, byId.metadata], ['JSON', metadata]);
  });

  it('subject and global configs with normalize read back as sent (compatibility as compatibilityLevel)', async () => {
    const sr = fresh();
    await sr.register('suite-config', { schemaType: 'AVRO', schema: account(base) });
    await sr.updateConfig('suite-config', { compatibility: Compatibility.FULL, normalize: true });
    assert.deepEqual(await sr.getConfig('suite-config'), { compatibilityLevel: 'FULL', normalize: true });
    assert.deepEqual(await ok(api, '/config/suite-config'), { compatibilityLevel: 'FULL', normalize: true });
    assert.equal(await sr.updateDefaultCompatibility(Compatibility.FULL_TRANSITIVE), Compatibility.FULL_TRANSITIVE);
    assert.equal(await sr.getDefaultCompatibility(), Compatibility.FULL_TRANSITIVE);
    await sr.updateDefaultConfig({ compatibility: Compatibility.BACKWARD, normalize: false });
    assert.deepEqual(await sr.getDefaultConfig(), { compatibilityLevel: 'BACKWARD', normalize: false });
  });
});

describe('@confluentinc/schemaregistry serdes through the real broker', () => {
  let server: ServerProcess;
  const fresh = () => new SchemaRegistryClient({ baseURLs: [server.url] });
  before(async () => {
    server = await startServer();
  });
  after(() => server.stop());

  it('a record registered beforehand, written with useLatestVersion, read back by a client with empty caches', async () => {
    const topic = `suite-users-${randomUUID().slice(0, 8)}`;
    const user = JSON.stringify({ type: 'record', name: 'User', fields: [{ name: 'name', type: 'string' }, { name: 'age', type: 'int' }] });
    const id = await fresh().register(`${topic}-value`, { schema: user, metadata: { properties: { owner: 'Bob' } } });
    const bytes = await new AvroSerializer(fresh(), SerdeType.VALUE, { useLatestVersion: true }).serialize(topic, { name: 'Bob', age: 25 });
    const read = await throughKafka(bytes);
    assert.equal(read.readUInt32BE(1), id);
    assert.deepEqual(structuredClone(await new AvroDeserializer(fresh(), SerdeType.VALUE, {}).deserialize(topic, read)), { name: 'Bob', age: 25 });
  });

  it('Avro primitives, each under its own subject', async () => {
    const cases: Array<[string, unknown]> = [['string', 'Hello'], ['int', 25], ['long', 2 ** 40], ['boolean', true], ['double', 1.354], ['bytes', Buffer.from('raw')]];
    for (const [type, value] of cases) {
      const topic = `suite-${type}-${randomUUID().slice(0, 8)}`;
      const id = await fresh().register(`${topic}-value`, { schema: JSON.stringify({ type }) });
      const bytes = await new AvroSerializer(fresh(), SerdeType.VALUE, { useLatestVersion: true }).serialize(topic, value);
      const read = await throughKafka(bytes);
      assert.equal(read.readUInt32BE(1), id, type);
      assert.deepEqual(await new AvroDeserializer(fresh(), SerdeType.VALUE, {}).deserialize(topic, read), value, type);
    }
  });

  it('JSON Schema with references two levels deep, and no schema to use: the serializer fails', async () => {
    const customer = { $id: 'http://example.com/customer.json', type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
    const details = { $id: 'http://example.com/details.json', type: 'object', properties: { customer: { $ref: 'http://example.com/customer.json' } } };
    const order = { $id: 'http://example.com/order.json', type: 'object', properties: { details: { $ref: 'http://example.com/details.json' } } };
    const sr = fresh();
    await sr.register('suite-customer', { schemaType: 'JSON', schema: JSON.stringify(customer) });
    await sr.register('suite-details', {
      schemaType: 'JSON', schema: JSON.stringify(details), references: [{ name: 'http://example.com/customer.json', subject: 'suite-customer', version: 1 }],
    });
    const topic = `suite-orders-${randomUUID().slice(0, 8)}`;
    await sr.register(`${topic}-value`, {
      schemaType: 'JSON', schema: JSON.stringify(order), references: [{ name: 'http://example.com/details.json', subject: 'suite-details', version: 1 }],
    });
    const message = { details: { customer: { name: 'Ada' } } };
    const read = await throughKafka(await new JsonSerializer(fresh(), SerdeType.VALUE, { useLatestVersion: true }).serialize(topic, message));
    assert.deepEqual(await new JsonDeserializer(fresh(), SerdeType.VALUE, {}).deserialize(topic, read), message);

    const unknown = new JsonSerializer(fresh(), SerdeType.VALUE, { autoRegisterSchemas: false, useLatestVersion: true });
    await assert.rejects(unknown.serialize(`suite-nothing-${randomUUID().slice(0, 8)}`, { a: 1 }), /40401|not found/i);
  });
});

describe('@kafkajs/confluent-schema-registry: register options, errors, deep references', () => {
  let server: ServerProcess;
  let api: Api;
  const fresh = () => new SchemaRegistry({ host: server.url });
  before(async () => {
    server = await startServer();
    api = client(server.url);
  });
  after(() => server.stop());

  it('register sets the subject compatibility, refuses a different one, and the errors carry Confluent\'s messages', async () => {
    const registry = fresh();
    const namespace = `suite.n${randomUUID().slice(0, 8)}`;
    const schema = { type: 'record' as const, name: 'Probe', namespace, fields: [{ name: 'a', type: 'string' }] };
    const subject = `${namespace}.Probe`;
    await assert.rejects(registry.getRegistryIdBySchema(subject, { type: SchemaType.AVRO, schema: JSON.stringify(schema) }),
      { message: `Confluent_Schema_Registry - Subject '${subject}' not found.` });

    const { id } = await registry.register(schema, { compatibility: COMPATIBILITY.NONE });
    assert.deepEqual(await ok(api, `/config/${subject}`), { compatibilityLevel: 'NONE' });
    assert.equal(await fresh().getLatestSchemaId(subject), id);
    await api.put(`/config/${subject}`, { compatibility: 'FULL' });
    await assert.rejects(fresh().register(schema, { compatibility: COMPATIBILITY.NONE }),
      { message: 'Compatibility does not match the configuration (NONE != FULL)' });

    const other = { ...schema, fields: [{ name: 'b', type: 'string' }] };
    await assert.rejects(fresh().getRegistryIdBySchema(subject, { type: SchemaType.AVRO, schema: JSON.stringify(other) }),
      { message: 'Confluent_Schema_Registry - Schema not found' });
    assert.equal(await fresh().getRegistryIdBySchema(subject, { type: SchemaType.AVRO, schema: JSON.stringify(schema) }), id);
  });

  /** Registers third <- second A, second B <- first, each reference at the latest version the server reports, and
   *  round-trips `value` through clients that know nothing yet. */
  async function deep(format: { type: SchemaType; prefix: string; third: string; secondA: string; secondB: string; first: string; names: [string, string, string] }, value: object) {
    const registry = fresh();
    const latest = async (subject: string) => (await ok(api, `/subjects/${encodeURIComponent(subject)}/versions/latest`)).version as number;
    const [thirdName, secondAName, secondBName] = format.names;
    const s = (name: string) => `${format.prefix}:${name}`;
    await registry.register({ type: format.type, schema: format.third } as never, { subject: s('Third') });
    const thirdRef = async () => [{ name: thirdName, subject: s('Third'), version: await latest(s('Third')) }];
    await registry.register({ type: format.type, schema: format.secondA, references: await thirdRef() } as never, { subject: s('SecondA') });
    await registry.register({ type: format.type, schema: format.secondB, references: await thirdRef() } as never, { subject: s('SecondB') });
    const { id } = await registry.register({
      type: format.type, schema: format.first,
      references: [
        { name: secondAName, subject: s('SecondA'), version: await latest(s('SecondA')) },
        { name: secondBName, subject: s('SecondB'), version: await latest(s('SecondB')) },
      ],
    } as never, { subject: s('First') });
    assert.equal((await ok(api, `/schemas/ids/${id}`)).references.length, 2);
    const encoded = await fresh().encode(id, value);
    assert.equal(encoded.readUInt32BE(1), id);
    // Decoded Avro records and Protobuf messages are class instances: compare their JSON.
    assert.deepEqual(JSON.parse(JSON.stringify(await fresh().decode(await throughKafka(encoded)))), value);
  }

  const nested = { id1: 1, a: { id2: 2, third: { id3: 3 } }, b: { id2: 4, third: { id3: 5 } } };

  it('Avro: named types referenced three levels deep', async () => {
    const record = (name: string, fields: object[]) => JSON.stringify({ type: 'record', name, namespace: 'deep', fields });
    await deep({
      type: SchemaType.AVRO, prefix: 'SuiteAvro', names: ['deep.Third', 'deep.SecondA', 'deep.SecondB'],
      third: record('Third', [{ name: 'id3', type: 'int' }]),
      secondA: record('SecondA', [{ name: 'id2', type: 'int' }, { name: 'third', type: 'deep.Third' }]),
      secondB: record('SecondB', [{ name: 'id2', type: 'int' }, { name: 'third', type: 'deep.Third' }]),
      first: record('First', [{ name: 'id1', type: 'int' }, { name: 'a', type: 'deep.SecondA' }, { name: 'b', type: 'deep.SecondB' }]),
    }, nested);
  });

  it('JSON Schema: $id references three levels deep', async () => {
    const object = (id: string, properties: object) => JSON.stringify({ $id: `https://example.com/deep/${id}`, type: 'object', properties });
    const ref = (id: string) => ({ $ref: `https://example.com/deep/${id}` });
    await deep({
      type: SchemaType.JSON, prefix: 'SuiteJson',
      names: ['https://example.com/deep/Third', 'https://example.com/deep/SecondA', 'https://example.com/deep/SecondB'],
      third: object('Third', { id3: { type: 'number' } }),
      secondA: object('SecondA', { id2: { type: 'number' }, third: ref('Third') }),
      secondB: object('SecondB', { id2: { type: 'number' }, third: ref('Third') }),
      first: object('First', { id1: { type: 'number' }, a: ref('SecondA'), b: ref('SecondB') }),
    }, nested);
  });

  it('Protobuf: imports three levels deep', async () => {
    const file = (imports: string[], body: string) =>
      `syntax = "proto3";\npackage deep;\n${imports.map((i) => `import "${i}";\n`).join('')}\n${body}\n`;
    await deep({
      type: SchemaType.PROTOBUF, prefix: 'SuiteProto', names: ['deep/third.proto', 'deep/second_a.proto', 'deep/second_b.proto'],
      third: file([], 'message Third { int32 id3 = 1; }'),
      secondA: file(['deep/third.proto'], 'message SecondA { int32 id2 = 1; Third third = 2; }'),
      secondB: file(['deep/third.proto'], 'message SecondB { int32 id2 = 1; Third third = 2; }'),
      first: file(['deep/second_a.proto', 'deep/second_b.proto'], 'message First { int32 id1 = 1; SecondA a = 2; SecondB b = 3; }'),
    }, nested);
  });
});
