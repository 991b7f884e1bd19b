// Several registry nodes on one schemas topic and one election group: exactly one leader, writes through every node,
// identical answers everywhere, failover after kill -9 of the leader with nothing acknowledged lost, and a
// Confluent-shaped member (a raw-protocol client written here) winning the election so our nodes forward to it.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { GroupClient, GroupError } from '../../src/kafka/election/group-client.ts';
import { client, kafkaBootstrap, startServer, uniqueTopic, type ServerProcess } from '../harness.ts';

// Shorter than the defaults (10 s session, 3 s heartbeat) so the failover test is quick;
// ELECTION_TEST_DEFAULT_TIMEOUTS=1 measures the failover with the defaults.
const TIMEOUTS = process.env.ELECTION_TEST_DEFAULT_TIMEOUTS === '1'
  ? { session_timeout_ms: 10_000, heartbeat_interval_ms: 3000, rebalance_timeout_ms: 300_000 }
  : { session_timeout_ms: 4000, heartbeat_interval_ms: 500, rebalance_timeout_ms: 10_000 };

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

/** Waits until every node names the same leader; answers its URL (or null when all agree there is none). */
async function agreedLeader(nodes: readonly ServerProcess[], expectLeader = true): Promise<string | null> {
  return until(async () => {
    const states = await Promise.all(nodes.map((n) => status(n.url)));
    const urls = new Set(states.map((s) => s?.schema_registry_primary_url));
    const leaders = states.filter((s) => s?.schema_registry_is_primary === true).length;
    if (urls.size !== 1) return undefined;
    const [url] = [...urls] as (string | null)[];
    if (expectLeader ? (leaders === 1 && url) : (leaders === 0 && url === null)) return url ?? null;
    return undefined;
  }, 'the nodes to agree on the leader');
}

const avro = (name: string) => ({ schema: JSON.stringify({ type: 'record', name, fields: [{ name: 'f', type: 'string' }] }) });

describe('several nodes', () => {
  const topic = uniqueTopic();
  let nodes: ServerProcess[] = [];
  before(async () => {
    nodes = await Promise.all([0, 1, 2].map(() => startServer({ topic, config: TIMEOUTS })));
  });
  after(() => Promise.all(nodes.map((n) => n.stop())));

  it('elect exactly one leader, the lowest URL, and take writes through every node', async () => {
    const leader = await agreedLeader(nodes);
    assert.equal(leader, nodes.map((n) => n.url).sort()[0]);
    for (const [i, node] of nodes.entries()) {
      const api = client(node.url);
      const res = await api.post(`/subjects/multi-${i}/versions`, avro(`R${i}`));
      assert.equal(res.status, 200, res.text);
      // Read-your-writes on the node written through, even when it forwarded the write.
      assert.equal((await api.get(`/subjects/multi-${i}/versions/latest`)).body.id, res.body.id);
      const config = await api.put(`/config/multi-${i}`, { compatibility: 'NONE' });
      assert.equal(config.status, 200, config.text);
      assert.equal((await api.get(`/config/multi-${i}`)).body.compatibilityLevel, 'NONE');
    }
    const answers = async (path: string) => Promise.all(nodes.map(async (n) => (await client(n.url).get(path)).text));
    for (const path of ['/schemas', '/subjects']) {
      await until(async () => (new Set(await answers(path)).size === 1 ? true : undefined), `identical ${path}`);
    }
    assert.equal(JSON.parse((await answers('/subjects'))[0]!).filter((s: string) => s.startsWith('multi-')).length, 3);
    for (const node of nodes) assert.deepEqual((await client(node.url).get('/master_available')).body, { master_available: true });
  });

  it('fail over after kill -9 of the leader, losing no acknowledged write and giving no id twice', async () => {
    const leaderUrl = await agreedLeader(nodes);
    const acknowledged = new Map<string, number>();
    let stop = false;
    let lastFailure = 0;
    let killedAt = 0;
    let firstSuccessAfterKill = 0;
    const writer = async (node: ServerProcess, w: number) => {
      for (let n = 0; !stop; n++) {
        const subject = `load-${w}-${n}`;
        try {
          const started = Date.now();
          const res = await client(node.url).post(`/subjects/${subject}/versions`, avro(`L${w}x${n}`));
          if (res.status === 200) {
            acknowledged.set(subject, res.body.id);
            if (killedAt && started > killedAt && !firstSuccessAfterKill) firstSuccessAfterKill = Date.now();
          } else {
            lastFailure = Date.now();
            await new Promise((r) => setTimeout(r, 50));
          }
        } catch {
          // The killed node refuses connections.
          if (node.url === leaderUrl && killedAt) return;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };
    const writers = nodes.map((node, w) => writer(node, w));
    await until(async () => (acknowledged.size >= 20 ? true : undefined), 'writes before the kill');
    const leader = nodes.find((n) => n.url === leaderUrl)!;
    killedAt = Date.now();
    leader.child.kill('SIGKILL');
    const survivors = nodes.filter((n) => n !== leader);
    await until(async () => (firstSuccessAfterKill ? true : undefined), 'a write to succeed after the kill', 60_000);
    const failoverMs = firstSuccessAfterKill - killedAt;
    process.stdout.write(`# failover: writes succeed again ${failoverMs} ms after kill -9 of the leader (session timeout ${TIMEOUTS.session_timeout_ms} ms)\n`);
    await new Promise((r) => setTimeout(r, 1000));
    stop = true;
    await Promise.all(writers);
    assert.ok(lastFailure >= killedAt, 'writes failed while there was no leader');
    assert.ok(failoverMs < 15_000, `failover took ${failoverMs} ms`);

    const newLeader = await agreedLeader(survivors);
    assert.notEqual(newLeader, leaderUrl);
    const ids = [...acknowledged.values()];
    assert.equal(new Set(ids).size, ids.length, 'no id was given twice');
    for (const node of survivors) {
      const api = client(node.url);
      await until(async () => ((await api.get('/_health')).body?.status?.schema_registry_reader_current_offset
        === (await client(survivors[0]!.url).get('/_health')).body?.status?.schema_registry_reader_current_offset ? true : undefined), 'readers to agree');
      for (const [subject, id] of acknowledged) {
        const res = await api.get(`/subjects/${subject}/versions/1`);
        assert.equal(res.status, 200, `${subject} lost on ${node.url}: ${res.text}`);
        assert.equal(res.body.id, id, `${subject} has another id`);
      }
    }
    const [a, b] = await Promise.all(survivors.map(async (n) => (await client(n.url).get('/schemas?deleted=true')).text));
    assert.equal(a, b, 'the survivors hold equal states');
    nodes = survivors;
  });
});

/** A group member that speaks the `sr` protocol as Confluent Schema Registry does: v1 identity with `leader:false`,
 *  and (when the broker makes it group leader) Confluent's assignment, built from the parsed identity. */
class ConfluentLikeMember {
  readonly #client: GroupClient;
  readonly #metadata: Buffer;
  #memberId = '';
  #closed = false;
  #loop: Promise<void> = Promise.resolve();

  readonly groupId: string;

  constructor(bootstrap: string, groupId: string, identity: { host: string; port: number; eligible: boolean }) {
    this.groupId = groupId;
    this.#client = new GroupClient({ clientId: 'sr-1', bootstrapBrokers: [bootstrap], requestTimeout: 20_000, retries: 0 });
    this.#metadata = Buffer.from(JSON.stringify({ version: 1, host: identity.host, port: identity.port, master_eligibility: identity.eligible, scheme: 'http', leader: false }));
  }

  start(): void {
    this.#loop = (async () => {
      while (!this.#closed) {
        try {
          const joined = await this.#client.join({ groupId: this.groupId, memberId: this.#memberId, sessionTimeoutMs: 4000, rebalanceTimeoutMs: 10_000, protocolType: 'sr', protocols: [{ name: 'v0', metadata: this.#metadata }] });
          this.#memberId = joined.memberId;
          const assignments = joined.leader === joined.memberId ? this.#assign(joined.members) : [];
          await this.#client.sync({ groupId: this.groupId, generationId: joined.generationId, memberId: joined.memberId, protocolType: 'sr', protocolName: 'v0', assignments });
          while (!this.#closed) {
            await new Promise((r) => setTimeout(r, 300));
            if (!this.#closed) await this.#client.heartbeat({ groupId: this.groupId, generationId: joined.generationId, memberId: joined.memberId });
          }
        } catch (error) {
          if (error instanceof GroupError && error.apiId === 'MEMBER_ID_REQUIRED') this.#memberId = (error.response as { memberId: string }).memberId;
          else if (error instanceof GroupError && error.apiId === 'UNKNOWN_MEMBER_ID') this.#memberId = '';
          else if (!(error instanceof GroupError)) await new Promise((r) => setTimeout(r, 200));
        }
      }
    })();
  }

  #assign(members: readonly { memberId: string; metadata: Buffer }[]) {
    const parsed = members.map((m) => ({ memberId: m.memberId, identity: JSON.parse(m.metadata.toString()) as { host: string; port: number; scheme: string; master_eligibility: boolean } }));
    const eligible = parsed.filter((m) => m.identity.master_eligibility)
      .map((m) => ({ ...m, url: `${m.identity.scheme}://${m.identity.host}:${m.identity.port}` }))
      .sort((x, y) => (x.url < y.url ? -1 : 1));
    const chosen = eligible[0];
    const body = Buffer.from(JSON.stringify(chosen ? { version: 1, error: 0, master: chosen.memberId, master_identity: chosen.identity } : { version: 1, error: 0 }));
    return members.map((m) => ({ memberId: m.memberId, assignment: body }));
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#memberId) await this.#client.leave({ groupId: this.groupId, memberId: this.#memberId }).catch(() => undefined);
    await this.#client.close().catch(() => undefined);
    await this.#loop;
  }
}

describe('a Confluent-shaped member in the group', () => {
  const topic = uniqueTopic();
  const received: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];
  let fake: Server;
  let fakePort = 0;
  let member: ConfluentLikeMember;
  let node: ServerProcess;
  before(async () => {
    // Stands in for the Confluent node's REST API: records what was forwarded and answers as a leader would.
    fake = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => {
        received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'application/vnd.schemaregistry.v1+json' }).end('{"id":4242}');
      });
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', () => r()));
    fakePort = (fake.address() as { port: number }).port;
    node = await startServer({ topic, config: { ...TIMEOUTS, advertised_hostname: 'zz-our-node' } });
  });
  after(async () => {
    await member?.close();
    await node.stop();
    await new Promise((r) => fake.close(r));
  });

  it('is elected when its URL sorts lowest, and our node forwards writes to it with Confluent\'s headers', async () => {
    member = new ConfluentLikeMember(await kafkaBootstrap(), `sr${topic}`, { host: '127.0.0.1', port: fakePort, eligible: true });
    member.start();
    const url = await until(async () => {
      const s = await status(node.url);
      return s?.schema_registry_primary_url === `http://127.0.0.1:${fakePort}` ? s.schema_registry_primary_url : undefined;
    }, 'the Confluent-shaped member to lead');
    assert.equal(url, `http://127.0.0.1:${fakePort}`);
    assert.equal((await status(node.url))?.schema_registry_is_primary, false);

    const res = await client(node.url).post('/subjects/fwd/versions?normalize=true', avro('Fwd'), { authorization: 'Basic dTpw', 'x-request-id': 'req-1' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, { id: 4242 }, 'the leader\'s answer passes through');
    const forwarded = received.find((r) => r.url === '/subjects/fwd/versions?normalize=true');
    assert.ok(forwarded, JSON.stringify(received));
    assert.equal(forwarded.method, 'POST');
    assert.equal(forwarded.headers['x-forward'], 'true');
    assert.equal(forwarded.headers.authorization, 'Basic dTpw');
    assert.equal(forwarded.headers['x-request-id'], 'req-1');
    assert.deepEqual(JSON.parse(forwarded.body), avro('Fwd'));
    // A request that was itself forwarded is never forwarded again.
    const loop = await client(node.url).post('/subjects/fwd2/versions', avro('Fwd2'), { 'x-forward': 'true' });
    assert.equal(loop.body.error_code, 50004, loop.text);
    await member.close();
  });

  it('answers 50003 when the leader cannot be reached', async () => {
    await new Promise((r) => fake.close(r));
    fake.closeAllConnections();
    member = new ConfluentLikeMember(await kafkaBootstrap(), `sr${topic}`, { host: '127.0.0.1', port: fakePort, eligible: true });
    member.start();
    await until(async () => ((await status(node.url))?.schema_registry_primary_url === `http://127.0.0.1:${fakePort}` ? true : undefined), 'the member to lead again');
    const res = await client(node.url).post('/subjects/fwd3/versions', avro('Fwd3'));
    assert.equal(res.status, 500, res.text);
    assert.equal(res.body.error_code, 50003);
    assert.deepEqual((await client(node.url).get('/master_available')).body, { master_available: false });
    await member.close();
    fake = createServer();
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', () => r()));
  });
});

describe('no eligible node', () => {
  let nodes: ServerProcess[] = [];
  before(async () => {
    const topic = uniqueTopic();
    nodes = await Promise.all([0, 1].map(() => startServer({ topic, config: { ...TIMEOUTS, master_eligibility: false } })));
  });
  after(() => Promise.all(nodes.map((n) => n.stop())));

  it('serves reads, and writes answer 50004', async () => {
    assert.equal(await agreedLeader(nodes, false), null);
    const res = await client(nodes[0]!.url).post('/subjects/x/versions', avro('X'));
    assert.equal(res.status, 500, res.text);
    assert.deepEqual(res.body, { error_code: 50004, message: 'Leader not known.' });
    assert.deepEqual((await client(nodes[1]!.url).get('/subjects')).body, []);
    assert.deepEqual((await client(nodes[1]!.url).get('/master_available')).body, { master_available: false });
  });
});
