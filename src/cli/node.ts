// Composes one server process: the registry (state, the Kafka log behind it, use cases) and/or the REST proxy,
// on one HTTP app.
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { parseLevel } from '../core/compatibility.ts';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createApp, replaceServerTls, type ServerTls } from '../http/app.ts';
import { installAuth } from '../http/auth.ts';
import { createForwarder, type LeaderTls } from '../http/forward.ts';
import { composeAuth } from './auth.ts';
import { Metrics } from '../http/metrics.ts';
import { proxyRoutes } from '../http/proxy/index.ts';
import { registryRoutes } from '../http/registry/index.ts';
import { rootRoutes, tlsReloadRoute, type Health } from '../http/root.ts';
import { Election } from '../kafka/election/election.ts';
import { KafkaSchemaLog } from '../kafka/schema-log.ts';
import { Registry } from '../registry/registry.ts';
import packageJson from '../../package.json' with { type: 'json' };
import { RegistryState } from '../store/state.ts';
import { TlsReloader } from './tls-reload.ts';

export interface RunningNode {
  readonly url: string;
  close(): Promise<void>;
}

interface RegistryNode {
  readonly registry: Registry;
  readonly log: KafkaSchemaLog;
  readonly election: Election;
  health(): Health;
}

function composeRegistry(config: Config, logger: Logger, started: number): RegistryNode {
  const state = new RegistryState({ warn: (message, detail) => logger.warn(detail ?? {}, message) });
  const log = new KafkaSchemaLog({ config, state, logger });
  const election = new Election({ config, logger });
  const registry = new Registry(state, log, {
    defaultCompatibility: parseLevel(config.compatibility) ?? 'BACKWARD',
    isReady: () => log.ready,
    leadership: election,
  });
  const health = (): Health => {
    const reader = log.health();
    return {
      healthy: reader.ready && reader.kafka_reachable,
      status: {
        schema_registry_ready: reader.ready,
        schema_registry_startup_time_sec: Math.round((Date.now() - started) / 100) / 10,
        schema_registry_reader_current_offset: reader.offset,
        // Karapace's highest offset is the last record's (end offset - 1: -1 for an empty topic), as current_offset is.
        schema_registry_reader_highest_offset: reader.high_watermark - 1,
        kafka_reachable: reader.kafka_reachable,
        schema_registry_is_primary: election.isLeader,
        schema_registry_is_primary_eligible: election.eligible,
        schema_registry_primary_url: election.leaderUrl,
        schema_registry_coordinator_running: election.running,
        schema_registry_coordinator_generation_id: election.groupGeneration,
        ...(reader.last_error ? { last_error: reader.last_error } : {}),
        schemas: state.schemas.size,
        subjects: state.subjects.size,
        rss_mb: Math.round(process.memoryUsage().rss / 1048576),
      },
    };
  };
  return { registry, log, election, health };
}

/** TLS for calls to the leader; its fields change when the certificate is reloaded (the forwarder reads them per call). */
type ReloadableLeaderTls = { -readonly [K in keyof LeaderTls]: LeaderTls[K] };

/** HTTPS for our server, and the matching trust for calls to the leader (Karapace verifies it against our CA). */
function tlsOf(config: Config): { server?: ServerTls; leader?: ReloadableLeaderTls } {
  if (!config.server_tls_certfile || !config.server_tls_keyfile) return {};
  const cert = readFileSync(config.server_tls_certfile);
  const key = readFileSync(config.server_tls_keyfile);
  const ca = config.server_tls_cafile ? readFileSync(config.server_tls_cafile) : undefined;
  const clientAuth = config.server_tls_client_auth as ServerTls['clientAuth'];
  return { server: { cert, key, clientAuth, ...(ca ? { ca } : {}) }, leader: { cert, key, ...(ca ? { ca } : {}) } };
}

/**
 * Fails at once when the port is taken, before this node joins the election: otherwise a second start on a busy port
 * (say, the same config twice) joins the group under the running node's URL, and two eligible members with one URL
 * leave the group without a leader until the failed process's session expires.
 */
async function ensurePortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen({ host, port, exclusive: true }, resolve);
  });
  await new Promise((resolve) => probe.close(resolve));
}

export async function startNode(config: Config, logger: Logger): Promise<RunningNode> {
  const started = Date.now();
  const host = config.host === '' ? '0.0.0.0' : config.host;
  await ensurePortFree(host, config.port);
  const tls = tlsOf(config);
  const registryNode = config.karapace_registry ? composeRegistry(config, logger, started) : undefined;
  const app = createApp({
    logger, bodyLimit: config.http_request_max_size, accessLogLevel: config.access_logs_debug ? 'debug' : 'info',
    ...(registryNode ? { forward: createForwarder(registryNode.registry, logger, tls.leader) } : {}),
    ...(tls.server ? { tls: tls.server } : {}),
  });
  const auth = registryNode ? composeAuth(config, logger) : undefined;
  if (auth) installAuth(app, auth.options);
  rootRoutes(app, () => registryNode?.health() ?? {
    healthy: true,
    status: { rss_mb: Math.round(process.memoryUsage().rss / 1048576) },
  });
  const metrics = new Metrics();
  metrics.register(app);
  if (registryNode) {
    registryRoutes(app, registryNode.registry, {
      ...(tls.leader ? { leaderTls: tls.leader } : {}),
      metadata: { kafkaClusterId: () => registryNode.log.clusterId(), groupId: config.group_id, version: packageJson.version },
    });
    const { registry, log, election } = registryNode;
    metrics.watchRegistry({ registry, reader: () => log.health(), election: () => election });
  }
  if (config.karapace_rest) proxyRoutes(app, { config, logger, registry: registryNode?.registry, counters: metrics, leaderTls: tls.leader });
  const reloader = new TlsReloader(config, (next) => {
    replaceServerTls(app, next);
    if (tls.leader) Object.assign(tls.leader, { cert: next.cert, key: next.key, ca: next.ca });
  });
  tlsReloadRoute(app, { token: config.server_tls_reload_token, reload: () => reloader.reload() });

  const close = async () => {
    await registryNode?.election.close();
    await app.close();
    auth?.close();
    await registryNode?.log.close();
  };
  try {
    if (registryNode) await catchUpAndElect(registryNode, logger, started);
    const address = await app.listen({ host, port: config.port });
    return { url: address, close };
  } catch (error) {
    // Leave the election group and stop the reader, so that a node that could not start holds no place in the group.
    await close().catch(() => undefined);
    throw error;
  }
}

/** Reads the schemas topic to its end and takes part in the election, before the node listens. */
async function catchUpAndElect(node: RegistryNode, logger: Logger, started: number): Promise<void> {
  await node.log.start();
  node.election.start();
  // As Confluent's init, wait for the first election so that writes work as soon as we listen
  // (kafkastore.init.timeout.ms, 60 s); past that, serve reads and keep trying.
  if (!(await node.election.elected(60_000))) logger.warn('no leader elected after 60 s; serving reads, writes answer 50004 until one is');
  const { state } = node.registry;
  logger.info({ schemas: state.schemas.size, subjects: state.subjects.size, ms: Date.now() - started }, 'caught up with the schemas topic');
}
