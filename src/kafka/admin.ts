// The REST proxy's control plane over Kafka's admin protocol: cluster, brokers, topics, partitions, configs and
// reassignments. It works on one admin client of the proxy (created lazily; one per caller under rest_authorization). Where the
// library's Admin hides something Confluent's REST Proxy shows (internal topics, the controller, validate-only topic
// creation, reassignments), it sends the raw protocol request through the same client's connection pool.
import {
  ConfigResourceTypes, ConfigSources, IncrementalAlterConfigOperationTypes, kGetApi, kGetBootstrapConnection, ProtocolError, ResponseError,
  type Admin, type ConfigDescription, type Connection, type createTopicsV7, type describeConfigsV4, type incrementalAlterConfigsV1,
  type listPartitionReassignmentsV0, type metadataV12,
} from '@platformatic/kafka';

/** Kafka's error code for a topic the caller may not describe. */
const TOPIC_AUTHORIZATION_FAILED = 29;

type ApiOf<M extends { api: unknown }> = M['api'];
type MetadataResponse = metadataV12.MetadataResponse;
type IncrementalAlterConfigsRequestConfig = incrementalAlterConfigsV1.IncrementalAlterConfigsRequestConfig;

export interface BrokerState {
  readonly id: number;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
}

export interface ClusterState {
  readonly id: string;
  readonly controllerId: number | null;
  readonly brokers: readonly BrokerState[];
}

export interface PartitionState {
  readonly topic: string;
  readonly partition: number;
  readonly leader: number | null;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
}

export interface TopicState {
  readonly name: string;
  readonly internal: boolean;
  readonly partitions: readonly PartitionState[];
}

export interface ConfigSynonym {
  readonly name: string;
  readonly value: string | null;
  readonly source: string;
}

export interface ConfigEntry {
  readonly name: string;
  readonly value: string | null;
  readonly isDefault: boolean;
  readonly readOnly: boolean;
  readonly sensitive: boolean;
  readonly source: string;
  readonly synonyms: readonly ConfigSynonym[];
}

/** The resources whose configs the v3 API exposes: a topic, a broker, or the cluster-wide broker defaults (name ''). */
export type ConfigResource = { readonly type: 'topic' | 'broker'; readonly name: string };

export interface ConfigChange {
  readonly name: string;
  /** SET and DELETE as in Confluent's alter-batch requests; APPEND and SUBTRACT for list values. */
  readonly operation: 'SET' | 'DELETE' | 'APPEND' | 'SUBTRACT';
  readonly value?: string | null;
}

export interface NewTopic {
  readonly name: string;
  /** Absent: the broker's default (num.partitions / default.replication.factor), as the Java NewTopic sends -1. */
  readonly partitions?: number;
  readonly replicationFactor?: number;
  /** Explicit partition -> brokers assignment; partitions and replication factor must then be absent. */
  readonly assignments?: ReadonlyMap<number, readonly number[]>;
  readonly configs: readonly { name: string; value: string | null }[];
  readonly validateOnly: boolean;
}

export interface Reassignment {
  readonly topic: string;
  readonly partition: number;
  readonly replicas: readonly number[];
  readonly adding: readonly number[];
  readonly removing: readonly number[];
}

const SOURCE_NAMES = new Map<number, string>([
  [ConfigSources.UNKNOWN, 'UNKNOWN'], [ConfigSources.DYNAMIC_TOPIC_CONFIG, 'DYNAMIC_TOPIC_CONFIG'],
  [ConfigSources.DYNAMIC_BROKER_CONFIG, 'DYNAMIC_BROKER_CONFIG'], [ConfigSources.DYNAMIC_DEFAULT_BROKER_CONFIG, 'DYNAMIC_DEFAULT_BROKER_CONFIG'],
  [ConfigSources.STATIC_BROKER_CONFIG, 'STATIC_BROKER_CONFIG'], [ConfigSources.DEFAULT_CONFIG, 'DEFAULT_CONFIG'],
  [ConfigSources.DYNAMIC_BROKER_LOGGER_CONFIG, 'DYNAMIC_BROKER_LOGGER_CONFIG'],
]);
const sourceName = (source: number) => SOURCE_NAMES.get(source) ?? 'UNKNOWN';

const OPERATIONS = {
  SET: IncrementalAlterConfigOperationTypes.SET, DELETE: IncrementalAlterConfigOperationTypes.DELETE,
  APPEND: IncrementalAlterConfigOperationTypes.APPEND, SUBTRACT: IncrementalAlterConfigOperationTypes.SUBTRACT,
} as const;

const resourceType = (resource: ConfigResource) => (resource.type === 'topic' ? ConfigResourceTypes.TOPIC : ConfigResourceTypes.BROKER);

/** The id of the Kafka cluster the client talks to (the v3 API's `cluster_id`, e.g. for v3 produce answers). */
export async function clusterId(admin: Admin): Promise<string> {
  return (await admin.metadata({ topics: [] })).id;
}

export class ClusterAdmin {
  readonly #admin: () => Admin;

  /** `admin` gives the proxy's admin client (see src/http/proxy/clients.ts), made on first use. */
  constructor(admin: () => Admin) {
    this.#admin = admin;
  }

  #api<A>(name: string): Promise<A> {
    return new Promise((resolve, reject) => {
      this.#admin()[kGetApi](name, (error, api) => (error ? reject(error) : resolve(api as A)));
    });
  }

  #connection(): Promise<Connection> {
    return new Promise((resolve, reject) => {
      this.#admin()[kGetBootstrapConnection]((error, connection) => (error ? reject(error) : resolve(connection!)));
    });
  }

  /** One Metadata request; topic-level errors stay in the answer (the caller decides which matter). */
  async #metadata(topics: string[] | null): Promise<MetadataResponse> {
    const api = await this.#api<ApiOf<typeof metadataV12>>('Metadata');
    try {
      return await api.async(await this.#connection(), topics, false, false);
    } catch (error) {
      const response = (error as { response?: MetadataResponse }).response;
      if (error instanceof ResponseError && response?.brokers) return response;
      throw error;
    }
  }

  async cluster(): Promise<ClusterState> {
    const metadata = await this.#metadata([]);
    return {
      id: metadata.clusterId ?? '',
      controllerId: metadata.controllerId >= 0 ? metadata.controllerId : null,
      brokers: metadata.brokers.map((b) => ({ id: b.nodeId, host: b.host, port: b.port, rack: b.rack ?? null }))
        .sort((a, b) => a.id - b.id),
    };
  }

  /** All topics (internal ones too, flagged), or the named ones; a named topic that does not exist is left out. */
  async topics(names?: readonly string[]): Promise<TopicState[]> {
    const metadata = await this.#metadata(names ? [...names] : null);
    // A named topic the caller may not describe is a refusal, not an absence (Confluent answers 403 for it).
    const refused = metadata.topics.find((t) => t.errorCode === TOPIC_AUTHORIZATION_FAILED);
    if (names && refused) throw new ProtocolError(TOPIC_AUTHORIZATION_FAILED);
    return metadata.topics
      .filter((t) => t.errorCode === 0 && t.name)
      .map((t) => ({
        name: t.name!,
        internal: t.isInternal,
        partitions: t.partitions.map((p) => ({
          topic: t.name!, partition: p.partitionIndex, leader: p.leaderId >= 0 ? p.leaderId : null,
          replicas: p.replicaNodes, isr: p.isrNodes,
        })).sort((a, b) => a.partition - b.partition),
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async topic(name: string): Promise<TopicState | undefined> {
    return (await this.topics([name]))[0];
  }

  /** CreateTopics, sent raw so that `validate_only` reaches the broker (the library's createTopics always sends false). */
  async createTopic(topic: NewTopic): Promise<{ partitions: number; replicationFactor: number }> {
    const api = await this.#api<ApiOf<typeof createTopicsV7>>('CreateTopics');
    const assignments = [...(topic.assignments ?? new Map<number, readonly number[]>())]
      .map(([partitionIndex, brokerIds]) => ({ partitionIndex, brokerIds: [...brokerIds] }));
    const response = await api.async(await this.#connection(), [{
      name: topic.name,
      numPartitions: assignments.length > 0 ? -1 : topic.partitions ?? -1,
      replicationFactor: assignments.length > 0 ? -1 : topic.replicationFactor ?? -1,
      assignments,
      configs: topic.configs.map((c) => ({ name: c.name, value: c.value })),
    }], 30_000, topic.validateOnly);
    // The broker answers the counts it chose (defaults included) from CreateTopics v5 on; -1 before.
    const created = response.topics[0];
    return {
      partitions: created && created.numPartitions >= 0 ? created.numPartitions : topic.assignments?.size ?? topic.partitions ?? 0,
      replicationFactor: created && created.replicationFactor >= 0 ? created.replicationFactor : topic.replicationFactor ?? 0,
    };
  }

  async deleteTopic(name: string): Promise<void> {
    await this.#admin().deleteTopics({ topics: [name] });
  }

  async createPartitions(name: string, count: number): Promise<void> {
    await this.#admin().createPartitions({ topics: [{ name, count, assignments: null }] });
  }

  /** The library routes a broker resource to the broker its name numbers, so the cluster-wide defaults (name '')
   *  go raw to any broker, which is where Kafka serves them. */
  async #describe(resource: ConfigResource): Promise<Pick<ConfigDescription, 'configs'> | undefined> {
    const resources = [{ resourceType: resourceType(resource), resourceName: resource.name }];
    if (resource.name !== '') return (await this.#admin().describeConfigs({ resources, includeSynonyms: true }))[0];
    const api = await this.#api<ApiOf<typeof describeConfigsV4>>('DescribeConfigs');
    return (await api.async(await this.#connection(), resources, true, false)).results[0];
  }

  async configs(resource: ConfigResource): Promise<ConfigEntry[]> {
    const description = await this.#describe(resource);
    return (description?.configs ?? []).map((c) => {
      const source = sourceName(c.configSource);
      return {
        name: c.name, value: c.isSensitive ? null : c.value ?? null,
        isDefault: source === 'DEFAULT_CONFIG', readOnly: c.readOnly, sensitive: c.isSensitive, source,
        synonyms: c.synonyms.map((s) => ({ name: s.name, value: c.isSensitive ? null : s.value ?? null, source: sourceName(s.source) })),
      };
    }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** IncrementalAlterConfigs, as Confluent's config managers send it (all changes of one resource at once). */
  async alterConfigs(resource: ConfigResource, changes: readonly ConfigChange[], options: { validateOnly: boolean }): Promise<void> {
    const configs: IncrementalAlterConfigsRequestConfig[] = changes.map((c) => (c.operation === 'DELETE'
      ? { name: c.name, configOperation: OPERATIONS.DELETE }
      : { name: c.name, configOperation: OPERATIONS[c.operation], value: c.value ?? '' }));
    const resources = [{ resourceType: resourceType(resource), resourceName: resource.name, configs }];
    if (resource.name !== '') {
      await this.#admin().incrementalAlterConfigs({ resources, validateOnly: options.validateOnly });
      return;
    }
    const api = await this.#api<ApiOf<typeof incrementalAlterConfigsV1>>('IncrementalAlterConfigs');
    await api.async(await this.#connection(), resources, options.validateOnly);
  }

  /** Earliest (-2) or latest (-1) offsets of partitions, keyed `topic/partition`. */
  async offsets(partitions: readonly { topic: string; partition: number }[], which: 'earliest' | 'latest'): Promise<Map<string, number>> {
    const result = new Map<string, number>();
    if (partitions.length === 0) return result;
    const byTopic = new Map<string, number[]>();
    for (const p of partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
    const timestamp = which === 'earliest' ? -2n : -1n;
    const answer = await this.#admin().listOffsets({
      topics: [...byTopic].map(([name, list]) => ({ name, partitions: list.map((partitionIndex) => ({ partitionIndex, timestamp })) })),
    });
    for (const topic of answer) for (const p of topic.partitions) result.set(`${topic.name}/${p.partitionIndex}`, Number(p.offset));
    return result;
  }

  /** Ongoing reassignments (ListPartitionReassignments), of all topics or of the named ones. */
  async reassignments(topics?: readonly TopicState[]): Promise<Reassignment[]> {
    const api = await this.#api<ApiOf<typeof listPartitionReassignmentsV0>>('ListPartitionReassignments');
    const request = topics ? topics.map((t) => ({ name: t.name, partitionIndexes: t.partitions.map((p) => p.partition) })) : null;
    const response = await api.async(await this.#connection(), 30_000, request);
    return response.topics.flatMap((t) => t.partitions.map((p) => ({
      topic: t.name, partition: p.partitionIndex, replicas: p.replicas, adding: p.addingReplicas, removing: p.removingReplicas,
    }))).sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
  }
}
