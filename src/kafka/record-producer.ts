// The Kafka side of the v3 records API (POST /v3/clusters/{cid}/topics/{t}/records): single records with headers
// and timestamps through the producer of the request's clients (records that arrive together go in one request),
// the cluster id, and topics' partition counts (cached by those clients for v2 and v3 alike).
import type { Admin, Producer } from '@platformatic/kafka';
import { clusterId } from './admin.ts';
import { allSent, offsetsOf, sendPerPartition } from './proxy-kafka.ts';

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

/** What the proxy's clients give (src/kafka/proxy-kafka.ts): made on first use, closed with them. */
export interface SharedClients {
  readonly admin: Admin;
  readonly producer: Producer;
  partitioner(partitions: number): (key: Buffer | undefined) => number;
  tooLarge(record: OutgoingRecord): string | undefined;
  partitionCount(topic: string): Promise<number | undefined>;
}

export class RecordProducer {
  readonly #clients: SharedClients;
  #clusterId: string | undefined;

  constructor(clients: SharedClients) {
    this.#clients = clients;
  }

  /** The Kafka cluster's id, as the metadata answer gives it (it never changes for a running cluster). */
  async clusterId(): Promise<string> {
    this.#clusterId ??= await clusterId(this.#clients.admin);
    return this.#clusterId;
  }

  /** Why the producer would refuse this record (over producer_max_request_size); undefined when it fits. */
  tooLarge(record: OutgoingRecord): string | undefined {
    return this.#clients.tooLarge(record);
  }

  /** The partition count of a topic; undefined when the topic does not exist. */
  partitions(topic: string): Promise<number | undefined> {
    return this.#clients.partitionCount(topic);
  }

  /** Produces records in order, one request per partition (sendPerPartition); answers where each went. */
  async produce(topic: string, partitions: number, records: readonly OutgoingRecord[]): Promise<Produced[]> {
    if (records.length === 0) return [];
    const partitionOf = this.#clients.partitioner(partitions);
    const placed = records.map((r) => ({ ...r, partition: r.partition ?? partitionOf(r.key) }));
    const result = allSent(await sendPerPartition(this.#clients.producer, {
      messages: placed.map((r) => ({
        topic, partition: r.partition, timestamp: r.timestamp,
        ...(r.key ? { key: r.key } : {}), ...(r.value ? { value: r.value } : {}),
        ...(r.headers.length > 0 ? { headers: new Map(r.headers.map(([name, value]) => [Buffer.from(name), value])) } : {}),
      })),
    }));
    const offsets = offsetsOf(result, placed.map((r) => r.partition));
    return placed.map((r, i) => ({ partition: r.partition, offset: offsets[i]! }));
  }
}
