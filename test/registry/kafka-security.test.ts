// The registry (reader, writer and election alike) and the REST proxy (producer, admin, consumers) on secured Kafka:
// the broker's SASL_PLAINTEXT (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512), SSL and SASL_SSL listeners, with a CA made in
// the test. Uses a broker of its own.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startBroker, type RunningBroker } from '../../tools/kafka/broker.ts';
import { makeCertificates, type Certificates } from '../certificates.ts';
import { client, startServer, type ServerProcess } from '../harness.ts';

describe('secured Kafka', () => {
  let broker: RunningBroker;
  let certs: Certificates;
  const servers: ServerProcess[] = [];
  before(async () => {
    certs = makeCertificates();
    broker = await startBroker({
      dataDir: mkdtempSync(join(tmpdir(), 'karapace-secure-')),
      security: { keystorePem: certs.brokerKeystore, users: { alice: 'alice-secret' } },
    });
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await broker.stop();
  });

  const cases: [string, 'SASL_PLAINTEXT' | 'SSL' | 'SASL_SSL', Record<string, unknown>][] = [
    ['SASL_PLAINTEXT with PLAIN', 'SASL_PLAINTEXT', { sasl_mechanism: 'PLAIN' }],
    ['SASL_PLAINTEXT with SCRAM-SHA-256', 'SASL_PLAINTEXT', { sasl_mechanism: 'SCRAM-SHA-256' }],
    ['SSL', 'SSL', {}],
    ['SASL_SSL with SCRAM-SHA-512', 'SASL_SSL', { sasl_mechanism: 'SCRAM-SHA-512' }],
  ];
  for (const [name, listener, extra] of cases) {
    it(`registers, reads, produces and consumes over ${name}`, async () => {
      const sasl = listener.startsWith('SASL') ? { sasl_plain_username: 'alice', sasl_plain_password: 'alice-secret' } : {};
      const tls = listener.endsWith('SSL') ? { ssl_cafile: certs.caFile } : {};
      const server = await startServer({
        config: { bootstrap_uri: broker.listeners[listener], security_protocol: listener, ...sasl, ...tls, ...extra },
      });
      servers.push(server);
      const api = client(server.url);
      const res = await api.post('/subjects/secure/versions', { schema: '{"type":"record","name":"S","fields":[]}' });
      assert.equal(res.status, 200, res.text);
      assert.equal((await api.get('/subjects/secure/versions/1')).body.id, res.body.id);
      assert.equal((await api.get('/_health')).body.status.schema_registry_is_primary, true);

      // The proxy's admin client, producer and a consumer instance, on the same listener.
      const topic = `secure-${listener.toLowerCase()}-${extra.sasl_mechanism ?? 'tls'}`.toLowerCase();
      const created = await api.post(`/v3/clusters/${(await api.get('/v3/clusters')).body.data[0].cluster_id}/topics`,
        { topic_name: topic, partitions_count: 1 }, { 'content-type': 'application/json' });
      assert.equal(created.status, 201, created.text);
      const produced = await api.post(`/topics/${topic}`, { value_schema: '{"type":"record","name":"S","fields":[]}', records: [{ value: {} }] },
        { 'content-type': 'application/vnd.kafka.avro.v2+json' });
      assert.equal(produced.status, 200, produced.text);
      assert.equal(produced.body.offsets[0].offset, 0, produced.text);
      const v2 = { 'content-type': 'application/vnd.kafka.v2+json' };
      assert.equal((await api.post(`/consumers/${topic}`, { name: 'c', format: 'avro', 'auto.offset.reset': 'earliest' }, v2)).status, 200);
      assert.equal((await api.post(`/consumers/${topic}/instances/c/subscription`, { topics: [topic] }, v2)).status, 204);
      let records: unknown[] = [];
      for (const deadline = Date.now() + 30_000; records.length === 0 && Date.now() < deadline;) {
        const res = await api.get(`/consumers/${topic}/instances/c/records?timeout=1000`, { accept: 'application/vnd.kafka.avro.v2+json' });
        assert.equal(res.status, 200, res.text);
        records = res.body;
      }
      assert.deepEqual(records.map((r) => (r as { value: unknown }).value), [{}]);
    });
  }

  it('refuses to start with a wrong password or an untrusted broker certificate, and says why', async () => {
    for (const config of [
      { bootstrap_uri: broker.listeners.SASL_PLAINTEXT, security_protocol: 'SASL_PLAINTEXT', sasl_mechanism: 'SCRAM-SHA-512', sasl_plain_username: 'alice', sasl_plain_password: 'wrong' },
      { bootstrap_uri: broker.listeners.SSL, security_protocol: 'SSL' },
    ]) {
      const server = await startServer({ config, waitHealthy: false });
      const code = server.child.exitCode ?? await new Promise<number | null>((resolve) => server.child.once('exit', resolve));
      assert.equal(code, 1, server.output.join('\n'));
      assert.match(server.output.join('\n'), /cannot start/);
    }
  });
});
