// Confluent kafka-rest's v3 integration tests (io.confluent.kafkarest.integration.v3.*IntegrationTest), replayed
// against our server and the real broker where they found a difference: the order of lags, the Location of a new
// topic, Jersey's int path parameters, Jackson's scalar coercion of config values, the produce API's refusal of two
// ways to name one schema, and an unknown request charset.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Admin, Producer } from '@platformatic/kafka';
import { call, client, kafkaBootstrap, startServer, type ServerProcess } from '../harness.ts';
import { eventually } from './eventually.ts';

const JSON_TYPE = 'application/json';
const json = { 'content-type': JSON_TYPE };

/** The results of a streaming produce answer, one per record. */
const results = (text: string) => text.split('\r\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, any>);

describe('Confluent kafka-rest v3 integration tests', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  let cid: string;
  let base: string;
  const topic = `cv3-${randomUUID().slice(0, 8)}`;

  before(async () => {
    server = await startServer();
    api = client(server.url);
    cid = (await api.get('/v3/clusters')).body.data[0].cluster_id;
    base = `${server.url}/v3/clusters/${cid}`;
    assert.equal((await api.post(`/v3/clusters/${cid}/topics`, { topic_name: topic, partitions_count: 3 }, json)).status, 201);
  });
  after(() => server.stop());

  it('TopicsResource.createTopic answers 201 with the topic as Location; validate_only 200 without it', async () => {
    const name = `${topic}-new`;
    const dry = await api.post(`/v3/clusters/${cid}/topics`, { topic_name: name, partitions_count: 1, validate_only: true }, json);
    assert.equal(dry.status, 200, dry.text);
    assert.equal(dry.headers.get('location'), null);
    // A config value given as a JSON number is read as its text, as Jackson reads a String field.
    const created = await api.post(`/v3/clusters/${cid}/topics`,
      { topic_name: name, partitions_count: 1, configs: [{ name: 'retention.ms', value: 86400000 }] }, json);
    assert.equal(created.status, 201, created.text);
    assert.equal(created.headers.get('location'), `${base}/topics/${name}`);
    assert.equal(created.body.metadata.self, `${base}/topics/${name}`);
    await eventually(async () => assert.equal((await api.get(`/v3/clusters/${cid}/topics/${name}/configs/retention.ms`)).body.value, '86400000'));
    assert.equal((await api.delete(`/v3/clusters/${cid}/topics/${name}`)).status, 204);
  });

  it('TopicConfigsResource: PUT {"value": <number>} sets its text (Jackson coercion); an object value is 400', async () => {
    const path = `/v3/clusters/${cid}/topics/${topic}/configs/retention.ms`;
    assert.equal((await api.put(path, { value: 3600000 }, json)).status, 204);
    await eventually(async () => assert.equal((await api.get(path)).body.value, '3600000'));
    assert.equal((await api.post(`/v3/clusters/${cid}/topics/${topic}/configs:alter`, { data: [{ name: 'retention.ms', value: 7200000 }] }, json)).status, 204);
    await eventually(async () => assert.equal((await api.get(path)).body.value, '7200000'));
    assert.equal((await api.put(path, { value: { ms: 1 } }, json)).status, 400);
  });

  it('BrokerConfigsResource and SearchReplicasByBrokerAction: a broker id that is no int is a bare 404, before the body', async () => {
    const bare = { error_code: 404, message: 'HTTP 404 Not Found' };
    // updateBrokerConfig_nonExistingBroker_throwsNotFound sends a body without "value".
    const put = await api.put(`/v3/clusters/${cid}/brokers/foobar/configs/compression.type`, { data: { attributes: { value: 'producer' } } }, json);
    assert.deepEqual(put.body, bare);
    assert.deepEqual((await api.get(`/v3/clusters/${cid}/brokers/foobar/configs`)).body, bare);
    assert.deepEqual((await api.get(`/v3/clusters/${cid}/brokers/foobar/configs/max.connections`)).body, bare);
    assert.deepEqual((await api.delete(`/v3/clusters/${cid}/brokers/foobar/configs/compression.type`)).body, bare);
    assert.deepEqual((await api.post(`/v3/clusters/${cid}/brokers/foobar/configs:alter`, { data: 'x' }, json)).body, bare);
    assert.deepEqual((await api.get(`/v3/clusters/${cid}/brokers/foobar/partition-replicas`)).body, bare);
    // A well-formed id of no broker is the manager's message.
    assert.deepEqual((await api.put(`/v3/clusters/${cid}/brokers/7/configs/compression.type`, { value: 'gzip' }, json)).body,
      { error_code: 404, message: 'Broker 7 cannot be found.' });
  });

  it('ConsumerLagsResource lists lags largest first, then by topic and partition', async () => {
    const group = `cv3-lag-${randomUUID().slice(0, 8)}`;
    const bootstrapBrokers = [await kafkaBootstrap()];
    const producer = new Producer({ clientId: 'cv3-producer', bootstrapBrokers });
    // Partition 0 gets 1 record, partition 1 gets 3, partition 2 gets 2.
    await producer.send({ messages: [0, 1, 1, 1, 2, 2].map((partition, i) => ({ topic, partition, value: Buffer.from(String(i)) })) });
    await producer.close();
    const admin = new Admin({ clientId: 'cv3-admin', bootstrapBrokers });
    await admin.alterConsumerGroupOffsets({
      groupId: group, topics: [{ name: topic, partitionOffsets: [0, 1, 2].map((partition) => ({ partition, offset: 0n })) }],
    });
    await admin.close();
    const lags = await api.get(`/v3/clusters/${cid}/consumer-groups/${group}/lags`);
    assert.equal(lags.status, 200, lags.text);
    assert.deepEqual(lags.body.data.map((l: { partition_id: number; lag: number }) => [l.partition_id, l.lag]), [[1, 3], [2, 2], [0, 1]]);
    const summary = (await api.get(`/v3/clusters/${cid}/consumer-groups/${group}/lag-summary`)).body;
    assert.equal(summary.max_lag_partition_id, 1);
    assert.equal(summary.total_lag, 6);
  });

  it('ProduceAction: two ways to name one schema are a 400 record (SchemaManagerImpl.getSchema)', async () => {
    const registered = await api.post(`/subjects/${topic}-key/versions`, { schema: '"string"' });
    assert.equal(registered.status, 200, registered.text);
    const id = registered.body.id as number;
    const body = [
      { key: { schema_id: id, schema_version: 1, data: 'a' } },
      { key: { schema: '"string"', schema_id: id, data: 'a' } },
      { key: { type: 'AVRO', schema: '"string"', schema_version: 1, data: 'a' } },
      // A type goes only with a raw schema: with schema_id, schema_version or the latest it is refused too.
      { key: { type: 'AVRO', schema_id: id, data: 'a' } },
      { key: { type: 'AVRO', schema_version: 1, data: 'a' } },
      { key: { type: 'AVRO', data: 'a' } },
      { key: { schema: '"string"', data: 'a' } },
      { key: { schema_id: id, data: 'fine' } },
      { key: { data: 'latest' } },
      // No schema to find: a missing version is a bad request, a subject without schemas a serialization error.
      { key: { schema_version: 9, data: 'a' } },
      { value: { data: 'a' } },
    ].map((r) => JSON.stringify(r)).join('');
    const answer = await call(server.url, 'POST', `/v3/clusters/${cid}/topics/${topic}/records`, body, json);
    assert.equal(answer.status, 200);
    const answers = results(answer.text);
    assert.deepEqual(answers.map((r) => r.error_code), [400, 400, 400, 400, 400, 400, 400, 200, 200, 400, 422], JSON.stringify(answers, null, 1));
    assert.match(answers[5]!.message, /^Bad Request: Unsupported argument: type AVRO needs a raw schema/);
    assert.deepEqual(answers[8]!.key, { type: 'AVRO', subject: `${topic}-key`, schema_id: id, schema_version: 1, size: 12 });
    assert.equal(answers[9]!.message, `Bad Request: Schema does not exist for subject: ${topic}-key, version: 9`);
    assert.equal(answers[10]!.message, `Error: 42207 : Error serializing message. Error when fetching latest schema version. subject = ${topic}-value\nSubject '${topic}-value' not found.; error code: 40401`);
  });

  it('ProduceBatchRequestEntry: an id is a string of 1 to 80 letters, digits, - or _', async () => {
    const batch = (id: unknown) => call(server.url, 'POST', `/v3/clusters/${cid}/topics/${topic}/records:batch`,
      { entries: [{ id, value: { type: 'STRING', data: 'x' } }] }, json);
    assert.equal((await batch('ok_id-1')).status, 207);
    for (const id of ['has space', 'dot.ted', 1, '']) assert.equal((await batch(id)).status, 400, `id ${JSON.stringify(id)}`);
  });

  it('ProduceActionNoSchemaIntegrationTest: charset ISO-8859-1 is read, an unknown charset answers 400', async () => {
    const body = JSON.stringify({ value: { type: 'STRING', data: 'bar' } });
    const latin = await call(server.url, 'POST', `/v3/clusters/${cid}/topics/${topic}/records`, body, { 'content-type': 'application/json; charset=ISO-8859-1' });
    assert.equal(latin.status, 200);
    assert.equal(results(latin.text)[0]!.error_code, 200);
    const bad = await call(server.url, 'POST', `/v3/clusters/${cid}/topics/${topic}/records`, body, { 'content-type': 'application/json; charset=DEADBEEF' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error_code, 400);
  });
});
