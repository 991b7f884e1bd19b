// REST consumer instances (Confluent v2 API): created per group and name, each holding one Kafka group member,
// expired after an idle time so abandoned instances release their group membership.
import { randomUUID } from 'node:crypto';
import { consumerAlreadyExists, consumerInstanceNotFound, invalidConsumerConfig } from '../core/errors.ts';
import type { EmbeddedFormat } from './produce.ts';

const FORMATS: readonly EmbeddedFormat[] = ['binary', 'json', 'avro', 'jsonschema', 'protobuf'];

/** What an instance needs of its Kafka group member (src/kafka/proxy-consumer.ts). */
export interface Member {
  subscribe(topics: readonly string[]): Promise<void>;
  unsubscribe(): Promise<void>;
  close(): Promise<void>;
}

export interface InstanceSettings {
  readonly format: EmbeddedFormat;
  readonly reset: 'earliest' | 'latest';
  readonly autocommit: boolean;
  readonly fetchMinBytes: number;
  readonly requestTimeoutMs: number;
}

export interface Instance<M extends Member> {
  readonly group: string;
  readonly name: string;
  readonly settings: InstanceSettings;
  readonly member: M;
  topics: string[];
  lastUsed: number;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads the body of POST /consumers/{group}; 42204 for values Confluent rejects. */
export function readInstanceRequest(body: unknown, defaults: { autocommit: boolean; fetchMinBytes: number; requestTimeoutMs: number }): { name: string | undefined; settings: InstanceSettings } {
  const b = isObject(body) ? body : {};
  const name = b.name ?? b.id;
  if (name !== undefined && name !== null && (typeof name !== 'string' || name === '')) throw invalidConsumerConfig('name must be a non-empty string');
  const format = (b.format ?? 'binary') as EmbeddedFormat;
  if (typeof format !== 'string' || !FORMATS.includes(format)) throw invalidConsumerConfig(`format must be one of ${FORMATS.join(', ')}`);
  const reset = b['auto.offset.reset'] ?? 'latest';
  if (reset !== 'earliest' && reset !== 'latest') throw invalidConsumerConfig('auto.offset.reset must be earliest or latest');
  const commit = b['auto.commit.enable'] ?? defaults.autocommit;
  const autocommit = commit === true || commit === 'true';
  if (!autocommit && !(commit === false || commit === 'false')) throw invalidConsumerConfig('auto.commit.enable must be true or false');
  const number = (key: string, fallback: number) => {
    const v = b[key];
    if (v === undefined || v === null) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw invalidConsumerConfig(`${key} must be a non-negative integer`);
    return n;
  };
  return {
    name: name ?? undefined,
    settings: {
      format, reset, autocommit,
      fetchMinBytes: number('fetch.min.bytes', defaults.fetchMinBytes),
      requestTimeoutMs: number('consumer.request.timeout.ms', defaults.requestTimeoutMs),
    },
  };
}

export class ConsumerInstances<M extends Member> {
  readonly #instances = new Map<string, Instance<M>>();
  readonly #idleMs: number;
  readonly #timer: NodeJS.Timeout;
  readonly #onCount: (count: number) => void;

  constructor(options: { idleMs: number; onCount: (count: number) => void }) {
    this.#idleMs = options.idleMs;
    this.#onCount = options.onCount;
    this.#timer = setInterval(() => void this.#expire(), Math.min(30_000, Math.max(1_000, options.idleMs / 4)));
    this.#timer.unref();
  }

  create(group: string, name: string | undefined, settings: InstanceSettings, member: (name: string) => M): Instance<M> {
    const id = name ?? `rest-consumer-${randomUUID()}`;
    const key = `${group}\0${id}`;
    if (this.#instances.has(key)) throw consumerAlreadyExists();
    const instance: Instance<M> = { group, name: id, settings, member: member(id), topics: [], lastUsed: Date.now() };
    this.#instances.set(key, instance);
    this.#onCount(this.#instances.size);
    return instance;
  }

  get(group: string, name: string): Instance<M> {
    const instance = this.#instances.get(`${group}\0${name}`);
    if (!instance) throw consumerInstanceNotFound();
    instance.lastUsed = Date.now();
    return instance;
  }

  async delete(group: string, name: string): Promise<void> {
    const instance = this.get(group, name);
    this.#instances.delete(`${group}\0${name}`);
    this.#onCount(this.#instances.size);
    await instance.member.close();
  }

  async #expire(): Promise<void> {
    const now = Date.now();
    for (const instance of [...this.#instances.values()]) {
      if (now - instance.lastUsed > this.#idleMs) await this.delete(instance.group, instance.name).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    const all = [...this.#instances.values()];
    this.#instances.clear();
    await Promise.allSettled(all.map((i) => i.member.close()));
  }
}
