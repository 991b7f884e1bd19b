// Operations: GET /metrics in Prometheus text format moving with traffic, X-Request-ID honoured and echoed, and the
// access log (on at INFO as Karapace does, moved to DEBUG by access_logs_debug).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../tools/kafka/broker.ts';
import { client, kafkaBootstrap, startServer, uniqueTopic, type ServerProcess } from '../harness.ts';

interface Sample { readonly name: string; readonly labels: Record<string, string>; readonly value: number }

/** A strict reader of Prometheus' text exposition format (0.0.4): every line must be a comment or a sample. */
function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/.exec(line);
    assert.ok(match, `not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[4]) });
  }
  return samples;
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);

describe('operations', () => {
  let server: ServerProcess;
  let quiet: ServerProcess;
  before(async () => {
    [server, quiet] = await Promise.all([
      startServer({ config: { log_level: 'INFO' } }),
      startServer({ config: { log_level: 'INFO', access_logs_debug: true } }),
    ]);
  });
  after(() => Promise.all([server.stop(), quiet.stop()]));

  it('serves Prometheus metrics that move with the traffic', async () => {
    const api = client(server.url);
    const scrape = async () => {
      const res = await api.get('/metrics', { accept: 'text/plain' });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
      return parsePrometheus(res.text);
    };
    const before = await scrape();
    const register = { method: 'POST', route: '/subjects/:subject/versions', status: '200' };
    for (let i = 0; i < 3; i++) {
      assert.equal((await api.post(`/subjects/metrics-${i}/versions`, { schema: `{"type":"fixed","name":"F${i}","size":${i + 1}}` })).status, 200);
    }
    await api.delete('/subjects/metrics-0');
    assert.equal((await api.get('/subjects/nope/versions')).status, 404);
    const afterwards = await scrape();
    assert.equal(value(afterwards, 'http_request_duration_seconds_count', register) - value(before, 'http_request_duration_seconds_count', register), 3);
    assert.ok(value(afterwards, 'http_request_duration_seconds_count', { status: '404' }) >= 1);
    assert.ok(value(afterwards, 'http_request_duration_seconds_bucket', { ...register, le: '+Inf' }) >= 3);
    assert.equal(value(afterwards, 'karapace_schema_reader_schemas') - value(before, 'karapace_schema_reader_schemas'), 3);
    assert.equal(value(afterwards, 'karapace_schema_reader_subject_data_schema_versions', { state: 'soft_deleted' }), 1);
    assert.equal(value(afterwards, 'karapace_schema_reader_subject_data_schema_versions', { state: 'live' }), 2);
    assert.equal(value(afterwards, 'karapace_schema_reader_lag'), 0);
    assert.ok(value(afterwards, 'karapace_schema_reader_offset') >= 3);
    assert.equal(value(afterwards, 'karapace_leader'), 1);
    assert.ok(value(afterwards, 'process_resident_memory_bytes') > 0);
    assert.ok(afterwards.some((s) => s.name.startsWith('nodejs_eventloop_lag')));
  });

  it('names its clusters and version under /v1/metadata, as Confluent', async () => {
    const api = client(server.url);
    const id = await api.get('/v1/metadata/id');
    assert.equal(id.status, 200, id.text);
    const kafkaCluster = (await api.get('/v3/clusters')).body.data[0].cluster_id;
    assert.deepEqual(id.body, { scope: { path: [], clusters: { 'kafka-cluster': kafkaCluster, 'schema-registry-cluster': `sr${server.topic}` } } });
    const version = await api.get('/v1/metadata/version');
    const expected = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    assert.deepEqual(version.body, { version: expected, commitId: '' });
  });

  it('echoes X-Request-ID, or makes one, and writes an access log line with it', async () => {
    const api = client(server.url);
    const given = await api.get('/subjects', { 'x-request-id': 'trace-me-42' });
    assert.equal(given.headers.get('x-request-id'), 'trace-me-42');
    const made = await api.get('/subjects');
    assert.match(made.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    const deadline = Date.now() + 5000;
    let line: Record<string, unknown> | undefined;
    while (!line && Date.now() < deadline) {
      line = server.output.map((l) => { try { return JSON.parse(l) as Record<string, unknown>; } catch { return undefined; } })
        .find((l) => l?.req_id === 'trace-me-42');
      if (!line) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(line, server.output.join('\n'));
    assert.equal(line.status, 200);
    assert.equal(line.url, '/subjects');
    assert.equal(line.level, 30);

    await client(quiet.url).get('/subjects', { 'x-request-id': 'not-logged' });
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(!quiet.output.some((l) => l.includes('not-logged')), 'access_logs_debug moves the access log to debug');
  });
});

describe('npm start', () => {
  it('stops the server when the npm process that started it is gone (npm does not pass SIGTERM on)', async () => {
    const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
    const port = await freePort();
    const topic = uniqueTopic();
    const file = join(mkdtempSync(join(tmpdir(), 'npm-start-')), 'config.json');
    writeFileSync(file, JSON.stringify({ bootstrap_uri: await kafkaBootstrap(), topic_name: topic, group_id: `sr${topic}`, port, host: '127.0.0.1', log_level: 'WARNING' }));
    const npm = spawn('npm', ['start', '--silent', '--', file], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const url = `http://127.0.0.1:${port}`;
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error('npm start did not answer within 60 s')), 60_000);
      npm.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('listening on')) {
          clearTimeout(timer);
          done();
        }
      });
    });
    assert.equal((await fetch(`${url}/subjects`)).status, 200);
    npm.kill('SIGTERM');
    const deadline = Date.now() + 15_000;
    let stopped = false;
    while (!stopped && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      stopped = await fetch(`${url}/subjects`).then(() => false, () => true);
    }
    assert.ok(stopped, 'the server still answers 15 s after npm was stopped');
  });
});
