// v3 clusters and brokers (Confluent's ClustersResource, BrokersResource, SearchReplicasByBrokerAction) and the
// reassignment reads (ListAllReassignmentsAction, SearchReassignmentsByTopicAction, GetReassignmentAction).
import type { FastifyInstance } from 'fastify';
import { v3BrokerNotFound, v3NotFound } from '../../core/errors.ts';
import { idParam, kafka, openCluster, send, v3, type V3Deps } from './v3-context.ts';

type Cluster = { Params: { cluster: string } };
type Broker = { Params: { cluster: string; broker: string } };
type Topic = { Params: { cluster: string; topic: string } };
type Partition = { Params: { cluster: string; topic: string; partition: string } };

export function clusterRoutes(app: FastifyInstance, deps: V3Deps): void {
  // One proxy serves one Kafka cluster: the list has exactly it.
  app.get('/v3/clusters', v3, async (request, reply) => {
    const cluster = await kafka(() => deps.of(request).admin.cluster());
    const { res } = await openCluster(deps, request, cluster.id);
    return send(request, reply, res.clusterList(cluster.controllerId));
  });

  app.get<Cluster>('/v3/clusters/:cluster', v3, async (request, reply) => {
    const { cluster, res } = await openCluster(deps, request, request.params.cluster);
    return send(request, reply, res.clusterData(cluster.controllerId));
  });

  app.get<Cluster>('/v3/clusters/:cluster/brokers', v3, async (request, reply) => {
    const { cluster, res } = await openCluster(deps, request, request.params.cluster);
    return send(request, reply, res.collection('KafkaBrokerList', '/brokers', cluster.brokers.map((b) => res.broker(b))));
  });

  app.get<Broker>('/v3/clusters/:cluster/brokers/:broker', v3, async (request, reply) => {
    const { cluster, res } = await openCluster(deps, request, request.params.cluster);
    const id = idParam(request.params.broker, v3NotFound);
    const broker = cluster.brokers.find((b) => b.id === id);
    if (!broker) throw v3NotFound();
    return send(request, reply, res.broker(broker));
  });

  // Every replica the broker holds, over the topics listTopics() shows (internal ones left out, as Java's default).
  app.get<Broker>('/v3/clusters/:cluster/brokers/:broker/partition-replicas', v3, async (request, reply) => {
    const { cluster, res } = await openCluster(deps, request, request.params.cluster);
    // SearchReplicasByBrokerAction's brokerId is an Integer path parameter: no int is Jersey's bare 404.
    const id = idParam(request.params.broker, v3NotFound);
    if (!cluster.brokers.some((b) => b.id === id)) throw v3BrokerNotFound(id);
    const topics = (await kafka(() => deps.of(request).admin.topics())).filter((t) => !t.internal);
    const replicas = topics.flatMap((t) => t.partitions.filter((p) => p.replicas.includes(id)).map((p) => res.replica(p, id)));
    return send(request, reply, res.collection('KafkaReplicaList', `/brokers/${id}/partition-replicas`, replicas));
  });

  app.get<Cluster>('/v3/clusters/:cluster/topics/-/partitions/-/reassignment', v3, async (request, reply) => {
    const { res } = await openCluster(deps, request, request.params.cluster);
    const list = await kafka(() => deps.of(request).admin.reassignments());
    return send(request, reply, res.collection('KafkaReassignmentList', '/topics/-/partitions/-/reassignment', list.map((r) => res.reassignment(r))));
  });

  app.get<Topic>('/v3/clusters/:cluster/topics/:topic/partitions/-/reassignment', v3, async (request, reply) => {
    const { res } = await openCluster(deps, request, request.params.cluster);
    const { topic } = request.params;
    const found = await kafka(() => deps.of(request).admin.topic(topic));
    if (!found) throw v3NotFound();
    const list = await kafka(() => deps.of(request).admin.reassignments([found]));
    const path = `/topics/${encodeURIComponent(topic)}/partitions/-/reassignment`;
    return send(request, reply, res.collection('KafkaReassignmentList', path, list.map((r) => res.reassignment(r))));
  });

  app.get<Partition>('/v3/clusters/:cluster/topics/:topic/partitions/:partition/reassignment', v3, async (request, reply) => {
    const { res } = await openCluster(deps, request, request.params.cluster);
    const partition = idParam(request.params.partition, v3NotFound);
    const found = await kafka(() => deps.of(request).admin.topic(request.params.topic));
    if (!found || !found.partitions.some((p) => p.partition === partition)) throw v3NotFound();
    const list = await kafka(() => deps.of(request).admin.reassignments([found]));
    const one = list.find((r) => r.partition === partition);
    // No reassignment in progress: Confluent's GetReassignmentAction answers a bare 404.
    if (!one) throw v3NotFound();
    return send(request, reply, res.reassignment(one));
  });
}
