// One v2 consumer instance (Confluent's KafkaConsumerState): a subscription (topics or a pattern) or a manual
// assignment, a position per partition, reads that decode records in the instance's format, and commits. The
// states follow Java's KafkaConsumer, whose IllegalStateExceptions Confluent answers as 40903.
import { illegalState, kafkaBadRequest, kafkaError } from '../core/errors.ts';
import { decodeRecords, type ConsumedRecord, type EmbeddedFormat, type SerdesById } from './consumed-records.ts';

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}
type Position = TopicPartition & { offset: bigint };

/** What an instance needs from Kafka (src/kafka/group-consumer.ts implements it). */
export interface KafkaConsumerPort {
  onAssignment(listener: () => void): void;
  subscribe(topics: readonly string[]): Promise<void>;
  unsubscribe(): Promise<void>;
  assign(partitions: readonly TopicPartition[]): void;
  groupAssignment(): TopicPartition[];
  topicNames(): Promise<string[]>;
  committed(partitions: readonly TopicPartition[]): Promise<Map<string, bigint>>;
  offsetsAt(partitions: readonly TopicPartition[], timestamp: bigint): Promise<Map<string, bigint>>;
  commit(offsets: readonly Position[]): Promise<void>;
  fetch(positions: readonly Position[], options: { maxWait: number; minBytes: number; maxBytes: number }): Promise<{
    records: { topic: string; partition: number; offset: bigint; key: Buffer | null; value: Buffer | null }[];
    next: Map<string, bigint>;
    outOfRange: TopicPartition[];
  }>;
  close(): Promise<void>;
}

export interface InstanceSettings {
  readonly format: EmbeddedFormat;
  readonly autoOffsetReset: 'earliest' | 'latest' | 'none';
  readonly autoCommit: boolean;
  /** Answer a read once this many bytes are in hand (Confluent's fetch.min.bytes; <= 0: as soon as any are). */
  readonly fetchMinBytes: number;
  /** How long a read waits for records when the request gives no timeout (consumer.request.timeout.ms). */
  readonly requestTimeoutMs: number;
}

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;
const NOT_SUBSCRIBED = 'Consumer is not subscribed to any topics or assigned any partitions';
const EXCLUSIVE = 'Subscription to topics, partitions and pattern are mutually exclusive';
/** Java's auto.commit.interval.ms default. */
const AUTO_COMMIT_INTERVAL_MS = 5_000;
/** Java's topic metadata refresh for pattern subscriptions (metadata.max.age.ms is 5 minutes; we look more often). */
const PATTERN_REFRESH_MS = 30_000;

export class ConsumerInstance {
  readonly group: string;
  readonly name: string;
  readonly settings: InstanceSettings;
  readonly #kafka: KafkaConsumerPort;
  readonly #serdes: SerdesById;
  #mode: 'none' | 'topics' | 'pattern' | 'assigned' = 'none';
  #topics: string[] = [];
  #pattern: RegExp | undefined;
  #patternCheckedAt = 0;
  #assigned: TopicPartition[] = [];
  #joining: Promise<void> | undefined;
  #joinFailed = false;
  /** The next offset to read, per partition of the current assignment. */
  readonly #positions = new Map<string, Position>();
  /** Positions read but not yet committed by auto commit. */
  #dirty = false;
  #lastAutoCommit = Date.now();
  /** Operations on one instance run one at a time, as Confluent locks its KafkaConsumerState. */
  #queue: Promise<unknown> = Promise.resolve();
  lastUsed = Date.now();

  constructor(options: { group: string; name: string; settings: InstanceSettings; kafka: KafkaConsumerPort; serdes: SerdesById }) {
    this.group = options.group;
    this.name = options.name;
    this.settings = options.settings;
    this.#kafka = options.kafka;
    this.#serdes = options.serdes;
    // After a rebalance, positions of partitions we still own stay valid, lost ones are dropped, new ones are
    // looked up (committed offset, else auto.offset.reset) on the next read.
    this.#kafka.onAssignment(() => {
      const owned = new Set(this.#kafka.groupAssignment().map((p) => key(p.topic, p.partition)));
      for (const k of [...this.#positions.keys()]) if (!owned.has(k)) this.#positions.delete(k);
    });
  }

  /** Runs `work` after every earlier operation of this instance. */
  run<T>(work: () => Promise<T>): Promise<T> {
    this.lastUsed = Date.now();
    const next = this.#queue.then(work, work);
    this.#queue = next.catch(() => undefined);
    return next.finally(() => { this.lastUsed = Date.now(); });
  }

  subscribe(topics: readonly string[] | undefined, pattern: string | undefined): Promise<void> {
    return this.run(async () => {
      if (this.#mode === 'assigned' || (topics !== undefined && pattern !== undefined)) throw illegalState(EXCLUSIVE);
      if (pattern !== undefined) {
        if (this.#mode === 'topics') throw illegalState(EXCLUSIVE);
        try {
          // Java matches the whole topic name (Pattern.matcher(topic).matches()).
          this.#pattern = new RegExp(`^(?:${pattern})$`);
        } catch (error) {
          throw kafkaBadRequest(`Invalid topic pattern: ${(error as Error).message}`);
        }
        this.#mode = 'pattern';
        this.#topics = await this.#matchingTopics();
        this.#patternCheckedAt = Date.now();
      } else {
        // Confluent subscribes only to what the request names: neither topics nor a pattern changes nothing.
        if (topics === undefined) return;
        if (this.#mode === 'pattern') throw illegalState(EXCLUSIVE);
        // Java: subscribing to an empty list is unsubscribing.
        if (topics.length === 0) return this.#unsubscribe();
        this.#mode = 'topics';
        this.#topics = [...new Set(topics)];
      }
      this.#join();
    });
  }

  /** Starts joining the group in the background, as Java joins on the next poll; reads wait for it. */
  #join(): void {
    const topics = this.#topics;
    const joining = this.#kafka.subscribe(topics);
    joining.catch(() => undefined);
    this.#joining = joining;
    this.#joinFailed = false;
  }

  /** Waits for the group join under way; a failed join fails this read and is retried by the next one. */
  async #joined(): Promise<void> {
    if (this.#joinFailed) {
      this.#joinFailed = false;
      this.#join();
    }
    if (!this.#joining) return;
    try {
      await this.#joining;
    } catch (error) {
      this.#joinFailed = true;
      // As Kafka gave it: the HTTP layer maps it (a refused group is 403, an unreachable cluster 50x).
      throw error;
    }
  }

  async #matchingTopics(): Promise<string[]> {
    const names = await this.#kafka.topicNames();
    // Java excludes Kafka's internal topics from pattern subscriptions (exclude.internal.topics).
    return names.filter((t) => !t.startsWith('__') && this.#pattern!.test(t)).sort();
  }

  subscription(): { topics: string[] } {
    this.lastUsed = Date.now();
    return { topics: this.#mode === 'topics' || this.#mode === 'pattern' ? [...this.#topics] : [] };
  }

  unsubscribe(): Promise<void> {
    return this.run(() => this.#unsubscribe());
  }

  async #unsubscribe(): Promise<void> {
    if (this.#mode === 'topics' || this.#mode === 'pattern') {
      await this.#autoCommit(true);
      await this.#joining?.catch(() => undefined);
      await this.#kafka.unsubscribe();
    }
    this.#mode = 'none';
    this.#topics = [];
    this.#pattern = undefined;
    this.#assigned = [];
    this.#joining = undefined;
    this.#joinFailed = false;
    this.#positions.clear();
  }

  assign(partitions: readonly TopicPartition[]): Promise<void> {
    return this.run(async () => {
      if (this.#mode === 'topics' || this.#mode === 'pattern') throw illegalState(EXCLUSIVE);
      const unique = new Map(partitions.map((p) => [key(p.topic, p.partition), p]));
      this.#assigned = [...unique.values()];
      this.#mode = this.#assigned.length === 0 ? 'none' : 'assigned';
      for (const k of [...this.#positions.keys()]) if (!unique.has(k)) this.#positions.delete(k);
      this.#kafka.assign(this.#assigned);
    });
  }

  #assignment(): TopicPartition[] {
    if (this.#mode === 'assigned') return this.#assigned;
    if (this.#mode === 'none') return [];
    return this.#kafka.groupAssignment();
  }

  assignments(): Promise<TopicPartition[]> {
    return this.run(async () => {
      await this.#joining?.catch(() => undefined);
      return this.#assignment().map((p) => ({ topic: p.topic, partition: p.partition }));
    });
  }

  #requireAssigned(partitions: readonly TopicPartition[]): void {
    const owned = new Set(this.#assignment().map((p) => key(p.topic, p.partition)));
    for (const p of partitions) {
      if (!owned.has(key(p.topic, p.partition))) throw illegalState(`No current assignment for partition ${p.topic}-${p.partition}`);
    }
  }

  /** Seeks to offsets, or to the first offset at or after a timestamp (the end when there is none). */
  seek(offsets: readonly Position[], timestamps: readonly (TopicPartition & { timestamp: bigint })[]): Promise<void> {
    return this.run(async () => {
      await this.#joining?.catch(() => undefined);
      this.#requireAssigned([...offsets, ...timestamps]);
      for (const o of offsets) this.#positions.set(key(o.topic, o.partition), { topic: o.topic, partition: o.partition, offset: o.offset });
      for (const t of timestamps) {
        const [found] = (await this.#kafka.offsetsAt([t], t.timestamp)).values();
        const offset = found === undefined || found < 0n ? (await this.#kafka.offsetsAt([t], -1n)).values().next().value ?? 0n : found;
        this.#positions.set(key(t.topic, t.partition), { topic: t.topic, partition: t.partition, offset });
      }
    });
  }

  seekTo(where: 'beginning' | 'end', partitions: readonly TopicPartition[]): Promise<void> {
    return this.run(async () => {
      await this.#joining?.catch(() => undefined);
      this.#requireAssigned(partitions);
      const offsets = await this.#kafka.offsetsAt(partitions, where === 'beginning' ? -2n : -1n);
      for (const p of partitions) {
        this.#positions.set(key(p.topic, p.partition), { topic: p.topic, partition: p.partition, offset: offsets.get(key(p.topic, p.partition)) ?? 0n });
      }
    });
  }

  /** Positions of partitions that have none: the group's committed offset, else auto.offset.reset. */
  async #resolvePositions(assignment: readonly TopicPartition[]): Promise<void> {
    const missing = assignment.filter((p) => !this.#positions.has(key(p.topic, p.partition)));
    if (missing.length === 0) return;
    const committed = await this.#kafka.committed(missing);
    const reset: TopicPartition[] = [];
    for (const p of missing) {
      const offset = committed.get(key(p.topic, p.partition)) ?? -1n;
      if (offset >= 0n) this.#positions.set(key(p.topic, p.partition), { ...p, offset });
      else reset.push(p);
    }
    await this.#reset(reset);
  }

  async #reset(partitions: readonly TopicPartition[]): Promise<void> {
    if (partitions.length === 0) return;
    if (this.settings.autoOffsetReset === 'none') {
      // Java's NoOffsetForPartitionException.
      throw kafkaError(`Undefined offset with no reset policy for partitions: [${partitions.map((p) => `${p.topic}-${p.partition}`).join(', ')}]`);
    }
    const offsets = await this.#kafka.offsetsAt(partitions, this.settings.autoOffsetReset === 'earliest' ? -2n : -1n);
    for (const p of partitions) this.#positions.set(key(p.topic, p.partition), { ...p, offset: offsets.get(key(p.topic, p.partition)) ?? 0n });
  }

  /** One read: waits up to `timeout` ms for records, answers at most about `maxBytes` of keys and values. */
  records(options: { timeout: number | undefined; maxBytes: number }): Promise<{ record: ConsumedRecord; bytes: number }[]> {
    return this.run(async () => {
      if (this.#mode === 'none') throw illegalState(NOT_SUBSCRIBED);
      const timeout = options.timeout ?? this.settings.requestTimeoutMs;
      const deadline = Date.now() + timeout;
      await this.#joined();
      if (this.#mode === 'pattern' && Date.now() - this.#patternCheckedAt > PATTERN_REFRESH_MS) {
        this.#patternCheckedAt = Date.now();
        const topics = await this.#matchingTopics();
        if (topics.join('\u0000') !== this.#topics.join('\u0000')) {
          this.#topics = topics;
          this.#join();
          await this.#joined();
        }
      }
      let assignment = this.#assignment();
      // A member holding no partitions (more members than partitions, or a rebalance under way) waits out the
      // timeout as Java's poll does, instead of answering at once and making clients spin.
      while (assignment.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(100, deadline - Date.now())));
        assignment = this.#assignment();
      }
      await this.#resolvePositions(assignment);
      const positions = assignment.map((p) => this.#positions.get(key(p.topic, p.partition))!).filter(Boolean);
      const fetched = await this.#kafka.fetch(positions, {
        maxWait: Math.max(0, deadline - Date.now()),
        minBytes: this.settings.fetchMinBytes > 0 ? this.settings.fetchMinBytes : 1,
        maxBytes: Math.max(1, options.maxBytes),
      });
      // Out-of-range positions start again by auto.offset.reset, as Java's consumer does.
      for (const p of fetched.outOfRange) this.#positions.delete(key(p.topic, p.partition));
      await this.#reset(fetched.outOfRange);
      // Keep whole records up to max_bytes (at least one, so a large record cannot block the partition).
      const kept: typeof fetched.records = [];
      let bytes = 0;
      for (const r of fetched.records) {
        const size = (r.key?.length ?? 0) + (r.value?.length ?? 0);
        if (kept.length > 0 && bytes + size > options.maxBytes) break;
        kept.push(r);
        bytes += size;
      }
      const decoded = await decodeRecords(this.settings.format, kept, this.#serdes);
      this.#advance(kept, fetched, kept.length === fetched.records.length);
      await this.#autoCommit(false);
      return decoded;
    });
  }

  /** Moves positions past what was answered; past skipped control records too when everything was answered. */
  #advance(kept: readonly Position[], fetched: { next: Map<string, bigint> }, all: boolean): void {
    for (const r of kept) this.#positions.set(key(r.topic, r.partition), { topic: r.topic, partition: r.partition, offset: r.offset + 1n });
    if (all) {
      for (const [k, next] of fetched.next) {
        const position = this.#positions.get(k);
        if (position && next > position.offset) this.#positions.set(k, { ...position, offset: next });
      }
    }
    if (kept.length > 0 || fetched.next.size > 0) this.#dirty = true;
  }

  async #autoCommit(force: boolean): Promise<void> {
    if (!this.settings.autoCommit || !this.#dirty || this.#mode === 'none') return;
    if (!force && Date.now() - this.#lastAutoCommit < AUTO_COMMIT_INTERVAL_MS) return;
    this.#lastAutoCommit = Date.now();
    this.#dirty = false;
    try {
      await this.#kafka.commit(this.#currentPositions());
    } catch {
      // A background commit that fails (a rebalance under way) must not fail the read whose records it would lose;
      // the next one commits again, as Java's auto commit retries on its next interval.
      this.#dirty = true;
    }
  }

  #currentPositions(): Position[] {
    const owned = new Set(this.#assignment().map((p) => key(p.topic, p.partition)));
    return [...this.#positions.entries()].filter(([k]) => owned.has(k)).map(([, p]) => p);
  }

  /** Commits the given offsets (the next to read is offset + 1, as Confluent commits them), or every position
   *  read so far when none are given. */
  commit(offsets: readonly Position[] | undefined): Promise<void> {
    return this.run(async () => {
      if (offsets === undefined) {
        this.#dirty = false;
        await this.#kafka.commit(this.#currentPositions());
        return;
      }
      await this.#kafka.commit(offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: o.offset + 1n })));
    });
  }

  committed(partitions: readonly TopicPartition[]): Promise<Position[]> {
    return this.run(async () => {
      const offsets = await this.#kafka.committed(partitions);
      // Confluent lists only partitions that have a committed offset.
      return partitions
        .map((p) => ({ topic: p.topic, partition: p.partition, offset: offsets.get(key(p.topic, p.partition)) ?? -1n }))
        .filter((p) => p.offset >= 0n);
    });
  }

  /** Releases everything: commits read positions when auto commit is on (as Java's close), leaves the group. */
  close(): Promise<void> {
    return this.run(async () => {
      try {
        await this.#autoCommit(true);
      } finally {
        await this.#kafka.close();
      }
    });
  }
}
