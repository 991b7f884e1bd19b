// Control plane of the REST proxy, v2: topics, partitions, offsets and brokers (Confluent's v2 metadata API).
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.ts';
import { partitionNotFound } from '../../core/errors.ts';
import type { PartitionInfo, ProxyKafka } from '../../kafka/proxy-kafka.ts';
import { sendJson } from '../app.ts';
import { withKafka } from './kafka-errors.ts';

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

export function adminRoutes(app: FastifyInstance, context: AdminContext): void {
  const { kafka } = context;
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
