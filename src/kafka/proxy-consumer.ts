// One REST consumer instance's Kafka side: a member of its consumer group (platformatic's Consumer and its
// MessagesStream), reading into a small bounded buffer that GET .../records drains; offsets committed to the group.
import { Consumer, MessagesStreamFallbackModes, MessagesStreamModes, type Message, type MessagesStream } from '@platformatic/kafka';
import { connectionOptions } from './connection.ts';

export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly leaderEpoch: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

export interface TopicPartitionOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

export interface MemberOptions {
  readonly groupId: string;
  readonly clientId: string;
  readonly reset: 'earliest' | 'latest';
  readonly autocommit: boolean;
  readonly fetchMinBytes: number;
}

/** Records held in memory per instance before the stream is paused (backpressure from slow HTTP readers). */
const BUFFER_RECORDS = 500;

export class GroupMember {
  readonly #consumer: Consumer;
  readonly #options: MemberOptions;
  #stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | undefined;
  #buffer: ConsumedRecord[] = [];
  #waiting: (() => void) | undefined;
  /** The next offset to read per `topic\0partition`, from records handed out. */
  readonly #positions = new Map<string, { topic: string; partition: number; offset: number; leaderEpoch: number }>();
  #failure: Error | undefined;

  constructor(config: Parameters<typeof connectionOptions>[0], options: MemberOptions) {
    this.#options = options;
    this.#consumer = new Consumer({ ...connectionOptions(config, `-rest-${options.clientId}`), groupId: options.groupId, autocommit: false });
  }

  async subscribe(topics: readonly string[]): Promise<void> {
    await this.unsubscribe();
    const stream = await this.#consumer.consume({
      topics: [...topics], mode: MessagesStreamModes.COMMITTED,
      fallbackMode: this.#options.reset === 'earliest' ? MessagesStreamFallbackModes.EARLIEST : MessagesStreamFallbackModes.LATEST,
      autocommit: this.#options.autocommit ? 5_000 : false, minBytes: this.#options.fetchMinBytes, maxWaitTime: 500,
    });
    stream.on('data', (message: Message<Buffer, Buffer, Buffer, Buffer>) => {
      this.#buffer.push({
        topic: message.topic, partition: message.partition, offset: Number(message.offset), leaderEpoch: message.leaderEpoch,
        key: message.key?.length ? message.key : null, value: message.value?.length ? message.value : null,
      });
      if (this.#buffer.length >= BUFFER_RECORDS) stream.pause();
      this.#waiting?.();
    });
    stream.on('error', (error: Error) => {
      this.#failure = error;
      this.#waiting?.();
    });
    this.#stream = stream;
  }

  async unsubscribe(): Promise<void> {
    const stream = this.#stream;
    this.#stream = undefined;
    this.#buffer = [];
    if (stream) await stream.close().catch(() => undefined);
  }

  get subscribed(): boolean {
    return this.#stream !== undefined;
  }

  /** The partitions the group gave this member. */
  assignments(): { topic: string; partition: number }[] {
    return (this.#consumer.assignments ?? []).flatMap((a) => a.partitions.map((partition) => ({ topic: a.topic, partition })));
  }

  /** Hands out buffered records up to `maxBytes`, waiting up to `timeoutMs` for the first. */
  async take(maxBytes: number, timeoutMs: number): Promise<ConsumedRecord[]> {
    if (this.#buffer.length === 0 && this.#stream && timeoutMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeoutMs);
        const self = this;
        function done() {
          clearTimeout(timer);
          self.#waiting = undefined;
          resolve();
        }
        this.#waiting = done;
      });
    }
    if (this.#failure) {
      const failure = this.#failure;
      this.#failure = undefined;
      throw failure;
    }
    const out: ConsumedRecord[] = [];
    let bytes = 0;
    while (this.#buffer.length > 0) {
      const record = this.#buffer[0]!;
      const size = (record.key?.length ?? 0) + (record.value?.length ?? 0);
      if (out.length > 0 && bytes + size > maxBytes) break;
      out.push(record);
      bytes += size;
      this.#buffer.shift();
      this.#positions.set(`${record.topic}\0${record.partition}`, { topic: record.topic, partition: record.partition, offset: record.offset + 1, leaderEpoch: record.leaderEpoch });
    }
    if (this.#stream?.isPaused() && this.#buffer.length < BUFFER_RECORDS / 2) this.#stream.resume();
    return out;
  }

  /** Commits the given offsets, or everything handed out so far. Answers what was committed. */
  async commit(offsets?: readonly TopicPartitionOffset[]): Promise<TopicPartitionOffset[]> {
    const chosen = offsets ?? [...this.#positions.values()];
    if (chosen.length === 0) return [];
    await this.#consumer.commit({
      offsets: chosen.map((o) => ({ topic: o.topic, partition: o.partition, offset: BigInt(o.offset), leaderEpoch: -1 })),
    });
    return chosen.map((o) => ({ topic: o.topic, partition: o.partition, offset: o.offset }));
  }

  async committed(partitions: readonly { topic: string; partition: number }[]): Promise<TopicPartitionOffset[]> {
    const byTopic = new Map<string, number[]>();
    for (const p of partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
    const answer = await this.#consumer.listCommittedOffsets({ topics: [...byTopic].map(([topic, ps]) => ({ topic, partitions: ps })) });
    return partitions.map((p) => ({ topic: p.topic, partition: p.partition, offset: Number(answer.get(p.topic)?.[p.partition] ?? -1n) }));
  }

  async close(): Promise<void> {
    await this.unsubscribe();
    await this.#consumer.close(true).catch(() => undefined);
  }
}
