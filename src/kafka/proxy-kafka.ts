// The REST proxy's Kafka clients: one admin client for metadata and one producer for every produce request (batched
// by the library), created on first use. One set serves everybody, or one set per caller under rest_authorization.
import { Admin, CompressionAlgorithms, murmur2, Producer, type CompressionAlgorithmValue } from '@platformatic/kafka';
import type { Config } from '../config.ts';
import { connectionOptions } from './connection.ts';
import { isUnknownTopic, kafkaFailure } from './kafka-failure.ts';

export interface ProduceRecord {
  readonly partition: number;
  readonly key: Buffer | undefined;
  readonly value: Buffer | undefined;
}

/** Java's upper bound for one record in a batch of its own (AbstractRecords.estimateSizeInBytesUpperBound): the batch
 *  header, the record's own overhead, key, value and headers. */
export function recordSize(record: { key?: Buffer | undefined; value?: Buffer | undefined; headers?: readonly (readonly [string, Buffer])[] }): number {
  let size = 61 + 21 + (record.key?.length ?? 0) + (record.value?.length ?? 0);
  for (const [name, value] of record.headers ?? []) size += 10 + Buffer.byteLength(name) + value.length;
  return size;
}

/** How long a topic's partition count is trusted: a burst of produce requests asks Kafka once. */
const PARTITIONS_TTL_MS = 5_000;

/** Each record's offset from a produce answer: it gives each partition's base offset, and the records sent to one
 *  partition follow it in order. -1 where the answer has none (acks=0). */
export function offsetsOf(result: { offsets?: readonly { partition: number; offset: bigint }[] }, partitions: readonly number[]): number[] {
  const base = new Map<number, number>();
  for (const o of result.offsets ?? []) base.set(o.partition, Number(o.offset));
  const seen = new Map<number, number>();
  return partitions.map((partition) => {
    const index = seen.get(partition) ?? 0;
    seen.set(partition, index + 1);
    const first = base.get(partition);
    return first === undefined ? -1 : first + index;
  });
}

type SendOptions = Parameters<Producer['send']>[0];
type SendResult = Awaited<ReturnType<Producer['send']>>;

/**
 * Sends each partition's records in a produce request of their own, all at once. The client retries a failed
 * request whole: had one request carried several partitions, a partition that failed (a new topic whose leaders are
 * not known yet: NOT_LEADER_OR_FOLLOWER) would resend the records the others had already written, duplicating them.
 * Java's producer retries per partition batch; so do we. Answers each partition's result (the messages name one topic).
 */
export async function sendPerPartition(producer: Producer, options: SendOptions): Promise<Map<number, PromiseSettledResult<SendResult>>> {
  const groups = new Map<number, SendOptions['messages']>();
  for (const message of options.messages) {
    const partition = message.partition ?? 0;
    const group = groups.get(partition);
    if (group) group.push(message);
    else groups.set(partition, [message]);
  }
  const partitions = [...groups.keys()];
  const results = await Promise.allSettled([...groups.values()].map((messages) => producer.send({ ...options, messages })));
  return new Map(partitions.map((partition, i) => [partition, results[i]!]));
}

/** All partitions' base offsets, or the first failure when any partition failed. */
export function allSent(results: ReadonlyMap<number, PromiseSettledResult<SendResult>>): { offsets: { partition: number; offset: bigint }[] } {
  const settled = [...results.values()];
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return { offsets: settled.flatMap((r) => (r as PromiseFulfilledResult<SendResult>).value.offsets ?? []) };
}

type ProxyKafkaConfig = Parameters<typeof connectionOptions>[0] & Pick<Config, 'producer_acks' | 'producer_compression_type'
  | 'producer_linger_ms' | 'producer_max_request_size'>;

const COMPRESSION: Record<string, CompressionAlgorithmValue> = {
  none: CompressionAlgorithms.NONE, gzip: CompressionAlgorithms.GZIP, snappy: CompressionAlgorithms.SNAPPY,
  lz4: CompressionAlgorithms.LZ4, zstd: CompressionAlgorithms.ZSTD,
};

export class ProxyKafka {
  readonly #config: ProxyKafkaConfig;
  #admin: Admin | undefined;
  #producer: Producer | undefined;
  #roundRobin = 0;
  readonly #partitionCounts = new Map<string, { count: number; at: number }>();

  constructor(config: ProxyKafkaConfig) {
    this.#config = config;
  }

  get admin(): Admin {
    this.#admin ??= new Admin({ ...connectionOptions(this.#config, '-rest-admin'), autocreateTopics: false });
    return this.#admin;
  }

  get #acks(): number {
    const acks = this.#config.producer_acks;
    return acks === 'all' ? -1 : Number(acks);
  }

  get producer(): Producer {
    this.#producer ??= new Producer({
      ...connectionOptions(this.#config, '-rest-producer'),
      autocreateTopics: false, idempotent: false, acks: this.#acks,
      compression: COMPRESSION[this.#config.producer_compression_type ?? 'none'] ?? CompressionAlgorithms.NONE,
      ...(this.#config.producer_linger_ms > 0 ? { batchTime: this.#config.producer_linger_ms } : {}),
    });
    return this.#producer;
  }

  /** A topic's partition count, cached briefly; undefined when the topic does not exist (never cached, so a topic
   *  created a moment later is seen at once). */
  async partitionCount(topic: string): Promise<number | undefined> {
    const known = this.#partitionCounts.get(topic);
    if (known && Date.now() - known.at < PARTITIONS_TTL_MS) return known.count;
    let count: number | undefined;
    try {
      count = (await this.admin.metadata({ topics: [topic], forceUpdate: true })).topics.get(topic)?.partitions.length;
    } catch (error) {
      // A name Kafka refuses (INVALID_TOPIC_EXCEPTION) names no topic either: 40401, as GET /topics/{t} answers.
      if (!isUnknownTopic(error) && kafkaFailure(error).id !== 'INVALID_TOPIC_EXCEPTION') throw error;
    }
    if (count !== undefined) this.#partitionCounts.set(topic, { count, at: Date.now() });
    return count;
  }

  /** Why the producer refuses this record (Java's RecordTooLargeException text), or undefined when it fits
   *  producer_max_request_size. */
  tooLarge(record: Parameters<typeof recordSize>[0]): string | undefined {
    const size = recordSize(record);
    const max = this.#config.producer_max_request_size;
    return size > max ? `The message is ${size} bytes when serialized which is larger than ${max}, which is the value of the max.request.size configuration.` : undefined;
  }

  /**
   * Where the records of one request go when they name no partition: keyed records by Java's default partitioner
   * (murmur2 of the key); unkeyed records all to one partition, the next one for each request (Java's sticky
   * partitioning keeps a batch together the same way), so one request makes one produce request per partition used.
   */
  partitioner(partitions: number): (key: Buffer | undefined) => number {
    this.#roundRobin = (this.#roundRobin + 1) % 1_000_000;
    const unkeyed = this.#roundRobin % partitions;
    return (key) => (key === undefined ? unkeyed : (murmur2(key) & 0x7fffffff) % partitions);
  }

  /** Produces the records, in order within each partition; answers each record's offset, or why its partition
   *  failed (Confluent reports failures per record). Throws when every partition failed. */
  async produce(topic: string, records: readonly ProduceRecord[]): Promise<(number | Error)[]> {
    const results = await sendPerPartition(this.producer, {
      messages: records.map((r) => ({ topic, partition: r.partition, key: r.key, value: r.value })), acks: this.#acks,
    });
    const settled = [...results.values()];
    if (settled.every((r) => r.status === 'rejected')) throw (settled[0] as PromiseRejectedResult).reason;
    const failures = new Map<number, Error>();
    for (const [partition, r] of results) if (r.status === 'rejected') failures.set(partition, r.reason as Error);
    const offsets = offsetsOf({ offsets: settled.flatMap((r) => (r.status === 'fulfilled' ? r.value.offsets ?? [] : [])) }, records.map((r) => r.partition));
    return records.map((r, i) => failures.get(r.partition) ?? offsets[i]!);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.#admin?.close(), this.#producer?.close()]);
  }
}
