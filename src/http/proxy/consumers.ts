// REST proxy v2 consumer instances (Confluent's ConsumersResource): create and delete, subscription (topics or a
// pattern), manual assignments, positions (offsets, timestamps, beginning, end), records in the instance's embedded
// format, and offsets commit / committed. The use cases live in src/proxy/consumer-*.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { consumerFormatMismatch, malformedBody, missingBody, notAcceptable, partitionNotFound } from '../../core/errors.ts';
import type { Config } from '../../config.ts';
import type { ConsumerInstance, TopicPartition } from '../../proxy/consumer-instance.ts';
import { sendJson } from '../app.ts';
import { EMBEDDED_FORMATS, KAFKA_V2, embeddedType, type EmbeddedFormat } from '../media.ts';
import type { ProxyCounters } from '../metrics.ts';
import type { ClientsOf } from './clients.ts';
import { withKafka } from './kafka-errors.ts';

const v2 = { config: { api: 'proxy-v2' as const } };
type Params = { group: string; instance: string };
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ConsumerDeps {
  readonly config: Config;
  /** The clients serving a request: their consumer instances. */
  readonly of: ClientsOf;
  readonly counters: ProxyCounters;
}

/** Confluent declares these bodies `@Valid @NotNull`: an empty one breaks the constraint (422) before anything runs. */
function required(body: unknown): unknown {
  if (body === undefined || body === null) throw missingBody();
  return body;
}

function partitionsOf(body: unknown): TopicPartition[] {
  if (!isObject(body) || !Array.isArray(body.partitions)) throw malformedBody('expected {"partitions":[{"topic","partition"}]}');
  return body.partitions.map((p: unknown) => {
    if (!isObject(p) || typeof p.topic !== 'string' || !Number.isInteger(p.partition)) throw malformedBody('each partition needs "topic" and "partition"');
    return { topic: p.topic, partition: p.partition as number };
  });
}

/** {"offsets":[{"topic","partition","offset","metadata"?}]}; `required` false lets the list be absent. */
function offsetsOf(body: unknown, required: boolean): (TopicPartition & { offset: bigint })[] | undefined {
  if (!isObject(body) || body.offsets === undefined || body.offsets === null) {
    if (required) throw malformedBody('expected {"offsets":[{"topic","partition","offset"}]}');
    return undefined;
  }
  if (!Array.isArray(body.offsets)) throw malformedBody('"offsets" must be an array');
  return body.offsets.map((o: unknown) => {
    if (!isObject(o) || typeof o.topic !== 'string' || !Number.isInteger(o.partition) || !Number.isInteger(o.offset) || (o.offset as number) < 0) {
      throw malformedBody('each offset needs "topic", "partition" and a non-negative "offset"');
    }
    return { topic: o.topic, partition: o.partition as number, offset: BigInt(o.offset as number) };
  });
}

/** Confluent's ConsumerSeekRequest timestamps: ISO-8601 instants. */
function timestampsOf(body: unknown): (TopicPartition & { timestamp: bigint })[] {
  if (!isObject(body) || body.timestamps === undefined || body.timestamps === null) return [];
  if (!Array.isArray(body.timestamps)) throw malformedBody('"timestamps" must be an array');
  return body.timestamps.map((t: unknown) => {
    const ms = isObject(t) && typeof t.timestamp === 'string' ? Date.parse(t.timestamp) : Number.NaN;
    if (!isObject(t) || typeof t.topic !== 'string' || !Number.isInteger(t.partition) || Number.isNaN(ms)) {
      throw malformedBody('each timestamp needs "topic", "partition" and an ISO-8601 "timestamp"');
    }
    return { topic: t.topic, partition: t.partition as number, timestamp: BigInt(ms) };
  });
}

/** Reads a GET body: Confluent's GET .../offsets takes its partitions as a JSON body, which Fastify leaves unread. */
async function readJsonBody(request: FastifyRequest, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.raw) {
    size += (chunk as Buffer).length;
    if (size > limit) throw malformedBody('the body is too large');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw malformedBody((error as Error).message);
  }
}

/**
 * A `@QueryParam long` of ConsumersResource (timeout, max_bytes; `@DefaultValue("-1")`). Absent, zero or negative
 * means "not given" (KafkaConsumerReadTask: `timeout <= 0` takes consumer.request.timeout.ms, ConsumersResource:
 * `maxBytes <= 0` no limit). A value that is no Java long is refused with 400 (JAX-RS itself would answer 404).
 */
function queryLong(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[+-]?\d{1,19}$/.test(value) || BigInt(value) > 9_223_372_036_854_775_807n || BigInt(value) < -9_223_372_036_854_775_808n) {
    throw malformedBody(`"${name}" must be an integer`);
  }
  const n = Number(value);
  return n > 0 ? n : undefined;
}

/** Lexicographic: the first differing component decides. */
const outranks = (a: readonly number[], b: readonly number[]) => {
  const i = a.findIndex((v, k) => v !== b[k]);
  return i >= 0 && a[i]! > b[i]!;
};

/**
 * The reader Confluent's Jersey picks for GET .../records by the Accept header: each embedded type is read by its own
 * method (qs 1), application/vnd.kafka.v2+json by the binary one (qs 0.9); ranked by the client's q, then qs, then
 * exactness (a wildcard matches from further away). A wildcard or no Accept names the instance's own format (lenient:
 * Jersey would pick by method order). Undefined when nothing acceptable is offered (a plain 406).
 */
export function readerFormat(accept: string | undefined, own: EmbeddedFormat): EmbeddedFormat | undefined {
  if (accept === undefined || accept.trim() === '') return own;
  let best: { format: EmbeddedFormat; rank: [number, number, number] } | undefined;
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.trim().split(';');
    const type = range.trim().toLowerCase();
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!(q > 0)) continue;
    let candidate: { format: EmbeddedFormat; qs: number; exact: number } | undefined;
    if (type === '*/*' || type === 'application/*') candidate = { format: own, qs: 1, exact: 0 };
    else if (type === KAFKA_V2) candidate = { format: 'binary', qs: 0.9, exact: 1 };
    else candidate = EMBEDDED_FORMATS.map((f) => ({ format: f, qs: 1, exact: 1 })).find((c) => embeddedType(c.format) === type);
    if (!candidate) continue;
    const rank: [number, number, number] = [q, candidate.qs, candidate.exact];
    if (!best || outranks(rank, best.rank)) best = { format: candidate.format, rank };
  }
  return best?.format;
}

export function consumerRoutes(app: FastifyInstance, deps: ConsumerDeps): void {
  const { config } = deps;
  const baseUri = (request: FastifyRequest) => config.rest_base_uri?.replace(/\/$/, '')
    ?? `${config.advertised_protocol}://${config.advertised_hostname ?? request.hostname}:${config.advertised_port ?? config.port}`;
  const noContent = (reply: FastifyReply) => reply.code(204).send();
  const instanceOf = (request: FastifyRequest<{ Params: Params }>): ConsumerInstance => deps.of(request).consumers.get(request.params.group, request.params.instance);
  const path = '/consumers/:group/instances/:instance';

  app.post<{ Params: { group: string } }>('/consumers/:group', v2, async (request, reply) => {
    const { group } = request.params;
    const instance = deps.of(request).consumers.create(group, request.body);
    return sendJson(request, reply, JSON.stringify({
      instance_id: instance.name, base_uri: `${baseUri(request)}/consumers/${encodeURIComponent(group)}/instances/${encodeURIComponent(instance.name)}`,
    }));
  });

  app.delete<{ Params: Params }>(path, v2, async (request, reply) => {
    await withKafka(() => deps.of(request).consumers.delete(request.params.group, request.params.instance));
    return noContent(reply);
  });

  app.post<{ Params: Params }>(`${path}/subscription`, v2, async (request, reply) => {
    const instance = instanceOf(request);
    const given = required(request.body);
    if (!isObject(given)) throw malformedBody('expected {"topics":[...]} or {"topic_pattern":"..."}');
    const { topics, topic_pattern: pattern } = given;
    if (topics !== undefined && (!Array.isArray(topics) || topics.some((t) => typeof t !== 'string'))) throw malformedBody('"topics" must be an array of strings');
    if (pattern !== undefined && typeof pattern !== 'string') throw malformedBody('"topic_pattern" must be a string');
    await withKafka(() => instance.subscribe(topics as string[] | undefined, pattern as string | undefined));
    return noContent(reply);
  });

  app.get<{ Params: Params }>(`${path}/subscription`, v2, async (request, reply) =>
    sendJson(request, reply, JSON.stringify(instanceOf(request).subscription())));

  app.delete<{ Params: Params }>(`${path}/subscription`, v2, async (request, reply) => {
    const instance = instanceOf(request);
    await withKafka(() => instance.unsubscribe());
    return noContent(reply);
  });

  app.post<{ Params: Params }>(`${path}/assignments`, v2, async (request, reply) => {
    const instance = instanceOf(request);
    const partitions = partitionsOf(required(request.body));
    await withKafka(() => instance.assign(partitions));
    return noContent(reply);
  });

  app.get<{ Params: Params }>(`${path}/assignments`, v2, async (request, reply) => {
    const instance = instanceOf(request);
    return sendJson(request, reply, JSON.stringify({ partitions: await withKafka(() => instance.assignments()) }));
  });

  app.post<{ Params: Params }>(`${path}/positions`, v2, async (request, reply) => {
    const instance = instanceOf(request);
    const body = required(request.body);
    const offsets = offsetsOf(body, false) ?? [];
    const timestamps = timestampsOf(body);
    if (offsets.length === 0 && timestamps.length === 0) throw malformedBody('expected "offsets" or "timestamps"');
    await withKafka(() => instance.seek(offsets, timestamps));
    return noContent(reply);
  });

  for (const where of ['beginning', 'end'] as const) {
    app.post<{ Params: Params }>(`${path}/positions/${where}`, v2, async (request, reply) => {
      const instance = instanceOf(request);
      const partitions = partitionsOf(required(request.body));
      await withKafka(() => instance.seekTo(where, partitions));
      return noContent(reply);
    });
  }

  app.get<{ Params: Params; Querystring: { timeout?: string; max_bytes?: string } }>(`${path}/records`, v2, async (request, reply) => {
    const { accept } = request.headers;
    // Without an Accept naming a v2 type, Jersey picks the binary reader first, so even a 40403 answers in the binary
    // type (Confluent's AbstractConsumerTest.consumeForNotFoundError).
    if (request.responseType === KAFKA_V2 && !(accept ?? '').toLowerCase().includes(KAFKA_V2)) request.responseType = embeddedType('binary');
    const instance = instanceOf(request);
    const { format } = instance.settings;
    // The reader the Accept header picks must be this instance's format (Confluent: 40601).
    const reader = readerFormat(accept, format);
    if (reader === undefined) throw notAcceptable(accept ?? '');
    if (reader !== format) throw consumerFormatMismatch();
    // Confluent caps both by the instance's consumer.request.timeout.ms and the server's consumer.request.max.bytes.
    const timeout = Math.min(queryLong(request.query.timeout, 'timeout') ?? instance.settings.requestTimeoutMs, instance.settings.requestTimeoutMs);
    const maxBytes = Math.min(queryLong(request.query.max_bytes, 'max_bytes') ?? config.consumer_request_max_bytes, config.consumer_request_max_bytes);
    const records = await withKafka(() => instance.records({ timeout, maxBytes }));
    deps.counters.consumed(format, records.length, records.reduce((n, r) => n + r.bytes, 0));
    const body = JSON.stringify(records.map((r) => r.record));
    return reply.code(200).header('content-type', embeddedType(format)).send(Buffer.from(body));
  });

  app.post<{ Params: Params }>(`${path}/offsets`, v2, async (request, reply) => {
    const instance = instanceOf(request);
    const offsets = offsetsOf(request.body, false);
    await withKafka(() => instance.commit(offsets));
    // Confluent answers the (always empty) list of TopicPartitionOffset its commitOffsets returns.
    return sendJson(request, reply, '[]');
  });

  app.get<{ Params: Params }>(`${path}/offsets`, v2, async (request, reply) => {
    const instance = instanceOf(request);
    const body = request.body ?? await readJsonBody(request, config.http_request_max_size);
    // ConsumersResource.committedOffsets: no body at all is Errors.partitionNotFoundException().
    if (body === undefined || body === null) throw partitionNotFound();
    const partitions = partitionsOf(body);
    const committed = await withKafka(() => instance.committed(partitions));
    return sendJson(request, reply, JSON.stringify({
      offsets: committed.map((c) => ({ topic: c.topic, partition: c.partition, offset: Number(c.offset), metadata: '' })),
    }));
  });
}
