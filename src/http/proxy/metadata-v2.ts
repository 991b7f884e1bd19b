// The REST proxy's v2 metadata API (Confluent's v2 TopicsResource, PartitionsResource, BrokersResource):
// GET /topics, /topics/{t}, /topics/{t}/partitions[/{p}[/offsets]], /brokers, with 40401 Topic not found. and
// 40402 Partition not found.; Kafka failures through the v2 mapping (50002, 50003).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { partitionNotFound, topicNotFound } from '../../core/errors.ts';
import type { PartitionState, TopicState } from '../../kafka/admin.ts';
import { sendJson } from '../app.ts';
import type { ClientsOf } from './clients.ts';
import { withKafka } from './kafka-errors.ts';
import { intPathParam } from './path-params.ts';

const v2 = { config: { api: 'proxy-v2' as const } };

type Topic = { Params: { topic: string } };
type Partition = { Params: { topic: string; partition: string } };

const partitionBody = (p: PartitionState) => ({
  partition: p.partition,
  leader: p.leader ?? -1,
  replicas: p.replicas.map((broker) => ({ broker, leader: broker === p.leader, in_sync: p.isr.includes(broker) })),
});

export function metadataV2Routes(app: FastifyInstance, of: ClientsOf): void {
  const topicOf = async (request: FastifyRequest, name: string): Promise<TopicState> => {
    const topic = await withKafka(() => of(request).admin.topic(name));
    if (!topic) throw topicNotFound();
    return topic;
  };
  const partitionOf = (topic: TopicState, id: number): PartitionState => {
    const found = topic.partitions.find((p) => p.partition === id);
    if (!found) throw partitionNotFound();
    return found;
  };

  // Java's listTopics() leaves internal topics out of the list; GET /topics/__consumer_offsets still answers.
  app.get('/topics', v2, async (request, reply) => {
    const topics = await withKafka(() => of(request).admin.topics());
    return sendJson(request, reply, JSON.stringify(topics.filter((t) => !t.internal).map((t) => t.name)));
  });

  app.get<Topic>('/topics/:topic', v2, async (request, reply) => {
    const topic = await topicOf(request, request.params.topic);
    const configs = await withKafka(() => of(request).admin.configs({ type: 'topic', name: topic.name }));
    return sendJson(request, reply, JSON.stringify({
      name: topic.name, configs: Object.fromEntries(configs.map((c) => [c.name, c.value])), partitions: topic.partitions.map(partitionBody),
    }));
  });

  app.get<Topic>('/topics/:topic/partitions', v2, async (request, reply) => {
    const topic = await topicOf(request, request.params.topic);
    return sendJson(request, reply, JSON.stringify(topic.partitions.map(partitionBody)));
  });

  app.get<Partition>('/topics/:topic/partitions/:partition', v2, async (request, reply) => {
    const id = intPathParam(request.params.partition);
    const partition = partitionOf(await topicOf(request, request.params.topic), id);
    return sendJson(request, reply, JSON.stringify(partitionBody(partition)));
  });

  app.get<Partition>('/topics/:topic/partitions/:partition/offsets', v2, async (request, reply) => {
    const id = intPathParam(request.params.partition);
    const partition = partitionOf(await topicOf(request, request.params.topic), id);
    const key = `${partition.topic}/${partition.partition}`;
    const { admin } = of(request);
    const [beginning, end] = await withKafka(() => Promise.all([admin.offsets([partition], 'earliest'), admin.offsets([partition], 'latest')]),
      { partition: true });
    return sendJson(request, reply, JSON.stringify({ beginning_offset: beginning.get(key) ?? 0, end_offset: end.get(key) ?? 0 }));
  });

  app.get('/brokers', v2, async (request, reply) => {
    const cluster = await withKafka(() => of(request).admin.cluster());
    return sendJson(request, reply, JSON.stringify({ brokers: cluster.brokers.map((b) => b.id) }));
  });
}
