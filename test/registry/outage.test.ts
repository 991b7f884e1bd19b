// A Kafka outage: reads keep being served from memory, writes answer 50x (nothing is acknowledged that was not
// written), /_health says so, and everything recovers by itself when Kafka is back: two nodes rejoin their election
// group and elect a leader again without help. Uses a broker of its own.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startBroker, type RunningBroker } from '../../tools/kafka/broker.ts';
import { client, startServer, type ServerProcess } from '../harness.ts';

async function until(check: () => Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('Kafka outage', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'karapace-outage-'));
  let broker: RunningBroker;
  let server: ServerProcess;
  let other: ServerProcess;
  let api: ReturnType<typeof client>;
  before(async () => {
    broker = await startBroker({ dataDir });
    const config = { bootstrap_uri: broker.bootstrap, schema_write_timeout_ms: 5000, session_timeout_ms: 4000, heartbeat_interval_ms: 500 };
    server = await startServer({ config });
    other = await startServer({ topic: server.topic, config });
    api = client(server.url);
  });
  after(async () => {
    await Promise.all([server.stop(), other.stop()]);
    await broker.stop();
  });

  it('serves reads, fails writes with 50x, and recovers', async () => {
    const first = await api.post('/subjects/o/versions', { schema: '"int"' });
    assert.equal(first.status, 200);
    await broker.stop();

    assert.equal((await api.get('/subjects/o/versions/1')).status, 200, 'reads come from memory');
    const write = await api.post('/subjects/o2/versions', { schema: '"long"' });
    assert.equal(write.status, 500, write.text);
    // Produce failed (50001), not read back (50002), or the leader lost its group membership with Kafka (50004).
    assert.ok([50001, 50002, 50004].includes(write.body.error_code), write.text);
    await until(async () => (await api.get('/_health')).status === 503, 'health to report the outage');

    broker = await startBroker({ dataDir, preferredPort: broker.port });
    await until(async () => (await api.get('/_health')).status === 200, 'health to recover');
    await until(async () => {
      const states = await Promise.all([server, other].map(async (n) => (await client(n.url).get('/_health')).body?.status));
      return states.filter((s) => s?.schema_registry_is_primary === true).length === 1
        && states[0]?.schema_registry_primary_url === states[1]?.schema_registry_primary_url;
    }, 'a leader to be elected again');
    const again = await api.post('/subjects/o2/versions', { schema: '"long"' });
    assert.equal(again.status, 200, again.text);
    assert.deepEqual((await api.get('/subjects')).body, ['o', 'o2']);
    const third = await client(other.url).post('/subjects/o3/versions', { schema: '"string"' });
    assert.equal(third.status, 200, third.text);
    assert.deepEqual((await client(other.url).get('/subjects')).body, ['o', 'o2', 'o3']);
  });
});
