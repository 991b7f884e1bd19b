// `npm run bench:registry`: our registry against a bare node:http server answering the same bytes, measured in the
// same run, 50 connections each, interleaved rounds, median req/s. Target: GET /schemas/ids/{id} >= 0.7 of bare.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { freePort, startBroker } from '../../tools/kafka/broker.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 50;

function startProcess(args: string[], ready: (line: string) => boolean): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().split('\n').some(ready)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`${args[0]} exited with ${code}`)));
  });
}

async function measure(url: string, method: 'GET' | 'POST', body?: string): Promise<number> {
  const result = await autocannon({
    url, method, connections: CONNECTIONS, duration: SECONDS,
    ...(body ? { body, headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' } } : {}),
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${method} ${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const dataDir = mkdtempSync(join(tmpdir(), 'karapace-bench-'));
const broker = await startBroker({ dataDir, heap: '1g' });
const port = await freePort();
const configFile = join(dataDir, 'config.json');
writeFileSync(configFile, JSON.stringify({ bootstrap_uri: broker.bootstrap, port, topic_name: '_schemas_bench', log_level: 'WARNING' }));
const ours = await startProcess([join(root, 'src/cli/server.ts'), configFile], (l) => l.includes('listening on'));
const base = `http://127.0.0.1:${port}`;

// A realistic registry: 200 subjects with a few versions each.
const field = (i: number) => ({ name: `f${i}`, type: ['null', 'string'], default: null });
let schemaBody = '';
for (let s = 0; s < 200; s++) {
  for (let v = 1; v <= 3; v++) {
    schemaBody = JSON.stringify({ schema: JSON.stringify({ type: 'record', name: `Rec${s}`, namespace: 'bench', fields: Array.from({ length: 5 + v }, (_, i) => field(i)) }) });
    const res = await fetch(`${base}/subjects/subject-${s}/versions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: schemaBody });
    if (!res.ok) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  }
}
const latest = (await (await fetch(`${base}/subjects/subject-199/versions/latest`)).json()) as { id: number };
const cases = [
  { name: 'GET /schemas/ids/{id}', method: 'GET' as const, path: `/schemas/ids/${latest.id}` },
  { name: 'GET /subjects/{s}/versions/latest', method: 'GET' as const, path: '/subjects/subject-199/versions/latest' },
  { name: 'POST /subjects/{s} (lookup)', method: 'POST' as const, path: '/subjects/subject-199', body: schemaBody },
];
const routes: Record<string, string> = {};
for (const c of cases) {
  const res = await fetch(base + c.path, { method: c.method, ...(c.body ? { body: c.body, headers: { 'content-type': 'application/json' } } : {}) });
  routes[`${c.method} ${c.path}`] = await res.text();
}
const routesFile = join(dataDir, 'routes.json');
writeFileSync(routesFile, JSON.stringify(routes));
const barePort = await freePort();
const bare = await startProcess([join(here, 'bare-server.ts'), String(barePort), routesFile], (l) => l === 'ready');

console.log(`${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${SECONDS}s, median req/s`);
const rows: { name: string; ours: number; bare: number; ratio: number }[] = [];
for (const c of cases) {
  await measure(base + c.path, c.method, c.body); // warm-up
  const o: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    b.push(await measure(`http://127.0.0.1:${barePort}${c.path}`, c.method, c.body));
    o.push(await measure(base + c.path, c.method, c.body));
  }
  rows.push({ name: c.name, ours: Math.round(median(o)), bare: Math.round(median(b)), ratio: Math.round((median(o) / median(b)) * 100) / 100 });
}
console.log('| endpoint | karapace-ts req/s | bare node:http req/s | ratio |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(`| ${r.name} | ${r.ours} | ${r.bare} | ${r.ratio} |`);
const rss = Number((await (await fetch(`${base}/_health`)).json() as { status: { rss_mb?: number } }).status.rss_mb ?? NaN);
if (!Number.isNaN(rss)) console.log(`server RSS after the run: ${rss} MB`);

ours.kill('SIGTERM');
bare.kill('SIGTERM');
await broker.stop();
rmSync(dataDir, { recursive: true, force: true });
const target = rows[0];
if (target && target.ratio < 0.7) {
  console.log(`GET by id ratio ${target.ratio} is below the 0.7 target`);
  process.exitCode = 1;
}
