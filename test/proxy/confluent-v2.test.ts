// Confluent kafka-rest's v2 integration tests (kafka-rest/src/test/java/io/confluent/kafkarest/integration/:
// AbstractConsumerTest, ConsumerBinaryTest, ConsumerJsonTest, ConsumerTimeoutTest, ProducerTest, MetadataAPITest)
// and what ConsumersResource / KafkaConsumerManager / KafkaConsumerReadTask answer, replayed against our server
// and the real broker. Records are written with a plain Kafka producer, as Confluent's tests do, so the consumer
// side is checked on its own.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Admin, Producer } from '@platformatic/kafka';
import { type Answer, client, getWithBody, kafkaBootstrap, type ServerProcess, startServer } from '../harness.ts';

const V2 = 'application/vnd.kafka.v2+json';
const typeOf = (format: string) => `application/vnd.kafka.${format}.v2+json`;
const b64 = (s: string) => Buffer.from(s).toString('base64');
const unique = (prefix: string) => `${prefix}${randomUUID().slice(0, 8)}`;
type Consumed = { topic: string; key: unknown; value: unknown; partition: number; offset: number };

async function createTopic(name: string, partitions: number): Promise<void> {
  const admin = new Admin({ clientId: 'cv2-admin', bootstrapBrokers: [await kafkaBootstrap()] });
  await admin.createTopics({ topics: [name], partitions, replicas: 1 });
  await admin.close();
}

/** Writes records straight to Kafka (AbstractConsumerTest.produceBinaryMessages / produceJsonMessages). */
async function produceDirect(topic: string, records: { key?: string; value: string | null }[]): Promise<void> {
  const producer = new Producer({ clientId: 'cv2-producer', bootstrapBrokers: [await kafkaBootstrap()] });
  for (const r of records) {
    await producer.send({ messages: [{ topic, key: r.key === undefined ? undefined : Buffer.from(r.key), value: r.value === null ? undefined : Buffer.from(r.value) }] });
  }
  await producer.close();
}

const assertError = (res: Answer, status: number, code: number, type: string, message?: string) => {
  assert.equal(res.status, status, res.text);
  assert.equal(res.headers.get('content-type'), type, res.text);
  assert.equal(res.body.error_code, code, res.text);
  if (message !== undefined) assert.ok(String(res.body.message).startsWith(message), res.text);
};

describe('Confluent kafka-rest v2 integration tests', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  const topic = unique('cv2-');
  const jsonTopic = unique('cv2-json-');
  // Confluent's default consumer.request.timeout.ms: a read with nothing to answer takes this long.
  const REQUEST_TIMEOUT = 1000;

  before(async () => {
    await createTopic(topic, 3);
    await createTopic(jsonTopic, 3);
    server = await startServer({ config: { consumer_request_timeout_ms: REQUEST_TIMEOUT } });
    api = client(server.url);
  });
  after(async () => {
    await server?.stop();
  });

  /** AbstractConsumerTest.startConsumeMessages: create (no body: the defaults), subscribe, one empty read. */
  const startConsume = async (group: string, subscribeTo: string, format?: string, accept = typeOf('binary')) => {
    const created = await api.post(`/consumers/${group}`, format === undefined ? '' : { format, 'auto.offset.reset': 'earliest' }, { 'content-type': V2 });
    assert.equal(created.status, 200, created.text);
    assert.equal(created.headers.get('content-type'), V2);
    const { instance_id: id, base_uri: baseUri } = created.body;
    assert.ok(typeof id === 'string' && id.length > 0);
    assert.ok(baseUri.includes(id), 'the base URI contains the instance id');
    const path = new URL(baseUri).pathname;
    const subscribed = await api.post(`${path}/subscription`, { topics: [subscribeTo] }, { 'content-type': V2, accept: V2 });
    assert.equal(subscribed.status, 204, subscribed.text);
    const first = await api.get(`${path}/records`, { accept });
    assert.equal(first.status, 200, first.text);
    assert.equal(first.headers.get('content-type'), accept);
    assert.deepEqual(first.body, []);
    return path;
  };

  /** Reads until `count` records came (a first read may still be joining the group). */
  const consume = async (path: string, count: number, accept: string, expectType: string) => {
    const out: Consumed[] = [];
    const deadline = Date.now() + 30_000;
    while (out.length < count && Date.now() < deadline) {
      const res = await api.get(`${path}/records`, { accept });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers.get('content-type'), expectType);
      out.push(...res.body);
    }
    return out;
  };

  /** AbstractConsumerTest.consumeForTimeout: nothing to read answers [] after the request timeout, not before. */
  const consumeForTimeout = async (path: string, timeout: number) => {
    const started = Date.now();
    const res = await api.get(`${path}/records`, { accept: typeOf('binary') });
    const elapsed = Date.now() - started;
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, []);
    assert.ok(elapsed >= timeout, `answered after ${elapsed} ms, before the ${timeout} ms timeout`);
    // Confluent's slack: iterator backoff (50) + iterator timeout (1) + 500 ms of overhead.
    assert.ok(elapsed - timeout < 551 + 500, `answered ${elapsed - timeout} ms after the timeout`);
  };

  it('ConsumerBinaryTest: default (binary) instances read keys and values, with Accept binary or */*, commit, delete', async () => {
    const group = unique('cv2-bin-');
    const path = await startConsume(group, topic);
    await produceDirect(topic, [{ key: 'key', value: 'value' }, { key: 'key', value: 'value2' }, { key: 'key', value: 'value3' }, { value: 'value4' }]);
    const records = await consume(path, 4, typeOf('binary'), typeOf('binary'));
    assert.deepEqual(records.map((r) => [r.key, r.value]).sort(), [
      [b64('key'), b64('value')], [b64('key'), b64('value2')], [b64('key'), b64('value3')], [null, b64('value4')],
    ].sort());
    assert.ok(records.every((r) => r.topic === topic && Number.isInteger(r.partition) && Number.isInteger(r.offset)));

    // testConsumeWithAcceptAllHeader: */* reads a binary instance in the binary type.
    await produceDirect(topic, [{ key: 'key', value: 'value5' }]);
    assert.deepEqual((await consume(path, 1, '*/*', typeOf('binary'))).map((r) => r.value), [b64('value5')]);

    // commitOffsets: POST .../offsets/ without a body commits what was read; 200 and a (empty) list.
    const committed = await api.post(`${path}/offsets/`, '', { 'content-type': V2 });
    assert.equal(committed.status, 200, committed.text);
    assert.equal(committed.headers.get('content-type'), V2);
    assert.deepEqual(committed.body, []);

    // testConsumeTimeout: nothing more to read answers [] after consumer.request.timeout.ms.
    await consumeForTimeout(path, REQUEST_TIMEOUT);

    // deleteConsumer: 204; then consumeForNotFoundError: 40403, in the binary type when no Accept names one.
    const deleted = await api.delete(path);
    assert.equal(deleted.status, 204);
    assertError(await api.get(`${path}/records`), 404, 40403, typeOf('binary'), 'Consumer instance not found.');
    assertError(await api.get(`${path}/records`, { accept: typeOf('json') }), 404, 40403, typeOf('json'));
    assertError(await api.delete(path), 404, 40403, V2);
  });

  it('ConsumerBinaryTest: a bad Kafka consumer config is 42204, a duplicate name 40902; "id" overrides "name"', async () => {
    const group = unique('cv2-cfg-');
    const bad = await api.post(`/consumers/${group}`, { id: 'id', name: 'name', format: 'binary', 'auto.offset.reset': 'bad-config' }, { 'content-type': V2 });
    assertError(bad, 422, 42204, V2, 'Invalid consumer configuration: ');

    const first = await api.post(`/consumers/${group}`, { name: 'taken' }, { 'content-type': V2 });
    assert.equal(first.body.instance_id, 'taken');
    const again = await api.post(`/consumers/${group}`, { name: 'taken' }, { 'content-type': V2 });
    assertError(again, 409, 40902, V2, 'Consumer with specified consumer ID already exists in the specified consumer group.');

    // KafkaConsumerManager.createConsumer: "Explicit ID request always overrides name".
    const both = await api.post(`/consumers/${group}`, { id: 'the-id', name: 'the-name' }, { 'content-type': V2 });
    assert.equal(both.status, 200, both.text);
    assert.equal(both.body.instance_id, 'the-id');
    assert.match(both.body.base_uri, new RegExp(`/consumers/${group}/instances/the-id$`));
    for (const name of ['taken', 'the-id']) assert.equal((await api.delete(`/consumers/${group}/instances/${name}`)).status, 204);
  });

  it('ConsumerJsonTest: JSON values of every kind, null included; two instances of one group read side by side', async () => {
    const group = unique('cv2-json-');
    const path = await startConsume(group, jsonTopic, 'JSON', typeOf('json'));
    const map = { foo: 'bar', bar: null, baz: 53.4, taz: 45 };
    const list = ['foo', null, 53.4, 45];
    const values = ['value', null, 43.2, 999, map, list];
    await produceDirect(jsonTopic, values.map((v) => ({ key: JSON.stringify('key'), value: v === null ? null : JSON.stringify(v) })));
    const records = await consume(path, values.length, typeOf('json'), typeOf('json'));
    assert.equal(records.length, values.length);
    assert.ok(records.every((r) => r.key === 'key'));
    const sortKey = (v: unknown) => JSON.stringify(v);
    assert.deepEqual(records.map((r) => r.value).map(sortKey).sort(), values.map(sortKey).sort());
    // A binary Accept on a JSON instance is the other reader: 40601.
    assertError(await api.get(`${path}/records`, { accept: typeOf('binary') }), 406, 40601, typeOf('binary'),
      'The requested embedded data format does not match the deserializer for this consumer instance');

    // commitOffsets; then testConsumeWithMultipleParallelConsumers: a second member joins (resuming from the
    // committed offsets, so its first read is empty too); reads of both keep answering 200.
    assert.equal((await api.post(`${path}/offsets`, '', { 'content-type': V2 })).status, 200);
    const other = await startConsume(group, jsonTopic, 'json', typeOf('json'));
    const rounds = await Promise.all([path, other].map(async (p) => {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await api.get(`${p}/records?timeout=200`, { accept: typeOf('json') })).status);
      return statuses;
    }));
    assert.deepEqual(rounds, [[200, 200, 200], [200, 200, 200]]);
    for (const p of [path, other]) assert.equal((await api.delete(p)).status, 204);
  });

  it('ConsumersResource.readRecords: timeout and max_bytes are Java longs, <= 0 meaning "not given"', async () => {
    const group = unique('cv2-query-');
    const path = await startConsume(group, topic);
    // KafkaConsumerReadTask: timeout <= 0 takes consumer.request.timeout.ms; a shorter one is honoured.
    for (const query of ['timeout=-1&max_bytes=-1', 'timeout=0&max_bytes=0']) {
      const started = Date.now();
      const res = await api.get(`${path}/records?${query}`, { accept: typeOf('binary') });
      assert.equal(res.status, 200, res.text);
      assert.ok(Date.now() - started >= REQUEST_TIMEOUT, query);
    }
    const started = Date.now();
    assert.equal((await api.get(`${path}/records?timeout=200`, { accept: typeOf('binary') })).status, 200);
    assert.ok(Date.now() - started < REQUEST_TIMEOUT, 'a timeout below the instance\'s own is honoured');
    // A value that is no Java long is refused (400 here; JAX-RS's own conversion failure would be a bare 404).
    for (const query of ['timeout=abc', 'max_bytes=1.5', 'timeout=99999999999999999999']) {
      const res = await api.get(`${path}/records?${query}`, { accept: typeOf('binary') });
      assert.equal(res.status, 400, query);
    }
    assert.equal((await api.delete(path)).status, 204);
  });

  it('ConsumersResource offsets: no body on GET is 40402; committing offset n stores n + 1; only committed partitions listed', async () => {
    const group = unique('cv2-offsets-');
    const path = await startConsume(group, topic);
    assertError(await api.get(`${path}/offsets`), 404, 40402, V2, 'Partition not found.');
    const committed = await api.post(`${path}/offsets`, { offsets: [{ topic, partition: 1, offset: 10 }] }, { 'content-type': V2 });
    assert.equal(committed.status, 200, committed.text);
    const listed = await getWithBody(`${server.url}${path}/offsets`, { partitions: [{ topic, partition: 1 }] });
    assert.deepEqual(listed, { status: 200, body: { offsets: [{ topic, partition: 1, offset: 11, metadata: '' }] } });
    // A partition of a group that never committed there is left out, not listed with -1.
    const fresh = unique('cv2-fresh-');
    const created = await api.post(`/consumers/${fresh}`, { name: 'x' }, { 'content-type': V2 });
    assert.equal(created.status, 200);
    const none = await getWithBody(`${server.url}/consumers/${fresh}/instances/x/offsets`, { partitions: [{ topic, partition: 0 }] });
    assert.deepEqual(none, { status: 200, body: { offsets: [] } });
    for (const p of [path, `/consumers/${fresh}/instances/x`]) assert.equal((await api.delete(p)).status, 204);
  });

  it('ConsumersResource: the @NotNull bodies (subscription, assignments, positions) answer 422 when empty', async () => {
    const group = unique('cv2-empty-');
    const created = await api.post(`/consumers/${group}`, { name: 'e' }, { 'content-type': V2 });
    assert.equal(created.status, 200);
    const path = `/consumers/${group}/instances/e`;
    for (const sub of ['subscription', 'assignments', 'positions', 'positions/beginning', 'positions/end']) {
      const res = await api.post(`${path}/${sub}`, '', { 'content-type': V2 });
      assert.equal(res.status, 422, `${sub}: ${res.text}`);
      assert.equal(res.body.error_code, 422, sub);
    }
    assert.deepEqual((await api.get(`${path}/subscription`)).body, { topics: [] });
    assert.equal((await api.delete(path)).status, 204);
  });

  it('ProducerTest: to a topic (keys, partitions, null values) and to a partition; offsets and the v2 type', async () => {
    const produceTopic = unique('cv2-produce-');
    await createTopic(produceTopic, 3);
    const post = (path: string, body: unknown) => api.post(path, body, { 'content-type': typeOf('binary') });
    const offsets = (res: Answer) => res.body.offsets.map((o: { partition: number; offset: number }) => [o.partition, o.offset]);

    const keyed = await post(`/topics/${produceTopic}`, { records: ['value', 'value2', 'value3', 'value4'].map((v) => ({ key: b64('key'), value: b64(v) })) });
    assert.equal(keyed.status, 200, keyed.text);
    assert.equal(keyed.headers.get('content-type'), V2);
    const keyedPartition = keyed.body.offsets[0].partition;
    assert.deepEqual(offsets(keyed), [0, 1, 2, 3].map((o) => [keyedPartition, o]), 'one key, one partition, offsets in order');
    assert.deepEqual(keyed.body.offsets[0], { partition: keyedPartition, offset: 0, error_code: null, error: null });
    assert.equal(keyed.body.key_schema_id, null);
    assert.equal(keyed.body.value_schema_id, null);

    const other = unique('cv2-produce-');
    await createTopic(other, 3);
    const partitioned = await post(`/topics/${other}`, { records: [0, 1, 1, 2].map((partition, i) => ({ partition, key: b64(`key${i}`), value: b64(`value${i}`) })) });
    assert.deepEqual(offsets(partitioned), [[0, 0], [1, 0], [1, 1], [2, 0]]);

    const nulls = await post(`/topics/${other}/partitions/0`, { records: [1, 2, 3, 4].map((i) => ({ key: b64(`key${i}`), value: null })) });
    assert.deepEqual(offsets(nulls), [[0, 1], [0, 2], [0, 3], [0, 4]]);
    const onlyValues = await post(`/topics/${other}/partitions/2`, { records: ['value', 'value2'].map((v) => ({ value: b64(v) })) });
    assert.deepEqual(offsets(onlyValues), [[2, 1], [2, 2]]);
  });

  it('ProducerTest.testNullPayload: an empty body is 422 for every format, to a topic and to a partition', async () => {
    for (const format of ['avro', 'json', 'binary']) {
      for (const path of [`/topics/${topic}`, `/topics/${encodeURIComponent(`${topic} `)}/partitions/0`]) {
        const res = await api.post(path, '', { 'content-type': typeOf(format) });
        assert.equal(res.status, 422, `${format} ${path}: ${res.text}`);
        assert.equal(res.body.error_code, 422);
      }
    }
  });

  it('MetadataAPITest: topics listed in order, a topic and its partitions; 40401 and 40402', async () => {
    const listed = await api.get('/topics');
    assert.equal(listed.headers.get('content-type'), V2);
    const names: string[] = listed.body;
    assert.deepEqual(names, [...names].sort(), 'the topic list is sorted');
    assert.ok(names.includes(topic) && names.includes(jsonTopic));
    const described = await api.get(`/topics/${topic}`);
    assert.equal(described.body.name, topic);
    assert.equal(described.body.partitions.length, 3);
    assert.equal((await api.get(`/topics/${topic}/partitions/0`)).body.partition, 0);
    assertError(await api.get(`/topics/${unique('cv2-missing-')}`), 404, 40401, V2);
    assertError(await api.get(`/topics/${topic}/partitions/1000`), 404, 40402, V2, 'Partition not found.');
    assert.deepEqual((await api.get('/brokers')).body, { brokers: [1] });
  });
});

describe('Confluent kafka-rest v2: ConsumerTimeoutTest', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  const topic = unique('cv2-timeout-');
  before(async () => {
    await createTopic(topic, 3);
    // consumer.request.timeout.ms 500 and an instance expiry of 1 s (Karapace's consumer_idle_disconnect_timeout).
    server = await startServer({ config: { consumer_request_timeout_ms: 500, consumer_idle_disconnect_timeout: 1 } });
    api = client(server.url);
  });
  after(async () => {
    await server?.stop();
  });

  it('reads that wait out the request timeout keep the instance alive; idle past its timeout it is gone (40403)', async () => {
    const group = unique('cv2-expiry-');
    const created = await api.post(`/consumers/${group}`, { format: 'binary' }, { 'content-type': V2 });
    const path = new URL(created.body.base_uri).pathname;
    assert.equal((await api.post(`${path}/subscription`, { topics: [topic] }, { 'content-type': V2 })).status, 204);
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const res = await api.get(`${path}/records`, { accept: typeOf('binary') });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body, []);
      if (i > 0) assert.ok(Date.now() - started >= 500 && Date.now() - started < 500 + 1051, `${Date.now() - started} ms`);
    }
    await new Promise((r) => setTimeout(r, 1000 + 1100));
    const gone = await api.get(`${path}/records`);
    assert.equal(gone.status, 404);
    assert.equal(gone.headers.get('content-type'), typeOf('binary'));
    assert.equal(gone.body.error_code, 40403);
  });
});
