// `karapace [config.json]`: starts the server. With no config file and no KARAPACE_BOOTSTRAP_URI it first starts a
// local single-node Kafka broker (data in ./data/kafka) so that one command gives a working registry.
//
// Before loading anything else, the process replaces itself (process.execve: same pid, same arguments) with a Node
// started the way a small server should run (docs/memory.md has the measurements):
// - --max-semi-space-size: V8 grows its young generation up to 64 MB per semi-space under a produce load, and keeps it;
// - --heap-growing-percent: the old generation grows by half of what survived the last full GC before the next one,
//   not by V8's up to 4x for a fast-collecting heap, so garbage promoted under load does not inflate it to 100 MB;
// - MALLOC_ARENA_MAX: glibc's per-thread malloc arenas hold freed native memory (socket reads, compiler zones);
// - NODE_COMPILE_CACHE: Node's on-disk compile cache also keeps the TypeScript-stripped sources, so a warm start never
//   loads the type stripper (its WebAssembly code and memory stay out of the process);
// - --wasm-tiering-budget: on a cold start the type stripper's WebAssembly is not re-compiled by the optimizing tier.
// Flags or variables the user already gave (on the command line, in NODE_OPTIONS or the environment) are kept as given;
// KARAPACE_NODE_TUNING=off starts Node as is. Where process.execve is missing (Windows, Node < 22.15) nothing changes.
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Config } from '../config.ts';
import type { RunningBroker } from '../../tools/kafka/broker.ts';
import type { RunningNode } from './node.ts';

const NODE_FLAGS = ['--max-semi-space-size=4', '--heap-growing-percent=50', '--wasm-tiering-budget=2000000000'];
const NODE_ENV: Record<string, () => string | undefined> = {
  MALLOC_ARENA_MAX: () => '2',
  NODE_COMPILE_CACHE: () => (process.env.NODE_DISABLE_COMPILE_CACHE ? undefined : join(tmpdir(), 'node-compile-cache')),
};
const RELAUNCHED = 'KARAPACE_NODE_TUNED';

/** Whether Node was given this flag (`--max-semi-space-size`, also spelt with underscores) by any means. */
function flagGiven(flag: string): boolean {
  const name = (arg: string) => arg.split('=')[0]!.replaceAll('_', '-');
  const wanted = name(flag);
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return given.some((arg) => name(arg) === wanted);
}

function relaunchTuned(): void {
  const relaunched = process.env[RELAUNCHED] !== undefined;
  delete process.env[RELAUNCHED]; // not inherited by the broker or anything else this process starts
  // An IPC channel (a parent's fork()) would not survive the exec.
  if (relaunched || process.env.KARAPACE_NODE_TUNING === 'off' || typeof process.execve !== 'function'
    || process.argv[1] === undefined || process.env.NODE_CHANNEL_FD !== undefined) return;
  const flags = NODE_FLAGS.filter((flag) => !flagGiven(flag));
  const env: NodeJS.ProcessEnv = { ...process.env, [RELAUNCHED]: '1' };
  let changed = flags.length > 0;
  for (const [name, value] of Object.entries(NODE_ENV)) {
    const wanted = env[name] === undefined ? value() : undefined;
    if (wanted === undefined) continue;
    env[name] = wanted;
    changed = true;
  }
  if (!changed) return;
  try {
    process.execve(process.execPath, [process.execPath, ...process.execArgv, ...flags, process.argv[1], ...process.argv.slice(2)], env);
  } catch {
    // execve failed (it returns only then; in a worker thread it is refused): run on as started.
  }
}

relaunchTuned();
const { buildConfig, ConfigError, envNamesKafka, readConfigFile } = await import('../config.ts');
const { createLogger, flushLogs } = await import('../logger.ts');
const { startBroker } = await import('../../tools/kafka/broker.ts');
const { startNode } = await import('./node.ts');

async function main(): Promise<void> {
  const configPath = process.argv[2];
  let config: Config;
  try {
    config = buildConfig(configPath ? readConfigFile(configPath) : {}, process.env, configPath ?? 'config');
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`karapace: configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.log_level);

  let broker: RunningBroker | undefined;
  if (!configPath && !envNamesKafka(process.env)) {
    const dataDir = resolve(process.env.KARAPACE_DATA_DIR ?? 'data/kafka');
    process.stdout.write(`Starting a local Kafka broker (KRaft, single node), data in ${dataDir} ...\n`);
    broker = await startBroker({ dataDir, preferredPort: 9092, heap: '512m', onLog: (line) => logger.debug({ broker: line }) });
    process.stdout.write(`Kafka broker ready at ${broker.bootstrap}\n`);
    config = { ...config, bootstrap_uri: broker.bootstrap };
  }

  let node: RunningNode | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await node?.close().catch((error: unknown) => logger.error({ err: error }, 'error while stopping the server'));
    await broker?.stop();
    await flushLogs(logger);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    node = await startNode(config, logger);
  } catch (error) {
    logger.fatal({ err: error }, 'could not start');
    process.stderr.write(`karapace: cannot start: ${(error as Error).message}\n`);
    await broker?.stop();
    await flushLogs(logger);
    process.exit(1);
  }
  const services = [config.karapace_registry ? 'Schema Registry' : undefined, config.karapace_rest ? 'REST Proxy' : undefined].filter(Boolean).join(' + ');
  process.stdout.write(`${services} listening on ${node.url} (Kafka ${config.bootstrap_uri}, topic ${config.topic_name})\n`);
}

await main();
