// v3 configs of topics, brokers and the cluster-wide broker defaults (Confluent's TopicConfigsResource,
// BrokerConfigsResource, ClusterConfigsResource and the :alter batch actions). Setting or resetting one config of a
// topic or broker first checks it exists (AbstractConfigManager.safeUpdateConfig: 404 "Config x cannot be found for
// TOPIC t in cluster c."); cluster-wide defaults are set without that check (unsafeUpdateConfig), since the cluster
// resource lists only the defaults already set.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { v3BadRequest, v3BrokerNotFound, v3ConfigNotFound, v3NotFound } from '../../core/errors.ts';
import type { ClusterState, ConfigChange, ConfigEntry, ConfigResource } from '../../kafka/admin.ts';
import type { V3Resources } from '../../proxy/v3-resources.ts';
import { bodyObject, idParam, jacksonText, kafka, openCluster, optionalBoolean, send, v3, type V3Deps } from './v3-context.ts';

type Params = { cluster: string; topic?: string; broker?: string; name?: string };
type Route = { Params: Params; Body: unknown };

/** One kind of config owner: how to find it from the path and how to render its configs. */
interface Owner {
  /** The path prefix under the cluster, e.g. /topics/t. */
  readonly path: (params: Params) => string;
  readonly resource: (params: Params, cluster: ClusterState) => ConfigResource;
  readonly render: (res: V3Resources, resource: ConfigResource, config: ConfigEntry) => unknown;
  readonly listKind: string;
  /** Java's ConfigResource.Type of the resource, for the not-found message; undefined: set without checking. */
  readonly checked: 'TOPIC' | 'BROKER' | undefined;
}

const enc = encodeURIComponent;

/** BrokerConfigsResource takes `@PathParam("brokerId") int`: an id that is no int is Jersey's bare 404, answered
 *  before the body is read; a well-formed id of no broker is the manager's "Broker %d cannot be found.". */
function brokerIdOf(params: Params): number {
  return idParam(params.broker ?? '', v3NotFound);
}

function brokerOf(params: Params, cluster: ClusterState): number {
  const id = brokerIdOf(params);
  if (!cluster.brokers.some((b) => b.id === id)) throw v3BrokerNotFound(id);
  return id;
}

const OWNERS: Record<'topic' | 'broker' | 'cluster', Owner> = {
  topic: {
    path: (p) => `/topics/${enc(p.topic ?? '')}`,
    resource: (p) => ({ type: 'topic', name: p.topic ?? '' }),
    render: (res, r, c) => res.topicConfig(r.name, c),
    listKind: 'KafkaTopicConfigList',
    checked: 'TOPIC',
  },
  broker: {
    path: (p) => `/brokers/${p.broker ?? ''}`,
    resource: (p, cluster) => ({ type: 'broker', name: String(brokerOf(p, cluster)) }),
    render: (res, r, c) => res.brokerConfig(Number(r.name), c),
    listKind: 'KafkaBrokerConfigList',
    checked: 'BROKER',
  },
  // The cluster-wide defaults are the broker resource with the empty name (Kafka's dynamic default broker configs).
  cluster: {
    path: () => '/broker-configs',
    resource: () => ({ type: 'broker', name: '' }),
    render: (res, _r, c) => res.clusterConfig(c),
    listKind: 'KafkaClusterConfigList',
    checked: undefined,
  },
};

/** Confluent's AlterConfigBatchRequest: {"data": [{"name", "value", "operation": "SET" | "DELETE"}], "validate_only"}. */
export function readAlterBatch(raw: unknown): { changes: ConfigChange[]; validateOnly: boolean } {
  const body = bodyObject(raw);
  if (!Array.isArray(body.data)) throw v3BadRequest('Field data must be a list');
  const changes = (body.data as unknown[]).map((item): ConfigChange => {
    const entry = item as { name?: unknown; value?: unknown; operation?: unknown } | null;
    if (!entry || typeof entry !== 'object' || typeof entry.name !== 'string' || entry.name === '') {
      throw v3BadRequest('Each entry of data needs a name');
    }
    const operation = entry.operation ?? 'SET';
    if (operation !== 'SET' && operation !== 'DELETE') throw v3BadRequest(`Unknown operation ${JSON.stringify(operation)}: SET or DELETE`);
    return { name: entry.name, operation, value: jacksonText(entry.value, 'value') };
  });
  return { changes, validateOnly: optionalBoolean(body, 'validate_only') };
}

/** UpdateConfigRequest {"value"}: Jackson reads a number or boolean as its text. Confluent passes an absent value
 *  on to Kafka as null; we refuse it (400), since our admin client would SET "" instead. */
function readValue(raw: unknown): string {
  const value = jacksonText(bodyObject(raw).value, 'value');
  if (value === null) throw v3BadRequest('Field value must be a string');
  return value;
}

export function configRoutes(app: FastifyInstance, deps: V3Deps): void {
  const open = async (request: FastifyRequest<Route>, owner: Owner) => {
    const { cluster, res } = await openCluster(deps, request, request.params.cluster);
    return { res, resource: owner.resource(request.params, cluster) };
  };

  /** Changes after the existence check Confluent's safe* methods make. */
  const alter = async (request: FastifyRequest<Route>, reply: FastifyReply, owner: Owner, changes: ConfigChange[], validateOnly: boolean) => {
    const { res, resource } = await open(request, owner);
    if (owner.checked) {
      const known = new Set((await kafka(() => deps.of(request).admin.configs(resource))).map((c) => c.name));
      const missing = changes.find((c) => !known.has(c.name));
      if (missing) throw v3ConfigNotFound(missing.name, owner.checked, resource.name, res.cluster);
    }
    await kafka(() => deps.of(request).admin.alterConfigs(resource, changes, { validateOnly }));
    return reply.code(204).send();
  };

  for (const [kind, prefix] of [['topic', '/topics/:topic'], ['broker', '/brokers/:broker'], ['cluster', '']] as const) {
    const owner = OWNERS[kind];
    const configs = kind === 'cluster' ? '/broker-configs' : `${prefix}/configs`;
    const root = `/v3/clusters/:cluster${configs}`;

    app.get<Route>(root, v3, async (request, reply) => {
      const { res, resource } = await open(request, owner);
      const list = await kafka(() => deps.of(request).admin.configs(resource));
      const path = kind === 'cluster' ? '/broker-configs' : `${owner.path(request.params)}/configs`;
      return send(request, reply, res.collection(owner.listKind, path, list.map((c) => owner.render(res, resource, c))));
    });

    app.get<Route>(`${root}/:name`, v3, async (request, reply) => {
      const { res, resource } = await open(request, owner);
      const found = (await kafka(() => deps.of(request).admin.configs(resource))).find((c) => c.name === request.params.name);
      if (!found) throw v3NotFound();
      return send(request, reply, owner.render(res, resource, found));
    });

    // Jersey resolves path parameters, then the body, then the resource method looks the cluster and owner up.
    const pathParams = (request: FastifyRequest<Route>) => {
      if (kind === 'broker') brokerIdOf(request.params);
    };

    app.put<Route>(`${root}/:name`, v3, async (request, reply) => {
      pathParams(request);
      const value = readValue(request.body);
      return alter(request, reply, owner, [{ name: request.params.name ?? '', operation: 'SET', value }], false);
    });

    app.delete<Route>(`${root}/:name`, v3, async (request, reply) =>
      alter(request, reply, owner, [{ name: request.params.name ?? '', operation: 'DELETE' }], false));

    // A literal colon: find-my-way reads "::" as ":".
    app.post<Route>(`${root}::alter`, v3, async (request, reply) => {
      pathParams(request);
      const batch = readAlterBatch(request.body);
      return alter(request, reply, owner, batch.changes, batch.validateOnly);
    });
  }

  // The configs of every topic / every broker at once (Confluent's ListAllTopicConfigs / ListAllBrokersConfigs).
  app.get<Route>('/v3/clusters/:cluster/topics/-/configs', v3, async (request, reply) => {
    const { res } = await openCluster(deps, request, request.params.cluster);
    const topics = (await kafka(() => deps.of(request).admin.topics())).filter((t) => !t.internal);
    const lists = await kafka(() => Promise.all(topics.map((t) => deps.of(request).admin.configs({ type: 'topic', name: t.name }))));
    const data = topics.flatMap((t, i) => lists[i]!.map((c) => res.topicConfig(t.name, c)));
    return send(request, reply, res.collection('KafkaTopicConfigList', '/topics/-/configs', data));
  });

  app.get<Route>('/v3/clusters/:cluster/brokers/-/configs', v3, async (request, reply) => {
    const { cluster, res } = await openCluster(deps, request, request.params.cluster);
    const lists = await kafka(() => Promise.all(cluster.brokers.map((b) => deps.of(request).admin.configs({ type: 'broker', name: String(b.id) }))));
    const data = cluster.brokers.flatMap((b, i) => lists[i]!.map((c) => res.brokerConfig(b.id, c)));
    return send(request, reply, res.collection('KafkaBrokerConfigList', '/brokers/-/configs', data));
  });
}
