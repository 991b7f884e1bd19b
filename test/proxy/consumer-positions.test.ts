// REST proxy v2 consumers beyond subscribe-and-read, against the real broker: manual assignments, positions by
// offset, timestamp, beginning and end, max_bytes, group membership shared between instances (rebalance), auto
// commit on delete, idle expiry, jsonschema and protobuf records, and the 40903/40403/40801/400 errors.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Admin } from '@platformatic/kafka';
import { client, getWithBody, kafkaBootstrap, type ServerProcess, startServer } from '../harness.ts';

const V2 = 'application/vnd.kafka.v2+json';
const type = (format: string) => `application/vnd.kafka.${format}.v2+json`;
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('REST proxy v2: consumer assignments, positions and groups', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  const stamp = randomUUID().slice(0, 8);
  const topic = `pos-${stamp}`;
  const two = `pos-two-${stamp}`;
  const typed = `pos-typed-${stamp}`;
  const post = (path: string, body: unknown) => api.post(path, body, { 'content-type': V2 });
  const base = (group: string, name: string) => `/consumers/${group}/instances/${name}`;
  const create = async (group: string, name: string, options: Record<string, unknown> = {}) => {
    const res = await post(`/consumers/${group}`, { name, format: 'binary', 'auto.offset.reset': 'earliest', 'auto.commit.enable': 'false', ...options });
    assert.equal(res.status, 200, res.text);
    return base(group, name);
  };
  const read = async (path: string, query = 'timeout=1000', format = 'binary') => {
    const res = await api.get(`${path}/records?${query}`, { accept: type(format) });
    assert.equal(res.status, 200, res.text);
    return res.body as { topic: string; key: unknown; value: unknown; partition: number; offset: number }[];
  };
  const readAll = async (path: string, count: number, format = 'binary') => {
    const out: Awaited<ReturnType<typeof read>> = [];
    const deadline = Date.now() + 30_000;
    while (out.length < count && Date.now() < deadline) out.push(...(await read(path, 'timeout=1000', format)));
    return out;
  };

  before(async () => {
    const admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [await kafkaBootstrap()] });
    await admin.createTopics({ topics: [topic, typed], partitions: 1, replicas: 1 });
    await admin.createTopics({ topics: [two], partitions: 2, replicas: 1 });
    await admin.close();
    server = await startServer();
    api = client(server.url);
    const values = ['r0', 'r1', 'r2', 'r3'].map((v) => ({ value: b64(v) }));
    assert.equal((await api.post(`/topics/${topic}`, { records: values.slice(0, 2) }, { 'content-type': type('binary') })).status, 200);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal((await api.post(`/topics/${topic}`, { records: values.slice(2) }, { 'content-type': type('binary') })).status, 200);
  });
  after(() => server.stop());

  it('assigns partitions by hand, seeks by offset, beginning, end and timestamp, and honours max_bytes', async () => {
    const group = `pos-g-${stamp}`;
    const c = await create(group, 'manual');
    assert.equal((await post(`${c}/assignments`, { partitions: [{ topic, partition: 0 }] })).status, 204);
    assert.deepEqual((await api.get(`${c}/assignments`)).body, { partitions: [{ topic, partition: 0 }] });
    assert.deepEqual((await api.get(`${c}/subscription`)).body, { topics: [] });
    const all = await readAll(c, 4);
    assert.deepEqual(all.map((r) => [r.offset, Buffer.from(r.value as string, 'base64').toString()]), [[0, 'r0'], [1, 'r1'], [2, 'r2'], [3, 'r3']]);

    assert.equal((await post(`${c}/positions`, { offsets: [{ topic, partition: 0, offset: 2 }] })).status, 204);
    assert.deepEqual((await readAll(c, 2)).map((r) => r.offset), [2, 3]);
    assert.equal((await post(`${c}/positions/beginning`, { partitions: [{ topic, partition: 0 }] })).status, 204);
    // max_bytes: whole records up to the limit, at least one (each value here is 2 bytes).
    assert.deepEqual((await read(c, 'timeout=1000&max_bytes=3')).map((r) => r.offset), [0]);
    // Kafka hands out whole batches (r0 r1, then r2 r3): offset 1 ends its batch, then 2 and 3 fit in 4 bytes.
    assert.deepEqual((await read(c, 'timeout=1000&max_bytes=4')).map((r) => r.offset), [1]);
    assert.deepEqual((await read(c, 'timeout=1000&max_bytes=4')).map((r) => r.offset), [2, 3]);
    assert.equal((await post(`${c}/positions/end`, { partitions: [{ topic, partition: 0 }] })).status, 204);
    assert.deepEqual(await read(c, 'timeout=200'), []);
    // A timestamp after every record: the end; the epoch: the first record.
    assert.equal((await post(`${c}/positions`, { timestamps: [{ topic, partition: 0, timestamp: '2999-01-01T00:00:00Z' }] })).status, 204);
    assert.deepEqual(await read(c, 'timeout=200'), []);
    assert.equal((await post(`${c}/positions`, { timestamps: [{ topic, partition: 0, timestamp: '1970-01-01T00:00:00Z' }] })).status, 204);
    assert.deepEqual((await readAll(c, 4)).map((r) => r.offset), [0, 1, 2, 3]);

    // Commits of a manually assigned consumer go to its group: offset + 1, as Confluent commits.
    assert.equal((await post(`${c}/offsets`, { offsets: [{ topic, partition: 0, offset: 1 }] })).status, 200);
    assert.deepEqual((await getWithBody(server.url + `${c}/offsets`, { partitions: [{ topic, partition: 0 }, { topic: two, partition: 1 }] })).body,
      { offsets: [{ topic, partition: 0, offset: 2, metadata: '' }] });
    assert.equal((await api.delete(c)).status, 204);
    const next = await create(group, 'next');
    assert.equal((await post(`${next}/subscription`, { topics: [topic] })).status, 204);
    assert.deepEqual((await readAll(next, 2)).map((r) => r.offset), [2, 3]);
    await api.delete(next);
  });

  it('answers Illegal state (40903) for mixed subscription kinds, unassigned partitions and unsubscribed reads', async () => {
    const group = `pos-err-${stamp}`;
    const c = await create(group, 'c');
    assert.equal((await api.get(`${c}/records`, { accept: type('binary') })).body.error_code, 40903);
    assert.equal((await post(`${c}/positions/beginning`, { partitions: [{ topic, partition: 0 }] })).body.error_code, 40903);
    await post(`${c}/assignments`, { partitions: [{ topic, partition: 0 }] });
    const mixed = await post(`${c}/subscription`, { topics: [topic] });
    assert.deepEqual(mixed.body, { error_code: 40903, message: 'Illegal state: Subscription to topics, partitions and pattern are mutually exclusive' });
    assert.deepEqual((await post(`${c}/positions`, { offsets: [{ topic, partition: 5, offset: 0 }] })).body,
      { error_code: 40903, message: `Illegal state: No current assignment for partition ${topic}-5` });
    assert.equal((await api.delete(`${c}/subscription`)).status, 204);
    await post(`${c}/subscription`, { topic_pattern: `pos-${stamp}` });
    assert.equal((await post(`${c}/assignments`, { partitions: [{ topic, partition: 0 }] })).body.error_code, 40903);
    assert.equal((await post(`${c}/subscription`, { topics: [topic] })).body.error_code, 40903);
    assert.deepEqual((await api.get(`${c}/subscription`)).body, { topics: [topic] });

    assert.equal((await post(`${c}/positions`, {})).body.error_code, 400);
    assert.equal((await post(`${c}/assignments`, { partitions: [{ topic }] })).body.error_code, 400);
    assert.equal((await api.get(`${c}/records?timeout=soon`, { accept: type('binary') })).body.error_code, 400);
    assert.equal((await post(`${c}/offsets`, { offsets: [{ topic, partition: 0, offset: -1 }] })).body.error_code, 400);
    await api.delete(c);
    for (const [method, suffix] of [['post', '/assignments'], ['get', '/assignments'], ['post', '/positions'], ['post', '/positions/end'], ['get', '/subscription']] as const) {
      const res = method === 'get' ? await api.get(`${c}${suffix}`) : await post(`${c}${suffix}`, { partitions: [], offsets: [] });
      assert.deepEqual(res.body, { error_code: 40403, message: 'Consumer instance not found.' }, suffix);
    }
  });

  it('instances of one group share its partitions (a real group membership) and auto commit on delete', async () => {
    const group = `pos-members-${stamp}`;
    const a = await create(group, 'a', { 'auto.commit.enable': 'true' });
    const b = await create(group, 'b', { 'auto.commit.enable': 'true' });
    await post(`${a}/subscription`, { topics: [two] });
    await post(`${b}/subscription`, { topics: [two] });
    // Both read: the group rebalances until each member holds one of the two partitions.
    const deadline = Date.now() + 30_000;
    let owned: number[][] = [];
    while (Date.now() < deadline) {
      await Promise.all([read(a, 'timeout=500'), read(b, 'timeout=500')]);
      owned = await Promise.all([a, b].map(async (c) => ((await api.get(`${c}/assignments`)).body.partitions as { partition: number }[]).map((p) => p.partition)));
      if (owned[0]!.length === 1 && owned[1]!.length === 1) break;
    }
    assert.deepEqual(owned.flat().sort(), [0, 1]);

    await api.post(`/topics/${two}/partitions/${owned[0]![0]}`, { records: [{ value: b64('to-a') }] }, { 'content-type': type('binary') });
    await api.post(`/topics/${two}/partitions/${owned[1]![0]}`, { records: [{ value: b64('to-b') }] }, { 'content-type': type('binary') });
    assert.deepEqual((await readAll(a, 1)).map((r) => Buffer.from(r.value as string, 'base64').toString()), ['to-a']);
    assert.deepEqual((await readAll(b, 1)).map((r) => Buffer.from(r.value as string, 'base64').toString()), ['to-b']);
    // Deleting an auto-committing instance commits what it read, as Java's close() does.
    await api.delete(a);
    await api.delete(b);
    const committed = await (async () => {
      const c = await create(group, 'check');
      const answer = (await getWithBody(server.url + `${c}/offsets`, { partitions: [{ topic: two, partition: 0 }, { topic: two, partition: 1 }] })).body;
      await api.delete(c);
      return answer;
    })();
    assert.deepEqual(committed.offsets.map((o: { offset: number }) => o.offset), [1, 1]);
  });

  it('starts where auto.offset.reset says, and caps reads by consumer.request.timeout.ms', async () => {
    const group = `pos-reset-${stamp}`;
    const latest = await create(group, 'latest', { 'auto.offset.reset': 'latest', 'consumer.request.timeout.ms': 300 });
    await post(`${latest}/assignments`, { partitions: [{ topic, partition: 0 }] });
    // The instance's consumer.request.timeout.ms (300) caps a longer timeout asked for by the read.
    const started = Date.now();
    assert.deepEqual(await read(latest, 'timeout=5000'), []);
    assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started} ms`);
    await api.post(`/topics/${topic}`, { records: [{ value: b64('r4') }] }, { 'content-type': type('binary') });
    assert.deepEqual((await readAll(latest, 1)).map((r) => r.offset), [4]);

    const none = await create(group, 'none', { 'auto.offset.reset': 'none' });
    await post(`${none}/assignments`, { partitions: [{ topic, partition: 0 }] });
    // No committed offset and no reset policy: Java's NoOffsetForPartitionException, a Kafka error.
    const failed = await api.get(`${none}/records?timeout=100`, { accept: type('binary') });
    assert.equal(failed.body.error_code, 50002, failed.text);
    assert.match(failed.body.message, /^Kafka error: Undefined offset with no reset policy for partitions: \[pos-/);
    await api.delete(latest);
    await api.delete(none);
  });

  it('a member without partitions waits out the read timeout instead of answering at once', async () => {
    const group = `pos-idle-member-${stamp}`;
    const a = await create(group, 'a');
    const b = await create(group, 'b');
    await post(`${a}/subscription`, { topics: [topic] });
    await read(a, 'timeout=500');
    await post(`${b}/subscription`, { topics: [topic] });
    // Reads of both until the group settled with the single partition on one of them.
    let idle: string | undefined;
    const deadline = Date.now() + 30_000;
    while (!idle && Date.now() < deadline) {
      await Promise.all([read(a, 'timeout=300'), read(b, 'timeout=300')]);
      const counts = await Promise.all([a, b].map(async (c) => (await api.get(`${c}/assignments`)).body.partitions.length as number));
      if (counts.sort().join() === '0,1') idle = (await api.get(`${a}/assignments`)).body.partitions.length === 0 ? a : b;
    }
    assert.ok(idle, 'the group never settled');
    const started = Date.now();
    assert.deepEqual(await read(idle, 'timeout=600'), []);
    assert.ok(Date.now() - started >= 500, `answered after ${Date.now() - started} ms`);
    await api.delete(a);
    await api.delete(b);
  });

  it('reads jsonschema and protobuf records, and answers 40801 for records of another format', async () => {
    const group = `pos-typed-${stamp}`;
    const js = await create(group, 'js', { format: 'jsonschema' });
    await post(`${js}/subscription`, { topics: [typed] });
    const schema = JSON.stringify({ type: 'object', properties: { n: { type: 'integer' } } });
    const producedJson = await api.post(`/topics/${typed}`, { value_schema: schema, key_schema: schema, records: [{ key: { n: 1 }, value: { n: 2 } }] }, { 'content-type': type('jsonschema') });
    assert.equal(producedJson.status, 200, producedJson.text);
    assert.deepEqual((await readAll(js, 1, 'jsonschema')).map((r) => [r.key, r.value]), [[{ n: 1 }, { n: 2 }]]);

    // A Protobuf value schema under the same subject: allowed once the subject's compatibility is NONE.
    assert.equal((await api.put(`/config/${typed}-value`, { compatibility: 'NONE' })).status, 200);
    const proto = 'syntax = "proto3";\nmessage Q { string s = 1; repeated int32 xs = 2; }\n';
    assert.equal((await api.post(`/topics/${typed}`, { value_schema: proto, records: [{ value: { s: 'q', xs: [1, 2] } }] }, { 'content-type': type('protobuf') })).status, 200);
    const pb = await create(group, 'pb', { format: 'protobuf' });
    await post(`${pb}/assignments`, { partitions: [{ topic: typed, partition: 0 }] });
    await post(`${pb}/positions`, { offsets: [{ topic: typed, partition: 0, offset: 1 }] });
    assert.deepEqual((await readAll(pb, 1, 'protobuf')).map((r) => r.value), [{ s: 'q', xs: [1, 2] }]);

    // The jsonschema instance now meets a Protobuf record: Confluent's deserializer fails the read.
    const failed = await api.get(`${js}/records?timeout=2000`, { accept: type('jsonschema') });
    assert.equal(failed.body.error_code, 40801, failed.text);
    await api.delete(js);
    await api.delete(pb);
  });
});

describe('REST proxy v2: idle consumer instances', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServer({ config: { consumer_idle_disconnect_timeout: 1 } });
  });
  after(() => server.stop());

  it('expire after consumer_idle_disconnect_timeout seconds and release their name', async () => {
    const api = client(server.url);
    const created = await api.post('/consumers/idle-g', { name: 'idle' }, { 'content-type': V2 });
    assert.equal(created.status, 200);
    assert.equal((await api.get('/consumers/idle-g/instances/idle/subscription')).status, 200);
    await new Promise((r) => setTimeout(r, 2_000));
    assert.equal((await api.get('/consumers/idle-g/instances/idle/subscription')).body.error_code, 40403);
    assert.equal((await api.post('/consumers/idle-g', { name: 'idle' }, { 'content-type': V2 })).status, 200);
  });
});
