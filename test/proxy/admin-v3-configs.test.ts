// The REST proxy's v3 topic, broker and cluster-wide broker configs against the real broker.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { client, startServer, type ServerProcess } from '../harness.ts';
import { eventually } from './eventually.ts';

const JSON_TYPE = 'application/json';
const V2 = 'application/vnd.kafka.v2+json';

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
    // Jackson reads a number into the String field as its text; an object it refuses.
    assert.equal((await api.put(`${root}/retention.ms`, { value: { ms: 5 } }, json)).status, 400);
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
