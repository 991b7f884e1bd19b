// The REST proxy deployed apart from the registry (karapace_registry: false): schemas are registered and read over
// HTTP at registry_host:registry_port, and the process serves no registry routes.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Admin } from '@platformatic/kafka';
import { client, kafkaBootstrap, startServer, type ServerProcess } from '../harness.ts';

const V2 = 'application/vnd.kafka.v2+json';

describe('REST proxy without a registry in the process', () => {
  let registry: ServerProcess;
  let proxy: ServerProcess;
  const topic = `alone-${randomUUID().slice(0, 8)}`;
  before(async () => {
    const admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [await kafkaBootstrap()] });
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
    await admin.close();
    registry = await startServer({ config: { karapace_rest: false } });
    const port = Number(new URL(registry.url).port);
    proxy = await startServer({ config: { karapace_registry: false, registry_host: '127.0.0.1', registry_port: port } });
  });
  after(() => Promise.all([proxy.stop(), registry.stop()]));

  it('registers through the remote registry, and decodes with it', async () => {
    const api = client(proxy.url);
    assert.equal((await api.get('/subjects')).status, 404, 'no registry routes here');
    assert.equal((await client(registry.url).get('/topics')).status, 404, 'no proxy routes there');
    const schema = JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'n', type: 'int' }] });
    const produced = await api.post(`/topics/${topic}`, { value_schema: schema, records: [{ value: { n: 1 } }] }, { 'content-type': 'application/vnd.kafka.avro.v2+json' });
    assert.equal(produced.status, 200, produced.text);
    assert.equal((await client(registry.url).get(`/subjects/${topic}-value/versions/1`)).body.id, produced.body.value_schema_id);
    await api.post('/consumers/alone', { name: 'c', format: 'avro', 'auto.offset.reset': 'earliest' }, { 'content-type': V2 });
    await api.post('/consumers/alone/instances/c/subscription', { topics: [topic] }, { 'content-type': V2 });
    const values: unknown[] = [];
    const deadline = Date.now() + 30_000;
    while (values.length < 1 && Date.now() < deadline) {
      const res = await api.get('/consumers/alone/instances/c/records?timeout=1000', { accept: 'application/vnd.kafka.avro.v2+json' });
      assert.equal(res.status, 200, res.text);
      values.push(...(res.body as { value: unknown }[]).map((r) => r.value));
    }
    assert.deepEqual(values, [{ n: 1 }]);
  });
});
