// v3 record produce (Confluent's ProduceAction and ProduceBatchAction):
//   POST /v3/clusters/{cid}/topics/{t}/records: the body is JSON objects one after another, read as they arrive;
//     the answer (HTTP 200, chunked) is one JSON object per record, in order, each followed by \r\n: the record's
//     partition, offset, timestamp, key and value descriptions, or {"error_code":4xx/5xx,"message"} for that record.
//   POST /v3/clusters/{cid}/topics/{t}/records:batch: {"entries":[{"id",...record}]} -> 207 {successes, failures}.
// Both need the body unparsed (concatenated objects are not one JSON document), so they live in their own plugin
// scope whose application/json parser hands over the stream; every other route keeps the app's parsers, and errors
// still go through the app's one error handler.
import type { ServerResponse } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, bodyTooLarge, unsupportedMediaType } from '../../core/errors.ts';
import type { Config } from '../../config.ts';
import type { RecordProducer } from '../../kafka/record-producer.ts';
import { JsonSplitter } from '../../proxy/json-stream.ts';
import { asV3Error, encodeV3Record, type EncodedV3Record, type V3Schemas } from '../../proxy/records-v3.ts';
import type { ProxyCounters } from '../metrics.ts';
import type { ClientsOf } from './clients.ts';
import { kafka, kafkaApiError } from './v3-context.ts';

export interface RecordsV3Deps extends V3Schemas {
  readonly config: Pick<Config, 'http_request_max_size' | 'streaming_connection_max_duration_ms' | 'streaming_connection_max_duration_grace_period_ms'>;
  readonly of: ClientsOf;
  readonly counters: ProxyCounters;
}

type Params = { cluster: string; topic: string };
const v3 = { config: { api: 'proxy-v3' as const } };

interface Outcome {
  readonly error?: ApiError;
  readonly produced?: Record<string, unknown>;
}

const errorBody = (error: ApiError) => ({ error_code: error.code, message: error.message });

/** Anything thrown while producing one record, as that record's error (Kafka failures as the v3 API maps them). */
function recordError(error: unknown): ApiError {
  return asV3Error(kafkaApiError(error))!;
}

export function recordsV3Routes(app: FastifyInstance, deps: RecordsV3Deps): void {
  /** 404s for the resources in the path, before any record is read (Confluent's cluster and topic lookups). */
  async function target(producer: RecordProducer, params: Params): Promise<{ cluster: string; partitions: number }> {
    const cluster = await kafka(() => producer.clusterId());
    if (params.cluster !== cluster) throw new ApiError(404, `Cluster ${params.cluster} cannot be found.`);
    const partitions = await kafka(() => producer.partitions(params.topic));
    if (partitions === undefined) throw new ApiError(404, `Topic ${params.topic} cannot be found.`);
    return { cluster, partitions };
  }

  /** Encodes each record (failures stay per record), produces the good ones in one request, in order. */
  async function produceAll(producer: RecordProducer, params: Params, where: { cluster: string; partitions: number }, raws: readonly unknown[]): Promise<Outcome[]> {
    const encoded: (EncodedV3Record | ApiError)[] = [];
    for (const raw of raws) {
      try {
        const record = await encodeV3Record(raw, params.topic, where.partitions, deps);
        // Over producer_max_request_size: refused on its own, as the Java producer does; bad input, so a 400.
        const tooLarge = producer.tooLarge(record.record);
        encoded.push(tooLarge === undefined ? record : new ApiError(400, tooLarge));
      } catch (error) {
        encoded.push(recordError(error));
      }
    }
    const good = encoded.filter((e): e is EncodedV3Record => !(e instanceof ApiError));
    let placed: { partition: number; offset: number }[] | ApiError;
    try {
      placed = await producer.produce(params.topic, where.partitions, good.map((e) => e.record));
      const bytes = good.reduce((n, e) => n + (e.record.key?.length ?? 0) + (e.record.value?.length ?? 0), 0);
      if (good.length > 0) deps.counters.produced((good[0]!.value?.type ?? 'BINARY').toLowerCase(), good.length, bytes);
    } catch (error) {
      placed = recordError(error);
    }
    let next = 0;
    return encoded.map((e): Outcome => {
      if (e instanceof ApiError) return { error: e };
      if (placed instanceof ApiError) return { error: placed };
      const at = placed[next++]!;
      return { produced: describe(where.cluster, params.topic, e, at) };
    });
  }

  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('application/json', (request, payload, done) => {
      const charset = unknownCharset(String(request.headers['content-type']));
      // ProduceActionNoSchemaIntegrationTest: a charset Java does not know answers the request 400.
      if (charset !== undefined) done(new ApiError(400, `Unsupported charset: ${charset}`), undefined);
      else done(null, payload);
    });
    scope.addContentTypeParser('*', (request, _payload, done) => done(unsupportedMediaType(String(request.headers['content-type'])), undefined));

    scope.post<{ Params: Params }>('/v3/clusters/:cluster/topics/:topic/records', v3, async (request, reply) => {
      const producer = deps.of(request).records;
      const where = await target(producer, request.params);
      const out = new PassThrough();
      void streamRecords(request, reply.raw, out, (raws) => produceAll(producer, request.params, where, raws), {
        limit: deps.config.http_request_max_size,
        maxDurationMs: deps.config.streaming_connection_max_duration_ms,
        graceMs: deps.config.streaming_connection_max_duration_grace_period_ms,
      });
      return reply.code(200).header('content-type', 'application/json').send(out);
    });

    // '::' is Fastify's escape for a literal ':' in a path.
    scope.post<{ Params: Params }>('/v3/clusters/:cluster/topics/:topic/records::batch', v3, async (request, reply) => {
      const producer = deps.of(request).records;
      const where = await target(producer, request.params);
      const entries = readBatch(await readAll(request.body as Readable | undefined, deps.config.http_request_max_size));
      const outcomes = await produceAll(producer, request.params, where, entries.map((e) => e.record));
      const successes: unknown[] = [];
      const failures: unknown[] = [];
      outcomes.forEach((o, i) => {
        const id = entries[i]!.id;
        if (o.error) failures.push({ id, ...errorBody(o.error) });
        else successes.push({ id, ...o.produced });
      });
      return reply.code(207).header('content-type', 'application/json').send(Buffer.from(JSON.stringify({ successes, failures })));
    });
  });
}

/** The charset parameter of a content type when no decoder knows it (WHATWG labels: UTF-8, ISO-8859-1, ...). */
function unknownCharset(contentType: string): string | undefined {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
  if (charset === undefined) return undefined;
  try {
    new TextDecoder(charset);
    return undefined;
  } catch {
    return charset;
  }
}

function describe(cluster: string, topic: string, e: EncodedV3Record, at: { partition: number; offset: number }): Record<string, unknown> {
  return {
    cluster_id: cluster, topic_name: topic, partition_id: at.partition, offset: at.offset,
    timestamp: new Date(Number(e.record.timestamp)).toISOString(),
    ...(e.key ? { key: e.key } : {}), ...(e.value ? { value: e.value } : {}),
  };
}

/** Confluent's StreamingResponse: records that arrive after the stream's maximum duration are answered 408, not
 *  produced, and the stream is closed once the grace period after the first of them has passed. */
const streamTooOld = () => new ApiError(408, 'Streaming connection open for longer than allowed: Connection will be closed.');

interface StreamLimits {
  /** http_request_max_size: the most one unfinished record may hold. */
  readonly limit: number;
  readonly maxDurationMs: number;
  readonly graceMs: number;
}

/** Reads the request as it arrives, produces what each chunk completed, writes results in order. */
async function streamRecords(request: FastifyRequest, response: ServerResponse, out: PassThrough, produce: (raws: unknown[]) => Promise<Outcome[]>, limits: StreamLimits): Promise<void> {
  const write = (result: unknown) => { if (!out.writableEnded) out.write(`${JSON.stringify(result)}\r\n`); };
  const writeOutcome = (o: Outcome) => write(o.error ? errorBody(o.error) : { error_code: 200, ...o.produced });
  const body = request.body as Readable | undefined;
  const splitter = new JsonSplitter();
  const deadline = Date.now() + limits.maxDurationMs;
  let closing: NodeJS.Timeout | undefined;
  // At the grace period's end the answer is ended and, once sent, the connection closed: the client may still be
  // sending (Confluent's StreamingResponse closes both).
  const close = () => {
    response.once('finish', () => request.raw.socket.destroy());
    out.end();
  };
  try {
    if (body) {
      body.setEncoding('utf8');
      for await (const chunk of body) {
        const texts = splitter.push(chunk as string);
        const expired = Date.now() > deadline;
        if (expired) closing ??= setTimeout(close, limits.graceMs);
        const parsed: (unknown | ApiError)[] = texts.map((text) => {
          if (expired) return streamTooOld();
          try {
            return JSON.parse(text) as unknown;
          } catch (error) {
            return new ApiError(400, `Bad Request: ${(error as Error).message}`);
          }
        });
        const raws = parsed.filter((p) => !(p instanceof ApiError));
        const outcomes = raws.length > 0 ? await produce(raws) : [];
        let next = 0;
        for (const p of parsed) writeOutcome(p instanceof ApiError ? { error: p } : outcomes[next++]!);
        if (splitter.pending > limits.limit) {
          writeOutcome({ error: bodyTooLarge(limits.limit) });
          body.destroy();
          break;
        }
      }
    }
    const rest = splitter.end();
    if (rest !== undefined && !body?.destroyed) writeOutcome({ error: new ApiError(400, 'Bad Request: the request ended inside a record') });
  } catch (error) {
    writeOutcome({ error: recordError(error) });
  } finally {
    clearTimeout(closing);
    if (!out.writableEnded) out.end();
  }
}

async function readAll(body: Readable | undefined, limit: number): Promise<string> {
  if (!body) return '';
  let text = '';
  body.setEncoding('utf8');
  for await (const chunk of body) {
    text += chunk as string;
    if (text.length > limit) throw bodyTooLarge(limit);
  }
  return text;
}

/** A records:batch body: entries with distinct ids of 1 to 80 [0-9a-zA-Z-_] (Confluent's ProduceBatchRequest). */
function readBatch(text: string): { id: string; record: Record<string, unknown> }[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, `Bad Request: ${(error as Error).message}`);
  }
  const entries = (body as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(entries) || entries.length === 0) throw new ApiError(400, 'Bad Request: entries must be a non-empty array');
  const ids = new Set<string>();
  return entries.map((entry) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new ApiError(400, 'Bad Request: each entry must be an object');
    const { id, ...record } = entry as Record<string, unknown>;
    // ProduceBatchRequestEntry: a JSON string (not a number Jackson would coerce) of 1 to 80 [0-9a-zA-Z-_].
    if (typeof id !== 'string' || !/^[0-9a-zA-Z_-]{1,80}$/.test(id)) {
      throw new ApiError(400, 'Bad Request: each entry needs an id of 1 to 80 letters, digits, - or _');
    }
    if (ids.has(id)) throw new ApiError(400, `Bad Request: the id ${id} is used by more than one entry`);
    ids.add(id);
    return { id, record };
  });
}
