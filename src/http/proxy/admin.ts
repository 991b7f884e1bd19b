// Control plane of the REST proxy: the v2 metadata API (metadata-v2.ts) and the v3 resources (clusters, brokers,
// topics, configs, partitions, consumer groups, ACLs), each request on its clients' admin client (clients.ts).
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import type { ClientsOf } from './clients.ts';
import { metadataV2Routes } from './metadata-v2.ts';
import { aclRoutes } from './v3-acls.ts';
import { clusterRoutes } from './v3-clusters.ts';
import { configRoutes } from './v3-configs.ts';
import { consumerGroupRoutes } from './v3-consumer-groups.ts';
import type { V3Deps } from './v3-context.ts';
import { topicRoutes } from './v3-topics.ts';

export interface AdminContext {
  readonly config: Config;
  readonly of: ClientsOf;
}

/** Self links start with rest_base_uri when set, else the advertised listener (Confluent's UrlFactory). */
function baseUrl(config: Config): string {
  return config.rest_base_uri ?? `${config.advertised_protocol}://${config.advertised_hostname}:${config.advertised_port}`;
}

export function adminRoutes(app: FastifyInstance, context: AdminContext): void {
  const deps: V3Deps = { of: context.of, base: baseUrl(context.config) };
  metadataV2Routes(app, context.of);
  clusterRoutes(app, deps);
  topicRoutes(app, deps);
  configRoutes(app, deps);
  consumerGroupRoutes(app, deps);
  aclRoutes(app, deps);
}
