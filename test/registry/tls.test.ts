// HTTPS: the server on TLS 1.2+ with a CA made here, client certificates none/optional/required, a wrong client
// certificate refused, and two HTTPS nodes forwarding writes to each other through the CA.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { after, before, describe, it } from 'node:test';
import { makeCertificates, type Certificates } from '../certificates.ts';
import { startServer, uniqueTopic, type ServerProcess } from '../harness.ts';

interface Tls { ca?: Buffer; cert?: Buffer; key?: Buffer; maxVersion?: 'TLSv1.1' }

function call(url: string, method: string, path: string, tls: Tls, body?: unknown, type = 'application/vnd.schemaregistry.v1+json'): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(new URL(path, url), {
      method, ...tls, headers: payload ? { 'content-type': type } : {},
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function healthy(server: ServerProcess, tls: Tls, leaderExpected = true): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const answer = await call(server.url, 'GET', '/_health', tls).catch(() => undefined);
    if (answer?.status === 200 && (!leaderExpected || answer.body.status.schema_registry_primary_url)) return;
    if (Date.now() > deadline) throw new Error(`not healthy:\n${server.output.join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const https = (server: ServerProcess) => ({ ...server, url: server.url.replace('http://', 'https://') });

describe('HTTPS', () => {
  let certs: Certificates;
  let trust: Tls;
  let client: Tls;
  const started: ServerProcess[] = [];
  const start = async (config: Record<string, unknown>, topic?: string) => {
    const server = https(await startServer({
      waitHealthy: false, ...(topic ? { topic } : {}),
      config: { server_tls_certfile: certs.serverCert, server_tls_keyfile: certs.serverKey, server_tls_cafile: certs.caFile, ...config },
    }));
    started.push(server);
    return server;
  };
  before(() => {
    certs = makeCertificates();
    trust = { ca: certs.read(certs.caFile) };
    client = { ...trust, cert: certs.read(certs.clientCert), key: certs.read(certs.clientKey) };
  });
  after(() => Promise.all(started.map((s) => s.stop())));

  it('serves HTTPS without client certificates, TLS 1.2 at least, and advertises https', async () => {
    const server = await start({ server_tls_client_auth: 'none' });
    await healthy(server, trust);
    const res = await call(server.url, 'POST', '/subjects/tls/versions', trust, { schema: '"string"' });
    assert.equal(res.status, 200);
    const health = await call(server.url, 'GET', '/_health', trust);
    assert.match(health.body.status.schema_registry_primary_url, /^https:\/\/127\.0\.0\.1:\d+$/);
    await assert.rejects(call(server.url, 'GET', '/subjects', { ...trust, maxVersion: 'TLSv1.1' }));
    await assert.rejects(call(server.url, 'GET', '/subjects', {}), 'an untrusted server certificate is refused by the client');
  });

  it('requires a client certificate signed by the CA when client auth is required', async () => {
    const server = await start({ server_tls_client_auth: 'required' });
    await healthy(server, client);
    assert.deepEqual((await call(server.url, 'GET', '/subjects', client)).body, []);
    await assert.rejects(call(server.url, 'GET', '/subjects', trust), 'no client certificate');
    const stranger = { ...trust, cert: certs.read(certs.strangerCert), key: certs.read(certs.strangerKey) };
    await assert.rejects(call(server.url, 'GET', '/subjects', stranger), 'a certificate from another CA');
  });

  it('accepts clients with or without a certificate when client auth is optional', async () => {
    const server = await start({ server_tls_client_auth: 'optional' });
    await healthy(server, trust);
    assert.equal((await call(server.url, 'GET', '/subjects', trust)).status, 200);
    assert.equal((await call(server.url, 'GET', '/subjects', client)).status, 200);
  });

  it('forwards writes between HTTPS nodes that require client certificates', async () => {
    const topic = uniqueTopic();
    const nodes = [await start({ server_tls_client_auth: 'required' }, topic), await start({ server_tls_client_auth: 'required' }, topic)];
    await Promise.all(nodes.map((n) => healthy(n, client)));
    for (const [i, node] of nodes.entries()) {
      const res = await call(node.url, 'POST', `/subjects/fwd-${i}/versions`, client, { schema: `{"type":"enum","name":"E${i}","symbols":["A"]}` });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal((await call(node.url, 'GET', `/subjects/fwd-${i}/versions/1`, client)).body.id, res.body.id);
    }
    // The REST proxy on either node registers a new schema for a produced record: a follower has the leader do it.
    const cluster = (await call(nodes[0]!.url, 'GET', '/v3/clusters', client)).body.data[0].cluster_id;
    for (const [i, node] of nodes.entries()) {
      const topic = `tls-produce-${i}-${Date.now()}`;
      const created = await call(node.url, 'POST', `/v3/clusters/${cluster}/topics`, client, { topic_name: topic, partitions_count: 1 }, 'application/json');
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const schema = JSON.stringify({ type: 'record', name: `P${i}`, fields: [{ name: 'n', type: 'int' }] });
      const produced = await call(node.url, 'POST', `/topics/${topic}`, client, { value_schema: schema, records: [{ value: { n: i } }] },
        'application/vnd.kafka.avro.v2+json');
      assert.equal(produced.status, 200, JSON.stringify(produced.body));
      const registered = await call(node.url, 'GET', `/subjects/${topic}-value/versions/1`, client);
      assert.equal(registered.body.id, produced.body.value_schema_id);
    }
  });
});
