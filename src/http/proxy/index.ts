// The Kafka REST Proxy's routes (Confluent's v2 and v3 APIs), mounted on the same app as the registry when both
// are on, as Karapace does. The control plane (cluster, topic, partition, config, group metadata and admin) and the
// data plane (produce, consumer instances) are registered separately; each closes what it opened with the app.
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { Registry } from '../../registry/registry.ts';
import type { ProxyCounters } from '../metrics.ts';
import { adminRoutes } from './admin.ts';
import { dataRoutes } from './data.ts';

export interface ProxyContext {
  readonly config: Config;
  readonly logger: Logger;
  /** The registry in this process, when it serves one; otherwise the proxy reaches `registry_url` over HTTP. */
  readonly registry: Registry | undefined;
  /** Produce/consume traffic and live consumer instances, for GET /metrics. */
  readonly counters: ProxyCounters;
}

export function proxyRoutes(app: FastifyInstance, context: ProxyContext): void {
  adminRoutes(app, context);
  dataRoutes(app, context);
}
