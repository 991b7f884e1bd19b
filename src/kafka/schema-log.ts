// The `_schemas` topic as this node's log: make sure it exists, replay it from offset 0 into the state, keep
// following it, and append records so that a write resolves only once this node has applied it (read-your-writes).
import { Admin, Consumer, Producer } from '@platformatic/kafka';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { schemaTooLarge, storeError, storeTimeout } from '../core/errors.ts';
import type { SchemaLog } from '../store/log.ts';
import { decodeRecord, encodeRecord, isSubjectFirstKey, type LogRecord } from '../store/records.ts';
import type { RegistryState } from '../store/state.ts';
import { clusterId } from './admin.ts';
import { connectionOptions } from './connection.ts';

const IS_CONTROL_BATCH = 0b10_0000;
const TOPIC_ALREADY_EXISTS = 36;
const MESSAGE_TOO_LARGE = 10;

type LogConfig = Config;

export class SchemaLogError extends Error {
  override readonly name = 'SchemaLogError';
}

interface Waiter {
  readonly offset: number;
  readonly done: () => void;
}

export class KafkaSchemaLog implements SchemaLog {
  private readonly config: LogConfig;
  private readonly state: RegistryState;
  private readonly logger: Logger;
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private readonly admin: Admin;
  private readonly topic: string;
  private waiters: Waiter[] = [];
  private closed = false;
  private next = 0;
  private highWatermark = -1;
  private caughtUp = false;
  private loop: Promise<void> | undefined;
  /** Consecutive failed fetches; > 0 means Kafka is not answering right now. */
  private failures = 0;
  private lastError: string | undefined;
  /** Records applied, by key mode, as Karapace counts them (karapace_schema_reader_records_processed{keymode}). */
  private readonly processed = { canonical: 0, deprecated_karapace: 0 };

  constructor(options: { config: LogConfig; state: RegistryState; logger: Logger }) {
    this.config = options.config;
    this.state = options.state;
    this.logger = options.logger;
    this.topic = options.config.topic_name;
    const base = connectionOptions(options.config);
    this.admin = new Admin({ ...base, clientId: `${base.clientId}-admin` });
    this.consumer = new Consumer({ ...base, clientId: `${base.clientId}-reader`, groupId: `${options.config.group_id}-reader-unused` });
    this.producer = new Producer({ ...base, clientId: `${base.clientId}-writer`, acks: -1, idempotent: false, retries: 5 });
  }

  /** Ensures the topic, then replays it; resolves once the state holds every record that existed at start. */
  async start(): Promise<void> {
    await this.ensureTopic();
    const end = await this.endOffset();
    this.logger.info({ topic: this.topic, endOffset: end }, 'replaying the schemas topic');
    this.loop = this.follow();
    if (end > 0) await this.waitFor(end - 1);
    this.caughtUp = true;
  }

  /** The Kafka cluster's id, from a metadata answer. */
  clusterId(): Promise<string> {
    return clusterId(this.admin);
  }

  get ready(): boolean {
    return this.caughtUp;
  }

  health() {
    return {
      ready: this.caughtUp,
      kafka_reachable: this.failures === 0,
      offset: this.state.offset,
      high_watermark: this.highWatermark,
      records_processed: { ...this.processed },
      ...(this.lastError && this.failures > 0 ? { last_error: this.lastError } : {}),
    };
  }

  async append(records: readonly LogRecord[]): Promise<void> {
    const messages = records.map((record) => {
      const { key, value } = encodeRecord(record, this.state.keyStyle);
      return { topic: this.topic, partition: 0, key, value: value ?? undefined };
    });
    let offsets: bigint[];
    try {
      const result = await this.producer.send({ messages, acks: -1 });
      offsets = (result.offsets ?? []).map((o) => o.offset);
    } catch (error) {
      if (hasKafkaCode(error, MESSAGE_TOO_LARGE)) throw schemaTooLarge();
      this.logger.error({ err: error }, 'writing to the schemas topic failed');
      throw storeError('writing to the schemas topic');
    }
    // The produce answer holds the base offset of the batch: the last record is at base + count - 1.
    const base = offsets[0];
    if (base === undefined) throw storeError('writing to the schemas topic');
    await this.waitWithTimeout(Number(base) + records.length - 1, 'Write');
  }

  /** Waits for the state to apply `offset`, at most `schema_write_timeout_ms` (then 50002). */
  private async waitWithTimeout(offset: number, what: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.waitFor(offset),
      new Promise<never>((_, fail) => {
        timer = setTimeout(() => fail(storeTimeout(what)), this.config.schema_write_timeout_ms);
      }),
    ]).finally(() => clearTimeout(timer));
  }

  async catchUp(): Promise<void> {
    let end: number;
    try {
      end = await this.endOffset();
    } catch (error) {
      this.logger.error({ err: error }, 'reading the end of the schemas topic failed');
      throw storeError('reading the schemas topic');
    }
    if (end > 0) await this.waitWithTimeout(end - 1, 'Read');
  }

  /** Resolves when the state has applied `offset`. */
  waitFor(offset: number): Promise<void> {
    if (this.state.offset >= offset) return Promise.resolve();
    return new Promise((done) => this.waiters.push({ offset, done }));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([this.producer.close(), this.admin.close()]);
    await this.loop?.catch(() => {});
    await this.consumer.close(true).catch(() => {});
  }

  private async ensureTopic(): Promise<void> {
    const existing = await this.describeTopic();
    if (existing) return this.checkPartitions(existing.partitionsCount);
    try {
      await this.admin.createTopics({
        topics: [this.topic],
        partitions: 1,
        replicas: this.config.replication_factor,
        configs: [{ name: 'cleanup.policy', value: 'compact' }],
      });
      this.logger.info({ topic: this.topic, replicationFactor: this.config.replication_factor }, 'created the schemas topic');
    } catch (error) {
      if (!hasKafkaCode(error, TOPIC_ALREADY_EXISTS)) {
        throw new SchemaLogError(`cannot create the schemas topic "${this.topic}": ${describe(error)}`);
      }
    }
    const created = await this.describeTopic();
    if (created) this.checkPartitions(created.partitionsCount);
  }

  private checkPartitions(count: number): void {
    if (count !== 1) {
      throw new SchemaLogError(`the schemas topic "${this.topic}" has ${count} partitions; it must have exactly 1`);
    }
  }

  private async describeTopic() {
    const metadata = await this.admin.metadata({ topics: [], forceUpdate: true });
    if (!metadata.topics.has(this.topic)) {
      const listed = await this.admin.listTopics({ includeInternals: true });
      if (!listed.includes(this.topic)) return undefined;
    }
    const full = await this.admin.metadata({ topics: [this.topic], forceUpdate: true });
    return full.topics.get(this.topic);
  }

  private async endOffset(): Promise<number> {
    const offsets = await this.consumer.listOffsets({ topics: [this.topic], timestamp: -1n });
    return Number(offsets.get(this.topic)?.[0] ?? 0n);
  }

  /** The reader: fetches from `next` forever, applying records in order. */
  private async follow(): Promise<void> {
    let target: { topicId: string; node: number } | undefined;
    while (!this.closed) {
      try {
        target ??= await this.fetchTarget();
        const response = await this.consumer.fetch({
          node: target.node,
          maxWaitTime: 500,
          minBytes: 1,
          maxBytes: 16 * 1024 * 1024,
          topics: [{
            topicId: target.topicId,
            partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: BigInt(this.next), lastFetchedEpoch: -1, partitionMaxBytes: 8 * 1024 * 1024 }],
          }],
        });
        const partition = response.responses[0]?.partitions[0];
        if (!partition) continue;
        if (partition.errorCode !== 0) {
          target = undefined;
          throw new SchemaLogError(`fetch error code ${partition.errorCode}`);
        }
        this.highWatermark = Number(partition.highWatermark);
        for (const batch of partition.records ?? []) {
          this.applyBatch(batch);
          if (this.closed) return;
        }
        // Offsets with no record (compacted away, transaction markers) still count as read.
        if (this.next < this.highWatermark && (partition.records ?? []).length === 0) this.next = this.highWatermark;
        this.advanceTo(this.next - 1);
        if (this.failures > 0) this.logger.info('the schemas topic is reachable again');
        this.failures = 0;
      } catch (error) {
        if (this.closed) return;
        this.failures++;
        this.lastError = describe(error);
        target = undefined;
        if (this.failures === 1 || this.failures % 30 === 0) {
          this.logger.warn({ err: this.lastError, failures: this.failures }, 'reading the schemas topic failed; retrying');
        }
        await new Promise((r) => setTimeout(r, Math.min(1000, 100 * this.failures)));
      }
    }
  }

  private applyBatch(batch: { firstOffset: bigint; attributes: number; firstTimestamp: bigint; records: { offsetDelta: number; timestampDelta: bigint; key: Buffer | null; value: Buffer | null }[] }): void {
    const first = Number(batch.firstOffset);
    const control = (batch.attributes & IS_CONTROL_BATCH) !== 0;
    for (const record of batch.records) {
      const offset = first + record.offsetDelta;
      if (offset < this.next) continue;
      this.next = offset + 1;
      if (control) continue;
      const decoded = decodeRecord(record.key, record.value, this.state.keyStyle);
      if (!decoded) {
        if (this.config.kafka_schema_reader_strict_mode) return this.haltOnCorruptRecord(offset, record.key);
        this.logger.warn({ offset, key: record.key?.toString('utf8').slice(0, 200) }, 'skipping a record that is not a schemas-topic record');
        this.state.offset = offset;
        continue;
      }
      this.state.apply(decoded, offset, Number(batch.firstTimestamp + record.timestampDelta));
      if (isSubjectFirstKey(record.key)) this.processed.deprecated_karapace += 1;
      else this.processed.canonical += 1;
    }
  }

  /**
   * `kafka_schema_reader_strict_mode`: as Karapace's reader (KafkaErrorHandler raising CorruptKafkaRecordException,
   * then utils.shutdown()), a record that cannot be read stops the reader where it is and the server with SIGTERM,
   * instead of skipping it. Records Karapace cannot read but we can (MODE, CLEAR_SUBJECT, CONTEXT) are not corrupt.
   */
  private haltOnCorruptRecord(offset: number, key: Buffer | null): void {
    this.closed = true;
    this.logger.fatal({ offset, key: key?.toString('utf8').slice(0, 200) },
      'the schemas topic holds a record that is not a schemas-topic record; stopping (kafka_schema_reader_strict_mode)');
    process.kill(process.pid, 'SIGTERM');
  }

  private advanceTo(offset: number): void {
    if (offset > this.state.offset) this.state.offset = offset;
    if (this.waiters.length === 0) return;
    const still: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (waiter.offset <= this.state.offset) waiter.done();
      else still.push(waiter);
    }
    this.waiters = still;
  }

  private async fetchTarget(): Promise<{ topicId: string; node: number }> {
    const metadata = await this.consumer.metadata({ topics: [this.topic], forceUpdate: true });
    const topic = metadata.topics.get(this.topic);
    const leader = topic?.partitions[0]?.leader;
    if (!topic || leader === undefined || leader < 0) throw new SchemaLogError(`no leader for ${this.topic} partition 0`);
    return { topicId: topic.id, node: leader };
  }
}

function describe(error: unknown): string {
  if (error instanceof AggregateError) return error.errors.map(describe).join('; ');
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause ? `${error.message} (${describe(cause)})` : error.message;
  }
  return String(error);
}

function hasKafkaCode(error: unknown, code: number): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { apiCode?: number; errors?: unknown[]; cause?: unknown; response?: unknown };
  if (e.apiCode === code) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => hasKafkaCode(x, code))) return true;
  return JSON.stringify(e.response ?? null)?.includes(`"errorCode":${code}`) ?? false;
}
