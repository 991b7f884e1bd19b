// The REST proxy's v2 metadata and produce endpoints on the same port as the registry, against the real broker:
// every embedded format produced and read back from Kafka, schema ids echoed, and the errors Confluent sends.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Admin, Consumer, MessagesStreamModes } from '@platformatic/kafka';
import { parseSchema, serdeOf } from '../../src/formats/index.ts';
import { client, kafkaBootstrap, startServer, type ServerProcess } from '../harness.ts';

const V2 = 'application/vnd.kafka.v2+json';
const type = (format: string) => `application/vnd.kafka.${format}.v2+json`;

async function readBack(topic: string, count: number): Promise<{ partition: number; key: Buffer | null; value: Buffer | null }[]> {
  const consumer = new Consumer({ clientId: 'test-reader', bootstrapBrokers: [await kafkaBootstrap()], groupId: `g-${randomUUID()}` });
  const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: false });
  const out: { partition: number; key: Buffer | null; value: Buffer | null }[] = [];
  for await (const message of stream) {
    out.push({ partition: message.partition, key: message.key?.length ? message.key : null, value: message.value?.length ? message.value : null });
    if (out.length >= count) break;
  }
  await stream.close();
  await consumer.close(true);
  return out;
}

describe('REST proxy v2: metadata and produce', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  const topic = `proxy-${randomUUID().slice(0, 8)}`;
  const post = (path: string, format: string, body: unknown) => api.post(path, body, { 'content-type': type(format), accept: V2 });

  before(async () => {
    const admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [await kafkaBootstrap()] });
    await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 });
    await admin.createTopics({ topics: [`${topic}-err`], partitions: 1, replicas: 1 });
    await admin.close();
    server = await startServer();
    api = client(server.url);
  });
  after(() => server.stop());

  it('lists topics, a topic with configs and partitions, offsets and brokers', async () => {
    const topics = await api.get('/topics', { accept: V2 });
    assert.equal(topics.status, 200, topics.text);
    assert.equal(topics.headers.get('content-type'), V2);
    assert.ok(topics.body.includes(topic));
    const detail = (await api.get(`/topics/${topic}`)).body;
    assert.equal(detail.name, topic);
    assert.equal(detail.configs['cleanup.policy'], 'delete');
    assert.equal(detail.partitions.length, 3);
    assert.deepEqual(detail.partitions[1].replicas, [{ broker: 1, leader: true, in_sync: true }]);
    assert.deepEqual((await api.get(`/topics/${topic}/partitions/2`)).body.partition, 2);
    assert.equal((await api.get(`/topics/${topic}/partitions`)).body.length, 3);
    assert.deepEqual((await api.get(`/topics/${topic}/partitions/0/offsets`)).body, { beginning_offset: 0, end_offset: 0 });
    assert.deepEqual((await api.get('/brokers')).body, { brokers: [1] });
    assert.deepEqual((await api.get('/topics/nope-nope')).body, { error_code: 40401, message: 'Topic not found.' });
    assert.deepEqual((await api.get(`/topics/${topic}/partitions/7`)).body, { error_code: 40402, message: 'Partition not found.' });
    assert.equal((await api.get(`/topics/${topic}/partitions/7/offsets`)).body.error_code, 40402);
  });

  it('produces binary and json records, to a topic and to a partition', async () => {
    const binary = await post(`/topics/${topic}/partitions/1`, 'binary', { records: [{ key: Buffer.from('k').toString('base64'), value: Buffer.from('v1').toString('base64') }, { value: Buffer.from('v2').toString('base64') }] });
    assert.equal(binary.status, 200, binary.text);
    assert.deepEqual(binary.body, {
      offsets: [{ partition: 1, offset: 0, error_code: null, error: null }, { partition: 1, offset: 1, error_code: null, error: null }],
      key_schema_id: null, value_schema_id: null,
    });
    const json = await post(`/topics/${topic}`, 'json', { records: [{ value: { a: [1, 'x'] }, partition: 2 }, { key: 'same', value: 1 }, { key: 'same', value: 2 }] });
    assert.equal(json.status, 200, json.text);
    assert.equal(json.body.offsets[0].partition, 2);
    assert.equal(json.body.offsets[1].partition, json.body.offsets[2].partition, 'one key, one partition');
    assert.deepEqual((await api.get(`/topics/${topic}/partitions/1/offsets`)).body.end_offset >= 2, true);
    const records = await readBack(topic, 5);
    const values = records.map((r) => r.value?.toString()).sort();
    assert.deepEqual(values, ['1', '2', 'v1', 'v2', '{"a":[1,"x"]}']);
    assert.ok(records.some((r) => r.key?.toString() === 'k' && r.partition === 1));
  });

  it('registers and encodes avro, jsonschema and protobuf in Confluent\'s wire format', async () => {
    const [avroTopic, jsonTopic, protoTopic] = [`${topic}-avro`, `${topic}-json`, `${topic}-proto`];
    const admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [await kafkaBootstrap()] });
    await admin.createTopics({ topics: [avroTopic, jsonTopic, protoTopic], partitions: 1, replicas: 1 });
    await admin.close();
    const schema = JSON.stringify({ type: 'record', name: 'Pet', fields: [{ name: 'name', type: 'string' }, { name: 'age', type: ['null', 'int'], default: null }] });
    const avro = await post(`/topics/${avroTopic}`, 'avro', { value_schema: schema, records: [{ value: { name: 'rex', age: { int: 3 } } }, { value: { name: 'tom', age: null } }] });
    assert.equal(avro.status, 200, avro.text);
    const id = avro.body.value_schema_id;
    assert.equal(typeof id, 'number');
    assert.equal((await api.get(`/subjects/${avroTopic}-value/versions/1`)).body.id, id, 'registered under the topic name strategy');
    const byId = await post(`/topics/${avroTopic}`, 'avro', { value_schema_id: id, records: [{ value: { name: 'ida', age: null } }] });
    assert.equal(byId.body.value_schema_id, id);
    const [first] = await readBack(avroTopic, 1);
    assert.equal(first!.value![0], 0, 'magic byte');
    assert.equal(first!.value!.readUInt32BE(1), id);
    const serde = serdeOf(parseSchema('AVRO', schema, []));
    assert.deepEqual(serde.decode(first!.value!.subarray(5)), { name: 'rex', age: { int: 3 } });

    const json = await post(`/topics/${jsonTopic}`, 'jsonschema', { value_schema: '{"type":"object","properties":{"n":{"type":"integer"}}}', records: [{ value: { n: 1 } }] });
    assert.equal(json.status, 200, json.text);
    assert.equal((await api.get(`/subjects/${jsonTopic}-value/versions/latest`)).body.schemaType, 'JSON');
    const proto = await post(`/topics/${protoTopic}`, 'protobuf', { key_schema: 'syntax = "proto3"; message K { string id = 1; }', key_schema_id: undefined, value_schema: 'syntax = "proto3"; message V { int32 n = 1; }', records: [{ key: { id: 'a' }, value: { n: 5 } }] });
    assert.equal(proto.status, 200, proto.text);
    assert.equal(typeof proto.body.key_schema_id, 'number');
    assert.equal((await api.get(`/subjects/${protoTopic}-key/versions/latest`)).body.schemaType, 'PROTOBUF');
    const [protoRecord] = await readBack(protoTopic, 1);
    assert.deepEqual([...protoRecord!.value!.subarray(5)], [0, 8, 5], 'message index [0], then field 1 = 5');
  });

  it('answers Confluent\'s errors', async () => {
    const noValueSchema = await post(`/topics/${topic}-err`, 'avro', { records: [{ value: { a: 1 } }] });
    assert.deepEqual(noValueSchema.body.error_code, 42202);
    const noKeySchema = await post(`/topics/${topic}-err`, 'avro', { value_schema: '"int"', records: [{ key: 1, value: 1 }] });
    assert.deepEqual(noKeySchema.body.error_code, 42201);
    const badData = await post(`/topics/${topic}-err`, 'avro', { value_schema: '"int"', records: [{ value: 'not an int' }] });
    assert.equal(badData.status, 422, badData.text);
    assert.equal(badData.body.error_code, 42203);
    const badSchema = await post(`/topics/${topic}-err`, 'avro', { value_schema: '{"type":"nope"}', records: [{ value: 1 }] });
    assert.equal(badSchema.body.error_code, 42205, badSchema.text);
    const badJson = await post(`/topics/${topic}-json`, 'jsonschema', { value_schema: '{"type":"object","properties":{"n":{"type":"integer"}}}', records: [{ value: { n: 'x' } }] });
    assert.equal(badJson.body.error_code, 42203);
    assert.equal((await post(`/topics/${topic}`, 'binary', { records: [{ value: '***' }] })).body.error_code, 42206);
    assert.equal((await post(`/topics/${topic}`, 'binary', { records: [] })).body.error_code, 42206);
    assert.equal((await post('/topics/nope-nope', 'binary', { records: [{ value: 'AA==' }] })).body.error_code, 40401);
    // A name Kafka refuses names no topic: 40401 as GET answers, not a 500.
    assert.deepEqual((await post('/topics/bad%20name', 'binary', { records: [{ value: 'AA==' }] })).body, { error_code: 40401, message: 'Topic not found.' });
    assert.equal((await post('/topics/bad%20name/partitions/0', 'binary', { records: [{ value: 'AA==' }] })).body.error_code, 40401);
    assert.equal((await post(`/topics/${topic}/partitions/9`, 'binary', { records: [{ value: 'AA==' }] })).body.error_code, 40402);
    assert.equal((await post(`/topics/${topic}`, 'binary', { records: [{ value: 'AA==', partition: 5 }] })).body.error_code, 40402);
    // Confluent's schema manager fails to fetch an unknown id while serializing: 42207, not the registry's 40403.
    assert.equal((await post(`/topics/${topic}-err`, 'avro', { value_schema_id: 99999, records: [{ value: 1 }] })).body.error_code, 42207);
    assert.equal((await api.post(`/topics/${topic}`, '{', { 'content-type': type('binary') })).status, 400);
  });
});

describe('REST proxy: producer_max_request_size', () => {
  let server: ServerProcess;
  const topic = `proxy-max-${randomUUID().slice(0, 8)}`;
  before(async () => {
    const admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [await kafkaBootstrap()] });
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
    await admin.close();
    server = await startServer({ config: { producer_max_request_size: 300 } });
  });
  after(() => server.stop());

  it('refuses records over the limit one by one, and produces the others', async () => {
    const api = client(server.url);
    const small = Buffer.from('small').toString('base64');
    const big = Buffer.alloc(400, 1).toString('base64');
    const v2 = await api.post(`/topics/${topic}`, { records: [{ value: small }, { value: big }, { value: small }] }, { 'content-type': type('binary') });
    assert.equal(v2.status, 200, v2.text);
    assert.deepEqual(v2.body.offsets.map((o: { offset: number | null; error_code: number | null }) => [o.offset, o.error_code]), [[0, null], [null, 50002], [1, null]]);
    assert.match(v2.body.offsets[1].error, /^The message is 4\d\d bytes when serialized which is larger than 300, which is the value of the max.request.size configuration\.$/);

    const cluster = (await api.get('/v3/clusters')).body.data[0].cluster_id;
    const v3 = await api.post(`/v3/clusters/${cluster}/topics/${topic}/records`,
      `${JSON.stringify({ value: { type: 'BINARY', data: big } })}${JSON.stringify({ value: { type: 'BINARY', data: small } })}`,
      { 'content-type': 'application/json' });
    const results = v3.text.trim().split('\r\n').map((line) => JSON.parse(line) as { error_code: number; offset?: number });
    assert.deepEqual(results.map((r) => [r.error_code, r.offset]), [[400, undefined], [200, 2]]);
    assert.deepEqual((await readBack(topic, 3)).map((r) => r.value?.toString()), ['small', 'small', 'small']);
  });
});
