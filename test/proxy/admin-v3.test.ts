// The REST proxy's v3 control plane against the real broker: clusters, brokers, topics, partitions, replicas,
// reassignments, configs, consumer groups and lags, ACLs, with Confluent's shapes and errors.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Admin, Consumer, MessagesStreamModes, Producer, type MessagesStream } from '@platformatic/kafka';
import { call, client, kafkaBootstrap, startServer, type ServerProcess } from '../harness.ts';

const JSON_TYPE = 'application/json';

/** Retries an assertion for a few seconds: dynamic broker configs reach the brokers through the metadata log. */
async function eventually(check: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
const V2 = 'application/vnd.kafka.v2+json';

describe('REST proxy v3: clusters, brokers, topics, partitions', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  let cid: string;
  let base: string;
  const topic = `v3-${randomUUID().slice(0, 8)}`;
  const post = (path: string, body: unknown) => api.post(path, body, { 'content-type': JSON_TYPE });
  const patch = (path: string, body: unknown) => call(server.url, 'PATCH', path, body, { 'content-type': JSON_TYPE });

  before(async () => {
    server = await startServer({ config: { advertised_hostname: 'proxy.example', advertised_port: 8082 } });
    api = client(server.url);
    const clusters = await api.get('/v3/clusters');
    assert.equal(clusters.status, 200, clusters.text);
    cid = clusters.body.data[0].cluster_id;
    base = `http://proxy.example:8082/v3/clusters/${cid}`;
  });
  after(() => server.stop());

  it('lists the one cluster and gets it, with links on the advertised listener', async () => {
    const list = await api.get('/v3/clusters');
    assert.equal(list.headers.get('content-type'), JSON_TYPE);
    assert.equal(list.body.kind, 'KafkaClusterList');
    assert.deepEqual(list.body.metadata, { self: 'http://proxy.example:8082/v3/clusters', next: null });
    assert.equal(list.body.data.length, 1);
    const one = await api.get(`/v3/clusters/${cid}`);
    assert.equal(one.status, 200);
    assert.deepEqual(one.body, {
      kind: 'KafkaCluster',
      metadata: { self: base, resource_name: `crn:///kafka=${cid}` },
      cluster_id: cid,
      controller: { related: `${base}/brokers/1` },
      acls: { related: `${base}/acls` },
      brokers: { related: `${base}/brokers` },
      broker_configs: { related: `${base}/broker-configs` },
      consumer_groups: { related: `${base}/consumer-groups` },
      topics: { related: `${base}/topics` },
      partition_reassignments: { related: `${base}/topics/-/partitions/-/reassignment` },
    });
    assert.deepEqual(list.body.data[0], one.body);
    assert.deepEqual((await api.get('/v3/clusters/nope')).body, { error_code: 404, message: 'Cluster nope cannot be found.' });
    assert.equal((await api.get('/v3/clusters/nope/topics')).status, 404);
    assert.equal((await api.get('/v3/clusters', { accept: 'application/vnd.kafka.v2+json' })).status, 406);
  });

  it('lists and gets brokers and the replicas a broker holds', async () => {
    const list = await api.get(`/v3/clusters/${cid}/brokers`);
    assert.equal(list.body.kind, 'KafkaBrokerList');
    assert.equal(list.body.data.length, 1);
    const broker = (await api.get(`/v3/clusters/${cid}/brokers/1`)).body;
    assert.equal(broker.kind, 'KafkaBroker');
    assert.equal(broker.broker_id, 1);
    assert.equal(broker.host, '127.0.0.1');
    assert.equal(typeof broker.port, 'number');
    assert.equal(broker.rack, null);
    assert.deepEqual(broker.metadata, { self: `${base}/brokers/1`, resource_name: `crn:///kafka=${cid}/broker=1` });
    assert.deepEqual(broker.configs, { related: `${base}/brokers/1/configs` });
    assert.deepEqual(broker.partition_replicas, { related: `${base}/brokers/1/partition-replicas` });
    assert.deepEqual((await api.get(`/v3/clusters/${cid}/brokers/9`)).body, { error_code: 404, message: 'HTTP 404 Not Found' });
    assert.equal((await api.get(`/v3/clusters/${cid}/brokers/x`)).status, 404);
    assert.deepEqual((await api.get(`/v3/clusters/${cid}/brokers/9/partition-replicas`)).body,
      { error_code: 404, message: 'Broker 9 cannot be found.' });
  });

  it('creates a topic (201), sees it in v2 and v3, and refuses a second create with 40002', async () => {
    const created = await post(`/v3/clusters/${cid}/topics`, {
      topic_name: topic, partitions_count: 3, replication_factor: 1, configs: [{ name: 'cleanup.policy', value: 'compact' }],
    });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(created.body, {
      kind: 'KafkaTopic',
      metadata: { self: `${base}/topics/${topic}`, resource_name: `crn:///kafka=${cid}/topic=${topic}` },
      cluster_id: cid, topic_name: topic, is_internal: false, replication_factor: 1, partitions_count: 3,
      partitions: { related: `${base}/topics/${topic}/partitions` },
      configs: { related: `${base}/topics/${topic}/configs` },
      partition_reassignments: { related: `${base}/topics/${topic}/partitions/-/reassignment` },
      authorized_operations: [],
    });
    const again = await post(`/v3/clusters/${cid}/topics`, { topic_name: topic, partitions_count: 1 });
    assert.equal(again.status, 400);
    assert.deepEqual(again.body, { error_code: 40002, message: `Topic '${topic}' already exists.` });
    assert.ok((await api.get('/topics', { accept: V2 })).body.includes(topic));
    assert.equal((await api.get(`/topics/${topic}`, { accept: V2 })).body.configs['cleanup.policy'], 'compact');
    const got = await api.get(`/v3/clusters/${cid}/topics/${topic}`);
    assert.deepEqual(got.body, created.body);
    const list = await api.get(`/v3/clusters/${cid}/topics`);
    assert.equal(list.body.kind, 'KafkaTopicList');
    assert.deepEqual(list.body.metadata, { self: `${base}/topics`, next: null });
    assert.deepEqual(list.body.data.find((t: { topic_name: string }) => t.topic_name === topic), created.body);
    // Internal topics are left out of the list, as Java's listTopics() does, but can be read by name.
    assert.ok(!list.body.data.some((t: { is_internal: boolean }) => t.is_internal));
  });

  it('validates without creating (validate_only: 200) and answers bad requests with 4xx', async () => {
    const name = `${topic}-dry`;
    const dry = await post(`/v3/clusters/${cid}/topics`, { topic_name: name, partitions_count: 2, validate_only: true });
    assert.equal(dry.status, 200, dry.text);
    assert.equal(dry.body.partitions_count, 2);
    assert.equal((await api.get(`/v3/clusters/${cid}/topics/${name}`)).status, 404);
    const defaults = await post(`/v3/clusters/${cid}/topics`, { topic_name: name, validate_only: true });
    assert.equal(defaults.body.partitions_count, 1, 'the broker default num.partitions');
    assert.equal((await post(`/v3/clusters/${cid}/topics`, { partitions_count: 1 })).status, 400);
    assert.equal((await post(`/v3/clusters/${cid}/topics`, { topic_name: name, partitions_count: 'x' })).status, 400);
    assert.equal((await post(`/v3/clusters/${cid}/topics`, { topic_name: name, configs: {} })).status, 400);
    assert.equal((await post(`/v3/clusters/${cid}/topics`, '[1]')).status, 400);
    assert.equal((await post(`/v3/clusters/${cid}/topics`, '{bad')).status, 400);
    assert.equal((await api.post(`/v3/clusters/${cid}/topics`, undefined, { 'content-type': JSON_TYPE })).status, 422);
    const badReplication = await post(`/v3/clusters/${cid}/topics`, { topic_name: name, replication_factor: 3 });
    assert.equal(badReplication.status, 400);
    assert.equal(badReplication.body.error_code, 40002);
    const badName = await post(`/v3/clusters/${cid}/topics`, { topic_name: 'a b' });
    assert.equal(badName.status, 400);
    assert.equal(badName.body.error_code, 40002);
    const badConfig = await post(`/v3/clusters/${cid}/topics`, { topic_name: name, configs: [{ name: 'cleanup.policy', value: 'nope' }] });
    assert.equal(badConfig.body.error_code, 40002);
  });

  it('reads an internal topic by name', async () => {
    const offsets = await api.get(`/v3/clusters/${cid}/topics/__consumer_offsets`);
    assert.equal(offsets.status, 200, offsets.text);
    assert.equal(offsets.body.is_internal, true);
  });

  it('lists and gets partitions and replicas', async () => {
    const list = await api.get(`/v3/clusters/${cid}/topics/${topic}/partitions`);
    assert.equal(list.body.kind, 'KafkaPartitionList');
    assert.deepEqual(list.body.data.map((p: { partition_id: number }) => p.partition_id), [0, 1, 2]);
    const p1 = (await api.get(`/v3/clusters/${cid}/topics/${topic}/partitions/1`)).body;
    const path = `${base}/topics/${topic}/partitions/1`;
    assert.deepEqual(p1, {
      kind: 'KafkaPartition',
      metadata: { self: path, resource_name: `crn:///kafka=${cid}/topic=${topic}/partition=1` },
      cluster_id: cid, topic_name: topic, partition_id: 1,
      leader: { related: `${path}/replicas/1` }, replicas: { related: `${path}/replicas` }, reassignment: { related: `${path}/reassignment` },
    });
    const replicas = (await api.get(`/v3/clusters/${cid}/topics/${topic}/partitions/1/replicas`)).body;
    assert.equal(replicas.kind, 'KafkaReplicaList');
    const replica = (await api.get(`/v3/clusters/${cid}/topics/${topic}/partitions/1/replicas/1`)).body;
    assert.deepEqual(replica, {
      kind: 'KafkaReplica',
      metadata: { self: `${path}/replicas/1`, resource_name: `crn:///kafka=${cid}/topic=${topic}/partition=1/replica=1` },
      cluster_id: cid, topic_name: topic, partition_id: 1, broker_id: 1, is_leader: true, is_in_sync: true,
      broker: { related: `${base}/brokers/1` },
    });
    assert.deepEqual(replicas.data, [replica]);
    const held = (await api.get(`/v3/clusters/${cid}/brokers/1/partition-replicas`)).body;
    assert.equal(held.kind, 'KafkaReplicaList');
    assert.ok(held.data.some((r: { metadata: { self: string } }) => r.metadata.self === `${path}/replicas/1`));
    assert.deepEqual((await api.get(`/v3/clusters/${cid}/topics/${topic}/partitions/7`)).body, { error_code: 404, message: 'HTTP 404 Not Found' });
    assert.equal((await api.get(`/v3/clusters/${cid}/topics/${topic}/partitions/-1`)).status, 404);
    assert.equal((await api.get(`/v3/clusters/${cid}/topics/${topic}/partitions/1/replicas/5`)).status, 404);
    const unknown = { error_code: 40403, message: 'This server does not host this topic-partition.' };
    assert.deepEqual((await api.get(`/v3/clusters/${cid}/topics/nope-${topic}`)).body, unknown);
    assert.deepEqual((await api.get(`/v3/clusters/${cid}/topics/nope-${topic}/partitions`)).body, unknown);
    assert.equal((await api.get(`/v3/clusters/${cid}/topics/nope-${topic}/partitions`)).status, 404);
  });

  it('lists reassignments: none on a single broker', async () => {
    const all = await api.get(`/v3/clusters/${cid}/topics/-/partitions/-/reassignment`);
    assert.equal(all.status, 200, all.text);
    assert.deepEqual(all.body, { kind: 'KafkaReassignmentList', metadata: { self: `${base}/topics/-/partitions/-/reassignment`, next: null }, data: [] });
    const byTopic = await api.get(`/v3/clusters/${cid}/topics/${topic}/partitions/-/reassignment`);
    assert.deepEqual(byTopic.body.data, []);
    assert.equal((await api.get(`/v3/clusters/${cid}/topics/${topic}/partitions/0/reassignment`)).status, 404);
    assert.equal((await api.get(`/v3/clusters/${cid}/topics/nope-${topic}/partitions/-/reassignment`)).status, 404);
  });

  it('increases the partition count (PATCH) and refuses a decrease with 40002', async () => {
    const patched = await patch(`/v3/clusters/${cid}/topics/${topic}`, { partitions_count: 4 });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.body.partitions_count, 4);
    assert.equal((await api.get(`/topics/${topic}/partitions`, { accept: V2 })).body.length, 4);
    const decrease = await patch(`/v3/clusters/${cid}/topics/${topic}`, { partitions_count: 2 });
    assert.equal(decrease.status, 400);
    assert.equal(decrease.body.error_code, 40002);
    assert.equal((await patch(`/v3/clusters/${cid}/topics/${topic}`, {})).status, 400);
    assert.equal((await patch(`/v3/clusters/${cid}/topics/nope-${topic}`, { partitions_count: 2 })).body.error_code, 40403);
  });

  it('deletes a topic (204), then answers 40403 for it', async () => {
    const name = `${topic}-del`;
    assert.equal((await post(`/v3/clusters/${cid}/topics`, { topic_name: name })).status, 201);
    const deleted = await api.delete(`/v3/clusters/${cid}/topics/${name}`);
    assert.equal(deleted.status, 204);
    assert.equal(deleted.text, '');
    const again = await api.delete(`/v3/clusters/${cid}/topics/${name}`);
    assert.equal(again.status, 404);
    assert.equal(again.body.error_code, 40403);
  });
});

describe('REST proxy v3: configs', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  let cid: string;
  let base: string;
  const topic = `v3cfg-${randomUUID().slice(0, 8)}`;
  const json = { 'content-type': JSON_TYPE };

  before(async () => {
    server = await startServer();
    api = client(server.url);
    cid = (await api.get('/v3/clusters')).body.data[0].cluster_id;
    base = `${server.url}/v3/clusters/${cid}`;
    assert.equal((await api.post(`/v3/clusters/${cid}/topics`, { topic_name: topic, partitions_count: 1 }, json)).status, 201);
  });
  after(() => server.stop());

  it('lists, gets, sets and resets a topic config, and reads it back in v2', async () => {
    const list = await api.get(`/v3/clusters/${cid}/topics/${topic}/configs`);
    assert.equal(list.status, 200, list.text);
    assert.equal(list.body.kind, 'KafkaTopicConfigList');
    assert.deepEqual(list.body.metadata, { self: `${base}/topics/${topic}/configs`, next: null });
    const path = `/v3/clusters/${cid}/topics/${topic}/configs/retention.ms`;
    const before = (await api.get(path)).body;
    assert.deepEqual(before, {
      kind: 'KafkaTopicConfig',
      metadata: { self: `${base}/topics/${topic}/configs/retention.ms`, resource_name: `crn:///kafka=${cid}/topic=${topic}/config=retention.ms` },
      cluster_id: cid, topic_name: topic, name: 'retention.ms', value: '604800000',
      is_default: true, is_read_only: false, is_sensitive: false, source: 'DEFAULT_CONFIG', synonyms: [],
    });
    assert.deepEqual(list.body.data.find((c: { name: string }) => c.name === 'retention.ms'), before);
    const put = await api.put(path, { value: '12345' }, json);
    assert.equal(put.status, 204, put.text);
    await eventually(async () => assert.equal((await api.get(path)).body.value, '12345'));
    const after = (await api.get(path)).body;
    assert.equal(after.source, 'DYNAMIC_TOPIC_CONFIG');
    assert.equal(after.is_default, false);
    assert.deepEqual(after.synonyms[0], { name: 'retention.ms', value: '12345', source: 'DYNAMIC_TOPIC_CONFIG' });
    assert.equal((await api.get(`/topics/${topic}`, { accept: V2 })).body.configs['retention.ms'], '12345');
    assert.equal((await api.delete(path)).status, 204);
    await eventually(async () => assert.equal((await api.get(path)).body.value, '604800000'));
  });

  it('alters topic configs in a batch, validate_only changing nothing', async () => {
    const alter = `/v3/clusters/${cid}/topics/${topic}/configs:alter`;
    const dry = await api.post(alter, { data: [{ name: 'cleanup.policy', value: 'compact' }], validate_only: true }, json);
    assert.equal(dry.status, 204, dry.text);
    assert.equal((await api.get(`/v3/clusters/${cid}/topics/${topic}/configs/cleanup.policy`)).body.value, 'delete');
    const done = await api.post(alter, {
      data: [{ name: 'cleanup.policy', value: 'compact' }, { name: 'retention.ms', value: '999', operation: 'SET' }],
    }, json);
    assert.equal(done.status, 204, done.text);
    await eventually(async () => {
      assert.equal((await api.get(`/v3/clusters/${cid}/topics/${topic}/configs/cleanup.policy`)).body.value, 'compact');
      assert.equal((await api.get(`/v3/clusters/${cid}/topics/${topic}/configs/retention.ms`)).body.value, '999');
    });
    assert.equal((await api.post(alter, { data: [{ name: 'retention.ms', operation: 'DELETE' }] }, json)).status, 204);
    await eventually(async () => assert.equal((await api.get(`/v3/clusters/${cid}/topics/${topic}/configs/retention.ms`)).body.value, '604800000'));
    // All topics' configs at once.
    const all = await api.get(`/v3/clusters/${cid}/topics/-/configs`);
    assert.equal(all.body.kind, 'KafkaTopicConfigList');
    assert.ok(all.body.data.some((c: { topic_name: string; name: string; value: string }) =>
      c.topic_name === topic && c.name === 'cleanup.policy' && c.value === 'compact'));
  });

  it('answers config errors as Confluent does', async () => {
    const root = `/v3/clusters/${cid}/topics/${topic}/configs`;
    assert.deepEqual((await api.get(`${root}/no.such.config`)).body, { error_code: 404, message: 'HTTP 404 Not Found' });
    assert.deepEqual((await api.put(`${root}/no.such.config`, { value: '1' }, json)).body,
      { error_code: 404, message: `Config no.such.config cannot be found for TOPIC ${topic} in cluster ${cid}.` });
    assert.equal((await api.delete(`${root}/no.such.config`)).status, 404);
    assert.equal((await api.post(`${root}:alter`, { data: [{ name: 'no.such.config', value: '1' }] }, json)).status, 404);
    const bad = await api.put(`${root}/retention.ms`, { value: 'soon' }, json);
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error_code, 40002);
    assert.equal((await api.put(`${root}/retention.ms`, { value: 5 }, json)).status, 400);
    assert.equal((await api.put(`${root}/retention.ms`, undefined, json)).status, 422);
    assert.equal((await api.post(`${root}:alter`, { data: [{ name: 'retention.ms', operation: 'MERGE' }] }, json)).status, 400);
    assert.equal((await api.post(`${root}:alter`, { data: 'x' }, json)).status, 400);
    const unknown = await api.get(`/v3/clusters/${cid}/topics/nope-${topic}/configs`);
    assert.deepEqual(unknown.body, { error_code: 40403, message: 'This server does not host this topic-partition.' });
    assert.equal((await api.get(`/v3/clusters/nope/topics/${topic}/configs`)).body.message, 'Cluster nope cannot be found.');
  });

  it('lists, gets and alters broker configs; a read-only one answers 40002', async () => {
    const list = await api.get(`/v3/clusters/${cid}/brokers/1/configs`);
    assert.equal(list.body.kind, 'KafkaBrokerConfigList');
    const hours = (await api.get(`/v3/clusters/${cid}/brokers/1/configs/log.retention.hours`)).body;
    assert.deepEqual(hours.metadata, {
      self: `${base}/brokers/1/configs/log.retention.hours`, resource_name: `crn:///kafka=${cid}/broker=1/config=log.retention.hours`,
    });
    assert.equal(hours.kind, 'KafkaBrokerConfig');
    assert.equal(hours.broker_id, 1);
    assert.equal(hours.value, '168');
    const readOnly = await api.put(`/v3/clusters/${cid}/brokers/1/configs/log.retention.hours`, { value: '100' }, json);
    assert.equal(readOnly.status, 400);
    assert.equal(readOnly.body.error_code, 40002);
    const all = await api.get(`/v3/clusters/${cid}/brokers/-/configs`);
    assert.ok(all.body.data.some((c: { broker_id: number; name: string }) => c.broker_id === 1 && c.name === 'log.retention.hours'));
    const dry = await api.post(`/v3/clusters/${cid}/brokers/1/configs:alter`,
      { data: [{ name: 'log.cleaner.threads', value: '2' }], validate_only: true }, json);
    assert.equal(dry.status, 204, dry.text);
    assert.deepEqual((await api.get(`/v3/clusters/${cid}/brokers/4/configs`)).body, { error_code: 404, message: 'Broker 4 cannot be found.' });
    assert.equal((await api.put(`/v3/clusters/${cid}/brokers/1/configs/no.such.config`, { value: '1' }, json)).body.message,
      `Config no.such.config cannot be found for BROKER 1 in cluster ${cid}.`);
  });

  it('sets and resets a cluster-wide broker default (broker-configs)', async () => {
    const path = `/v3/clusters/${cid}/broker-configs/log.cleaner.threads`;
    assert.equal((await api.put(path, { value: '2' }, json)).status, 204);
    try {
      await eventually(async () => assert.equal((await api.get(path)).status, 200));
      const one = (await api.get(path)).body;
      assert.deepEqual(one, {
        kind: 'KafkaClusterConfig',
        metadata: { self: `${base}/broker-configs/log.cleaner.threads`, resource_name: `crn:///kafka=${cid}/broker-config=log.cleaner.threads` },
        cluster_id: cid, config_type: 'BROKER', name: 'log.cleaner.threads', value: '2', is_default: false, is_read_only: false,
        is_sensitive: false, source: 'DYNAMIC_DEFAULT_BROKER_CONFIG',
        synonyms: [{ name: 'log.cleaner.threads', value: '2', source: 'DYNAMIC_DEFAULT_BROKER_CONFIG' }],
      });
      const list = (await api.get(`/v3/clusters/${cid}/broker-configs`)).body;
      assert.equal(list.kind, 'KafkaClusterConfigList');
      assert.ok(list.data.some((c: { name: string }) => c.name === 'log.cleaner.threads'));
      // The broker sees the default as its dynamic default.
      await eventually(async () => assert.equal(
        (await api.get(`/v3/clusters/${cid}/brokers/1/configs/log.cleaner.threads`)).body.source, 'DYNAMIC_DEFAULT_BROKER_CONFIG'));
    } finally {
      assert.equal((await api.delete(path)).status, 204);
    }
    await eventually(async () => assert.equal((await api.get(path)).status, 404));
    assert.equal((await api.post(`/v3/clusters/${cid}/broker-configs:alter`, { data: [{ name: 'log.cleaner.threads', value: '-5' }] }, json)).body.error_code, 40002);
  });
});

describe('REST proxy v3: consumer groups and lags', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  let cid: string;
  let base: string;
  let consumer: Consumer<Buffer, Buffer, Buffer, Buffer>;
  let stream: MessagesStream<Buffer, Buffer, Buffer, Buffer>;
  let member: string;
  const topic = `v3grp-${randomUUID().slice(0, 8)}`;
  const group = `g-${randomUUID().slice(0, 8)}`;
  const idle = `${group}-idle`;

  before(async () => {
    server = await startServer();
    api = client(server.url);
    cid = (await api.get('/v3/clusters')).body.data[0].cluster_id;
    base = `${server.url}/v3/clusters/${cid}`;
    assert.equal((await api.post(`/v3/clusters/${cid}/topics`, { topic_name: topic, partitions_count: 2 }, { 'content-type': JSON_TYPE })).status, 201);
    const bootstrapBrokers = [await kafkaBootstrap()];
    const producer = new Producer({ clientId: 'lag-producer', bootstrapBrokers });
    // Partition 0 gets 3 records, partition 1 gets 2.
    await producer.send({ messages: [0, 1, 2, 3, 4].map((i) => ({ topic, partition: i % 2, value: Buffer.from(String(i)) })) });
    await producer.close();
    // A member that commits offset 1 on partition 0 (lag 2) and 2 on partition 1 (lag 0), then stays in the group.
    consumer = new Consumer({ clientId: 'lag-client', bootstrapBrokers, groupId: group });
    stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: false });
    const seen = new Set<string>();
    for await (const message of stream) {
      const key = `${message.partition}/${message.offset}`;
      if (key === '0/0' || key === '1/1') await message.commit();
      seen.add(key);
      if (seen.has('0/0') && seen.has('1/1')) break;
    }
    member = consumer.memberId!;
    // A group with committed offsets and no members.
    const admin = new Admin({ clientId: 'idle-admin', bootstrapBrokers });
    await admin.alterConsumerGroupOffsets({ groupId: idle, topics: [{ name: topic, partitionOffsets: [{ partition: 1, offset: 1n }] }] });
    await admin.close();
  });
  after(async () => {
    await stream.close();
    await consumer.close(true);
    await server.stop();
  });

  it('lists and gets consumer groups', async () => {
    const list = await api.get(`/v3/clusters/${cid}/consumer-groups`);
    assert.equal(list.status, 200, list.text);
    assert.equal(list.body.kind, 'KafkaConsumerGroupList');
    assert.deepEqual(list.body.metadata, { self: `${base}/consumer-groups`, next: null });
    const one = (await api.get(`/v3/clusters/${cid}/consumer-groups/${group}`)).body;
    assert.deepEqual(one, {
      kind: 'KafkaConsumerGroup',
      metadata: { self: `${base}/consumer-groups/${group}`, resource_name: `crn:///kafka=${cid}/consumer-group=${group}` },
      cluster_id: cid, consumer_group_id: group, is_simple: false, partition_assignor: one.partition_assignor, state: 'STABLE',
      type: 'CLASSIC', is_mixed_consumer_group: false,
      coordinator: { related: `${base}/brokers/1` },
      consumers: { related: `${base}/consumer-groups/${group}/consumers` },
      lag_summary: { related: `${base}/consumer-groups/${group}/lag-summary` },
    });
    assert.equal(typeof one.partition_assignor, 'string');
    assert.deepEqual(list.body.data.find((g: { consumer_group_id: string }) => g.consumer_group_id === group), one);
    // The registry's own election group speaks another protocol: not a consumer group.
    assert.ok(!list.body.data.some((g: { consumer_group_id: string }) => g.consumer_group_id === `sr${server.topic}`));
    assert.equal((await api.get(`/v3/clusters/${cid}/consumer-groups/${idle}`)).body.state, 'EMPTY');
    assert.deepEqual((await api.get(`/v3/clusters/${cid}/consumer-groups/nope-${group}`)).body, { error_code: 404, message: 'HTTP 404 Not Found' });
    assert.deepEqual((await api.get('/v3/clusters/nope/consumer-groups')).body, { error_code: 404, message: 'Cluster nope could not be found.' });
  });

  it('lists and gets consumers and their assignments', async () => {
    const consumers = (await api.get(`/v3/clusters/${cid}/consumer-groups/${group}/consumers`)).body;
    assert.equal(consumers.kind, 'KafkaConsumerList');
    const path = `${base}/consumer-groups/${group}/consumers/${member}`;
    const expected = {
      kind: 'KafkaConsumer',
      metadata: { self: path, resource_name: `crn:///kafka=${cid}/consumer-group=${group}/consumer=${member}` },
      cluster_id: cid, consumer_group_id: group, consumer_id: member, instance_id: null, client_id: 'lag-client',
      assignments: { related: `${path}/assignments` },
    };
    assert.deepEqual(consumers.data, [expected]);
    assert.deepEqual((await api.get(`/v3/clusters/${cid}/consumer-groups/${group}/consumers/${member}`)).body, expected);
    const assignments = (await api.get(`/v3/clusters/${cid}/consumer-groups/${group}/consumers/${member}/assignments`)).body;
    assert.equal(assignments.kind, 'KafkaConsumerAssignmentList');
    assert.deepEqual(assignments.data.map((a: { partition_id: number }) => a.partition_id), [0, 1]);
    const one = (await api.get(`/v3/clusters/${cid}/consumer-groups/${group}/consumers/${member}/assignments/${topic}/partitions/1`)).body;
    assert.deepEqual(one, {
      kind: 'KafkaConsumerAssignment',
      metadata: {
        self: `${path}/assignments/${topic}/partitions/1`,
        resource_name: `crn:///kafka=${cid}/consumer-group=${group}/consumer=${member}/assignment=${topic}/partition=1`,
      },
      cluster_id: cid, consumer_group_id: group, consumer_id: member, topic_name: topic, partition_id: 1,
      partition: { related: `${base}/topics/${topic}/partitions/1` },
      lag: { related: `${base}/consumer-groups/${group}/lags/${topic}/partitions/1` },
    });
    assert.deepEqual(assignments.data[1], one);
    assert.equal((await api.get(`/v3/clusters/${cid}/consumer-groups/${group}/consumers/nobody`)).status, 404);
    assert.equal((await api.get(`/v3/clusters/${cid}/consumer-groups/${group}/consumers/${member}/assignments/${topic}/partitions/5`)).status, 404);
    assert.equal((await api.get(`/v3/clusters/${cid}/consumer-groups/nope-${group}/consumers`)).status, 404);
  });

  it('computes lags per partition and the lag summary', async () => {
    const lags = (await api.get(`/v3/clusters/${cid}/consumer-groups/${group}/lags`)).body;
    assert.equal(lags.kind, 'KafkaConsumerLagList');
    assert.deepEqual(lags.metadata, { self: `${base}/consumer-groups/${group}/lags`, next: null });
    const lag0 = {
      kind: 'KafkaConsumerLag',
      metadata: {
        self: `${base}/consumer-groups/${group}/lags/${topic}/partitions/0`,
        resource_name: `crn:///kafka=${cid}/consumer-group=${group}/lag=${topic}/partition=0`,
      },
      cluster_id: cid, consumer_group_id: group, topic_name: topic, partition_id: 0,
      current_offset: 1, log_end_offset: 3, lag: 2, consumer_id: member, instance_id: null, client_id: 'lag-client',
    };
    assert.deepEqual(lags.data[0], lag0);
    assert.deepEqual(lags.data.map((l: { partition_id: number; lag: number }) => [l.partition_id, l.lag]), [[0, 2], [1, 0]]);
    assert.deepEqual((await api.get(`/v3/clusters/${cid}/consumer-groups/${group}/lags/${topic}/partitions/0`)).body, lag0);
    assert.equal((await api.get(`/v3/clusters/${cid}/consumer-groups/${group}/lags/${topic}/partitions/9`)).status, 404);
    const summary = (await api.get(`/v3/clusters/${cid}/consumer-groups/${group}/lag-summary`)).body;
    assert.deepEqual(summary, {
      kind: 'KafkaConsumerGroupLagSummary',
      metadata: { self: `${base}/consumer-groups/${group}/lag-summary`, resource_name: `crn:///kafka=${cid}/consumer-group=${group}/lag-summary` },
      cluster_id: cid, consumer_group_id: group,
      max_lag_consumer_id: member, max_lag_instance_id: null, max_lag_client_id: 'lag-client',
      max_lag_topic_name: topic, max_lag_partition_id: 0, max_lag: 2, total_lag: 2,
      max_lag_consumer: { related: `${base}/consumer-groups/${group}/consumers/${member}` },
      max_lag_partition: { related: `${base}/topics/${topic}/partitions/0` },
    });
    // Unassigned partitions carry empty member ids, as Confluent's lag managers send.
    const idleLags = (await api.get(`/v3/clusters/${cid}/consumer-groups/${idle}/lags`)).body;
    assert.deepEqual(idleLags.data.map((l: { partition_id: number; lag: number; consumer_id: string; client_id: string }) =>
      [l.partition_id, l.lag, l.consumer_id, l.client_id]), [[1, 1, '', '']]);
    assert.deepEqual((await api.get(`/v3/clusters/${cid}/consumer-groups/nope-${group}/lags`)).body,
      { error_code: 404, message: `Consumer Group nope-${group} could not be found.` });
    assert.equal((await api.get(`/v3/clusters/${cid}/consumer-groups/nope-${group}/lag-summary`)).status, 404);
  });
});
