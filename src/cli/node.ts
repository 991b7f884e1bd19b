// Composes one server process: the registry (state, the Kafka log behind it, use cases) and/or the REST proxy,
// on one HTTP app.
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { parseLevel } from '../core/compatibility.ts';
import { createApp } from '../http/app.ts';
import { proxyRoutes } from '../http/proxy/index.ts';
import { registryRoutes } from '../http/registry/index.ts';
import { rootRoutes, type Health } from '../http/root.ts';
import { KafkaSchemaLog } from '../kafka/schema-log.ts';
import { Registry } from '../registry/registry.ts';
import { RegistryState } from '../store/state.ts';

export interface RunningNode {
  readonly url: string;
  close(): Promise<void>;
}

interface RegistryNode {
  readonly registry: Registry;
  readonly log: KafkaSchemaLog;
  health(): Health;
}

function composeRegistry(config: Config, logger: Logger, started: number): RegistryNode {
  const state = new RegistryState({ warn: (message, detail) => logger.warn(detail ?? {}, message) });
  const log = new KafkaSchemaLog({ config, state, logger });
  const registry = new Registry(state, log, {
    defaultCompatibility: parseLevel(config.compatibility) ?? 'BACKWARD',
    isReady: () => log.ready,
  });
  const health = (): Health => {
    const reader = log.health();
    return {
      healthy: reader.ready && reader.kafka_reachable,
      status: {
        schema_registry_ready: reader.ready,
        schema_registry_startup_time_sec: Math.round((Date.now() - started) / 100) / 10,
        schema_registry_reader_current_offset: reader.offset,
        schema_registry_reader_highest_offset: reader.high_watermark,
        kafka_reachable: reader.kafka_reachable,
        ...(reader.last_error ? { last_error: reader.last_error } : {}),
        schemas: state.schemas.size,
        subjects: state.subjects.size,
        rss_mb: Math.round(process.memoryUsage().rss / 1048576),
      },
    };
  };
  return { registry, log, health };
}

export async function startNode(config: Config, logger: Logger): Promise<RunningNode> {
  const started = Date.now();
  const app = createApp({ logger, bodyLimit: config.http_request_max_size, accessLogs: config.access_logs_debug });
  const registryNode = config.karapace_registry ? composeRegistry(config, logger, started) : undefined;
  rootRoutes(app, () => registryNode?.health() ?? {
    healthy: true,
    status: { rss_mb: Math.round(process.memoryUsage().rss / 1048576) },
  });
  if (registryNode) registryRoutes(app, registryNode.registry);
  if (config.karapace_rest) proxyRoutes(app, { config, logger, registry: registryNode?.registry });

  if (registryNode) {
    await registryNode.log.start();
    const { state } = registryNode.registry;
    logger.info({ schemas: state.schemas.size, subjects: state.subjects.size, ms: Date.now() - started }, 'caught up with the schemas topic');
  }
  const address = await app.listen({ host: config.host === '' ? '0.0.0.0' : config.host, port: config.port });
  return {
    url: address,
    close: async () => {
      await app.close();
      await registryNode?.log.close();
    },
  };
}
