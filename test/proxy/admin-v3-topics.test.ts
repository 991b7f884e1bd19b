// The REST proxy's v3 clusters, brokers, topics, partitions, replicas and reassignments against the real broker,
// with Confluent's shapes (kind, self links, crn resource names) and errors.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { call, client, startServer, type ServerProcess } from '../harness.ts';

const JSON_TYPE = 'application/json';
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
    const offsets = await api.get(`/v3/clusters/${cid}/topics/${topic}/partitions/1/offset?offset_type=earliest_and_latest`);
    assert.deepEqual(offsets.body, {
      kind: 'KafkaPartitionWithOffsets',
      metadata: { self: `${path}/offset`, resource_name: `crn:///kafka=${cid}/topic=${topic}/partition=1` },
      cluster_id: cid, topic_name: topic, partition_id: 1, earliest_offset: 0, latest_offset: 0,
    });
    assert.equal((await api.get(`/v3/clusters/${cid}/topics/${topic}/partitions/1/offset?offset_type=middle`)).status, 400);
    assert.equal((await api.get(`/v3/clusters/${cid}/topics/${topic}/partitions/8/offset`)).status, 404);
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
