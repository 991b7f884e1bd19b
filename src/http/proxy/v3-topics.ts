// v3 topics, partitions and replicas (Confluent's TopicsResource, PartitionsResource, ReplicasResource).
// An unknown topic answers what Confluent's describeTopics failure answers: 404 / 40403 with Kafka's message; an
// unknown partition or replica of a known topic a bare 404.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { v3BadRequest, v3NotFound, v3UnknownTopicOrPartition } from '../../core/errors.ts';
import type { NewTopic, TopicState } from '../../kafka/admin.ts';
import { text, type Query } from '../query.ts';
import {
  bodyObject, idParam, jacksonText, kafka, openCluster, optionalBoolean, optionalInt, send, v3, type V3Deps,
} from './v3-context.ts';

type Cluster = { Params: { cluster: string }; Body: unknown };
type Topic = { Params: { cluster: string; topic: string }; Body: unknown };
type Partition = { Params: { cluster: string; topic: string; partition: string } };
type Replica = { Params: { cluster: string; topic: string; partition: string; broker: string } };

const INT32 = { min: -2_147_483_648, max: 2_147_483_647 };
const INT16 = { min: -32_768, max: 32_767 };

/** Confluent's CreateTopicRequest: topic_name, partitions_count, replication_factor, replicas_assignments,
 *  configs [{name, value}], validate_only. */
export function readCreateTopic(raw: unknown): NewTopic {
  const body = bodyObject(raw);
  const name = body.topic_name;
  if (typeof name !== 'string' || name === '') throw v3BadRequest('Missing required property topic_name');
  const partitions = optionalInt(body, 'partitions_count', INT32);
  const replicationFactor = optionalInt(body, 'replication_factor', INT16);
  const assignments = new Map<number, number[]>();
  const rawAssignments = body.replicas_assignments;
  if (rawAssignments !== undefined && rawAssignments !== null) {
    if (typeof rawAssignments !== 'object' || Array.isArray(rawAssignments)) throw v3BadRequest('Field replicas_assignments must be an object');
    for (const [key, brokers] of Object.entries(rawAssignments)) {
      if (!/^\d+$/.test(key) || !Array.isArray(brokers) || !brokers.every((b) => Number.isInteger(b))) {
        throw v3BadRequest('Field replicas_assignments must map partition ids to lists of broker ids');
      }
      assignments.set(Number(key), brokers as number[]);
    }
  }
  const configs: { name: string; value: string | null }[] = [];
  const rawConfigs = body.configs;
  if (rawConfigs !== undefined && rawConfigs !== null) {
    if (!Array.isArray(rawConfigs)) throw v3BadRequest('Field configs must be a list');
    for (const c of rawConfigs as unknown[]) {
      const entry = c as { name?: unknown; value?: unknown } | null;
      if (!entry || typeof entry !== 'object' || typeof entry.name !== 'string') {
        throw v3BadRequest('Each of configs must be {"name": string, "value": string}');
      }
      configs.push({ name: entry.name, value: jacksonText(entry.value, 'value') });
    }
  }
  return {
    name, configs, validateOnly: optionalBoolean(body, 'validate_only'),
    ...(partitions !== undefined ? { partitions } : {}),
    ...(replicationFactor !== undefined ? { replicationFactor } : {}),
    ...(assignments.size > 0 ? { assignments } : {}),
  };
}

export function topicRoutes(app: FastifyInstance, deps: V3Deps): void {
  const topicOf = async (request: FastifyRequest, name: string): Promise<TopicState> => {
    const found = await kafka(() => deps.of(request).admin.topic(name));
    if (!found) throw v3UnknownTopicOrPartition();
    return found;
  };
  const partitionOf = (topic: TopicState, text: string) => {
    const id = idParam(text, v3NotFound);
    const found = topic.partitions.find((p) => p.partition === id);
    if (!found) throw v3NotFound();
    return found;
  };

  // Java's listTopics() leaves internal topics out; GET /topics/__consumer_offsets still shows one.
  app.get<Cluster>('/v3/clusters/:cluster/topics', v3, async (request, reply) => {
    const { res } = await openCluster(deps, request, request.params.cluster);
    const topics = (await kafka(() => deps.of(request).admin.topics())).filter((t) => !t.internal);
    return send(request, reply, res.collection('KafkaTopicList', '/topics', topics.map((t) => res.topic(t))));
  });

  // 201 with the new topic; validate_only asks the broker to check the request and answers 200 (Confluent 7.4+).
  app.post<Cluster>('/v3/clusters/:cluster/topics', v3, async (request, reply) => {
    const topic = readCreateTopic(request.body);
    const { res } = await openCluster(deps, request, request.params.cluster);
    const created = await kafka(() => deps.of(request).admin.createTopic(topic));
    const body = res.topic({ name: topic.name, internal: false, partitionsCount: created.partitions, replicationFactor: created.replicationFactor });
    if (topic.validateOnly) return send(request, reply, body, 200);
    // TopicsResource.createTopic: 201 Created with the new topic's self link as Location.
    reply.header('location', res.url(`/topics/${encodeURIComponent(topic.name)}`));
    return send(request, reply, body, 201);
  });

  app.get<Topic>('/v3/clusters/:cluster/topics/:topic', v3, async (request, reply) => {
    const { res } = await openCluster(deps, request, request.params.cluster);
    return send(request, reply, res.topic(await topicOf(request, request.params.topic)));
  });

  // PATCH {"partitions_count": N} (Confluent 7.5): CreatePartitions; fewer partitions than now is Kafka's 40002.
  app.patch<Topic>('/v3/clusters/:cluster/topics/:topic', v3, async (request, reply) => {
    const body = bodyObject(request.body);
    const count = optionalInt(body, 'partitions_count', INT32);
    if (count === undefined) throw v3BadRequest('Missing required property partitions_count');
    const { res } = await openCluster(deps, request, request.params.cluster);
    const { topic } = request.params;
    await topicOf(request, topic);
    await kafka(() => deps.of(request).admin.createPartitions(topic, count));
    const after = await topicOf(request, topic);
    // Metadata can lag the controller by a moment; the answer shows the count asked for.
    return send(request, reply, res.topic({ name: topic, internal: after.internal, partitionsCount: Math.max(count, after.partitions.length),
      replicationFactor: after.partitions[0]?.replicas.length ?? 0 }));
  });

  app.delete<Topic>('/v3/clusters/:cluster/topics/:topic', v3, async (request, reply) => {
    await openCluster(deps, request, request.params.cluster);
    await kafka(() => deps.of(request).admin.deleteTopic(request.params.topic));
    return reply.code(204).send();
  });

  app.get<Topic>('/v3/clusters/:cluster/topics/:topic/partitions', v3, async (request, reply) => {
    const { res } = await openCluster(deps, request, request.params.cluster);
    const topic = await topicOf(request, request.params.topic);
    const path = `/topics/${encodeURIComponent(topic.name)}/partitions`;
    return send(request, reply, res.collection('KafkaPartitionList', path, topic.partitions.map((p) => res.partition(p))));
  });

  app.get<Partition>('/v3/clusters/:cluster/topics/:topic/partitions/:partition', v3, async (request, reply) => {
    const { res } = await openCluster(deps, request, request.params.cluster);
    const partition = partitionOf(await topicOf(request, request.params.topic), request.params.partition);
    return send(request, reply, res.partition(partition));
  });

  // Confluent 8.0's ListPartitionOffsets: earliest and latest offsets of one partition (offset_type names which
  // the caller wants; both are always sent, as the entity has both fields).
  app.get<Partition & { Querystring: Query }>('/v3/clusters/:cluster/topics/:topic/partitions/:partition/offset', v3, async (request, reply) => {
    const type = text(request.query, 'offset_type', 'earliest_and_latest').toLowerCase();
    if (!['earliest', 'latest', 'earliest_and_latest'].includes(type)) throw v3BadRequest(`Invalid offset_type: ${type}`);
    const { res } = await openCluster(deps, request, request.params.cluster);
    const partition = partitionOf(await topicOf(request, request.params.topic), request.params.partition);
    const key = `${partition.topic}/${partition.partition}`;
    const [earliest, latest] = await kafka(() => Promise.all([
      deps.of(request).admin.offsets([partition], 'earliest'), deps.of(request).admin.offsets([partition], 'latest'),
    ]));
    return send(request, reply, res.partitionOffsets(partition, earliest.get(key) ?? 0, latest.get(key) ?? 0));
  });

  app.get<Partition>('/v3/clusters/:cluster/topics/:topic/partitions/:partition/replicas', v3, async (request, reply) => {
    const { res } = await openCluster(deps, request, request.params.cluster);
    const partition = partitionOf(await topicOf(request, request.params.topic), request.params.partition);
    const path = `/topics/${encodeURIComponent(partition.topic)}/partitions/${partition.partition}/replicas`;
    return send(request, reply, res.collection('KafkaReplicaList', path, partition.replicas.map((b) => res.replica(partition, b))));
  });

  app.get<Replica>('/v3/clusters/:cluster/topics/:topic/partitions/:partition/replicas/:broker', v3, async (request, reply) => {
    const { res } = await openCluster(deps, request, request.params.cluster);
    const partition = partitionOf(await topicOf(request, request.params.topic), request.params.partition);
    const broker = idParam(request.params.broker, v3NotFound);
    if (!partition.replicas.includes(broker)) throw v3NotFound();
    return send(request, reply, res.replica(partition, broker));
  });
}
