// Kafka for the backup tool: describe a topic (partitions, replication, configs, offsets), read one partition from
// a start offset up to an end offset fixed beforehand, create a topic, and produce records in order to partition 0
// with their keys, values, headers and timestamps. Failures become BackupErrors that say what could not be done.
import { Admin, Consumer, Producer, type BaseOptions } from '@platformatic/kafka';
import type { Config } from '../config.ts';
import { BackupError } from '../backup/errors.ts';
import type { BackupRecord } from '../backup/record.ts';
import { connectionOptions } from './connection.ts';

const IS_CONTROL_BATCH = 0b10_0000;
const LOG_APPEND_TIME = 0b1000;
const TOPIC_RESOURCE = 2;
const DYNAMIC_TOPIC_CONFIG = 1;
const TOPIC_ALREADY_EXISTS = 36;
/** Karapace keeps these four whatever their source, plus every config set on the topic itself. */
const KEPT_CONFIGS = new Set(['cleanup.policy', 'min.insync.replicas', 'retention.bytes', 'retention.ms']);
const MAX_SEND_RECORDS = 2000;
const MAX_SEND_BYTES = 900 * 1024;

export interface TopicState {
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly configs: Readonly<Record<string, string>>;
  /** The first offset still in the log. */
  readonly earliest: number;
  /** The offset the next record will get. */
  readonly latest: number;
}

export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    const inner = [...new Set(error.errors.map(describeError))];
    return inner.join('; ');
  }
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause ? `${error.message} (${describeError(cause)})` : error.message;
  }
  return String(error);
}

function hasApiCode(error: unknown, code: number): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { apiCode?: number; errors?: unknown[]; cause?: unknown };
  if (e.apiCode === code) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => hasApiCode(x, code))) return true;
  return e.cause !== undefined && hasApiCode(e.cause, code);
}

export class BackupKafka {
  private readonly base: BaseOptions;
  private readonly bootstrap: string;
  private admin: Admin | undefined;
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;

  constructor(config: Config) {
    this.base = { ...connectionOptions(config, '-backup'), retries: 2 };
    this.bootstrap = config.bootstrap_uri;
  }

  private async kafka<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof BackupError) throw error;
      throw new BackupError(`${what} failed (Kafka at ${this.bootstrap}): ${describeError(error)}`, { cause: error });
    }
  }

  private getAdmin(): Admin {
    this.admin ??= new Admin({ ...this.base, clientId: `${this.base.clientId}-admin` });
    return this.admin;
  }

  private getConsumer(): Consumer {
    this.consumer ??= new Consumer({ ...this.base, clientId: `${this.base.clientId}-reader`, groupId: `${this.base.clientId ?? 'karapace-backup'}-unused` });
    return this.consumer;
  }

  /** The topic as it is now, or undefined when it does not exist. */
  async describe(topic: string): Promise<TopicState | undefined> {
    const admin = this.getAdmin();
    const exists = await this.kafka('listing topics', async () => (await admin.listTopics({ includeInternals: true })).includes(topic));
    if (!exists) return undefined;
    const metadata = await this.kafka(`reading the metadata of topic "${topic}"`, () => admin.metadata({ topics: [topic], forceUpdate: true }));
    const info = metadata.topics.get(topic);
    if (!info) return undefined;
    const described = await this.kafka(`reading the configuration of topic "${topic}"`, () =>
      admin.describeConfigs({ resources: [{ resourceType: TOPIC_RESOURCE, resourceName: topic }] }));
    const configs: Record<string, string> = {};
    for (const entry of described[0]?.configs ?? []) {
      if (typeof entry.value === 'string' && (KEPT_CONFIGS.has(entry.name) || entry.configSource === DYNAMIC_TOPIC_CONFIG)) configs[entry.name] = entry.value;
    }
    const consumer = this.getConsumer();
    const offsets = async (timestamp: bigint) => Number((await consumer.listOffsets({ topics: [topic], timestamp })).get(topic)?.[0] ?? 0n);
    const earliest = await this.kafka(`reading the offsets of topic "${topic}"`, () => offsets(-2n));
    const latest = await this.kafka(`reading the offsets of topic "${topic}"`, () => offsets(-1n));
    return { partitions: info.partitionsCount, replicationFactor: info.partitions[0]?.replicas.length ?? 0, configs, earliest, latest };
  }

  async create(topic: string, options: { replicationFactor: number; configs: Readonly<Record<string, string>> }): Promise<'created' | 'exists'> {
    const admin = this.getAdmin();
    try {
      await admin.createTopics({
        topics: [topic],
        partitions: 1,
        replicas: options.replicationFactor,
        configs: Object.entries(options.configs).map(([name, value]) => ({ name, value })),
      });
      return 'created';
    } catch (error) {
      if (hasApiCode(error, TOPIC_ALREADY_EXISTS)) return 'exists';
      throw new BackupError(`creating topic "${topic}" (1 partition, replication factor ${options.replicationFactor}) failed: ${describeError(error)}`, { cause: error });
    }
  }

  /**
   * Reads partition 0 from `from` up to (not including) `to`, in fetch-sized batches. Fails when no record arrives
   * for `pollTimeoutMs` before `to` is reached.
   */
  async *read(topic: string, options: { from: number; to: number; pollTimeoutMs: number }): AsyncGenerator<BackupRecord[]> {
    const consumer = this.getConsumer();
    let next = options.from;
    let lastProgress = Date.now();
    let target: { topicId: string; node: number } | undefined;
    while (next < options.to) {
      target ??= await this.kafka(`finding the leader of topic "${topic}"`, async () => {
        const metadata = await consumer.metadata({ topics: [topic], forceUpdate: true });
        const info = metadata.topics.get(topic);
        const leader = info?.partitions[0]?.leader;
        if (!info || leader === undefined || leader < 0) throw new BackupError(`topic "${topic}" partition 0 has no leader`);
        return { topicId: info.id, node: leader };
      });
      const { topicId, node } = target;
      const response = await this.kafka(`reading topic "${topic}" at offset ${next}`, () => consumer.fetch({
        node,
        maxWaitTime: 500,
        minBytes: 1,
        maxBytes: 32 * 1024 * 1024,
        topics: [{ topicId, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: BigInt(next), lastFetchedEpoch: -1, partitionMaxBytes: 16 * 1024 * 1024 }] }],
      }));
      const partition = response.responses[0]?.partitions[0];
      if (partition && partition.errorCode !== 0) {
        target = undefined;
        if (Date.now() - lastProgress > options.pollTimeoutMs) throw new BackupError(`reading topic "${topic}" at offset ${next} failed with Kafka error code ${partition.errorCode}`);
        continue;
      }
      const out: BackupRecord[] = [];
      const before = next;
      for (const batch of partition?.records ?? []) {
        const first = Number(batch.firstOffset);
        const control = (batch.attributes & IS_CONTROL_BATCH) !== 0;
        const appendTime = (batch.attributes & LOG_APPEND_TIME) !== 0;
        for (const record of batch.records) {
          const offset = first + record.offsetDelta;
          if (offset < next || offset >= options.to) continue;
          next = offset + 1;
          if (control) continue;
          out.push({
            key: record.key,
            value: record.value,
            headers: record.headers.map(([k, v]) => [k ?? Buffer.alloc(0), v ?? Buffer.alloc(0)] as const),
            offset,
            timestamp: Number(appendTime ? batch.maxTimestamp : batch.firstTimestamp + record.timestampDelta),
          });
        }
        // A batch whose last records were compacted away still ends at its last offset delta.
        const end = first + batch.lastOffsetDelta + 1;
        if (end > next && end <= options.to) next = end;
      }
      // Offsets with no record left (compacted, removed) up to the high watermark count as read.
      const highWatermark = Number(partition?.highWatermark ?? -1);
      if (out.length === 0 && next === before && highWatermark >= options.to) next = options.to;
      if (next > before) lastProgress = Date.now();
      else if (Date.now() - lastProgress > options.pollTimeoutMs) {
        throw new BackupError(`no records arrived from topic "${topic}" within the poll timeout (${options.pollTimeoutMs / 1000} s) `
          + `while reading offset ${next} of ${options.from}..${options.to - 1}; try a longer --poll-timeout`);
      }
      if (out.length > 0) yield out;
    }
  }

  /** Produces the records in order to partition 0, waiting for every acknowledgement (acks=all). */
  async produce(topic: string, records: readonly BackupRecord[]): Promise<void> {
    this.producer ??= new Producer({ ...this.base, clientId: `${this.base.clientId}-writer`, acks: -1, idempotent: false, retries: 5 });
    const producer = this.producer;
    let start = 0;
    while (start < records.length) {
      let end = start;
      let bytes = 0;
      while (end < records.length && end - start < MAX_SEND_RECORDS) {
        const r = records[end] as BackupRecord;
        const size = (r.key?.length ?? 0) + (r.value?.length ?? 0) + r.headers.reduce((n, [k, v]) => n + k.length + v.length, 0) + 32;
        if (end > start && bytes + size > MAX_SEND_BYTES) break;
        bytes += size;
        end++;
      }
      const messages = records.slice(start, end).map((r) => ({
        topic,
        partition: 0,
        key: r.key ?? undefined,
        value: r.value ?? undefined,
        ...(r.headers.length > 0 ? { headers: new Map(r.headers.map(([k, v]) => [k, v])) } : {}),
        ...(r.timestamp !== undefined ? { timestamp: BigInt(r.timestamp) } : {}),
      }));
      await this.kafka(`producing to topic "${topic}"`, () => producer.send({ messages, acks: -1 }));
      start = end;
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.producer?.close(), this.admin?.close(), this.consumer?.close(true)]);
  }
}
