// A probe for docs/memory.md, not part of `npm run bench:rest`: the server's RSS over the same push/pull run as the
// benchmark, and its produce throughput, for several ways of starting Node, side by side against one broker.
// `node bench/rest/memory-probe.ts 'label=--flag --flag2' 'other=ENV=value --flag'` (a word with `=` before any
// `--` is an environment variable); an empty right side is Node as started by `npm start` today.
// Knobs: PROBE_SECONDS (push/pull duration, 30), PROBE_CONSUMERS (1,20; empty skips push/pull), PROBE_PRODUCE_SECONDS
// (5; 0 skips the produce rounds), PROBE_ROUNDS (3).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Admin } from '@platformatic/kafka';
import autocannon from 'autocannon';
import { startBroker } from '../../tools/kafka/broker.ts';
import { pushPull } from './push-pull.ts';
import { startProxy, type BenchServer } from './server.ts';

const SECONDS = Number(process.env.PROBE_SECONDS ?? 30);
const CONSUMERS = (process.env.PROBE_CONSUMERS ?? '1,20').split(',').filter(Boolean).map(Number);
const PRODUCE_SECONDS = Number(process.env.PROBE_PRODUCE_SECONDS ?? 5);
const ROUNDS = Number(process.env.PROBE_ROUNDS ?? 3);

interface Variant { readonly label: string; readonly nodeArgs: string[]; readonly env: Record<string, string> }

const variants: Variant[] = process.argv.slice(2).map((arg) => {
  const [label, spec = ''] = arg.split(/=(.*)/s) as [string, string?];
  const nodeArgs: string[] = [];
  const env: Record<string, string> = {};
  for (const word of spec.split(/\s+/).filter(Boolean)) {
    if (!word.startsWith('--') && word.includes('=')) {
      const [name, value = ''] = word.split(/=(.*)/s) as [string, string?];
      env[name] = value;
    } else nodeArgs.push(word);
  }
  return { label, nodeArgs, env };
});
if (variants.length === 0) variants.push({ label: 'default', nodeArgs: [], env: {} });

/** The server's V8 heap spaces and external memory from its /metrics, in MB. */
async function heapOf(server: BenchServer): Promise<string> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const mb = (re: RegExp) => {
    const m = re.exec(text);
    return m ? Math.round(Number(m[1]) / 1048576) : NaN;
  };
  const spaces = ['new', 'old', 'code', 'large_object', 'trusted'].map((s) =>
    `${s} ${mb(new RegExp(`nodejs_heap_space_size_used_bytes\\{space="${s}"\\} (\\S+)`))}/${mb(new RegExp(`nodejs_heap_space_size_total_bytes\\{space="${s}"\\} (\\S+)`))}`);
  return `${spaces.join(', ')}, external ${mb(/^nodejs_external_memory_bytes(?:\{\})? (\S+)/m)}; ${mappingsOf(server.pid)}`;
}

/** Where the process's resident memory is, from /proc: the Node binary's pages, malloc's brk heap, other anonymous. */
function mappingsOf(pid: number): string {
  const totals = new Map<string, number>();
  let name = '';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const mapping = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (mapping) {
      const file = mapping[1] ?? '';
      name = file === '' ? 'anon' : file === '[heap]' ? 'brk' : file.endsWith('/node') ? 'node binary' : file.startsWith('/') ? 'other files' : 'anon';
      continue;
    }
    const rss = /^Rss:\s+(\d+)/.exec(line);
    if (rss) totals.set(name, (totals.get(name) ?? 0) + Number(rss[1]));
  }
  return [...totals].map(([n, kb]) => `${n} ${Math.round(kb / 1024)}`).join(', ');
}

const dataDir = mkdtempSync(join(tmpdir(), 'karapace-memory-probe-'));
const broker = await startBroker({ dataDir, heap: '1g' });
const admin = new Admin({ clientId: 'probe-admin', bootstrapBrokers: [broker.bootstrap] });
await admin.createTopics({ topics: ['probe-push-pull', 'probe-produce'], partitions: 3, replicas: 1 });
await admin.close();

const body = JSON.stringify({ records: Array.from({ length: 10 }, (_, i) => ({ value: Buffer.from(`{"sensor":"sensor-${i}","sequence":${i}}`).toString('base64') })) });
const produce = (server: BenchServer, connections: number) => autocannon({
  url: `${server.url}/topics/probe-produce`, method: 'POST', connections, duration: PRODUCE_SECONDS, body,
  headers: { 'content-type': 'application/vnd.kafka.binary.v2+json', accept: 'application/vnd.kafka.v2+json' },
}).then((r) => Math.round((r.requests.total * 10) / (r.duration || PRODUCE_SECONDS)));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const lines: string[] = [];
try {
  if (PRODUCE_SECONDS > 0) {
    // Every variant's server up at once, measured in interleaved rounds (median), so the machine's drift hits all alike.
    const servers: BenchServer[] = [];
    try {
      for (const v of variants) servers.push(await startProxy(broker.bootstrap, dataDir, { nodeArgs: v.nodeArgs, env: v.env }));
      for (const server of servers) await produce(server, 4); // warm-up
      const rates = variants.map(() => new Map<number, number[]>());
      for (let round = 0; round < ROUNDS; round++) {
        for (const connections of [4, 15, 50]) {
          for (const [i, server] of servers.entries()) {
            const rate = await produce(server, connections);
            rates[i]!.set(connections, [...(rates[i]!.get(connections) ?? []), rate]);
          }
        }
      }
      for (const [i, v] of variants.entries()) {
        const line = `${v.label} produce records/s (binary, 10 per request) at 4/15/50 connections, median of ${ROUNDS}: ${[...rates[i]!.values()].map(median).join('/')}; RSS after ${Math.round(Number(readFileSync(`/proc/${servers[i]!.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024)} MB; heap used/total MB: ${await heapOf(servers[i]!)}`;
        lines.push(line);
        process.stderr.write(`${line}\n`);
      }
    } finally {
      for (const server of servers) await server.stop();
    }
  }
  for (const v of variants) {
    for (const consumers of CONSUMERS) {
      const server = await startProxy(broker.bootstrap, dataDir, { nodeArgs: v.nodeArgs, env: v.env });
      try {
        const m = await pushPull({ base: server.url, pid: server.pid, topic: 'probe-push-pull', consumers, seconds: SECONDS });
        const line = `${v.label} consumers=${consumers} rss start/peak/end ${m.start}/${m.peak}/${m.end} MB, fetches ${m.polls}, produces ${m.produced}; heap used/total MB: ${await heapOf(server)}`;
        lines.push(line);
        process.stderr.write(`${line}\n`);
      } finally {
        await server.stop();
      }
    }
  }
} finally {
  await broker.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(lines.join('\n'));
