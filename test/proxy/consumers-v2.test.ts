// REST proxy v2 consumer instances against the real broker: records produced through the proxy consumed in binary,
// json and avro, offsets committed to the group, and Confluent's errors.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Admin } from '@platformatic/kafka';
import { client, getWithBody, kafkaBootstrap, type ServerProcess, startServer } from '../harness.ts';

const V2 = 'application/vnd.kafka.v2+json';
const type = (format: string) => `application/vnd.kafka.${format}.v2+json`;

describe('REST proxy v2: consumers', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  const topic = `consume-${randomUUID().slice(0, 8)}`;
  const group = `g-${randomUUID().slice(0, 8)}`;

  before(async () => {
    const admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [await kafkaBootstrap()] });
    await admin.createTopics({ topics: [topic, `${topic}-avro`, `${topic}-json`], partitions: 1, replicas: 1 });
    await admin.close();
    server = await startServer();
    api = client(server.url);
  });
  after(() => server.stop());

  const create = (body: Record<string, unknown>, g = group) => api.post(`/consumers/${g}`, body, { 'content-type': V2 });
  const base = (name: string, g = group) => `/consumers/${g}/instances/${name}`;
  async function poll(path: string, format: string, count: number): Promise<any[]> {
    const out: any[] = [];
    const deadline = Date.now() + 30_000;
    while (out.length < count && Date.now() < deadline) {
      const res = await api.get(`${path}/records?timeout=1000`, { accept: type(format) });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.headers.get('content-type'), type(format));
      out.push(...res.body);
    }
    return out;
  }

  it('creates an instance, subscribes, and consumes binary records, committing offsets', async () => {
    const created = await create({ name: 'bin', format: 'binary', 'auto.offset.reset': 'earliest', 'auto.commit.enable': 'false' });
    assert.equal(created.status, 200, created.text);
    assert.equal(created.body.instance_id, 'bin');
    assert.match(created.body.base_uri, new RegExp(`^http://127\\.0\\.0\\.1:\\d+/consumers/${group}/instances/bin$`));
    assert.equal((await create({ name: 'bin' })).body.error_code, 40902);
    assert.equal((await api.post(`${base('bin')}/subscription`, { topics: [topic] }, { 'content-type': V2 })).status, 204);
    assert.deepEqual((await api.get(`${base('bin')}/subscription`)).body, { topics: [topic] });
    const produced = await api.post(`/topics/${topic}`, { records: [{ key: 'a2V5', value: 'djE=' }, { value: 'djI=' }] }, { 'content-type': type('binary') });
    assert.equal(produced.status, 200, produced.text);
    const records = await poll(base('bin'), 'binary', 2);
    assert.deepEqual(records.map((r) => [r.topic, r.key, r.value, r.partition, r.offset]), [[topic, 'a2V5', 'djE=', 0, 0], [topic, null, 'djI=', 0, 1]]);
    assert.deepEqual((await api.get(`${base('bin')}/assignments`)).body, { partitions: [{ topic, partition: 0 }] });

    const commitAll = await api.post(`${base('bin')}/offsets`, {}, { 'content-type': V2 });
    assert.equal(commitAll.status, 200);
    assert.deepEqual(commitAll.body, []);
    const committed = await getWithBody(server.url + `${base('bin')}/offsets`, { partitions: [{ topic, partition: 0 }] });
    assert.deepEqual(committed.body, { offsets: [{ topic, partition: 0, offset: 2, metadata: '' }] });
    // Confluent commits the offset of the last record read plus one (KafkaConsumerState.commitOffsets).
    assert.equal((await api.post(`${base('bin')}/offsets`, { offsets: [{ topic, partition: 0, offset: 0 }] }, { 'content-type': V2 })).status, 200);
    assert.equal((await getWithBody(server.url + `${base('bin')}/offsets`, { partitions: [{ topic, partition: 0 }] })).body.offsets[0].offset, 1);

    assert.equal((await api.get(`${base('bin')}/records`, { accept: type('json') })).body.error_code, 40601);
    assert.equal((await api.delete(`${base('bin')}/subscription`)).status, 204);
    assert.equal((await api.get(`${base('bin')}/records`, { accept: type('binary') })).body.error_code, 40903);
    assert.equal((await api.delete(base('bin'))).status, 204);
    assert.equal((await api.get(`${base('bin')}/records`, { accept: type('binary') })).body.error_code, 40403);
    assert.equal((await api.delete(base('bin'))).body.error_code, 40403);
  });

  it('consumes json and avro records decoded through the registry', async () => {
    const g = `${group}-2`;
    await create({ name: 'j', format: 'json', 'auto.offset.reset': 'earliest' }, g);
    await create({ name: 'a', format: 'avro', 'auto.offset.reset': 'earliest' }, `${g}-avro`);
    await api.post(`${base('j', g)}/subscription`, { topics: [`${topic}-json`] }, { 'content-type': V2 });
    await api.post(`${base('a', `${g}-avro`)}/subscription`, { topic_pattern: `${topic}-av.*` }, { 'content-type': V2 });
    const avroTopic = `${topic}-avro`;
    const schema = JSON.stringify({ type: 'record', name: 'P', fields: [{ name: 'n', type: 'long' }] });
    const produced = await api.post(`/topics/${avroTopic}`, { value_schema: schema, records: [{ value: { n: 7 } }, { value: { n: 8 } }] }, { 'content-type': type('avro') });
    assert.equal(produced.status, 200, produced.text);
    const avro = await poll(base('a', `${g}-avro`), 'avro', 2);
    assert.deepEqual(avro.map((r) => r.value), [{ n: 7 }, { n: 8 }]);
    assert.deepEqual((await api.get(`${base('a', `${g}-avro`)}/subscription`)).body, { topics: [avroTopic] });
    await api.post(`/topics/${topic}-json`, { records: [{ key: 'k', value: { j: true } }] }, { 'content-type': type('json') });
    const json = await poll(base('j', g), 'json', 1);
    assert.deepEqual(json.map((r) => [r.key, r.value]), [['k', { j: true }]]);
    // A record that is not JSON cannot be read by a json instance: 40801.
    await api.post(`/topics/${topic}-json`, { records: [{ value: 'bm90IGpzb24=' }] }, { 'content-type': type('binary') });
    const deadline = Date.now() + 20_000;
    let failure: any;
    while (!failure && Date.now() < deadline) {
      const res = await api.get(`${base('j', g)}/records?timeout=1000`, { accept: type('json') });
      if (res.status !== 200) failure = res;
    }
    assert.equal(failure?.body.error_code, 40801);
    await api.delete(base('j', g));
    await api.delete(base('a', `${g}-avro`));
  });

  it('rejects invalid instance configurations with 42204', async () => {
    assert.equal((await create({ format: 'xml' })).body.error_code, 42204);
    assert.equal((await create({ 'auto.offset.reset': 'middle' })).body.error_code, 42204);
    const unnamed = await create({});
    assert.match(unnamed.body.instance_id, /^rest-consumer-/);
    assert.equal((await api.post(`${base(unnamed.body.instance_id)}/subscription`, { topics: [topic], topic_pattern: 'x' }, { 'content-type': V2 })).body.error_code, 40903);
    await api.delete(base(unnamed.body.instance_id));
  });
});
