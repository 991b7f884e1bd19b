// v3 consumer groups, their consumers and assignments, and lags (Confluent's ConsumerGroupsResource,
// ConsumersResource, ConsumerAssignmentsResource, ConsumerLagsResource, ConsumerGroupLagSummariesResource).
// Confluent's group managers say "Cluster %s could not be found."; a missing group or member is a bare 404, and the
// lag managers answer "Consumer Group %s could not be found." and, for a group with no committed offsets,
// "Consumer group offsets could not be found.".
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { v3ConsumerGroupNotFound, v3ConsumerGroupOffsetsNotFound, v3NotFound } from '../../core/errors.ts';
import type { GroupState } from '../../kafka/admin-groups.ts';
import { byPartition, consumerLags } from '../../proxy/consumer-lags.ts';
import type { ConsumerLag } from '../../proxy/v3-resources.ts';
import { idParam, kafka, openCluster, send, v3, type V3Deps } from './v3-context.ts';

type Params = { cluster: string; group: string; consumer: string; topic: string; partition: string };
type Route = { Params: Params };

const enc = encodeURIComponent;

export function consumerGroupRoutes(app: FastifyInstance, deps: V3Deps): void {
  const open = (request: FastifyRequest<Route>) => openCluster(deps, request, request.params.cluster, { couldNot: true });

  const groupOf = async (request: FastifyRequest, id: string, notFound = v3NotFound): Promise<GroupState> => {
    const [group] = await kafka(() => deps.of(request).groups.describe([id]));
    if (!group) throw notFound();
    return group;
  };

  const memberOf = (group: GroupState, id: string) => {
    const member = group.members.find((m) => m.consumerId === id);
    if (!member) throw v3NotFound();
    return member;
  };

  /** ConsumerLagManagerImpl: committed offsets against the latest offsets, 404 when the group committed nothing. */
  const lagsOf = async (request: FastifyRequest, id: string): Promise<ConsumerLag[]> => {
    const group = await groupOf(request, id, () => v3ConsumerGroupNotFound(id));
    const committed = await kafka(() => deps.of(request).groups.committedOffsets(id));
    if (committed.size === 0) throw v3ConsumerGroupOffsetsNotFound();
    const latest = await kafka(() => deps.of(request).admin.offsets([...committed.values()], 'latest'));
    return consumerLags(group, committed, latest);
  };

  app.get<Route>('/v3/clusters/:cluster/consumer-groups', v3, async (request, reply) => {
    const { res } = await open(request);
    const groups = await kafka(async () => deps.of(request).groups.describe(await deps.of(request).groups.list()));
    return send(request, reply, res.collection('KafkaConsumerGroupList', '/consumer-groups', groups.map((g) => res.consumerGroup(g))));
  });

  app.get<Route>('/v3/clusters/:cluster/consumer-groups/:group', v3, async (request, reply) => {
    const { res } = await open(request);
    return send(request, reply, res.consumerGroup(await groupOf(request, request.params.group)));
  });

  app.get<Route>('/v3/clusters/:cluster/consumer-groups/:group/consumers', v3, async (request, reply) => {
    const { res } = await open(request);
    const group = await groupOf(request, request.params.group);
    const path = `/consumer-groups/${enc(group.id)}/consumers`;
    // ConsumersResource sorts by consumer id.
    const members = [...group.members].sort((a, b) => (a.consumerId < b.consumerId ? -1 : a.consumerId > b.consumerId ? 1 : 0));
    return send(request, reply, res.collection('KafkaConsumerList', path, members.map((m) => res.consumer(group.id, m))));
  });

  app.get<Route>('/v3/clusters/:cluster/consumer-groups/:group/consumers/:consumer', v3, async (request, reply) => {
    const { res } = await open(request);
    const group = await groupOf(request, request.params.group);
    return send(request, reply, res.consumer(group.id, memberOf(group, request.params.consumer)));
  });

  app.get<Route>('/v3/clusters/:cluster/consumer-groups/:group/consumers/:consumer/assignments', v3, async (request, reply) => {
    const { res } = await open(request);
    const group = await groupOf(request, request.params.group);
    const member = memberOf(group, request.params.consumer);
    const path = `/consumer-groups/${enc(group.id)}/consumers/${enc(member.consumerId)}/assignments`;
    // ConsumerAssignmentsResource sorts by topic name, then partition id.
    const data = [...member.assignments].sort(byPartition).map((a) => res.assignment(group.id, member.consumerId, a));
    return send(request, reply, res.collection('KafkaConsumerAssignmentList', path, data));
  });

  app.get<Route>('/v3/clusters/:cluster/consumer-groups/:group/consumers/:consumer/assignments/:topic/partitions/:partition', v3,
    async (request, reply) => {
      const { res } = await open(request);
      const group = await groupOf(request, request.params.group);
      const member = memberOf(group, request.params.consumer);
      const partition = idParam(request.params.partition, v3NotFound);
      const found = member.assignments.find((a) => a.topic === request.params.topic && a.partition === partition);
      if (!found) throw v3NotFound();
      return send(request, reply, res.assignment(group.id, member.consumerId, found));
    });

  app.get<Route>('/v3/clusters/:cluster/consumer-groups/:group/lags', v3, async (request, reply) => {
    const { res } = await open(request);
    const { group } = request.params;
    const lags = await lagsOf(request, group);
    return send(request, reply, res.collection('KafkaConsumerLagList', `/consumer-groups/${enc(group)}/lags`, lags.map((l) => res.lag(group, l))));
  });

  app.get<Route>('/v3/clusters/:cluster/consumer-groups/:group/lags/:topic/partitions/:partition', v3, async (request, reply) => {
    const { res } = await open(request);
    const { group, topic } = request.params;
    const partition = idParam(request.params.partition, v3NotFound);
    const found = (await lagsOf(request, group)).find((l) => l.topic === topic && l.partition === partition);
    if (!found) throw v3NotFound();
    return send(request, reply, res.lag(group, found));
  });

  app.get<Route>('/v3/clusters/:cluster/consumer-groups/:group/lag-summary', v3, async (request, reply) => {
    const { res } = await open(request);
    const { group } = request.params;
    return send(request, reply, res.lagSummary(group, await lagsOf(request, group)));
  });
}
