// The REST proxy's v2 metadata API against the real broker: topics, a topic with its configs and partitions,
// partitions, partition offsets and brokers, with Confluent's 40401 / 40402 errors and the v2 media type.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Admin, Producer } from '@platformatic/kafka';
import { client, kafkaBootstrap, startServer, type ServerProcess } from '../harness.ts';

const V2 = 'application/vnd.kafka.v2+json';

describe('REST proxy v2: metadata', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  const topic = `v2meta-${randomUUID().slice(0, 8)}`;
  const get = (path: string) => api.get(path, { accept: V2 });

  before(async () => {
    const bootstrapBrokers = [await kafkaBootstrap()];
    const admin = new Admin({ clientId: 'v2-meta-admin', bootstrapBrokers });
    await admin.createTopics({ topics: [topic], partitions: 2, replicas: 1, configs: [{ name: 'retention.ms', value: '3600000' }] });
    await admin.close();
    const producer = new Producer({ clientId: 'v2-meta-producer', bootstrapBrokers });
    await producer.send({ messages: [1, 2, 3].map((i) => ({ topic, partition: 1, value: Buffer.from(String(i)) })) });
    await producer.close();
    server = await startServer();
    api = client(server.url);
  });
  after(() => server.stop());

  it('lists topics without the internal ones, in the v2 media type', async () => {
    const list = await get('/topics');
    assert.equal(list.status, 200, list.text);
    assert.equal(list.headers.get('content-type'), V2);
    assert.ok(list.body.includes(topic));
    assert.ok(!list.body.includes('__consumer_offsets'));
    assert.deepEqual([...list.body].sort(), list.body);
  });

  it('describes a topic with its configs and partitions', async () => {
    const detail = (await get(`/topics/${topic}`)).body;
    assert.equal(detail.name, topic);
    assert.equal(detail.configs['retention.ms'], '3600000');
    assert.equal(detail.configs['cleanup.policy'], 'delete');
    assert.deepEqual(detail.partitions, [
      { partition: 0, leader: 1, replicas: [{ broker: 1, leader: true, in_sync: true }] },
      { partition: 1, leader: 1, replicas: [{ broker: 1, leader: true, in_sync: true }] },
    ]);
    assert.deepEqual((await get(`/topics/${topic}/partitions`)).body, detail.partitions);
    assert.deepEqual((await get(`/topics/${topic}/partitions/1`)).body, detail.partitions[1]);
    // Internal topics are not listed but can be described by name, as Confluent's describeTopics does.
    assert.equal((await get('/topics/__consumer_offsets')).body.name, '__consumer_offsets');
  });

  it('answers partition offsets and brokers', async () => {
    assert.deepEqual((await get(`/topics/${topic}/partitions/1/offsets`)).body, { beginning_offset: 0, end_offset: 3 });
    assert.deepEqual((await get(`/topics/${topic}/partitions/0/offsets`)).body, { beginning_offset: 0, end_offset: 0 });
    assert.deepEqual((await get('/brokers')).body, { brokers: [1] });
  });

  it('answers 40401 for an unknown topic and 40402 for an unknown partition', async () => {
    const noTopic = { error_code: 40401, message: 'Topic not found.' };
    const noPartition = { error_code: 40402, message: 'Partition not found.' };
    for (const path of ['', '/partitions', '/partitions/0', '/partitions/0/offsets']) {
      const answer = await get(`/topics/nope-${topic}${path}`);
      assert.equal(answer.status, 404);
      assert.deepEqual(answer.body, noTopic, path);
    }
    for (const p of ['2', '-1']) {
      assert.deepEqual((await get(`/topics/${topic}/partitions/${p}`)).body, noPartition, p);
      assert.deepEqual((await get(`/topics/${topic}/partitions/${p}/offsets`)).body, noPartition, p);
    }
    // A partition that is not an integer matches no route in Confluent's proxy: Jersey's bare 404.
    for (const p of ['x', '1.0']) {
      assert.deepEqual((await get(`/topics/${topic}/partitions/${p}`)).body, { error_code: 404, message: 'HTTP 404 Not Found' }, p);
    }
    assert.equal((await api.get('/topics', { accept: 'text/html' })).status, 406);
  });
});
