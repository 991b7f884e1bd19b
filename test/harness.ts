// Black-box harness: starts real server processes (`node src/cli/server.ts config.json`) against the test run's real
// Kafka broker, each on its own free port and, unless told otherwise, its own schemas topic.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { freePort, startBroker, type RunningBroker } from '../tools/kafka/broker.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
let ownBroker: Promise<RunningBroker> | undefined;

/** The broker of this test run (`npm test` starts one); a test file run alone starts its own. */
export async function kafkaBootstrap(): Promise<string> {
  const shared = process.env.KARAPACE_TEST_BOOTSTRAP;
  if (shared) return shared;
  ownBroker ??= startBroker({ dataDir: mkdtempSync(join(tmpdir(), 'karapace-test-kafka-')) });
  const broker = await ownBroker;
  process.once('beforeExit', () => void broker.stop());
  return broker.bootstrap;
}

export const uniqueTopic = (name = 'schemas') => `_${name}-${randomUUID().slice(0, 8)}`;

export interface ServerProcess {
  readonly url: string;
  readonly topic: string;
  readonly output: string[];
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
  readonly child: ChildProcess;
}

export interface ServerOptions {
  readonly topic?: string;
  readonly config?: Record<string, unknown>;
  readonly env?: Record<string, string>;
  /** Wait for /_health to answer 200 (default true). */
  readonly waitHealthy?: boolean;
}

export async function startServer(options: ServerOptions = {}): Promise<ServerProcess> {
  const port = await freePort();
  const topic = options.topic ?? uniqueTopic();
  // Servers on one schemas topic share one election group; servers on different topics never meet.
  const config = {
    bootstrap_uri: await kafkaBootstrap(), topic_name: topic, group_id: `sr${topic}`, port, host: '127.0.0.1', log_level: 'WARNING',
    ...options.config,
  };
  const dir = mkdtempSync(join(tmpdir(), 'karapace-test-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(config));
  const child = spawn(process.execPath, [join(root, 'src/cli/server.ts'), file], {
    env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    url, topic, output, child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  if (options.waitHealthy === false) return server;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output.join('\n')}`);
    try {
      const res = await fetch(`${url}/_health`);
      if (res.status === 200) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`server did not become healthy:\n${output.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON (undefined if it is not JSON). */
  readonly body: any;
}

/** One HTTP call; `body` objects are sent as JSON with Confluent's media type. */
export async function call(url: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/vnd.schemaregistry.v1+json';
  }
  const res = await fetch(url + path, init);
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

/** A GET with a JSON body, as the REST proxy's GET .../offsets takes its partitions (fetch cannot send one). */
export function getWithBody(url: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/vnd.kafka.v2+json' }): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const payload = Buffer.from(JSON.stringify(body));
    const req = httpRequest(url, { method: 'GET', headers: { ...headers, 'content-length': payload.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** A client bound to one server. */
export const client = (url: string) => ({
  get: (path: string, headers?: Record<string, string>) => call(url, 'GET', path, undefined, headers),
  post: (path: string, body?: unknown, headers?: Record<string, string>) => call(url, 'POST', path, body, headers),
  put: (path: string, body?: unknown, headers?: Record<string, string>) => call(url, 'PUT', path, body, headers),
  delete: (path: string, headers?: Record<string, string>) => call(url, 'DELETE', path, undefined, headers),
});
