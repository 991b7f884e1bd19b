// Control plane of the REST proxy: v2 topics, partitions, offsets and brokers (Confluent's v2 metadata API) here,
// and the v3 resources (clusters, brokers, topics, configs, partitions, consumer groups, ACLs) from their own files.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import { partitionNotFound } from '../../core/errors.ts';
import type { PartitionInfo, ProxyKafka } from '../../kafka/proxy-kafka.ts';
import { sendJson } from '../app.ts';
import { ClusterAdmin } from '../../kafka/admin.ts';
import { AclAdmin } from '../../kafka/admin-acls.ts';
import { GroupAdmin } from '../../kafka/admin-groups.ts';
import { withKafka } from './kafka-errors.ts';
import { aclRoutes } from './v3-acls.ts';
import { clusterRoutes } from './v3-clusters.ts';
import { configRoutes } from './v3-configs.ts';
import { consumerGroupRoutes } from './v3-consumer-groups.ts';
import type { V3Deps } from './v3-context.ts';
import { topicRoutes } from './v3-topics.ts';

const v2 = { config: { api: 'proxy-v2' as const } };

const partitionBody = (p: PartitionInfo) => ({
  partition: p.partition,
  leader: p.leader,
  replicas: p.replicas.map((broker) => ({ broker, leader: broker === p.leader, in_sync: p.isr.includes(broker) })),
});

function partitionNumber(text: string) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || text.trim() === '') throw partitionNotFound();
  return n;
}

export interface AdminContext {
  readonly config: Config;
  /** The proxy's shared Kafka clients; the control plane uses its admin client (one per app, closed with it). */
  readonly kafka: ProxyKafka;
}

/** Self links start with rest_base_uri when set, else the advertised listener (Confluent's UrlFactory). */
function baseUrl(config: Config): string {
  return config.rest_base_uri ?? `${config.advertised_protocol}://${config.advertised_hostname}:${config.advertised_port}`;
}

export function adminRoutes(app: FastifyInstance, context: AdminContext): void {
  const { kafka } = context;
  // The v3 API shares the proxy's one admin client, made on first use and closed with the app (ProxyKafka.close).
  const deps: V3Deps = { admin: new ClusterAdmin(() => kafka.admin), groups: new GroupAdmin(() => kafka.admin), base: baseUrl(context.config) };
  clusterRoutes(app, deps);
  topicRoutes(app, deps);
  configRoutes(app, deps);
  consumerGroupRoutes(app, deps);
  aclRoutes(app, { ...deps, acls: new AclAdmin(() => kafka.admin) });
  app.get('/topics', v2, async (request, reply) => {
    const names = await withKafka(() => kafka.admin.listTopics({ includeInternals: false }));
    return sendJson(request, reply, JSON.stringify([...names].sort()));
  });

  app.get<{ Params: { topic: string } }>('/topics/:topic', v2, async (request, reply) => {
    const { topic } = request.params;
    const [info, configs] = await withKafka(() => Promise.all([kafka.topic(topic), kafka.topicConfigs(topic)]));
    return sendJson(request, reply, JSON.stringify({ name: topic, configs, partitions: info.partitions.map(partitionBody) }));
  });

  app.get<{ Params: { topic: string } }>('/topics/:topic/partitions', v2, async (request, reply) => {
    const info = await withKafka(() => kafka.topic(request.params.topic));
    return sendJson(request, reply, JSON.stringify(info.partitions.map(partitionBody)));
  });

  app.get<{ Params: { topic: string; partition: string } }>('/topics/:topic/partitions/:partition', v2, async (request, reply) => {
    const info = await withKafka(() => kafka.topic(request.params.topic));
    const partition = info.partitions[partitionNumber(request.params.partition)];
    if (!partition) throw partitionNotFound();
    return sendJson(request, reply, JSON.stringify(partitionBody(partition)));
  });

  app.get<{ Params: { topic: string; partition: string } }>('/topics/:topic/partitions/:partition/offsets', v2, async (request, reply) => {
    const { topic } = request.params;
    const info = await withKafka(() => kafka.topic(topic));
    const partition = partitionNumber(request.params.partition);
    if (!info.partitions[partition]) throw partitionNotFound();
    const offsets = await withKafka(() => kafka.offsets(topic, partition), { partition: true });
    return sendJson(request, reply, JSON.stringify({ beginning_offset: offsets.beginning, end_offset: offsets.end }));
  });

  app.get('/brokers', v2, async (request, reply) => {
    const metadata = await withKafka(() => kafka.admin.metadata({ topics: [], forceUpdate: true }));
    return sendJson(request, reply, JSON.stringify({ brokers: [...metadata.brokers.keys()].sort((a, b) => a - b) }));
  });
}
