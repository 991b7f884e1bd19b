// The Kafka REST Proxy's routes (Confluent's v2 API), mounted on the same app as the registry when both are on, as
// Karapace does. The control plane (topic, partition and broker metadata) and the data plane (produce) share one
// set of Kafka clients, closed with the app.
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import { ProxyKafka } from '../../kafka/proxy-kafka.ts';
import { HttpSchemas, InProcessSchemas, SerdeCache } from '../../proxy/schema-source.ts';
import { HttpVersions, InProcessVersions } from '../../proxy/schema-versions.ts';
import type { Registry } from '../../registry/registry.ts';
import type { ProxyCounters } from '../metrics.ts';
import { adminRoutes } from './admin.ts';
import { consumerRoutes } from './consumers.ts';
import { dataRoutes } from './data.ts';
import { recordsV3Routes } from './records-v3.ts';

export interface ProxyContext {
  readonly config: Config;
  readonly logger: Logger;
  /** The registry in this process, when it serves one; otherwise the proxy reaches `registry_url` over HTTP. */
  readonly registry: Registry | undefined;
  /** Produce/consume traffic and live consumer instances, for GET /metrics. */
  readonly counters: ProxyCounters;
}

export function proxyRoutes(app: FastifyInstance, context: ProxyContext): void {
  const { config } = context;
  const kafka = new ProxyKafka(config);
  const schemas = context.registry
    ? new InProcessSchemas(context.registry)
    : new HttpSchemas({ url: `${config.registry_scheme}://${config.registry_host}:${config.registry_port}`, user: config.registry_user, password: config.registry_password });
  adminRoutes(app, { config, kafka });
  const serdes = new SerdeCache(schemas);
  dataRoutes(app, { kafka, schemas, serdes, strategy: config.name_strategy, counters: context.counters });
  consumerRoutes(app, { config, kafka, schemas, counters: context.counters });
  const versions = context.registry ? new InProcessVersions(context.registry)
    : new HttpVersions({ url: `${config.registry_scheme}://${config.registry_host}:${config.registry_port}`, user: config.registry_user, password: config.registry_password });
  recordsV3Routes(app, { config, kafka, schemas, serdes, versions, strategy: config.name_strategy, counters: context.counters });
  app.addHook('onClose', () => kafka.close());
}
