// The REST proxy's v3 resource shapes, as Confluent's entities/v3 classes serialize them: every resource has `kind`,
// `metadata: {self, resource_name}` and `{related: url}` links; collections are `{kind, metadata: {self, next}, data}`.
// Pure: the caller gives the base URL (advertised listener or rest_base_uri) and the cluster id.
import type { BrokerState, ConfigEntry, PartitionState, Reassignment, TopicState } from '../kafka/admin.ts';
import type { AclBinding } from '../kafka/admin-acls.ts';
import type { GroupMemberState, GroupState } from '../kafka/admin-groups.ts';

export interface Link { readonly related: string }

/** A topic known by its counts only (the answer to a create, before metadata shows it). */
export interface TopicSummary {
  readonly name: string;
  readonly internal: boolean;
  readonly partitionsCount: number;
  readonly replicationFactor: number;
}
type Resource = Record<string, unknown>;

const enc = encodeURIComponent;

export class V3Resources {
  readonly cluster: string;
  readonly #clusters: string;
  readonly #root: string;

  constructor(base: string, cluster: string) {
    this.cluster = cluster;
    this.#clusters = `${base.replace(/\/+$/, '')}/v3/clusters`;
    this.#root = `${this.#clusters}/${enc(cluster)}`;
  }

  /** An absolute URL under this cluster, e.g. url('/topics/t') . */
  url(path = ''): string {
    return `${this.#root}${path}`;
  }

  /** Confluent's resource names: crn:///kafka=<cluster>/topic=<t>/partition=<p>... */
  crn(...parts: readonly (readonly [string, string | number])[]): string {
    return `crn:///kafka=${this.cluster}${parts.map(([k, v]) => `/${k}=${v}`).join('')}`;
  }

  #link(path: string): Link {
    return { related: this.url(path) };
  }

  collection(kind: string, path: string, data: readonly unknown[]): Resource {
    return { kind, metadata: { self: this.url(path), next: null }, data };
  }

  /** GET /v3/clusters: a proxy serves one cluster. */
  clusterList(controller: number | null): Resource {
    return { kind: 'KafkaClusterList', metadata: { self: this.#clusters, next: null }, data: [this.clusterData(controller)] };
  }

  clusterData(controller: number | null): Resource {
    return {
      kind: 'KafkaCluster',
      metadata: { self: this.url(), resource_name: this.crn() },
      cluster_id: this.cluster,
      controller: controller === null ? null : this.#link(`/brokers/${controller}`),
      acls: this.#link('/acls'),
      brokers: this.#link('/brokers'),
      broker_configs: this.#link('/broker-configs'),
      consumer_groups: this.#link('/consumer-groups'),
      topics: this.#link('/topics'),
      partition_reassignments: this.#link('/topics/-/partitions/-/reassignment'),
    };
  }

  broker(b: BrokerState): Resource {
    return {
      kind: 'KafkaBroker',
      metadata: { self: this.url(`/brokers/${b.id}`), resource_name: this.crn(['broker', b.id]) },
      cluster_id: this.cluster, broker_id: b.id, host: b.host, port: b.port, rack: b.rack,
      configs: this.#link(`/brokers/${b.id}/configs`),
      partition_replicas: this.#link(`/brokers/${b.id}/partition-replicas`),
    };
  }

  topic(t: TopicState | TopicSummary): Resource {
    const path = `/topics/${enc(t.name)}`;
    const counts = 'partitions' in t
      ? { partitionsCount: t.partitions.length, replicationFactor: t.partitions[0]?.replicas.length ?? 0 }
      : t;
    return {
      kind: 'KafkaTopic',
      metadata: { self: this.url(path), resource_name: this.crn(['topic', t.name]) },
      cluster_id: this.cluster, topic_name: t.name, is_internal: t.internal,
      replication_factor: counts.replicationFactor, partitions_count: counts.partitionsCount,
      partitions: this.#link(`${path}/partitions`),
      configs: this.#link(`${path}/configs`),
      partition_reassignments: this.#link(`${path}/partitions/-/reassignment`),
      // Filled only on request (include_authorized_operations) and only with an authorizer; Confluent sends [].
      authorized_operations: [],
    };
  }

  partition(p: PartitionState): Resource {
    const path = `/topics/${enc(p.topic)}/partitions/${p.partition}`;
    return {
      kind: 'KafkaPartition',
      metadata: { self: this.url(path), resource_name: this.crn(['topic', p.topic], ['partition', p.partition]) },
      cluster_id: this.cluster, topic_name: p.topic, partition_id: p.partition,
      leader: p.leader === null ? null : this.#link(`${path}/replicas/${p.leader}`),
      replicas: this.#link(`${path}/replicas`),
      reassignment: this.#link(`${path}/reassignment`),
    };
  }

  partitionOffsets(p: PartitionState, earliest: number, latest: number): Resource {
    const path = `/topics/${enc(p.topic)}/partitions/${p.partition}`;
    return {
      kind: 'KafkaPartitionWithOffsets',
      metadata: { self: this.url(`${path}/offset`), resource_name: this.crn(['topic', p.topic], ['partition', p.partition]) },
      cluster_id: this.cluster, topic_name: p.topic, partition_id: p.partition, earliest_offset: earliest, latest_offset: latest,
    };
  }

  replica(p: PartitionState, broker: number): Resource {
    const path = `/topics/${enc(p.topic)}/partitions/${p.partition}/replicas/${broker}`;
    return {
      kind: 'KafkaReplica',
      metadata: { self: this.url(path), resource_name: this.crn(['topic', p.topic], ['partition', p.partition], ['replica', broker]) },
      cluster_id: this.cluster, topic_name: p.topic, partition_id: p.partition, broker_id: broker,
      is_leader: p.leader === broker, is_in_sync: p.isr.includes(broker),
      broker: this.#link(`/brokers/${broker}`),
    };
  }

  reassignment(r: Reassignment): Resource {
    const path = `/topics/${enc(r.topic)}/partitions/${r.partition}`;
    return {
      kind: 'KafkaReassignment',
      metadata: { self: this.url(`${path}/reassignment`), resource_name: this.crn(['topic', r.topic], ['partition', r.partition]) },
      cluster_id: this.cluster, topic_name: r.topic, partition_id: r.partition,
      adding_replicas: r.adding, removing_replicas: r.removing,
      replicas: this.#link(`${path}/replicas`),
    };
  }

  #config(c: ConfigEntry): Resource {
    return {
      name: c.name, value: c.value, is_default: c.isDefault, is_read_only: c.readOnly, is_sensitive: c.sensitive,
      source: c.source, synonyms: c.synonyms.map((s) => ({ name: s.name, value: s.value, source: s.source })),
    };
  }

  topicConfig(topic: string, c: ConfigEntry): Resource {
    return {
      kind: 'KafkaTopicConfig',
      metadata: { self: this.url(`/topics/${enc(topic)}/configs/${enc(c.name)}`), resource_name: this.crn(['topic', topic], ['config', c.name]) },
      cluster_id: this.cluster, topic_name: topic, ...this.#config(c),
    };
  }

  brokerConfig(broker: number, c: ConfigEntry): Resource {
    return {
      kind: 'KafkaBrokerConfig',
      metadata: { self: this.url(`/brokers/${broker}/configs/${enc(c.name)}`), resource_name: this.crn(['broker', broker], ['config', c.name]) },
      cluster_id: this.cluster, broker_id: broker, ...this.#config(c),
    };
  }

  /** A cluster-wide default broker config (GET /broker-configs; Confluent's ClusterConfigData, config_type BROKER). */
  clusterConfig(c: ConfigEntry): Resource {
    return {
      kind: 'KafkaClusterConfig',
      metadata: { self: this.url(`/broker-configs/${enc(c.name)}`), resource_name: this.crn(['broker-config', c.name]) },
      cluster_id: this.cluster, config_type: 'BROKER', ...this.#config(c),
    };
  }

  consumerGroup(g: GroupState): Resource {
    const path = `/consumer-groups/${enc(g.id)}`;
    return {
      kind: 'KafkaConsumerGroup',
      metadata: { self: this.url(path), resource_name: this.crn(['consumer-group', g.id]) },
      cluster_id: this.cluster, consumer_group_id: g.id, is_simple: g.simple, partition_assignor: g.assignor,
      state: g.state, type: 'CLASSIC', is_mixed_consumer_group: false,
      coordinator: g.coordinator === null ? null : this.#link(`/brokers/${g.coordinator}`),
      consumers: this.#link(`${path}/consumers`),
      lag_summary: this.#link(`${path}/lag-summary`),
    };
  }

  consumer(group: string, m: GroupMemberState): Resource {
    const path = `/consumer-groups/${enc(group)}/consumers/${enc(m.consumerId)}`;
    return {
      kind: 'KafkaConsumer',
      metadata: { self: this.url(path), resource_name: this.crn(['consumer-group', group], ['consumer', m.consumerId]) },
      cluster_id: this.cluster, consumer_group_id: group, consumer_id: m.consumerId, instance_id: m.instanceId,
      client_id: m.clientId, assignments: this.#link(`${path}/assignments`),
    };
  }

  assignment(group: string, consumer: string, a: { topic: string; partition: number }): Resource {
    const path = `/consumer-groups/${enc(group)}/consumers/${enc(consumer)}/assignments/${enc(a.topic)}/partitions/${a.partition}`;
    return {
      kind: 'KafkaConsumerAssignment',
      metadata: {
        self: this.url(path),
        resource_name: this.crn(['consumer-group', group], ['consumer', consumer], ['assignment', a.topic], ['partition', a.partition]),
      },
      cluster_id: this.cluster, consumer_group_id: group, consumer_id: consumer, topic_name: a.topic, partition_id: a.partition,
      partition: this.#link(`/topics/${enc(a.topic)}/partitions/${a.partition}`),
      lag: this.#link(`/consumer-groups/${enc(group)}/lags/${enc(a.topic)}/partitions/${a.partition}`),
    };
  }

  lag(group: string, l: ConsumerLag): Resource {
    const path = `/consumer-groups/${enc(group)}/lags/${enc(l.topic)}/partitions/${l.partition}`;
    return {
      kind: 'KafkaConsumerLag',
      metadata: { self: this.url(path), resource_name: this.crn(['consumer-group', group], ['lag', l.topic], ['partition', l.partition]) },
      cluster_id: this.cluster, consumer_group_id: group, topic_name: l.topic, partition_id: l.partition,
      current_offset: l.currentOffset, log_end_offset: l.logEndOffset, lag: l.logEndOffset - l.currentOffset,
      consumer_id: l.consumerId, instance_id: l.instanceId, client_id: l.clientId,
    };
  }

  lagSummary(group: string, lags: readonly ConsumerLag[]): Resource {
    const path = `/consumer-groups/${enc(group)}/lag-summary`;
    // ConsumerGroupLagSummary: the first partition with the largest lag wins; total is the sum.
    let max: ConsumerLag | undefined;
    let total = 0;
    for (const l of lags) {
      const lag = l.logEndOffset - l.currentOffset;
      total += lag;
      if (!max || lag > max.logEndOffset - max.currentOffset) max = l;
    }
    return {
      kind: 'KafkaConsumerGroupLagSummary',
      metadata: { self: this.url(path), resource_name: `${this.crn(['consumer-group', group])}/lag-summary` },
      cluster_id: this.cluster, consumer_group_id: group,
      max_lag_consumer_id: max?.consumerId ?? '', max_lag_instance_id: max?.instanceId ?? null, max_lag_client_id: max?.clientId ?? '',
      max_lag_topic_name: max?.topic ?? '', max_lag_partition_id: max?.partition ?? 0,
      max_lag: max ? max.logEndOffset - max.currentOffset : 0, total_lag: total,
      max_lag_consumer: this.#link(`/consumer-groups/${enc(group)}/consumers/${enc(max?.consumerId ?? '')}`),
      max_lag_partition: this.#link(`/topics/${enc(max?.topic ?? '')}/partitions/${max?.partition ?? 0}`),
    };
  }
}

/** Confluent's AclData: its self link is the search that finds exactly it. */
export function aclResource(res: V3Resources, b: AclBinding): Resource {
  const fields = {
    resource_type: b.resourceType, resource_name: b.resourceName, pattern_type: b.patternType,
    principal: b.principal, host: b.host, operation: b.operation, permission: b.permission,
  };
  return { kind: 'KafkaAcl', metadata: { self: res.url(`/acls?${new URLSearchParams(fields)}`) }, cluster_id: res.cluster, ...fields };
}

/** One partition's lag in a group: its committed offset against the log end, and the member it is assigned to
 *  (empty ids when no member holds it, as Confluent's ConsumerLagManagerImpl sends). */
export interface ConsumerLag {
  readonly topic: string;
  readonly partition: number;
  readonly currentOffset: number;
  readonly logEndOffset: number;
  readonly consumerId: string;
  readonly instanceId: string | null;
  readonly clientId: string;
}
