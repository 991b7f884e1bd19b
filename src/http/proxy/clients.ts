// The Kafka clients behind the REST proxy's routes, as one set: the admin client and its control-plane views
// (cluster, groups, ACLs), the producer (v2 and v3 records) and the v2 consumer instances. The proxy has one set
// for everybody, or, with rest_authorization, one per caller (src/proxy/callers.ts), each on that caller's
// credentials. Every client inside is made on first use.
import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import { ClusterAdmin } from '../../kafka/admin.ts';
import { AclAdmin } from '../../kafka/admin-acls.ts';
import { GroupAdmin } from '../../kafka/admin-groups.ts';
import { GroupConsumer } from '../../kafka/group-consumer.ts';
import { ProxyKafka } from '../../kafka/proxy-kafka.ts';
import { RecordProducer } from '../../kafka/record-producer.ts';
import type { SerdesById } from '../../proxy/consumed-records.ts';
import { ConsumerManager } from '../../proxy/consumer-manager.ts';
import type { ProxyCounters } from '../metrics.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's own Kafka clients under rest_authorization; null when the proxy's shared ones serve it. */
    proxyClients: ProxyClients | null;
  }
}

/** Confluent's default consumer.instance.timeout.ms (5 minutes), used when consumer_idle_disconnect_timeout is 0. */
const DEFAULT_IDLE_MS = 300_000;

export interface ClientsShared {
  /** Decoders of consumed records by schema id, shared by every caller (schemas are not per caller). */
  readonly serdes: SerdesById;
  readonly counters: ProxyCounters;
}

export class ProxyClients {
  readonly kafka: ProxyKafka;
  readonly admin: ClusterAdmin;
  readonly groups: GroupAdmin;
  readonly acls: AclAdmin;
  readonly records: RecordProducer;
  readonly consumers: ConsumerManager;

  constructor(config: Config, shared: ClientsShared) {
    const kafka = new ProxyKafka(config);
    const admin = () => kafka.admin;
    this.kafka = kafka;
    this.admin = new ClusterAdmin(admin);
    this.groups = new GroupAdmin(admin);
    this.acls = new AclAdmin(admin);
    this.records = new RecordProducer(kafka);
    this.consumers = new ConsumerManager({
      connect: (group, name) => new GroupConsumer(config, {
        groupId: group, clientId: `${config.client_id}-rest-${name}`,
        // Java excludes internal topics from pattern subscriptions (exclude.internal.topics=true).
        listTopics: () => kafka.admin.listTopics({ includeInternals: false }),
      }),
      serdes: shared.serdes,
      defaults: {
        autoCommit: config.consumer_enable_autocommit, fetchMinBytes: config.fetch_min_bytes,
        requestTimeoutMs: config.consumer_request_timeout_ms,
      },
      idleTimeoutMs: config.consumer_idle_disconnect_timeout > 0 ? config.consumer_idle_disconnect_timeout * 1000 : DEFAULT_IDLE_MS,
      onInstances: (change) => shared.counters.consumerInstances(change),
    });
  }

  /** True while consumer instances live here: closing would lose their positions and subscriptions. */
  get busy(): boolean {
    return this.consumers.size > 0;
  }

  async close(): Promise<void> {
    await this.consumers.close();
    await this.kafka.close();
  }
}

/** Which clients serve a request: the caller's own, else the shared ones. */
export type ClientsOf = (request: FastifyRequest) => ProxyClients;
