// The server itself: reads the configuration, starts the node (registry and/or REST proxy) and stops it on SIGINT or
// SIGTERM. With no config file and no KARAPACE_BOOTSTRAP_URI it first starts a local single-node Kafka broker (data in
// ./data/kafka) so that one command gives a working registry. Started by src/cli/server.ts, usually from its bundle.
import { resolve } from 'node:path';
import { buildConfig, ConfigError, envNamesKafka, readConfigFile, type Config } from '../config.ts';
import { createLogger, flushLogs } from '../logger.ts';
import type { RunningBroker } from '../../tools/kafka/broker.ts';
import { startNode, type RunningNode } from './node.ts';

/**
 * Under `npm start`, a SIGTERM sent to npm (`docker stop` with npm as the container's first process, `timeout`, a
 * supervisor) is not passed on to the server: npm exits and the server (and a local broker) would run on, orphaned,
 * until killed. So, started by npm, the server stops cleanly as soon as that npm process is gone.
 */
function stopWithNpm(stop: (reason: string) => Promise<void>): void {
  if (process.env.npm_lifecycle_event === undefined) return;
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stop('npm exited');
  }, 500).unref();
}

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
    const { startBroker } = await import('../../tools/kafka/broker.ts');
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
  stopWithNpm(stop);

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
