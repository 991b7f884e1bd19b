// One karapace-ts process (registry and REST proxy on one port, as `npm start` runs them) for the REST benchmark.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../tools/kafka/broker.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BenchServer {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** `nodeArgs`/`env` let a probe compare Node flags (bench/rest/memory-probe.ts); the benchmark passes none. */
export async function startProxy(bootstrap: string, dir: string, options: { nodeArgs?: readonly string[]; env?: NodeJS.ProcessEnv } = {}): Promise<BenchServer> {
  const port = await freePort();
  const file = join(dir, `config-${port}.json`);
  const topic = `_schemas_bench_${randomUUID().slice(0, 8)}`;
  writeFileSync(file, JSON.stringify({ bootstrap_uri: bootstrap, port, host: '127.0.0.1', topic_name: topic, group_id: `sr${topic}`, log_level: 'WARNING' }));
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), join(root, 'src/cli/server.ts'), file], {
    stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...options.env },
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening on')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
