// Data plane of the REST proxy, v2 produce: POST /topics/{t} and /topics/{t}/partitions/{p}, the embedded format
// named by the Content-Type (application/vnd.kafka.{binary,json,avro,jsonschema,protobuf}.v2+json).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { missingBody, partitionNotFound, topicNotFound } from '../../core/errors.ts';
import { encodeProduceRequest, type EmbeddedFormat } from '../../proxy/produce.ts';
import type { SchemaSource, SerdeCache } from '../../proxy/schema-source.ts';
import type { SchemaVersions } from '../../proxy/schema-versions.ts';
import { sendJson } from '../app.ts';
import type { ProxyCounters } from '../metrics.ts';
import type { ClientsOf } from './clients.ts';
import { proxyError, withKafka } from './kafka-errors.ts';
import { intPathParam } from './path-params.ts';

const v2 = { config: { api: 'proxy-v2' as const } };

/** The embedded format a request's Content-Type names; binary for the bare v2 and JSON types, as Confluent's v1. */
export function formatOf(request: FastifyRequest): EmbeddedFormat {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const match = /^application\/vnd\.kafka\.(binary|json|avro|jsonschema|protobuf)\.v2\+json$/.exec(type);
  return (match?.[1] as EmbeddedFormat | undefined) ?? 'binary';
}

export interface DataDeps {
  readonly of: ClientsOf;
  readonly schemas: SchemaSource;
  readonly serdes: SerdeCache;
  readonly versions: SchemaVersions;
  readonly strategy: string;
  /** Karapace's name_strategy_validation: a schema id must be a version of the name strategy's subject. */
  readonly validateSubjects: boolean;
  readonly counters: ProxyCounters;
}

export function dataRoutes(app: FastifyInstance, deps: DataDeps): void {

  const produce = async (request: FastifyRequest<{ Params: { topic: string; partition?: string } }>) => {
    const { topic } = request.params;
    const { kafka } = deps.of(request);
    const partition = request.params.partition === undefined ? undefined : intPathParam(request.params.partition);
    // The produce actions take a `@Valid @NotNull` request: an empty body is 422 before the topic is looked up
    // (Confluent's ProducerTest.testNullPayload, for every embedded format, to a topic and to a partition).
    if (request.body === undefined || request.body === null) throw missingBody();
    const partitions = await withKafka(() => kafka.partitionCount(topic));
    if (partitions === undefined) throw topicNotFound();
    if (partition !== undefined && (partition < 0 || partition >= partitions)) throw partitionNotFound();
    const format = formatOf(request);
    const encoded = await encodeProduceRequest({
      body: request.body, format, topic, partition, partitions, schemas: deps.schemas, serdes: deps.serdes, versions: deps.versions,
      strategy: deps.strategy, validateSubjects: deps.validateSubjects,
    });
    const partitionOf = kafka.partitioner(partitions);
    const records = encoded.records.map((r) => ({ ...r, partition: r.partition ?? partitionOf(r.key) }));
    // A record that failed has neither partition nor offset (Confluent: new PartitionOffset(null, null, code, message)).
    type Offset = { partition: number | null; offset: number | null; error_code: number | null; error: string | null };
    // Confluent keeps HTTP 200 and reports a failure per record (AbstractProduceAction.errorCodeFromProducerException).
    const failed = (error: unknown): Offset => {
      const failure = proxyError(error);
      return { partition: null, offset: null, error_code: failure.code === 50003 ? 50003 : 50002, error: failure.message };
    };
    // Records over producer_max_request_size fail on their own, as the Java producer refuses them (50002).
    const refused = records.map((r) => kafka.tooLarge(r));
    const sendable = records.filter((_, i) => refused[i] === undefined);
    let sent: Offset[];
    try {
      const produced = sendable.length > 0 ? await kafka.produce(topic, sendable) : [];
      sent = sendable.map((r, i): Offset => {
        const result = produced[i]!;
        if (result instanceof Error) return failed(result);
        return { partition: r.partition, offset: result < 0 ? null : result, error_code: null, error: null };
      });
      deps.counters.produced(format, sendable.length, sendable.reduce((n, r) => n + (r.key?.length ?? 0) + (r.value?.length ?? 0), 0));
    } catch (error) {
      const failure = proxyError(error);
      if (failure.code === 40401 || failure.code === 40402) throw failure;
      sent = sendable.map(() => failed(error));
    }
    let next = 0;
    const offsets = records.map((_, i): Offset => {
      const reason = refused[i];
      return reason === undefined ? sent[next++]! : { partition: null, offset: null, error_code: 50002, error: reason };
    });
    return JSON.stringify({ offsets, key_schema_id: encoded.keySchemaId, value_schema_id: encoded.valueSchemaId });
  };

  app.post<{ Params: { topic: string } }>('/topics/:topic', v2, async (request, reply) => sendJson(request, reply, await produce(request)));
  app.post<{ Params: { topic: string; partition: string } }>('/topics/:topic/partitions/:partition', v2,
    async (request, reply) => sendJson(request, reply, await produce(request)));
}
