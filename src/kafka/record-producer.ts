// The Kafka side of the v3 records API (POST /v3/clusters/{cid}/topics/{t}/records): single records with headers
// and timestamps through the proxy's one shared producer (records that arrive together go in one request), the cluster id, and topics' partition counts.
import type { Admin, Producer } from '@platformatic/kafka';
import { isUnknownTopic } from './kafka-failure.ts';

export interface OutgoingRecord {
  readonly partition: number | undefined;
  readonly key: Buffer | undefined;
  readonly value: Buffer | undefined;
  readonly headers: readonly (readonly [string, Buffer])[];
  readonly timestamp: bigint;
}

export interface Produced {
  readonly partition: number;
  readonly offset: number;
}

/** What the shared clients give (src/kafka/proxy-kafka.ts): made on first use, closed with the app. */
export interface SharedClients {
  readonly admin: Admin;
  readonly producer: Producer;
  choosePartition(key: Buffer | undefined, partitions: number): number;
}

/** How long a topic's partition count is trusted: a burst of records asks Kafka once. */
const PARTITIONS_TTL_MS = 5_000;

export class RecordProducer {
  readonly #clients: SharedClients;
  #clusterId: string | undefined;
  readonly #partitions = new Map<string, { count: number | undefined; at: number }>();

  constructor(clients: SharedClients) {
    this.#clients = clients;
  }

  /** The Kafka cluster's id, as the metadata answer gives it (it never changes for a running cluster). */
  async clusterId(): Promise<string> {
    this.#clusterId ??= (await this.#clients.admin.metadata({ topics: [] })).id;
    return this.#clusterId;
  }

  /** The partition count of a topic; undefined when the topic does not exist. */
  async partitions(topic: string): Promise<number | undefined> {
    const known = this.#partitions.get(topic);
    if (known && Date.now() - known.at < PARTITIONS_TTL_MS) return known.count;
    let count: number | undefined;
    try {
      const metadata = await this.#clients.admin.metadata({ topics: [topic], forceUpdate: true });
      count = metadata.topics.get(topic)?.partitions.length;
    } catch (error) {
      if (!isUnknownTopic(error)) throw error;
    }
    this.#partitions.set(topic, { count, at: Date.now() });
    return count;
  }

  /** Produces records in order in one request; answers where each went (offsets follow each partition's base). */
  async produce(topic: string, partitions: number, records: readonly OutgoingRecord[]): Promise<Produced[]> {
    if (records.length === 0) return [];
    const placed = records.map((r) => ({ ...r, partition: r.partition ?? this.#clients.choosePartition(r.key, partitions) }));
    const result = await this.#clients.producer.send({
      messages: placed.map((r) => ({
        topic, partition: r.partition, timestamp: r.timestamp,
        ...(r.key ? { key: r.key } : {}), ...(r.value ? { value: r.value } : {}),
        ...(r.headers.length > 0 ? { headers: new Map(r.headers.map(([name, value]) => [Buffer.from(name), value])) } : {}),
      })),
    });
    const base = new Map<number, number>();
    for (const o of result.offsets ?? []) base.set(o.partition, Number(o.offset));
    const seen = new Map<number, number>();
    return placed.map((r) => {
      const index = seen.get(r.partition) ?? 0;
      seen.set(r.partition, index + 1);
      const first = base.get(r.partition);
      return { partition: r.partition, offset: first === undefined ? -1 : first + index };
    });
  }
}
