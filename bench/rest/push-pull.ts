// The memory half of `npm run bench:rest`: N REST consumer instances (each in its own group, so each reads every
// record) subscribed to one topic, a publisher producing through the proxy and a subscriber polling every instance,
// both through HTTP at once, while the server's RSS is sampled from /proc once a second.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const V2 = 'application/vnd.kafka.v2+json';
const BINARY = 'application/vnd.kafka.binary.v2+json';

/** The resident set size of a process in MB (Linux). */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Math.round(Number(line?.replace(/\D+/g, '') ?? 0) / 1024);
}

async function call(url: string, method: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const res = await fetch(url, { method, headers: { 'content-type': V2, accept: V2, ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return text === '' ? undefined : JSON.parse(text);
}

export async function pushPull(options: { base: string; pid: number; topic: string; consumers: number; seconds: number }): Promise<{
  start: number; peak: number; end: number; polls: number; produced: number;
}> {
  const { base, topic } = options;
  const instances: string[] = [];
  for (let i = 0; i < options.consumers; i++) {
    const group = `bench-push-pull-${options.consumers}-${i}-${Date.now()}`;
    const created = (await call(`${base}/consumers/${group}`, 'POST', { name: 'c', format: 'binary', 'auto.offset.reset': 'latest' })) as { base_uri: string };
    const path = new URL(created.base_uri).pathname;
    await call(`${base}${path}/subscription`, 'POST', { topics: [topic] });
    instances.push(path);
  }
  // One read each, so every instance has joined its group before the clock starts.
  await Promise.all(instances.map((path) => call(`${base}${path}/records?timeout=1000&max_bytes=100`, 'GET', undefined, { accept: BINARY })));
  const start = rssMb(options.pid);
  let peak = start;
  const sampler = setInterval(() => { peak = Math.max(peak, rssMb(options.pid)); }, 1000);
  const record = Buffer.from('a push/pull benchmark record of about a hundred bytes, give or take a few bytes here').toString('base64');
  const [published, subscribed] = await Promise.all([
    autocannon({
      url: `${base}/topics/${topic}`, method: 'POST', connections: 12, duration: options.seconds,
      headers: { 'content-type': BINARY, accept: V2 }, body: JSON.stringify({ records: [{ value: record }] }),
    }),
    autocannon({
      url: base, connections: 3, duration: options.seconds,
      requests: instances.map((path) => ({ method: 'GET' as const, path: `${path}/records?timeout=100&max_bytes=100`, headers: { accept: BINARY } })),
    }),
  ]);
  clearInterval(sampler);
  const end = rssMb(options.pid);
  peak = Math.max(peak, end);
  for (const path of instances) await call(`${base}${path}`, 'DELETE', undefined);
  if (published.non2xx > 0 || subscribed.non2xx > 0) {
    throw new Error(`push/pull: ${published.non2xx} produce and ${subscribed.non2xx} fetch answers were not 2xx`);
  }
  return { start, peak, end, polls: subscribed.requests.total, produced: published.requests.total };
}
