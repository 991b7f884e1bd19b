// The REST proxy's v3 consumer groups, consumers, assignments and lags, with a real Kafka consumer in the group,
// and the ACL endpoints against a broker without an authorizer.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Admin, Consumer, MessagesStreamModes, Producer, type MessagesStream } from '@platformatic/kafka';
import { client, kafkaBootstrap, startServer, type ServerProcess } from '../harness.ts';
import { eventually } from './eventually.ts';

const JSON_TYPE = 'application/json';

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
    // Asking for it by name is a 404 too; its members' metadata is not the consumer protocol and must not be decoded
    // as such (the library's describeGroups throws outside any callback on it, which would end the process).
    assert.equal((await api.get(`/v3/clusters/${cid}/consumer-groups/sr${server.topic}`)).status, 404);
    assert.equal((await api.get(`/v3/clusters/${cid}/consumer-groups/sr${server.topic}/consumers`)).status, 404);
    assert.equal((await api.get(`/v3/clusters/${cid}/consumer-groups/sr${server.topic}/lags`)).status, 404);
    assert.equal(server.child.exitCode, null);
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
    // The log end offsets as Kafka reports them (3 and 2 records, unless the test producer's retry wrote a batch twice).
    const end = async (p: number) => (await api.get(`/v3/clusters/${cid}/topics/${topic}/partitions/${p}/offset`)).body.latest_offset as number;
    const [end0, end1] = [await end(0), await end(1)];
    assert.ok(end0 >= 3 && end1 >= 2, `${end0} ${end1}`);
    // The commits land through the group coordinator; give them a moment under load.
    await eventually(async () => assert.deepEqual((await api.get(`/v3/clusters/${cid}/consumer-groups/${group}/lags`)).body.data
      .map((l: { partition_id: number; current_offset: number; consumer_id: string }) => [l.partition_id, l.current_offset, l.consumer_id]),
    [[0, 1, member], [1, 2, member]]));
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
      current_offset: 1, log_end_offset: end0, lag: end0 - 1, consumer_id: member, instance_id: null, client_id: 'lag-client',
    };
    assert.deepEqual(lags.data[0], lag0);
    assert.deepEqual(lags.data.map((l: { partition_id: number; lag: number }) => [l.partition_id, l.lag]), [[0, end0 - 1], [1, end1 - 2]]);
    assert.deepEqual((await api.get(`/v3/clusters/${cid}/consumer-groups/${group}/lags/${topic}/partitions/0`)).body, lag0);
    assert.equal((await api.get(`/v3/clusters/${cid}/consumer-groups/${group}/lags/${topic}/partitions/9`)).status, 404);
    const summary = (await api.get(`/v3/clusters/${cid}/consumer-groups/${group}/lag-summary`)).body;
    // The first partition with the largest lag.
    const maxPartition = end1 - 2 > end0 - 1 ? 1 : 0;
    assert.deepEqual(summary, {
      kind: 'KafkaConsumerGroupLagSummary',
      metadata: { self: `${base}/consumer-groups/${group}/lag-summary`, resource_name: `crn:///kafka=${cid}/consumer-group=${group}/lag-summary` },
      cluster_id: cid, consumer_group_id: group,
      max_lag_consumer_id: member, max_lag_instance_id: null, max_lag_client_id: 'lag-client',
      max_lag_topic_name: topic, max_lag_partition_id: maxPartition, max_lag: Math.max(end0 - 1, end1 - 2), total_lag: end0 - 1 + end1 - 2,
      max_lag_consumer: { related: `${base}/consumer-groups/${group}/consumers/${member}` },
      max_lag_partition: { related: `${base}/topics/${topic}/partitions/${maxPartition}` },
    });
    // Unassigned partitions carry empty member ids, as Confluent's lag managers send.
    const idleLags = (await api.get(`/v3/clusters/${cid}/consumer-groups/${idle}/lags`)).body;
    assert.deepEqual(idleLags.data.map((l: { partition_id: number; lag: number; consumer_id: string; client_id: string }) =>
      [l.partition_id, l.lag, l.consumer_id, l.client_id]), [[1, end1 - 1, '', '']]);
    assert.deepEqual((await api.get(`/v3/clusters/${cid}/consumer-groups/nope-${group}/lags`)).body,
      { error_code: 404, message: `Consumer Group nope-${group} could not be found.` });
    assert.equal((await api.get(`/v3/clusters/${cid}/consumer-groups/nope-${group}/lag-summary`)).status, 404);
  });
});

describe('REST proxy v3: ACLs', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  let cid: string;
  const json = { 'content-type': JSON_TYPE };
  const acl = {
    resource_type: 'TOPIC', resource_name: 'orders', pattern_type: 'LITERAL', principal: 'User:alice', host: '*',
    operation: 'READ', permission: 'ALLOW',
  };

  before(async () => {
    server = await startServer();
    api = client(server.url);
    cid = (await api.get('/v3/clusters')).body.data[0].cluster_id;
  });
  after(() => server.stop());

  // The test broker runs without an authorizer: Kafka answers SECURITY_DISABLED, Confluent 400 / 40002.
  it('answers 40002 when the brokers have no authorizer', async () => {
    const search = await api.get(`/v3/clusters/${cid}/acls?resource_type=TOPIC`);
    assert.equal(search.status, 400, search.text);
    assert.equal(search.body.error_code, 40002);
    assert.match(search.body.message, /No Authorizer is configured/);
    const created = await api.post(`/v3/clusters/${cid}/acls`, acl, json);
    assert.equal(created.status, 400);
    assert.equal(created.body.error_code, 40002);
    assert.equal((await api.post(`/v3/clusters/${cid}/acls:batch`, { data: [acl] }, json)).body.error_code, 40002);
    const deleted = await api.delete(`/v3/clusters/${cid}/acls?resource_type=TOPIC&resource_name=orders`);
    assert.equal(deleted.body.error_code, 40002);
  });

  it('refuses bad ACL requests with 400 before asking Kafka', async () => {
    for (const bad of [
      { ...acl, resource_type: 'ANY' }, { ...acl, pattern_type: 'MATCH' }, { ...acl, operation: 'ANY' },
      { ...acl, permission: 'MAYBE' }, { ...acl, principal: undefined }, { ...acl, resource_name: 7 },
    ]) {
      const answer = await api.post(`/v3/clusters/${cid}/acls`, bad, json);
      assert.equal(answer.status, 400, JSON.stringify(bad));
      assert.equal(answer.body.error_code, 400);
    }
    assert.equal((await api.post(`/v3/clusters/${cid}/acls`, undefined, json)).status, 422);
    assert.equal((await api.post(`/v3/clusters/${cid}/acls:batch`, { data: 1 }, json)).status, 400);
    assert.equal((await api.get(`/v3/clusters/${cid}/acls?operation=FLY`)).status, 400);
    assert.equal((await api.get('/v3/clusters/nope/acls')).body.message, 'Cluster nope cannot be found.');
  });
});
