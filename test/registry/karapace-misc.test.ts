// The rest of Karapace's integration tests, replayed against real servers and the real broker: a start on a busy port
// (test_karapace.py), a custom client_id (test_client_id.py), replaying keys in any field order with tombstones and
// re-sent versions (test_key_correction.py), the `sr` group protocol beside a Karapace-shaped member and a graceful
// hand-over (test_schema_coordinator.py), and the TLS reload endpoint (test_tls_reload.py).
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { Admin, FindCoordinatorKeyTypes, kGetApi, kGetConnection, type Connection, type describeGroupsV5 } from '@platformatic/kafka';
import { GroupClient, GroupError } from '../../src/kafka/election/group-client.ts';
import { makeCertificates, type Certificates } from '../certificates.ts';
import { client, kafkaBootstrap, startServer, uniqueTopic, type ServerProcess } from '../harness.ts';
import { produceRaw } from '../schemas-topic.ts';

const json = (v: unknown) => JSON.stringify(v);
/** Quick election timeouts, as election.test.ts uses. */
const TIMEOUTS = { session_timeout_ms: 6000, heartbeat_interval_ms: 500, rebalance_timeout_ms: 10_000 };

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const status = async (url: string) => (await client(url).get('/_health')).body?.status as Record<string, unknown> | undefined;
const portOf = (url: string) => Number(new URL(url).port);

interface GroupMember { clientId: string; memberId: string; metadata: string; assignment: string }

/** The election group as the broker describes it (the raw DescribeGroups: the library's own decodes "consumer" only). */
async function describeGroup(groupId: string): Promise<{ protocolType: string; protocol: string; members: GroupMember[] }> {
  const admin = new Admin({ clientId: 'misc-describe', bootstrapBrokers: [await kafkaBootstrap()] });
  try {
    const [coordinator] = await admin.findCoordinator({ keyType: FindCoordinatorKeyTypes.GROUP, keys: [groupId] });
    const api = await new Promise<(typeof describeGroupsV5)['api']>((resolve, reject) => {
      admin[kGetApi]('DescribeGroups', (error, found) => (error ? reject(error) : resolve(found as (typeof describeGroupsV5)['api'])));
    });
    const connection = await new Promise<Connection>((resolve, reject) => {
      admin[kGetConnection]({ host: coordinator!.host, port: coordinator!.port }, (error, found) => (error ? reject(error) : resolve(found!)));
    });
    const [group] = (await api.async(connection, [groupId], false)).groups;
    return {
      protocolType: group!.protocolType, protocol: group!.protocolData ?? '',
      members: group!.members.map((m) => ({
        clientId: m.clientId, memberId: m.memberId, metadata: m.memberMetadata?.toString() ?? '', assignment: m.memberAssignment?.toString() ?? '',
      })),
    };
  } finally {
    await admin.close();
  }
}

describe('a second start on a busy port (test_karapace.py)', () => {
  let running: ServerProcess;
  before(async () => {
    running = await startServer({ config: TIMEOUTS });
  });
  after(() => running?.stop());

  it('exits with an error at once, and the running node keeps leading', async () => {
    await until(async () => ((await status(running.url))?.schema_registry_is_primary === true ? true : undefined), 'the first node to lead');
    const started = Date.now();
    // Same topic and group, same port: the same URL in the election if it got that far.
    const second = await startServer({ topic: running.topic, config: { ...TIMEOUTS, port: portOf(running.url) }, waitHealthy: false });
    const code = await new Promise<number | null>((resolve) => second.child.once('exit', resolve));
    assert.notEqual(code, 0, second.output.join('\n'));
    assert.ok(Date.now() - started < 10_000, 'Karapace: the process exits within 10 s');
    assert.match(second.output.join('\n'), /EADDRINUSE/);
    // Two eligible members with one URL would have left the group without a leader until the session timeout.
    const health = await status(running.url);
    assert.equal(health?.schema_registry_is_primary, true, JSON.stringify(health));
    const res = await client(running.url).post('/subjects/after-busy-port/versions', { schema: '"string"' });
    assert.equal(res.status, 200, res.text);
  });
});

describe('a custom client_id (test_client_id.py)', () => {
  let server: ServerProcess;
  const clientId = `custom-client-${Math.random().toString(36).slice(2, 8)}`;
  before(async () => {
    server = await startServer({ config: { client_id: clientId } });
  });
  after(() => server?.stop());

  it('serves the registry and produces through the REST proxy', async () => {
    assert.equal((await client(server.url).get('/subjects')).status, 200);
    const topic = `client-id-${Date.now()}`;
    const admin = new Admin({ clientId: 'misc-admin', bootstrapBrokers: [await kafkaBootstrap()] });
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 }).finally(() => admin.close());
    const produced = await until(async () => {
      const res = await client(server.url).post(`/topics/${topic}`, { records: [{ value: { foo: 'bar' } }] },
        { 'content-type': 'application/vnd.kafka.json.v2+json' });
      return res.status === 200 ? res : undefined;
    }, 'the topic to be known');
    assert.equal(produced.body.offsets.length, 1);
    assert.equal(produced.body.offsets[0].partition, 0);
  });

  it('joins the election group as client_id, with protocol type "sr", protocol "v0" and Confluent\'s identity', async () => {
    const group = await until(async () => {
      const g = await describeGroup(`sr${server.topic}`);
      return g.members.length === 1 && g.members[0]!.assignment ? g : undefined;
    }, 'the group to be stable');
    assert.equal(group.protocolType, 'sr');
    assert.equal(group.protocol, 'v0');
    const [member] = group.members;
    // Confluent's coordinator uses client.id (sr-1) and Karapace its client_id: member ids are `<client_id>-<uuid>`.
    assert.equal(member!.clientId, clientId);
    assert.ok(member!.memberId.startsWith(`${clientId}-`), member!.memberId);
    assert.deepEqual(JSON.parse(member!.metadata), { version: 1, host: '127.0.0.1', port: portOf(server.url), master_eligibility: true, scheme: 'http' });
    const assignment = JSON.parse(member!.assignment);
    assert.equal(assignment.error, 0);
    assert.equal(assignment.master, member!.memberId);
    assert.equal(JSON.stringify(assignment.master_identity), member!.metadata, 'the chosen member\'s metadata, verbatim');
  });

  it('answers 503 on the TLS reload endpoint when no reload token is configured', async () => {
    const res = await client(server.url).post('/internal/tls/reload', undefined, { 'x-tls-reload-token': 'anything' });
    assert.equal(res.status, 503);
    assert.deepEqual(res.body, { error_code: 503, message: 'TLS reload token is not configured' });
  });
});

describe('replaying keys in any field order, with tombstones and re-sent versions (test_key_correction.py)', () => {
  const topic = uniqueTopic('keyorder');
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  // JSON Schema's `true` and `false` (Karapace's TRUE_SCHEMA and FALSE_SCHEMA).
  const schema = (subject: string, version: number, id: number, text: 'true' | 'false') =>
    json({ deleted: false, id, subject, version, schemaType: 'JSON', schema: text });

  before(async () => {
    await produceRaw(topic, [
      // _create_basic_test_data: Confluent's key order, then keys in other orders.
      [json({ keytype: 'SCHEMA', subject: 'test-schema-subject', version: 1, magic: 0 }), schema('test-schema-subject', 1, 1, 'true')],
      [json({ magic: 0, subject: 'test-schema-subject', version: 2, keytype: 'SCHEMA' }), schema('test-schema-subject', 2, 2, 'false')],
      [json({ magic: 0, subject: 'test-schema-subject', keytype: 'CONFIG' }), json({ compatibilityLevel: 'NONE' })],
      [json({ magic: 0, subject: 'test-noop-subject', keytype: 'NOOP' }), json({ noop: 'for spec completeness' })],
      [json({ magic: 0, subject: 'test-delete-subject', version: 1, keytype: 'SCHEMA' }), schema('test-delete-subject', 1, 1, 'true')],
      [json({ magic: 0, subject: 'test-delete-subject', keytype: 'DELETE_SUBJECT' }), json({ subject: 'test-delete-subject', version: 1 })],
      // _create_test_data_for_ordering_check: versions 2 and 3 tombstoned (3 never existed), one id under two versions.
      [json({ subject: 'test-ordering', version: 1, magic: 1, keytype: 'SCHEMA' }), schema('test-ordering', 1, 1, 'true')],
      [json({ subject: 'test-ordering', version: 2, magic: 1, keytype: 'SCHEMA' }), schema('test-ordering', 2, 6, 'false')],
      [json({ keytype: 'SCHEMA', subject: 'test-ordering', version: 4, magic: 1 }), schema('test-ordering', 4, 6, 'false')],
      [json({ keytype: 'SCHEMA', subject: 'test-ordering', version: 2, magic: 1 }), null],
      [json({ subject: 'test-ordering', version: 5, magic: 1, keytype: 'SCHEMA' }), schema('test-ordering', 5, 106, 'true')],
      [json({ keytype: 'SCHEMA', subject: 'test-ordering', version: 3, magic: 1 }), null],
      // _create_test_data_for_ordering_edge_case_that_changes_insertion_order: version 1 written again after 2.
      [json({ keytype: 'SCHEMA', subject: 'test-reinserted', version: 1, magic: 1 }), schema('test-reinserted', 1, 1, 'true')],
      [json({ keytype: 'SCHEMA', subject: 'test-reinserted', version: 2, magic: 1 }), schema('test-reinserted', 2, 2, 'false')],
      [json({ keytype: 'SCHEMA', subject: 'test-reinserted', version: 1, magic: 1 }), schema('test-reinserted', 1, 1, 'true')],
      // The marker of Karapace's unreleased key corrector: not a record type any registry knows, so it is skipped.
      ['{"keytype":"KEY_CORRECTION_DONE","magic":0}', ''],
    ]);
    server = await startServer({ topic });
    api = client(server.url);
  });
  after(() => server?.stop());

  it('reads every key order: schemas, subject config, NOOP with a subject, DELETE_SUBJECT', async () => {
    assert.deepEqual((await api.get('/subjects')).body, ['test-ordering', 'test-reinserted', 'test-schema-subject']);
    assert.deepEqual((await api.get('/subjects/test-schema-subject/versions')).body, [1, 2]);
    assert.deepEqual((await api.get('/config/test-schema-subject')).body, { compatibilityLevel: 'NONE' });
    assert.deepEqual((await api.get('/subjects/test-delete-subject/versions?deleted=true')).body, [1], 'DELETE_SUBJECT soft-deletes up to its version');
    assert.equal((await api.get('/subjects/test-noop-subject/versions')).body.error_code, 40401);
  });

  it('keeps versions in order after tombstones, and latest is the highest live version', async () => {
    assert.deepEqual((await api.get('/subjects/test-ordering/versions')).body, [1, 4, 5]);
    const latest = (await api.get('/subjects/test-ordering/versions/latest')).body;
    assert.equal(latest.version, 5);
    assert.equal(latest.id, 106);
    assert.equal((await api.get('/subjects/test-ordering/versions/2')).body.error_code, 40402);
    assert.deepEqual((await api.get('/schemas/ids/6/versions')).body, [{ subject: 'test-ordering', version: 4 }]);
  });

  it('a version written again does not become the latest', async () => {
    assert.deepEqual((await api.get('/subjects/test-reinserted/versions')).body, [1, 2]);
    assert.equal((await api.get('/subjects/test-reinserted/versions/latest')).body.version, 2);
  });

  it('becomes ready past the unknown marker, and new ids follow the highest replayed one', async () => {
    assert.equal((await api.get('/_health')).status, 200);
    const res = await api.post('/subjects/after-replay/versions', { schema: '"string"' });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.id, 107);
  });
});

/**
 * A group member that speaks the `sr` protocol as Karapace's SchemaCoordinator does: its v2 identity (sorted keys,
 * with `karapace_version`), and, when the broker makes it group leader, Karapace's assignment: the eligible member
 * with the lowest URL, its identity rebuilt as v2, `{"master","master_identity","error"}` without `version`.
 */
class KarapaceLikeMember {
  readonly #client: GroupClient;
  readonly #groupId: string;
  readonly metadata: Buffer;
  memberId = '';
  /** The last assignment the coordinator handed this member. */
  assignment: Record<string, any> | undefined;
  #closed = false;
  #loop: Promise<void> = Promise.resolve();

  constructor(bootstrap: string, groupId: string, identity: { host: string; port: number }) {
    this.#groupId = groupId;
    this.#client = new GroupClient({ clientId: 'sr-1', bootstrapBrokers: [bootstrap], requestTimeout: 20_000, retries: 0 });
    this.metadata = Buffer.from(json({ host: identity.host, karapace_version: '6.2.0', master_eligibility: true, port: identity.port, scheme: 'http', version: 2 }));
  }

  start(): this {
    this.#loop = (async () => {
      while (!this.#closed) {
        try {
          const joined = await this.#client.join({
            groupId: this.#groupId, memberId: this.memberId, sessionTimeoutMs: 6000, rebalanceTimeoutMs: 10_000,
            protocolType: 'sr', protocols: [{ name: 'v0', metadata: this.metadata }],
          });
          this.memberId = joined.memberId;
          const assignments = joined.leader === joined.memberId ? KarapaceLikeMember.#assign(joined.members) : [];
          const assignment = await this.#client.sync({
            groupId: this.#groupId, generationId: joined.generationId, memberId: joined.memberId, protocolType: 'sr', protocolName: 'v0', assignments,
          });
          this.assignment = JSON.parse(assignment.toString());
          while (!this.#closed) {
            await new Promise((r) => setTimeout(r, 300));
            if (!this.#closed) await this.#client.heartbeat({ groupId: this.#groupId, generationId: joined.generationId, memberId: joined.memberId });
          }
        } catch (error) {
          if (error instanceof GroupError && error.apiId === 'MEMBER_ID_REQUIRED') this.memberId = (error.response as { memberId: string }).memberId;
          else if (error instanceof GroupError && error.apiId === 'UNKNOWN_MEMBER_ID') this.memberId = '';
          else if (!(error instanceof GroupError)) await new Promise((r) => setTimeout(r, 200));
        }
      }
    })();
    return this;
  }

  static #assign(members: readonly { memberId: string; metadata: Buffer }[]) {
    const urls = new Map<string, { memberId: string; identity: Record<string, any> }>();
    for (const m of members) {
      const identity = JSON.parse(m.metadata.toString()) as Record<string, any>;
      if (identity.master_eligibility) urls.set(`${identity.scheme}://${identity.host}:${identity.port}`, { memberId: m.memberId, identity });
    }
    const chosen = urls.get([...urls.keys()].sort()[0]!)!;
    const { host, port, scheme, master_eligibility } = chosen.identity;
    const body = Buffer.from(json({ master: chosen.memberId, master_identity: { host, karapace_version: '6.2.0', master_eligibility, port, scheme, version: 2 }, error: 0 }));
    return members.map((m) => ({ memberId: m.memberId, assignment: body }));
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.memberId) await this.#client.leave({ groupId: this.#groupId, memberId: this.memberId }).catch(() => undefined);
    await this.#client.close().catch(() => undefined);
    await this.#loop;
  }
}

const leaderOf = async (url: string) => {
  const s = await status(url);
  return s ? { url: s.schema_registry_primary_url, primary: s.schema_registry_is_primary } : undefined;
};

describe('the sr group beside a Karapace node (test_schema_coordinator.py)', () => {
  const started: ServerProcess[] = [];
  const members: KarapaceLikeMember[] = [];
  after(async () => {
    await Promise.all(members.map((m) => m.close()));
    await Promise.all(started.map((s) => s.stop()));
  });

  it('follows the assignment a Karapace group leader computes', async () => {
    const topic = uniqueTopic('kp-leader');
    // First in the group, so the broker makes it the group leader; "0-karapace" sorts below "127.0.0.1".
    const member = new KarapaceLikeMember(await kafkaBootstrap(), `sr${topic}`, { host: '0-karapace', port: 8081 }).start();
    members.push(member);
    await until(async () => (member.assignment ? true : undefined), 'the Karapace member to be assigned');
    const node = await startServer({ topic, config: TIMEOUTS });
    started.push(node);
    const seen = await until(async () => {
      const l = await leaderOf(node.url);
      return l?.url === 'http://0-karapace:8081' ? l : undefined;
    }, 'our node to name the Karapace member as leader');
    assert.equal(seen.primary, false);
    assert.equal(member.assignment?.master, member.memberId);
  });

  it('as group leader, names itself to a Karapace member with a higher URL, and copies a lower one\'s identity verbatim', async () => {
    const topic = uniqueTopic('our-leader');
    const node = await startServer({ topic, config: TIMEOUTS });
    started.push(node);
    await until(async () => ((await leaderOf(node.url))?.primary === true ? true : undefined), 'our node to lead alone');

    const higher = new KarapaceLikeMember(await kafkaBootstrap(), `sr${topic}`, { host: 'zz-karapace', port: 8081 }).start();
    members.push(higher);
    // Karapace reads `master` and `master_identity` (scheme, host, port, master_eligibility) from what we assign.
    const ours = await until(async () => (higher.assignment?.master_identity?.port === portOf(node.url) ? higher.assignment : undefined), 'our assignment');
    assert.equal(ours.error, 0);
    assert.notEqual(ours.master, higher.memberId);
    assert.deepEqual({ ...ours.master_identity }, { version: 1, host: '127.0.0.1', port: portOf(node.url), master_eligibility: true, scheme: 'http' });
    assert.equal((await leaderOf(node.url))?.primary, true);
    await higher.close();

    const lower = new KarapaceLikeMember(await kafkaBootstrap(), `sr${topic}`, { host: '0-karapace', port: 8081 }).start();
    members.push(lower);
    const theirs = await until(async () => (lower.assignment?.master === lower.memberId ? lower.assignment : undefined), 'the Karapace member to be chosen');
    // Its own metadata, verbatim: Karapace's v2 identity with karapace_version, so it recognises itself.
    assert.equal(json(theirs.master_identity), lower.metadata.toString());
    const seen = await until(async () => {
      const l = await leaderOf(node.url);
      return l?.url === 'http://0-karapace:8081' ? l : undefined;
    }, 'our node to follow the Karapace member');
    assert.equal(seen.primary, false);
  });

  it('hands leadership over at once when the leader stops (it leaves the group rather than waiting out its session)', async () => {
    const topic = uniqueTopic('handover');
    const config = { ...TIMEOUTS, session_timeout_ms: 20_000 };
    const nodes = [await startServer({ topic, config }), await startServer({ topic, config })];
    started.push(...nodes);
    const leaderUrl = await until(async () => {
      const all = await Promise.all(nodes.map((n) => leaderOf(n.url)));
      return all.every((l) => l?.url && l.url === all[0]?.url) && all.filter((l) => l?.primary).length === 1 ? all[0]!.url as string : undefined;
    }, 'one leader');
    const leader = nodes.find((n) => n.url === leaderUrl)!;
    const other = nodes.find((n) => n !== leader)!;
    const stoppedAt = Date.now();
    await leader.stop();
    await until(async () => ((await leaderOf(other.url))?.primary === true ? true : undefined), 'the other node to lead', 30_000);
    const ms = Date.now() - stoppedAt;
    assert.ok(ms < 10_000, `took ${ms} ms; a session timeout is 20 s`);
    assert.equal((await client(other.url).post('/subjects/handed-over/versions', { schema: '"int"' })).status, 200);
  });
});

describe('POST /internal/tls/reload (test_tls_reload.py)', () => {
  let first: Certificates;
  let second: Certificates;
  let dir: string;
  let server: ServerProcess;
  let url: string;
  const files = () => ({ cert: join(dir, 'server.crt'), key: join(dir, 'server.key'), ca: join(dir, 'ca.crt') });
  const install = (certs: Certificates, key = certs.serverKey) => {
    copyFileSync(certs.serverCert, files().cert);
    copyFileSync(key, files().key);
    copyFileSync(certs.caFile, files().ca);
  };

  /** The fingerprint of the certificate the server presents, verified against `ca`. */
  const servedFingerprint = (ca: Buffer) => new Promise<string>((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: portOf(url), ca, servername: 'localhost' }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.on('error', reject);
  });
  const fingerprintOf = (certs: Certificates) => new X509Certificate(certs.read(certs.serverCert)).fingerprint256;

  const reload = (token?: string) => new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = request(new URL('/internal/tls/reload', url), {
      method: 'POST', rejectUnauthorized: false, headers: token === undefined ? {} : { 'x-tls-reload-token': token },
    }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => { text += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });

  before(async () => {
    first = makeCertificates();
    second = makeCertificates();
    dir = mkdtempSync(join(tmpdir(), 'karapace-reload-'));
    install(first);
    server = await startServer({
      waitHealthy: false,
      config: { server_tls_certfile: files().cert, server_tls_keyfile: files().key, server_tls_cafile: files().ca, server_tls_reload_token: 'reload-secret' },
    });
    url = server.url.replace('http://', 'https://');
    await until(async () => ((await reload().catch(() => undefined)) ? true : undefined), 'the HTTPS server to listen');
  });
  after(() => server?.stop());

  it('refuses a missing or wrong token with 403', async () => {
    for (const token of [undefined, '', 'wrong']) {
      const res = await reload(token);
      assert.equal(res.status, 403, String(token));
      assert.deepEqual(res.body, { error_code: 403, message: 'Invalid TLS reload token' });
    }
  });

  it('keeps serving the old certificate when the new files do not load', async () => {
    install(second, first.serverKey);
    const res = await reload('reload-secret');
    assert.equal(res.status, 500);
    assert.match(res.body.message, /^Failed to reload TLS context: /);
    assert.equal(await servedFingerprint(first.read(first.caFile)), fingerprintOf(first));
  });

  it('serves new connections with the new certificate, then refuses a reload within 5 s', async () => {
    install(second);
    const reloadedAfter = Date.now();
    const res = await reload('reload-secret');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'ok');
    assert.equal(res.body.mode, 'live');
    assert.ok(Date.parse(res.body.reloaded_at) >= reloadedAfter - 1000, res.body.reloaded_at);
    assert.equal(await servedFingerprint(second.read(second.caFile)), fingerprintOf(second));
    await assert.rejects(servedFingerprint(first.read(first.caFile)), 'the old CA no longer verifies the server');
    const again = await reload('reload-secret');
    assert.equal(again.status, 500);
    assert.deepEqual(again.body, { error_code: 500, message: 'TLS reload is requested too frequently' });
  });
});
