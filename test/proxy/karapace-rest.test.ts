// Karapace's own REST proxy tests (tests/integration/kafka_rest_apis/test_rest.py, test_rest_consumer.py,
// test_rest_consumer_protobuf.py), replayed against our server with Karapace's request headers and payloads. Where
// Karapace's expectation contradicts Confluent's REST Proxy, the assertion is Confluent's and says so.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Admin } from '@platformatic/kafka';
import { client, getWithBody, kafkaBootstrap, type ServerProcess, startServer } from '../harness.ts';

/** Karapace's tests.utils.REST_HEADERS: the embedded type, then v2, JSON and anything. */
const headers = (format: string) => ({
  'content-type': `application/vnd.kafka.${format}.v2+json`,
  accept: `application/vnd.kafka.${format}.v2+json, application/vnd.kafka.v2+json, application/json, */*`,
});
const REGISTRY = { 'content-type': 'application/vnd.schemaregistry.v1+json' };
const USER = JSON.stringify({
  namespace: 'example.avro', type: 'record', name: 'example.avro.User',
  fields: [{ name: 'name', type: 'string' }, { name: 'favorite_number', type: 'int' }, { name: 'favorite_color', type: 'string' }],
});
const USERS = [{ name: 'First Foo', favorite_number: 2, favorite_color: 'bar' }, { name: 'Second Foo', favorite_number: 3, favorite_color: 'baz' }];
const SCHEMA_1 = JSON.stringify({ type: 'record', name: 'Schema1', fields: [{ name: 'name', type: 'string' }] });
const SCHEMA_2 = JSON.stringify({ type: 'record', name: 'Schema2', fields: [{ name: 'temperature', type: 'int' }] });
const PROTO = 'syntax = "proto3";\n\noption java_package = "com.codingharbour.protobuf";\n\nmessage Message {\n  int32 query = 1;\n  Enum speed = 2;\n}\nenum Enum {\n  HIGH = 0;\n  MIDDLE = 1;\n  LOW = 2;\n}\n';
const CONSUMER = { 'auto.offset.reset': 'earliest', 'consumer.request.timeout.ms': 11000, 'fetch.min.bytes': 100000, 'auto.commit.enable': 'true' };

const unique = (prefix: string) => `${prefix}${randomUUID().slice(0, 8)}`;
async function createTopics(names: string[]): Promise<void> {
  const admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [await kafkaBootstrap()] });
  await admin.createTopics({ topics: names, partitions: 1, replicas: 1 });
  await admin.close();
}

describe('Karapace REST tests: produce and metadata', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  const topic = unique('krest-');
  before(async () => {
    await createTopics([topic, `${topic}-strategy`, `${topic}-proto`]);
    server = await startServer();
    api = client(server.url);
  });
  after(() => server.stop());
  const produce = (path: string, format: string, body: unknown) => api.post(path, body, headers(format));

  it('test_content_types: v2 and generic request types produce, others 415; Accept on /brokers', async () => {
    const binary = { records: [{ value: 'Zm9v' }] };
    for (const type of ['application/vnd.kafka.binary.v2+json', 'application/vnd.kafka+json', 'application/json', 'application/octet-stream']) {
      const res = await api.post(`/topics/${topic}`, binary, { 'content-type': type });
      assert.equal(res.status, 200, `${type}: ${res.text}`);
    }
    // Karapace also takes the v1 types and application/vnd.kafka.json+json; Confluent's v2-only proxy does not.
    for (const type of ['application/vnd.kafka.v1+json', 'application/vnd.kafka.binary.v1+json', 'application/vnd.kafka.v3+json',
      'application/vnd.kafka.binary.v1+foo', 'application/vnd.kafka', 'application/vnd.kafka+binary', 'application/text', 'bar/baz']) {
      assert.equal((await api.post(`/topics/${topic}`, binary, { 'content-type': type })).status, 415, type);
    }
    for (const accept of ['application/vnd.kafka.v2+json', 'application/vnd.kafka+json', 'application/json', 'application/*', '*/*']) {
      assert.equal((await api.get('/brokers', { accept })).status, 200, accept);
    }
    for (const accept of ['application/octet-stream', 'application/vnd.kafka+foo', 'application/text', 'foo/*', 'bar/json']) {
      assert.equal((await api.get('/brokers', { accept })).status, 406, accept);
    }
  });

  it('test_avro_publish: a raw schema, a schema id (also as a string) and the errors of an unknown id', async () => {
    for (const url of [`/topics/${topic}`, `/topics/${topic}/partitions/0`]) {
      for (const side of ['key', 'value']) {
        const raw = await produce(url, 'avro', { [`${side}_schema`]: USER, records: USERS.map((u) => ({ [side]: u })) });
        assert.equal(raw.status, 200, raw.text);
        const id = raw.body[`${side}_schema_id`];
        assert.deepEqual(raw.body.offsets.map((o: { partition: number }) => o.partition), [0, 0]);
        // Jackson coerces "3" to the Integer 3: Karapace's test_publish_with_incompatible_data sends the id as a string.
        const byId = await produce(url, 'avro', { [`${side}_schema_id`]: String(id), records: USERS.map((u) => ({ [side]: u })) });
        assert.equal(byId.status, 200, byId.text);
        // Confluent's SchemaManager: 422 / 42207 (Karapace: 422 before, 408 in older releases).
        const unknown = await produce(url, 'avro', { [`${side}_schema_id`]: 987654, records: [{ [side]: USERS[0] }] });
        assert.deepEqual(unknown.body, {
          error_code: 42207, message: 'Error serializing message. Error when fetching schema by id. schemaId = 987654\nSchema 987654 not found; error code: 40403',
        });
      }
    }
  });

  it('test_avro_publish_primitive_schema', async () => {
    for (const schema of ['"string"', '{"type":"string"}']) {
      const res = await produce(`/topics/${topic}-strategy`, 'avro', { key_schema: schema, records: [{ key: 'foobar' }] });
      assert.equal(res.status, 200, res.text);
    }
  });

  it('test_publish_with_schema_id_of_another_subject: 42207 (Karapace: 42205), and the errors of registering', async () => {
    const subject = `${topic}-strategy-value`;
    const id1 = (await api.post(`/subjects/${subject}/versions`, { schema: SCHEMA_1 }, REGISTRY)).body.id;
    const id2 = (await api.post(`/subjects/other-${topic}-value/versions`, { schema: SCHEMA_2 }, REGISTRY)).body.id;
    const other = await produce(`/topics/${topic}-strategy`, 'avro', { value_schema_id: id2, records: [{ value: { temperature: 25 } }] });
    assert.equal(other.status, 422, other.text);
    assert.equal(other.body.error_code, 42207);
    assert.equal(other.body.message, `Error serializing message. Error when fetching schema version. subject = ${subject}, schema = ${SCHEMA_2}\nSchema not found; error code: 40403`);
    const noSubject = await produce(`/topics/${topic}-proto`, 'avro', { key_schema_id: id1, records: [{ key: { name: 'a' } }] });
    assert.match(noSubject.body.message, new RegExp(`subject = ${topic}-proto-key, .*\\nSubject '${topic}-proto-key' not found\\.; error code: 40401$`));
    assert.equal((await produce(`/topics/${topic}-strategy`, 'avro', { value_schema_id: id1, records: [{ value: { name: 'Mr. Mustache' } }] })).status, 200);
    // Data that does not fit: Confluent's 42203 (Karapace: 42205 "Object does not fit to stored schema").
    const misfit = await produce(`/topics/${topic}-strategy`, 'avro', { value_schema_id: id1, records: [{ value: { temperature: 25 } }] });
    assert.equal(misfit.body.error_code, 42203, misfit.text);
    assert.match(misfit.body.message, /^Conversion of JSON to Object failed: /);
    // test_publish_with_incompatible_schema: Confluent's 42207 (Karapace: 408 / 40801 "Error when registering schema").
    const incompatible = await produce(`/topics/${topic}-strategy`, 'avro', { value_schema: SCHEMA_2, records: [{ value: { temperature: 25 } }] });
    assert.equal(incompatible.status, 422, incompatible.text);
    assert.equal(incompatible.body.error_code, 42207);
    assert.ok(incompatible.body.message.startsWith(`Error serializing message. Error when registering schema. format = AVRO, subject = ${subject}, schema = ${SCHEMA_2}\n`));
    assert.ok(incompatible.body.message.endsWith('; error code: 409'), incompatible.body.message);
    const invalid = await produce(`/topics/${topic}-strategy`, 'avro', { value_schema: 'foobar', records: [{ value: 1 }] });
    assert.deepEqual(invalid.body, { error_code: 42205, message: 'Invalid schema: Error when parsing raw schema. format = AVRO, schema = foobar' });
  });

  it('test_publish_malformed_requests: Confluent\'s 422s for constraints and 400s for wrong JSON types', async () => {
    for (const url of [`/topics/${topic}`, `/topics/${topic}/partitions/0`]) {
      for (const body of [{ records: [] }, { foo: 'bar' }]) assert.equal((await produce(url, 'json', body)).body.error_code, 42206);
      // Unknown record fields are ignored, as Jackson does in Confluent (Karapace answers 422): a record with no value.
      assert.equal((await produce(url, 'json', { records: [{ valur: { foo: 'bar' } }] })).status, 200);
      assert.equal((await produce(url, 'avro', { records: [{ value: { foo: 'bar' } }] })).body.error_code, 42202);
      assert.equal((await produce(url, 'avro', { records: [{ key: { foo: 'bar' } }] })).body.error_code, 42201);
      assert.equal((await produce(url, 'avro', { records: [{ value: 'YmFzZTY0' }] })).status, 422);
      for (const body of [{ records: 'should be an array' }, { records: ['object with value'] }, { records: [{ value: { a: 1 } }] }]) {
        const res = await produce(url, 'binary', body);
        assert.equal(res.status, 400, `${JSON.stringify(body)}: ${res.text}`);
        assert.equal(res.body.error_code, 400);
      }
    }
  });

  it('test_publish_to_nonexisting_topic and test_partitions: 40401, 40402, and 404 for a partition that is no int', async () => {
    for (const url of ['/topics/nope-krest', '/topics/nope-krest/partitions/0']) {
      assert.equal((await produce(url, 'avro', { value_schema: USER, records: [{ value: USERS[0] }] })).body.error_code, 40401);
    }
    assert.equal((await api.get('/topics/nope-krest')).body.error_code, 40401, 'Confluent\'s 40401 (Karapace: 40403)');
    assert.equal((await api.get('/topics/nope-krest/partitions')).body.error_code, 40401);
    assert.equal((await api.get('/topics/nope-krest/partitions/0')).body.error_code, 40401);
    assert.equal((await api.get(`/topics/${topic}/partitions/10`)).body.error_code, 40402);
    assert.equal((await api.get('/topics/nope-krest/partitions/0/offsets')).body.error_code, 40401);
    for (const path of [`/topics/${topic}/partitions/foo/offsets`, `/topics/${topic}/partitions/foo`, '/topics/nope-krest/partitions/99999999999']) {
      assert.deepEqual((await api.get(path)).body, { error_code: 404, message: 'HTTP 404 Not Found' }, path);
    }
    assert.deepEqual((await produce(`/topics/${topic}/partitions/x`, 'binary', { records: [{ value: 'AA==' }] })).body.error_code, 404);
    const partitions = (await api.get(`/topics/${topic}/partitions`)).body;
    assert.deepEqual((await api.get(`/topics/${topic}/partitions/0`)).body, partitions[0]);
    assert.deepEqual(partitions[0].replicas, [{ broker: 1, leader: true, in_sync: true }]);
  });

  it('test_publish_protobuf_with_references; a Protobuf schema id under the Avro type is refused', async () => {
    const reference = `reference-${topic}`;
    await api.post(`/subjects/${reference}/versions`, { schemaType: 'PROTOBUF', schema: 'syntax = "proto3";\nmessage Reference {\n  string name = 1;\n}\n' }, REGISTRY);
    const registered = await api.post(`/subjects/${topic}-proto-value/versions`, {
      schemaType: 'PROTOBUF', schema: 'syntax = "proto3";\nimport "Reference.proto";\nmessage Example {\n  Reference example = 1;\n}\n',
      references: [{ name: 'Reference.proto', subject: reference, version: 1 }],
    }, REGISTRY);
    const body = { value_schema_id: registered.body.id, records: [{ value: { example: { name: 'myname' } } }] };
    assert.equal((await produce(`/topics/${topic}-proto`, 'protobuf', body)).status, 200);
    // Karapace encodes it anyway; Confluent's Avro serializer cannot take a Protobuf schema.
    const mismatch = await produce(`/topics/${topic}-proto`, 'avro', body);
    assert.deepEqual(mismatch.body, { error_code: 42205, message: `Invalid schema: schema ${registered.body.id} is a PROTOBUF schema, not AVRO` });
  });
});

describe('Karapace REST tests: consumers', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  const topic = unique('krestc-');
  const pattern = unique('krestp');
  before(async () => {
    await createTopics([topic, `${topic}-avro`, `${topic}-proto`, `${topic}-json`, `${pattern}0`, `${pattern}1`]);
    server = await startServer();
    api = client(server.url);
  });
  after(() => server.stop());
  const create = async (group: string, format: string, extra: Record<string, unknown> = {}) => {
    const res = await api.post(`/consumers/${group}`, { ...CONSUMER, format, ...extra }, headers(format));
    assert.equal(res.status, 200, res.text);
    return res.body.instance_id as string;
  };

  it('test_create_and_delete, with and without a trailing slash', async () => {
    for (const trail of ['', '/']) {
      const group = unique('g');
      const created = await api.post(`/consumers/${group}${trail}`, { ...CONSUMER, format: 'avro' }, headers('json'));
      assert.equal(created.status, 200, created.text);
      const name = created.body.instance_id;
      assert.ok(created.body.base_uri.endsWith(`/consumers/${group}/instances/${name}`));
      assert.equal((await api.post(`/consumers/${group}${trail}`, { ...CONSUMER, name }, headers('json'))).body.error_code, 40902);
      assert.equal((await api.post(`/consumers/${group}${trail}`, { ...CONSUMER, 'fetch.min.bytes': -10 }, headers('json'))).body.error_code, 42204);
      assert.equal((await api.delete(`/consumers/${group}/instances/${name}${trail}`, headers('json'))).status, 204);
      assert.equal((await api.post(`/consumers/${group}${trail}`, { ...CONSUMER, name }, headers('json'))).status, 200);
      assert.equal((await api.delete(`/consumers/${group}/instances/random_name${trail}`)).body.error_code, 40403);
      await api.delete(`/consumers/${group}/instances/${name}`);
    }
  });

  it('test_subscription: topics, a pattern, the conflicts; records read with Karapace\'s Accept list', async () => {
    const group = unique('g');
    const name = await create(group, 'binary');
    const base = `/consumers/${group}/instances/${name}`;
    assert.deepEqual((await api.get(`${base}/subscription`, headers('binary'))).body, { topics: [] });
    assert.equal((await api.post(`${base}/subscription`, { topics: [topic] }, headers('binary'))).status, 204);
    assert.deepEqual((await api.get(`${base}/subscription`, headers('binary'))).body, { topics: [topic] });
    await api.post(`/topics/${topic}`, { records: [{ value: 'Zm9v' }, { value: 'Zm9v' }, { value: 'Zm9v' }] }, headers('binary'));
    // The embedded type listed first wins over application/vnd.kafka.v2+json (qs 0.9 in Confluent's Versions).
    const read = await api.get(`${base}/records?timeout=5000`, headers('binary'));
    assert.equal(read.status, 200, read.text);
    assert.equal(read.headers.get('content-type'), 'application/vnd.kafka.binary.v2+json');
    assert.deepEqual(read.body.map((r: { value: string }) => r.value), ['Zm9v', 'Zm9v', 'Zm9v']);
    assert.equal((await api.delete(`${base}/subscription`, headers('binary'))).status, 204);
    assert.deepEqual((await api.get(`${base}/subscription`, headers('binary'))).body, { topics: [] });
    assert.equal((await api.post(`${base}/subscription`, { topic_pattern: `${pattern}.*` }, headers('json'))).status, 204);
    assert.equal((await api.get(`${base}/records?timeout=1000`, headers('binary'))).status, 200);
    assert.deepEqual((await api.get(`${base}/subscription`, headers('binary'))).body, { topics: [`${pattern}0`, `${pattern}1`] });
    const both = await api.post(`${base}/subscription`, { topics: [topic], topic_pattern: 'baz' }, headers('json'));
    assert.equal(both.status, 409);
    assert.equal(both.body.error_code, 40903);
    assert.equal((await api.post(`${base}/assignments`, { partitions: [{ topic, partition: 0 }] }, headers('json'))).status, 409);
    // Wrong JSON types: Confluent's 400 (Karapace: 422).
    assert.equal((await api.post(`${base}/subscription`, { topics: topic }, headers('json'))).status, 400);
    assert.equal((await api.post(`${base}/subscription`, { topic_pattern: ['not', 'a', 'string'] }, headers('json'))).status, 400);
    await api.delete(base);
  });

  it('test_assignment, test_seek, test_offsets', async () => {
    const group = unique('g');
    const name = await create(group, 'binary');
    const base = `/consumers/${group}/instances/${name}`;
    assert.deepEqual((await api.get(`${base}/assignments`, headers('json'))).body, { partitions: [] });
    assert.equal((await api.post(`${base}/assignments`, { partitions: [{ topic, partition: 0 }] }, headers('json'))).status, 204);
    assert.deepEqual((await api.get(`${base}/assignments`, headers('json'))).body, { partitions: [{ topic, partition: 0 }] });
    assert.equal((await api.post(`${base}/positions`, { offsets: [{ topic, partition: 0, offset: 10 }] }, headers('json'))).status, 204);
    for (const where of ['beginning', 'end']) {
      assert.equal((await api.post(`${base}/positions/${where}`, { partitions: [{ topic, partition: 0 }] }, headers('json'))).status, 204);
    }
    const unassigned = await api.post(`${base}/positions`, { offsets: [{ topic: 'faulty', partition: 0, offset: 10 }] }, headers('json'));
    assert.equal(unassigned.status, 409);
    for (const [offset, committed] of [[0, 1], [1, 2]]) {
      assert.equal((await api.post(`${base}/offsets`, { offsets: [{ topic, partition: 0, offset }] }, headers('binary'))).status, 200);
      const got = await getWithBody(`${server.url}${base}/offsets`, { partitions: [{ topic, partition: 0 }] }, headers('binary'));
      assert.deepEqual(got.body, { offsets: [{ topic, partition: 0, offset: committed, metadata: '' }] });
    }
    await api.delete(base);
  });

  it('test_consume: binary and json after assign and seek; Accept picks the reader as Confluent\'s Jersey does', async () => {
    const values = [0, 1, 2].map((i) => JSON.stringify({ foo: `bar${i}` }));
    await api.post(`/topics/${topic}-json`, { records: values.map((v) => ({ value: Buffer.from(v).toString('base64') })) }, headers('binary'));
    for (const format of ['binary', 'json']) {
      const group = unique('g');
      const name = await create(group, format);
      const base = `/consumers/${group}/instances/${name}`;
      await api.post(`${base}/assignments`, { partitions: [{ topic: `${topic}-json`, partition: 0 }] }, headers(format));
      await api.post(`${base}/positions/beginning`, { partitions: [{ topic: `${topic}-json`, partition: 0 }] }, headers(format));
      const res = await api.get(`${base}/records?timeout=5000`, { accept: `application/vnd.kafka.${format}.v2+json` });
      assert.equal(res.status, 200, res.text);
      const got = res.body.map((r: { value: unknown }) => (format === 'binary' ? Buffer.from(r.value as string, 'base64').toString() : JSON.stringify(r.value)));
      assert.deepEqual(got, values);
      // Confluent's v2 records carry topic, key, value, partition and offset (Karapace adds timestamp and headers).
      assert.deepEqual(Object.keys(res.body[0]).sort(), ['key', 'offset', 'partition', 'topic', 'value']);
      await api.delete(base);
    }
    const group = unique('g');
    const base = `/consumers/${group}/instances/${await create(group, 'avro')}`;
    await api.post(`${base}/assignments`, { partitions: [{ topic: `${topic}-json`, partition: 0 }] }, headers('avro'));
    // application/vnd.kafka.v2+json is the binary reader's type: not this avro instance's (40601); JSON is no reader's.
    assert.equal((await api.get(`${base}/records?timeout=100`, { accept: 'application/vnd.kafka.v2+json' })).body.error_code, 40601);
    assert.equal((await api.get(`${base}/records?timeout=100`, { accept: 'application/vnd.kafka.json.v2+json, */*' })).body.error_code, 40601);
    assert.equal((await api.get(`${base}/records?timeout=100`, { accept: 'application/json' })).status, 406);
    await api.delete(base);
  });

  it('test_publish_consume_avro and test_publish_consume_protobuf', async () => {
    const cases = [
      { format: 'avro', topic: `${topic}-avro`, schema: USER, values: USERS },
      { format: 'protobuf', topic: `${topic}-proto`, schema: PROTO, values: [{ query: 5, speed: 'HIGH' }, { query: 10, speed: 'MIDDLE' }] },
    ];
    for (const c of cases) {
      const group = unique('g');
      const base = `/consumers/${group}/instances/${await create(group, c.format)}`;
      assert.equal((await api.post(`${base}/assignments`, { partitions: [{ topic: c.topic, partition: 0 }] }, headers(c.format))).status, 204);
      const produced = await api.post(`/topics/${c.topic}`, { value_schema: c.schema, records: c.values.map((value) => ({ value })) }, headers(c.format));
      assert.equal(produced.status, 200, produced.text);
      const res = await api.get(`${base}/records?timeout=5000`, headers(c.format));
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body.map((r: { value: unknown }) => r.value), c.values);
      await api.delete(base);
    }
  });

  it('test_consume_with_small_max_bytes: at least one record, not many', async () => {
    const group = unique('g');
    const base = `/consumers/${group}/instances/${await create(group, 'binary')}`;
    await api.post(`${base}/assignments`, { partitions: [{ topic, partition: 0 }] }, headers('binary'));
    await api.post(`${base}/positions/beginning`, { partitions: [{ topic, partition: 0 }] }, headers('binary'));
    const res = await api.get(`${base}/records?timeout=5000&max_bytes=4`, headers('binary'));
    assert.equal(res.status, 200, res.text);
    assert.ok(res.body.length >= 1 && res.body.length <= 2, res.text);
    await api.delete(base);
  });
});

describe('Karapace REST tests: name_strategy_validation off, failed records', () => {
  let server: ServerProcess;
  const topic = unique('krestn-');
  before(async () => {
    await createTopics([topic]);
    server = await startServer({ config: { name_strategy_validation: false, producer_max_request_size: 300 } });
  });
  after(() => server.stop());

  it('test_publish_with_schema_id_of_another_subject_novalidation; a failed record has no partition', async () => {
    const api = client(server.url);
    const id = (await api.post(`/subjects/elsewhere-${topic}/versions`, { schema: SCHEMA_2 }, REGISTRY)).body.id;
    const res = await api.post(`/topics/${topic}`, { value_schema_id: id, records: [{ value: { temperature: 25 } }] }, headers('avro'));
    assert.equal(res.status, 200, res.text);
    const big = await api.post(`/topics/${topic}`, { records: [{ value: Buffer.alloc(400, 1).toString('base64') }] }, headers('binary'));
    assert.equal(big.status, 200, big.text);
    // Confluent: new PartitionOffset(null, null, errorCode, message) for a record the producer refused.
    assert.equal(big.body.offsets[0].partition, null);
    assert.equal(big.body.offsets[0].offset, null);
    assert.equal(big.body.offsets[0].error_code, 50002);
  });
});
