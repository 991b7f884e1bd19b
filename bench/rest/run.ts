// `npm run bench:rest`: the REST proxy's produce throughput in avro, binary and json at 4, 15 and 50 connections,
// each as a ratio to a direct producer with the same Kafka client, the same records and the same concurrency,
// measured in the same run (target >= 0.5); then the server's RSS over a push/pull run with 1, 10 and 20
// consumers (publisher 12 connections, subscriber 3 connections, fetches with timeout=100 and max_bytes=100),
// one fresh server per consumer count (targets: growth from 1 to 20 consumers <= 10 MB, RSS at 20 <= 83 MB).
// Knobs: BENCH_PRODUCE_SECONDS (5 per measurement), BENCH_ROUNDS (3 interleaved rounds, median),
// BENCH_SECONDS (push/pull duration, 300 as in the issue), BENCH_BATCH (records per produce request, 10).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Admin } from '@platformatic/kafka';
import autocannon from 'autocannon';
import { parseSchema, serdeOf } from '../../src/formats/index.ts';
import { startBroker } from '../../tools/kafka/broker.ts';
import { directThroughput, type DirectRecord } from './direct-producer.ts';
import { pushPull } from './push-pull.ts';
import { startProxy } from './server.ts';

const PRODUCE_SECONDS = Number(process.env.BENCH_PRODUCE_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PUSH_PULL_SECONDS = Number(process.env.BENCH_SECONDS ?? 300);
const BATCH = Number(process.env.BENCH_BATCH ?? 10);
const CONNECTIONS = [4, 15, 50];
const CONSUMERS = [1, 10, 20];

const VALUE_SCHEMA = JSON.stringify({
  type: 'record', name: 'Reading', namespace: 'bench',
  fields: [{ name: 'sensor', type: 'string' }, { name: 'sequence', type: 'long' }, { name: 'value', type: 'double' }, { name: 'note', type: ['null', 'string'], default: null }],
});
const reading = (i: number) => ({ sensor: `sensor-${i % 17}`, sequence: i, value: i * 0.25, note: { string: 'a short note about this reading' } });
const plainReading = (i: number) => ({ ...reading(i), note: 'a short note about this reading' });

interface Case {
  readonly format: 'avro' | 'binary' | 'json';
  readonly body: string;
  readonly direct: DirectRecord[];
}

async function cases(base: string): Promise<Case[]> {
  const indexes = Array.from({ length: BATCH }, (_, i) => i);
  const binary = indexes.map((i) => Buffer.from(JSON.stringify(plainReading(i))));
  // The schema id the proxy registers for the avro case, so the direct producer sends the very same bytes.
  const register = await fetch(`${base}/subjects/bench-avro-value/versions`, {
    method: 'POST', headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' }, body: JSON.stringify({ schema: VALUE_SCHEMA }),
  });
  if (!register.ok) throw new Error(`register: ${register.status} ${await register.text()}`);
  const { id } = (await register.json()) as { id: number };
  const serde = serdeOf(parseSchema('AVRO', VALUE_SCHEMA, []));
  const wire = (payload: Buffer) => Buffer.concat([Buffer.from([0, id >>> 24, (id >>> 16) & 255, (id >>> 8) & 255, id & 255]), payload]);
  return [
    {
      format: 'avro',
      body: JSON.stringify({ value_schema: VALUE_SCHEMA, records: indexes.map((i) => ({ value: reading(i) })) }),
      direct: indexes.map((i) => ({ key: undefined, value: wire(serde.encode(reading(i))) })),
    },
    {
      format: 'binary',
      body: JSON.stringify({ records: binary.map((b) => ({ value: b.toString('base64') })) }),
      direct: binary.map((value) => ({ key: undefined, value })),
    },
    {
      format: 'json',
      body: JSON.stringify({ records: indexes.map((i) => ({ value: plainReading(i) })) }),
      direct: binary.map((value) => ({ key: undefined, value })),
    },
  ];
}

async function proxyThroughput(base: string, topic: string, c: Case, connections: number): Promise<number> {
  const result = await autocannon({
    url: `${base}/topics/${topic}`, method: 'POST', connections, duration: PRODUCE_SECONDS, body: c.body,
    headers: { 'content-type': `application/vnd.kafka.${c.format}.v2+json`, accept: 'application/vnd.kafka.v2+json' },
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${c.format}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return (result.requests.total * BATCH) / (result.duration || PRODUCE_SECONDS);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const dataDir = mkdtempSync(join(tmpdir(), 'karapace-bench-rest-'));
const broker = await startBroker({ dataDir, heap: '1g' });
const admin = new Admin({ clientId: 'bench-admin', bootstrapBrokers: [broker.bootstrap] });
const topics = ['bench-avro', 'bench-binary', 'bench-json', 'bench-push-pull'];
await admin.createTopics({ topics, partitions: 3, replicas: 1 });
await admin.close();

const rows: string[] = [];
let worst = Infinity;
const proxy = await startProxy(broker.bootstrap, dataDir);
try {
  for (const c of await cases(proxy.url)) {
    await proxyThroughput(proxy.url, `bench-${c.format}`, c, 4); // warm-up: schema registered, JIT, connections
    for (const connections of CONNECTIONS) {
      // Interleaved rounds, median of each: the machine's other load hits both sides alike.
      const directs: number[] = [];
      const proxied: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        directs.push(await directThroughput({ bootstrap: broker.bootstrap, topic: `bench-${c.format}`, batch: c.direct, concurrency: connections, seconds: PRODUCE_SECONDS }));
        proxied.push(await proxyThroughput(proxy.url, `bench-${c.format}`, c, connections));
      }
      const direct = median(directs);
      const ours = median(proxied);
      const ratio = ours / direct;
      worst = Math.min(worst, ratio);
      rows.push(`| ${c.format} | ${connections} | ${Math.round(ours)} | ${Math.round(direct)} | ${ratio.toFixed(2)} |`);
      process.stderr.write(`${rows.at(-1)}\n`);
    }
  }
} finally {
  await proxy.stop();
}
console.log(`\nProduce: ${BATCH} records per request, median of ${ROUNDS} interleaved rounds of ${PRODUCE_SECONDS} s, records/s`);
console.log('| format | connections | REST proxy | direct producer | ratio |');
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(row);

const memory: { consumers: number; start: number; peak: number; end: number; polls: number; produced: number }[] = [];
for (const consumers of CONSUMERS) {
  const server = await startProxy(broker.bootstrap, dataDir);
  try {
    memory.push({ consumers, ...(await pushPull({ base: server.url, pid: server.pid, topic: 'bench-push-pull', consumers, seconds: PUSH_PULL_SECONDS })) });
    process.stderr.write(`push/pull with ${consumers} consumers: ${JSON.stringify(memory.at(-1))}\n`);
  } finally {
    await server.stop();
  }
}
console.log(`\nServer RSS (MB) over a ${PUSH_PULL_SECONDS} s push/pull run (publisher 12 connections, subscriber 3 connections, timeout=100, max_bytes=100)`);
console.log('| consumers | RSS at start | peak RSS | RSS at end | records fetches | produce requests |');
console.log('|---|---|---|---|---|---|');
for (const m of memory) console.log(`| ${m.consumers} | ${m.start} | ${m.peak} | ${m.end} | ${m.polls} | ${m.produced} |`);
const first = memory[0];
const last = memory.at(-1);
if (first && last) console.log(`\nRSS growth from ${first.consumers} to ${last.consumers} consumers (end of run): ${last.end - first.end} MB`);

await broker.stop();
rmSync(dataDir, { recursive: true, force: true });
if (worst < 0.5) {
  console.log(`the worst produce ratio ${worst.toFixed(2)} is below the 0.5 target`);
  process.exitCode = 1;
}
