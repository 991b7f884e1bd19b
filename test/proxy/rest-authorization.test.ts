// Delegated authorization (rest_authorization): each caller's Basic credentials or bearer token become its own Kafka
// connection on the SASL listener, so the broker's ACLs decide. A broker of its own enforces ACLs (StandardAuthorizer;
// resources without ACLs stay open), and the ACLs are made through our own v3 ACL API by a server on the PLAINTEXT
// listener, whose principal is a super user.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startBroker, type RunningBroker } from '../../tools/kafka/broker.ts';
import { makeCertificates, type Certificates } from '../certificates.ts';
import { call, client, startServer, type ServerProcess } from '../harness.ts';

const V2 = 'application/vnd.kafka.v2+json';
const BINARY = 'application/vnd.kafka.binary.v2+json';
const V3 = 'application/json';
const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
/** An unsigned JWT, which the broker's default (unsecured) OAUTHBEARER validator accepts. */
const bearer = (sub: string, expiresIn = 3600) => {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return { authorization: `Bearer ${part({ alg: 'none' })}.${part({ sub, iat: now - 60, exp: now + expiresIn })}.` };
};
const alice = basic('alice', 'alice-secret');
const bob = basic('bob', 'bob-secret');

async function eventually<T>(what: string, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('REST proxy with rest_authorization', () => {
  let broker: RunningBroker;
  let certs: Certificates;
  let admin: ServerProcess;
  let proxy: ServerProcess;
  let cluster: string;
  const servers: ServerProcess[] = [];

  before(async () => {
    certs = makeCertificates();
    broker = await startBroker({
      dataDir: mkdtempSync(join(tmpdir(), 'karapace-rest-auth-')),
      security: { keystorePem: certs.brokerKeystore, users: { alice: 'alice-secret', bob: 'bob-secret' }, acls: true },
    });
    admin = await startServer({ config: { bootstrap_uri: broker.bootstrap } });
    proxy = await startServer({
      config: { bootstrap_uri: broker.bootstrap, rest_authorization: true, sasl_bootstrap_uri: broker.listeners.SASL_PLAINTEXT },
    });
    servers.push(admin, proxy);
    cluster = (await client(admin.url).get('/v3/clusters')).body.data[0].cluster_id;
    const api = client(admin.url);
    for (const topic of ['private-orders', 'public-news']) {
      const res = await api.post(`/v3/clusters/${cluster}/topics`, { topic_name: topic, partitions_count: 1 }, { 'content-type': V3 });
      assert.equal(res.status, 201, res.text);
    }
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await broker.stop();
  });

  it('creates, lists and deletes ACLs through the v3 API', async () => {
    const api = client(admin.url);
    const acl = (resource_type: string, resource_name: string, operation: string, principal = 'User:alice') =>
      ({ resource_type, resource_name, pattern_type: 'PREFIXED', principal, host: '*', operation, permission: 'ALLOW' });
    for (const body of [acl('TOPIC', 'private-', 'ALL'), acl('GROUP', 'alice-', 'ALL'), acl('TOPIC', 'scratch-', 'READ', 'User:carol')]) {
      const res = await api.post(`/v3/clusters/${cluster}/acls`, body, { 'content-type': V3 });
      assert.equal(res.status, 201, res.text);
    }
    const listed = await eventually('the ACLs to be listed', async () => {
      const res = await api.get(`/v3/clusters/${cluster}/acls?principal=User:alice`);
      assert.equal(res.status, 200, res.text);
      return res.body.data.length === 2 ? res.body : undefined;
    });
    assert.equal(listed.kind, 'KafkaAclList');
    assert.deepEqual(listed.data.map((a: { resource_name: string }) => a.resource_name).sort(), ['alice-', 'private-']);
    const deleted = await api.delete(`/v3/clusters/${cluster}/acls?principal=User:carol&resource_type=TOPIC`);
    assert.equal(deleted.status, 200, deleted.text);
    assert.deepEqual(deleted.body.data.map((a: { principal: string }) => a.principal), ['User:carol']);
    // ACLs reach the broker's authorizer a moment after they are written.
    await eventually('the ACLs to be enforced', async () => {
      const res = await client(proxy.url).get('/topics', bob);
      return res.status === 200 && !res.body.includes('private-orders') ? true : undefined;
    });
  });

  it('asks for credentials on proxy routes only', async () => {
    const api = client(proxy.url);
    for (const headers of [{}, { authorization: 'Digest abc' }, { authorization: 'Basic !!' }, bearer('alice', -60)]) {
      const res = await api.get('/topics', headers);
      assert.equal(res.status, 401, res.text);
      assert.equal(res.body.error_code, 401);
      assert.equal(res.headers.get('www-authenticate'), 'Basic realm="Karapace REST Proxy"');
    }
    assert.equal((await api.get(`/v3/clusters/${cluster}`)).status, 401);
    assert.equal((await api.get('/subjects')).status, 200, 'the registry does not use rest_authorization');
  });

  it('lets Kafka\'s ACLs decide what each caller sees and does', async () => {
    const api = client(proxy.url);
    const aliceTopics = await api.get('/topics', alice);
    assert.equal(aliceTopics.status, 200, aliceTopics.text);
    assert.ok(aliceTopics.body.includes('private-orders') && aliceTopics.body.includes('public-news'));
    const bobTopics = await api.get('/topics', bob);
    assert.ok(!bobTopics.body.includes('private-orders') && bobTopics.body.includes('public-news'));

    const record = { records: [{ value: Buffer.from('order 1').toString('base64') }] };
    const produced = await api.post('/topics/private-orders', record, { ...alice, 'content-type': BINARY });
    assert.equal(produced.status, 200, produced.text);
    assert.equal(produced.body.offsets[0].error_code, null);
    // v2 answers a topic the caller may not describe as missing (Karapace); v3 says 403 (Confluent).
    const denied = await api.post('/topics/private-orders', record, { ...bob, 'content-type': BINARY });
    assert.equal(denied.status, 404, denied.text);
    assert.equal(denied.body.error_code, 40401);
    assert.equal((await api.get('/topics/private-orders', bob)).status, 404);
    assert.equal((await api.post('/topics/public-news', record, { ...bob, 'content-type': BINARY })).status, 200);

    const v3Denied = await api.get(`/v3/clusters/${cluster}/topics/private-orders`, bob);
    assert.equal(v3Denied.status, 403, v3Denied.text);
    assert.equal((await api.get(`/v3/clusters/${cluster}/topics/private-orders`, alice)).status, 200);
    const v3Records = await api.post(`/v3/clusters/${cluster}/topics/private-orders/records`,
      { value: { type: 'BINARY', data: Buffer.from('order 2').toString('base64') } }, { ...alice, 'content-type': V3 });
    assert.equal(v3Records.status, 200, v3Records.text);
    assert.equal(JSON.parse(v3Records.text.trim()).error_code, 200, v3Records.text);
  });

  it('answers 401 to wrong passwords and keeps nothing of them', async () => {
    const api = client(proxy.url);
    for (let i = 0; i < 2; i++) {
      const res = await api.get('/topics', basic('alice', 'wrong'));
      assert.equal(res.status, 401, res.text);
      assert.equal(res.body.error_code, 40101);
    }
    assert.equal((await api.get('/topics', alice)).status, 200);
  });

  it('keeps each caller\'s consumer instances to that caller', async () => {
    const api = client(proxy.url);
    const created = await api.post('/consumers/alice-readers', { name: 'c1', format: 'binary', 'auto.offset.reset': 'earliest' },
      { ...alice, 'content-type': V2 });
    assert.equal(created.status, 200, created.text);
    const path = '/consumers/alice-readers/instances/c1';
    assert.equal((await api.post(`${path}/subscription`, { topics: ['private-orders'] }, { ...alice, 'content-type': V2 })).status, 204);
    const values = await eventually('alice\'s records', async () => {
      const res = await api.get(`${path}/records?timeout=1000`, { ...alice, accept: BINARY });
      assert.equal(res.status, 200, res.text);
      return res.body.length > 0 ? res.body.map((r: { value: string }) => Buffer.from(r.value, 'base64').toString()) : undefined;
    });
    assert.equal(values[0], 'order 1');
    const notBobs = await api.get(`${path}/subscription`, bob);
    assert.equal(notBobs.status, 404);
    assert.equal(notBobs.body.error_code, 40403);
    assert.equal((await api.delete(path, alice)).status, 204);

    // Bob may read the public topic, but not as a member of alice's groups.
    await api.post('/consumers/alice-borrowed', { name: 'b1', format: 'binary', 'auto.offset.reset': 'earliest' }, { ...bob, 'content-type': V2 });
    await api.post('/consumers/alice-borrowed/instances/b1/subscription', { topics: ['public-news'] }, { ...bob, 'content-type': V2 });
    const refused = await api.get('/consumers/alice-borrowed/instances/b1/records?timeout=1000', { ...bob, accept: BINARY });
    assert.equal(refused.status, 403, refused.text);
    assert.equal(refused.body.error_code, 40301);
  });

  it('connects bearer tokens with OAUTHBEARER', async () => {
    const api = client(proxy.url);
    const record = { records: [{ value: Buffer.from('by token').toString('base64') }] };
    const produced = await api.post('/topics/private-orders', record, { ...bearer('alice'), 'content-type': BINARY });
    assert.equal(produced.status, 200, produced.text);
    const denied = await api.post('/topics/private-orders', record, { ...bearer('bob'), 'content-type': BINARY });
    assert.equal(denied.status, 404, denied.text);
  });

  it('uses the configured SCRAM mechanism, over SASL_SSL when Kafka is reached over TLS', async () => {
    const scram = await startServer({
      config: {
        bootstrap_uri: broker.listeners.SSL, security_protocol: 'SSL', ssl_cafile: certs.caFile,
        rest_authorization: true, sasl_bootstrap_uri: broker.listeners.SASL_SSL, sasl_mechanism: 'SCRAM-SHA-512',
      },
    });
    servers.push(scram);
    const record = { records: [{ value: Buffer.from('over tls').toString('base64') }] };
    const produced = await call(scram.url, 'POST', '/topics/private-orders', record, { ...alice, 'content-type': BINARY });
    assert.equal(produced.status, 200, produced.text);
    const denied = await call(scram.url, 'POST', '/topics/private-orders', record, { ...bob, 'content-type': BINARY });
    assert.equal(denied.status, 404, denied.text);
  });

  it('refuses to start without sasl_bootstrap_uri', async () => {
    const server = await startServer({ config: { bootstrap_uri: broker.bootstrap, rest_authorization: true }, waitHealthy: false });
    const code = server.child.exitCode ?? await new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    assert.notEqual(code, 0);
    assert.match(server.output.join('\n'), /sasl_bootstrap_uri/);
  });
});
