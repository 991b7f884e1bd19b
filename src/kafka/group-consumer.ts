// The Kafka consumer of one REST proxy consumer instance (Confluent's v2 consumers). Subscribed, it is a real member
// of the instance's consumer group (JoinGroup/SyncGroup/Heartbeat through @platformatic/kafka, which rejoins by itself
// on rebalances); with partitions assigned by hand it is a group-less "simple consumer", as after Java's
// KafkaConsumer.assign(), whose commits still go to the group. Fetches are explicit (raw Fetch requests from
// positions the caller keeps, nothing read ahead), because the REST API seeks, reads and commits per request;
// holding no prefetched records is also what keeps an idle instance small.
import { Consumer, type ClusterMetadata } from '@platformatic/kafka';
import type { Config } from '../config.ts';
import { connectionOptions } from './connection.ts';

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

export interface FetchedRecord extends TopicPartition {
  readonly offset: bigint;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

export interface FetchResult {
  readonly records: FetchedRecord[];
  /** The next offset to read per partition key the fetch advanced (past control records too). */
  readonly next: Map<string, bigint>;
  /** Partitions whose position is out of range (OFFSET_OUT_OF_RANGE): the caller resets them. */
  readonly outOfRange: TopicPartition[];
}

type FetchResponse = Awaited<ReturnType<Consumer['fetch']>>;
type ConsumerConfig = Parameters<typeof connectionOptions>[0] & Pick<Config, 'session_timeout_ms'>;

export const partitionKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

const IS_CONTROL = 0b10_0000;
const OFFSET_OUT_OF_RANGE = 1;

export class GroupConsumer {
  readonly #consumer: Consumer;
  #member = false;
  #onAssignment: (() => void) | undefined;
  readonly #listTopics: () => Promise<string[]>;

  /** `listTopics` names every topic (the proxy's admin client: a Metadata request for all topics). */
  constructor(config: ConsumerConfig, options: { groupId: string; clientId: string; listTopics: () => Promise<string[]> }) {
    this.#listTopics = options.listTopics;
    const session = Math.max(config.session_timeout_ms, 6_000);
    this.#consumer = new Consumer({
      ...connectionOptions(config, ''), clientId: options.clientId, groupId: options.groupId, autocommit: false,
      sessionTimeout: session, rebalanceTimeout: Math.max(session, 30_000), heartbeatInterval: Math.min(3_000, Math.floor(session / 3)),
    });
    // The library rejoined after a rebalance: the caller drops positions of partitions it lost.
    this.#consumer.on('consumer:group:join', () => this.#onAssignment?.());
    // A failed background rejoin surfaces on the next request; it must not be an unhandled 'error' event.
    this.#consumer.on('error', () => undefined);
  }

  onAssignment(listener: () => void): void {
    this.#onAssignment = listener;
  }

  /** Joins the group for these topics (or changes the subscription); resolves once assigned. */
  async subscribe(topics: readonly string[]): Promise<void> {
    const wanted = new Set(topics);
    const stale = this.#consumer.topics.current.filter((t) => !wanted.has(t));
    if (stale.length > 0) this.#consumer.topics.untrackAll(...stale);
    this.#consumer.topics.trackAll(...wanted);
    this.#member = true;
    await this.#consumer.joinGroup({});
  }

  /** Leaves the group (when a member) and forgets every topic. */
  async unsubscribe(): Promise<void> {
    if (this.#member) {
      this.#member = false;
      await this.#consumer.leaveGroup();
    }
    this.#consumer.topics.clear();
    this.#consumer.assignments = null;
  }

  /** Manual assignment: no membership; commits carry generation -1 and no member id, as a simple consumer's. */
  assign(partitions: readonly TopicPartition[]): void {
    this.#consumer.topics.clear();
    if (partitions.length > 0) this.#consumer.topics.trackAll(...new Set(partitions.map((p) => p.topic)));
    this.#consumer.generationId = -1;
    this.#consumer.memberId = '';
  }

  /** The partitions the group gave this member. */
  groupAssignment(): TopicPartition[] {
    return (this.#consumer.assignments ?? []).flatMap((a) => a.partitions.map((partition) => ({ topic: a.topic, partition })));
  }

  /** Every topic name in the cluster, for pattern subscriptions. */
  topicNames(): Promise<string[]> {
    return this.#listTopics();
  }

  /** The committed offset of each partition (-1 when none). */
  async committed(partitions: readonly TopicPartition[]): Promise<Map<string, bigint>> {
    const byTopic = new Map<string, number[]>();
    for (const p of partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
    const answer = await this.#consumer.listCommittedOffsets({ topics: [...byTopic].map(([topic, parts]) => ({ topic, partitions: parts })) });
    return new Map(partitions.map((p) => [partitionKey(p.topic, p.partition), answer.get(p.topic)?.[p.partition] ?? -1n]));
  }

  /** Offsets by timestamp: -2n the first, -1n the next to be written, else the first at or after it (-1n: none). */
  async offsetsAt(partitions: readonly TopicPartition[], timestamp: bigint): Promise<Map<string, bigint>> {
    const byTopic: Record<string, number[]> = {};
    for (const p of partitions) (byTopic[p.topic] ??= []).push(p.partition);
    const answer = await this.#consumer.listOffsets({ topics: Object.keys(byTopic), partitions: byTopic, timestamp });
    return new Map(partitions.map((p) => [partitionKey(p.topic, p.partition), answer.get(p.topic)?.[p.partition] ?? -1n]));
  }

  async commit(offsets: readonly (TopicPartition & { offset: bigint })[]): Promise<void> {
    if (offsets.length === 0) return;
    await this.#consumer.commit({ offsets: offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: o.offset, leaderEpoch: -1 })) });
  }

  async #metadata(topics: readonly string[]): Promise<ClusterMetadata> {
    return this.#consumer.metadata({ topics: [...topics], forceUpdate: false });
  }

  /** One fetch of each partition from its position, one request per leader; waits at most `maxWait` ms for data. */
  async fetch(positions: readonly (TopicPartition & { offset: bigint })[], options: { maxWait: number; minBytes: number; maxBytes: number }): Promise<FetchResult> {
    const result: FetchResult = { records: [], next: new Map(), outOfRange: [] };
    if (positions.length === 0) return result;
    const metadata = await this.#metadata([...new Set(positions.map((p) => p.topic))]);
    type Wanted = { topicId: string; partitions: { partition: number; currentLeaderEpoch: number; fetchOffset: bigint; lastFetchedEpoch: number; partitionMaxBytes: number }[] };
    const byNode = new Map<number, Wanted[]>();
    const names = new Map<string, string>();
    for (const p of positions) {
      const topic = metadata.topics.get(p.topic);
      const leader = topic?.partitions[p.partition]?.leader;
      if (!topic || leader === undefined || leader < 0) continue;
      names.set(topic.id, p.topic);
      const requests = byNode.get(leader) ?? [];
      byNode.set(leader, requests);
      requests.push({ topicId: topic.id, partitions: [{ partition: p.partition, currentLeaderEpoch: -1, fetchOffset: p.offset, lastFetchedEpoch: -1, partitionMaxBytes: options.maxBytes }] });
    }
    const requested = new Map(positions.map((p) => [partitionKey(p.topic, p.partition), p.offset]));
    await Promise.all([...byNode].map(async ([node, topics]) => {
      let response: FetchResponse;
      try {
        response = await this.#consumer.fetch({ node, topics, maxWaitTime: options.maxWait, minBytes: options.minBytes, maxBytes: options.maxBytes });
      } catch (error) {
        // Partition errors (OFFSET_OUT_OF_RANGE) fail the call but carry the response, read below.
        const partial = (error as { response?: FetchResponse }).response;
        if (!partial || partial.errorCode !== 0) throw error;
        response = partial;
      }
      for (const topicResponse of response.responses) {
        const topic = names.get(topicResponse.topicId);
        if (topic === undefined) continue;
        for (const part of topicResponse.partitions) {
          const key = partitionKey(topic, part.partitionIndex);
          const from = requested.get(key);
          if (from === undefined) continue;
          if (part.errorCode === OFFSET_OUT_OF_RANGE) {
            result.outOfRange.push({ topic, partition: part.partitionIndex });
            continue;
          }
          for (const batch of part.records ?? []) {
            result.next.set(key, batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n);
            if (batch.attributes & IS_CONTROL) continue;
            for (const record of batch.records) {
              const offset = batch.firstOffset + BigInt(record.offsetDelta);
              if (offset >= from) result.records.push({ topic, partition: part.partitionIndex, offset, key: record.key, value: record.value });
            }
          }
        }
      }
    }));
    return result;
  }

  async close(): Promise<void> {
    this.#onAssignment = undefined;
    await this.#consumer.close(true);
  }
}
