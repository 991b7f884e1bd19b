// REST proxy v2 consumer instances: create and delete, subscription, records, assignments and offsets
// (Confluent's /consumers/{group}/instances/{instance}/... API).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  consumerFormatMismatch, illegalState, malformedBody, serializationFailed,
} from '../../core/errors.ts';
import { DataError } from '../../formats/format.ts';
import type { Config } from '../../config.ts';
import { GroupMember, type ConsumedRecord } from '../../kafka/proxy-consumer.ts';
import type { ProxyKafka } from '../../kafka/proxy-kafka.ts';
import { ConsumerInstances, readInstanceRequest, type Instance } from '../../proxy/consumer-instances.ts';
import type { EmbeddedFormat } from '../../proxy/produce.ts';
import type { SerdeCache } from '../../proxy/schema-source.ts';
import { sendJson } from '../app.ts';
import { embeddedType } from '../media.ts';
import type { ProxyCounters } from '../metrics.ts';
import { withKafka } from './kafka-errors.ts';

const v2 = { config: { api: 'proxy-v2' as const } };
type Params = { group: string; instance: string };
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ConsumerDeps {
  readonly config: Config;
  readonly kafka: ProxyKafka;
  readonly serdes: SerdeCache;
  readonly counters: ProxyCounters;
}

/** Confluent's default consumer.instance.timeout.ms, used when consumer_idle_disconnect_timeout is 0. */
const DEFAULT_IDLE_MS = 300_000;

function partitionsOf(body: unknown): { topic: string; partition: number }[] {
  if (!isObject(body) || !Array.isArray(body.partitions)) throw malformedBody('expected {"partitions":[{"topic","partition"}]}');
  return body.partitions.map((p: unknown) => {
    if (!isObject(p) || typeof p.topic !== 'string' || !Number.isInteger(p.partition)) throw malformedBody('each partition needs "topic" and "partition"');
    return { topic: p.topic, partition: p.partition as number };
  });
}

async function decode(format: EmbeddedFormat, data: Buffer | null, serdes: SerdeCache): Promise<unknown> {
  if (data === null) return null;
  if (format === 'binary') return data.toString('base64');
  try {
    if (format === 'json') return JSON.parse(data.toString('utf8'));
    if (data.length < 5 || data[0] !== 0) throw new DataError('not in Confluent\'s wire format (magic byte 0 and a schema id)');
    return (await serdes.serde(data.readUInt32BE(1))).decode(data.subarray(5));
  } catch (error) {
    if (error instanceof DataError || error instanceof SyntaxError) throw serializationFailed(`Cannot deserialize the record: ${error.message}`);
    throw error;
  }
}

async function readJsonBody(request: FastifyRequest): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.raw) {
    size += (chunk as Buffer).length;
    if (size > 1_048_576) throw malformedBody('the body is too large');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw malformedBody((error as Error).message);
  }
}

export function consumerRoutes(app: FastifyInstance, deps: ConsumerDeps): void {
  const { config } = deps;
  const instances = new ConsumerInstances<GroupMember>({
    idleMs: config.consumer_idle_disconnect_timeout > 0 ? config.consumer_idle_disconnect_timeout * 1000 : DEFAULT_IDLE_MS,
    onCount: (count) => deps.counters.consumerInstances(count),
  });
  app.addHook('onClose', () => instances.close());
  const baseUri = (request: FastifyRequest) => config.rest_base_uri?.replace(/\/$/, '')
    ?? `${config.advertised_protocol}://${config.advertised_hostname ?? request.hostname}:${config.advertised_port ?? config.port}`;

  app.post<{ Params: { group: string } }>('/consumers/:group', v2, async (request, reply) => {
    const { group } = request.params;
    const { name, settings } = readInstanceRequest(request.body, {
      autocommit: config.consumer_enable_autocommit, fetchMinBytes: config.fetch_min_bytes < 0 ? 1 : config.fetch_min_bytes,
      requestTimeoutMs: config.consumer_request_timeout_ms,
    });
    const instance = instances.create(group, name, settings, (id) => new GroupMember(config, {
      groupId: group, clientId: id, reset: settings.reset, autocommit: settings.autocommit, fetchMinBytes: settings.fetchMinBytes,
    }));
    return sendJson(request, reply, JSON.stringify({
      instance_id: instance.name, base_uri: `${baseUri(request)}/consumers/${encodeURIComponent(group)}/instances/${encodeURIComponent(instance.name)}`,
    }));
  });

  const noContent = (reply: FastifyReply) => reply.code(204).send();
  const get = (request: FastifyRequest<{ Params: Params }>): Instance<GroupMember> => instances.get(request.params.group, request.params.instance);

  app.delete<{ Params: Params }>('/consumers/:group/instances/:instance', v2, async (request, reply) => {
    await instances.delete(request.params.group, request.params.instance);
    return noContent(reply);
  });

  app.post<{ Params: Params }>('/consumers/:group/instances/:instance/subscription', v2, async (request, reply) => {
    const instance = get(request);
    const body = isObject(request.body) ? request.body : {};
    const { topics, topic_pattern: pattern } = body;
    if ((topics === undefined) === (pattern === undefined)) throw illegalState('Subscription to topics, partitions and pattern are mutually exclusive.');
    let names: string[];
    if (pattern !== undefined) {
      if (typeof pattern !== 'string') throw malformedBody('"topic_pattern" must be a string');
      let regex: RegExp;
      try {
        regex = new RegExp(`^(?:${pattern})$`);
      } catch {
        throw malformedBody('"topic_pattern" is not a valid regular expression');
      }
      names = (await withKafka(() => deps.kafka.admin.listTopics({ includeInternals: false }))).filter((t) => regex.test(t));
    } else {
      if (!Array.isArray(topics) || topics.some((t) => typeof t !== 'string')) throw malformedBody('"topics" must be an array of strings');
      names = topics as string[];
    }
    await withKafka(() => instance.member.subscribe(names));
    instance.topics = names;
    return noContent(reply);
  });

  app.get<{ Params: Params }>('/consumers/:group/instances/:instance/subscription', v2, async (request, reply) =>
    sendJson(request, reply, JSON.stringify({ topics: get(request).topics })));

  app.delete<{ Params: Params }>('/consumers/:group/instances/:instance/subscription', v2, async (request, reply) => {
    const instance = get(request);
    await instance.member.unsubscribe();
    instance.topics = [];
    return noContent(reply);
  });

  app.get<{ Params: Params }>('/consumers/:group/instances/:instance/assignments', v2, async (request, reply) =>
    sendJson(request, reply, JSON.stringify({ partitions: get(request).member.assignments() })));

  app.get<{ Params: Params; Querystring: { timeout?: string; max_bytes?: string } }>('/consumers/:group/instances/:instance/records', v2, async (request, reply) => {
    const instance = get(request);
    const { format } = instance.settings;
    const accept = request.headers.accept;
    // The Accept header must name this instance's embedded format (Confluent: 40601); none or */* means it.
    if (accept !== undefined && accept !== '*/*' && request.responseType !== embeddedType(format)) throw consumerFormatMismatch();
    if (!instance.member.subscribed) throw illegalState('Consumer is not subscribed to any topics or assigned any partitions');
    const timeout = Math.min(Number(request.query.timeout ?? instance.settings.requestTimeoutMs) || 0, instance.settings.requestTimeoutMs);
    const maxBytes = Math.min(Number(request.query.max_bytes ?? config.consumer_request_max_bytes) || config.consumer_request_max_bytes, config.consumer_request_max_bytes);
    const records: ConsumedRecord[] = await withKafka(() => instance.member.take(maxBytes, timeout));
    const out = [];
    let bytes = 0;
    for (const r of records) {
      out.push({ topic: r.topic, key: await decode(format, r.key, deps.serdes), value: await decode(format, r.value, deps.serdes), partition: r.partition, offset: r.offset });
      bytes += (r.key?.length ?? 0) + (r.value?.length ?? 0);
    }
    deps.counters.consumed(format, records.length, bytes);
    return reply.code(200).header('content-type', embeddedType(format)).send(Buffer.from(JSON.stringify(out)));
  });

  app.post<{ Params: Params }>('/consumers/:group/instances/:instance/offsets', v2, async (request, reply) => {
    const instance = get(request);
    let offsets: { topic: string; partition: number; offset: number }[] | undefined;
    if (isObject(request.body) && request.body.offsets !== undefined) {
      if (!Array.isArray(request.body.offsets)) throw malformedBody('"offsets" must be an array');
      offsets = request.body.offsets.map((o: unknown) => {
        if (!isObject(o) || typeof o.topic !== 'string' || !Number.isInteger(o.partition) || !Number.isInteger(o.offset)) {
          throw malformedBody('each offset needs "topic", "partition" and "offset"');
        }
        return { topic: o.topic, partition: o.partition as number, offset: o.offset as number };
      });
    }
    await withKafka(() => instance.member.commit(offsets));
    return reply.code(200).send();
  });

  app.get<{ Params: Params }>('/consumers/:group/instances/:instance/offsets', v2, async (request, reply) => {
    const instance = get(request);
    // Confluent takes this GET's query in a JSON body; Fastify does not parse bodies of GET requests.
    const partitions = partitionsOf(request.body ?? await readJsonBody(request));
    const committed = await withKafka(() => instance.member.committed(partitions));
    return sendJson(request, reply, JSON.stringify({ offsets: committed.map((c) => ({ ...c, metadata: '' })) }));
  });
}
