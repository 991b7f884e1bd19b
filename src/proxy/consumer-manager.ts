// The REST proxy's v2 consumer instances (Confluent's KafkaConsumerManager): created per group with a name,
// looked up by group and name, deleted on request or after being idle, all closed with the server.
import { randomUUID } from 'node:crypto';
import { consumerAlreadyExists, consumerInstanceNotFound, invalidConsumerConfig } from '../core/errors.ts';
import { EMBEDDED_FORMATS, type EmbeddedFormat, type SerdesById } from './consumed-records.ts';
import { ConsumerInstance, type InstanceSettings, type KafkaConsumerPort } from './consumer-instance.ts';

export interface ManagerOptions {
  /** Makes the Kafka consumer of a new instance (a member of `group` once subscribed). */
  readonly connect: (group: string, clientId: string) => KafkaConsumerPort;
  readonly serdes: SerdesById;
  /** Server defaults (config consumer_enable_autocommit, fetch_min_bytes, consumer_request_timeout_ms). */
  readonly defaults: { autoCommit: boolean; fetchMinBytes: number; requestTimeoutMs: number };
  /** Instances unused this long are closed (Confluent's consumer.instance.timeout.ms). */
  readonly idleTimeoutMs: number;
  /** Instances made (+n) or closed (-n), for the live count in /metrics. */
  readonly onInstances?: (change: number) => void;
  readonly onError?: (error: unknown, what: string) => void;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Confluent reads these as strings or JSON values ("true", true, "1024", 1024). */
function booleanOf(value: unknown, name: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw invalidConsumerConfig(`Invalid value ${JSON.stringify(value)} for configuration ${name}: Expected value to be either true or false`);
}

function integerOf(value: unknown, name: string, minimum: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw invalidConsumerConfig(`Invalid value ${JSON.stringify(value)} for configuration ${name}: Not a number of type INT`);
  }
  if (n < minimum) throw invalidConsumerConfig(`Invalid value ${n} for configuration ${name}: Value must be at least ${minimum}`);
  return n;
}

/** Reads a POST /consumers/{group} body into an instance's name and settings (42204 for bad values). */
export function readCreateRequest(body: unknown, defaults: ManagerOptions['defaults']): { name: string | undefined; settings: InstanceSettings } {
  const request = body === undefined || body === null ? {} : body;
  if (!isObject(request)) throw invalidConsumerConfig('the request body must be a JSON object');
  // Confluent's KafkaConsumerManager.createConsumer: an explicit "id" (the deprecated field) overrides "name".
  const nameValue = request.id ?? request.name;
  if (nameValue !== undefined && nameValue !== null && (typeof nameValue !== 'string' || nameValue === '')) {
    throw invalidConsumerConfig('name must be a non-empty string');
  }
  const formatValue = request.format ?? 'binary';
  const format = typeof formatValue === 'string' ? formatValue.toLowerCase() : undefined;
  if (!format || !(EMBEDDED_FORMATS as readonly string[]).includes(format)) {
    throw invalidConsumerConfig(`Invalid value ${JSON.stringify(formatValue)} for configuration format: String must be one of: ${EMBEDDED_FORMATS.join(', ')}`);
  }
  const reset = request['auto.offset.reset'] ?? 'latest';
  if (reset !== 'earliest' && reset !== 'latest' && reset !== 'none') {
    // Kafka's ConfigException text for auto.offset.reset.
    throw invalidConsumerConfig(`Invalid value ${JSON.stringify(reset)} for configuration auto.offset.reset: String must be one of: latest, earliest, none`);
  }
  return {
    name: typeof nameValue === 'string' ? nameValue : undefined,
    settings: {
      format: format as EmbeddedFormat,
      autoOffsetReset: reset,
      autoCommit: booleanOf(request['auto.commit.enable'], 'auto.commit.enable') ?? defaults.autoCommit,
      fetchMinBytes: integerOf(request['fetch.min.bytes'], 'fetch.min.bytes', -1) ?? defaults.fetchMinBytes,
      requestTimeoutMs: integerOf(request['consumer.request.timeout.ms'], 'consumer.request.timeout.ms', 0) ?? defaults.requestTimeoutMs,
    },
  };
}

export class ConsumerManager {
  readonly #options: ManagerOptions;
  readonly #instances = new Map<string, ConsumerInstance>();
  readonly #sweeper: NodeJS.Timeout;

  constructor(options: ManagerOptions) {
    this.#options = options;
    this.#sweeper = setInterval(() => this.#expire(), Math.min(Math.max(options.idleTimeoutMs / 4, 100), 10_000));
    this.#sweeper.unref();
  }

  get size(): number {
    return this.#instances.size;
  }

  create(group: string, body: unknown): ConsumerInstance {
    const { name: given, settings } = readCreateRequest(body, this.#options.defaults);
    // Confluent names unnamed instances "rest-consumer-<uuid>".
    const name = given ?? `rest-consumer-${randomUUID()}`;
    const id = `${group}\u0000${name}`;
    if (this.#instances.has(id)) throw consumerAlreadyExists();
    const instance = new ConsumerInstance({
      group, name, settings, kafka: this.#options.connect(group, name), serdes: this.#options.serdes,
    });
    this.#instances.set(id, instance);
    this.#options.onInstances?.(1);
    return instance;
  }

  get(group: string, name: string): ConsumerInstance {
    const instance = this.#instances.get(`${group}\u0000${name}`);
    if (!instance) throw consumerInstanceNotFound();
    instance.lastUsed = Date.now();
    return instance;
  }

  async delete(group: string, name: string): Promise<void> {
    const instance = this.get(group, name);
    this.#instances.delete(`${group}\u0000${name}`);
    this.#options.onInstances?.(-1);
    await instance.close();
  }

  #expire(): void {
    const now = Date.now();
    for (const [id, instance] of this.#instances) {
      if (now - instance.lastUsed < this.#options.idleTimeoutMs) continue;
      this.#instances.delete(id);
      this.#options.onInstances?.(-1);
      instance.close().catch((error: unknown) => this.#options.onError?.(error, `closing idle consumer ${instance.group}/${instance.name}`));
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    const all = [...this.#instances.values()];
    this.#instances.clear();
    this.#options.onInstances?.(-all.length);
    await Promise.allSettled(all.map((i) => i.close()));
  }
}
