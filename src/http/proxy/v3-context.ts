// What every v3 control-plane route shares: the admin clients, the base URL of self links, the cluster check that
// opens each request (Confluent's managers start with clusterManager.getCluster(id) and answer 404 on a mismatch),
// the mapping of Kafka failures to Confluent's codes, and body reading.
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ApiError, brokerNotAvailable, kafkaAuthenticationFailed, kafkaAuthorizationFailed, kafkaBadRequest, kafkaRetriable,
  missingBody, v3BadRequest, v3ClusterCouldNotBeFound, v3ClusterNotFound, v3KafkaError, v3UnknownTopicOrPartition,
} from '../../core/errors.ts';
import type { ClusterState } from '../../kafka/admin.ts';
import { kafkaFailure } from '../../kafka/kafka-failure.ts';
import { V3Resources } from '../../proxy/v3-resources.ts';
import { sendJson } from '../app.ts';
import type { ClientsOf } from './clients.ts';

export const v3 = { config: { api: 'proxy-v3' as const } };

export interface V3Deps {
  /** The Kafka clients that serve a request (its caller's under rest_authorization). */
  readonly of: ClientsOf;
  /** Scheme, host and port of self links: rest_base_uri, else the advertised listener. */
  readonly base: string;
}

// rest-utils KafkaExceptionMapper: these exception classes answer 400 / 40002 with Kafka's message. We add the
// invalid-name and bad-assignment errors, which Confluent lets fall through to a 500: bad input is a 4xx here.
const BAD_REQUEST = new Set([
  'INVALID_REPLICATION_FACTOR', 'SECURITY_DISABLED', 'UNSUPPORTED_VERSION', 'INVALID_PARTITIONS', 'INVALID_REQUEST',
  'UNKNOWN_SERVER_ERROR', 'POLICY_VIOLATION', 'TOPIC_ALREADY_EXISTS', 'INVALID_CONFIG',
  'INVALID_TOPIC_EXCEPTION', 'INVALID_REPLICA_ASSIGNMENT',
]);

/** A Kafka failure as Confluent's REST Proxy answers it (KafkaExceptionMapper). */
export function kafkaApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const failure = kafkaFailure(error);
  const id = failure.id ?? '';
  if (BAD_REQUEST.has(id)) return kafkaBadRequest(failure.message);
  if (id === 'UNKNOWN_TOPIC_OR_PARTITION' || id === 'UNKNOWN_TOPIC_ID') return v3UnknownTopicOrPartition(failure.message);
  if (id === 'SASL_AUTHENTICATION_FAILED' || id === 'ILLEGAL_SASL_STATE') return kafkaAuthenticationFailed(failure.message);
  if (id.endsWith('_AUTHORIZATION_FAILED')) return kafkaAuthorizationFailed(failure.message);
  if (id === 'BROKER_NOT_AVAILABLE') return brokerNotAvailable();
  // An unreachable cluster is Java's TimeoutException, a RetriableException: 50003.
  if (failure.retriable || failure.unreachable) return kafkaRetriable(failure.message);
  return v3KafkaError(failure.message);
}

/** Runs Kafka work, turning its failures into Confluent's errors. */
export async function kafka<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw kafkaApiError(error);
  }
}

/** The cluster a request names, with the resource builder for it; 404 when it is not this cluster. */
export async function openCluster(deps: V3Deps, request: FastifyRequest, id: string, options: { couldNot?: boolean } = {}): Promise<{ cluster: ClusterState; res: V3Resources }> {
  const cluster = await kafka(() => deps.of(request).admin.cluster());
  if (cluster.id !== id) throw options.couldNot ? v3ClusterCouldNotBeFound(id) : v3ClusterNotFound(id);
  return { cluster, res: new V3Resources(deps.base, cluster.id) };
}

export function send(request: FastifyRequest, reply: FastifyReply, body: unknown, status = 200): FastifyReply {
  return sendJson(request, reply, JSON.stringify(body), status);
}

/** A non-negative int32 path segment, or the given not-found error (a bad id names nothing). */
export function idParam(text: string, notFound: () => ApiError): number {
  if (!/^\d{1,10}$/.test(text) || Number(text) > 2_147_483_647) throw notFound();
  return Number(text);
}

/** The JSON object a request carries: 422 when there is none (Confluent's @NotNull body), 400 when not an object. */
export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) throw missingBody();
  if (typeof body !== 'object' || Array.isArray(body)) throw v3BadRequest('Request body must be a JSON object');
  return body as Record<string, unknown>;
}

/** A JSON scalar read into a Java String field as Jackson does: strings as they are, numbers and booleans as their
 *  text ({"value": 1000} sets "1000"); null and absent are null; objects and arrays are refused (400). */
export function jacksonText(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw v3BadRequest(`Field ${field} must be a string`);
}

export function optionalString(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw v3BadRequest(`Field ${field} must be a string`);
  return value;
}

export function optionalInt(body: Record<string, unknown>, field: string, range: { min: number; max: number }): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    throw v3BadRequest(`Field ${field} must be an integer between ${range.min} and ${range.max}`);
  }
  return value;
}

export function optionalBoolean(body: Record<string, unknown>, field: string): boolean {
  const value = body[field];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw v3BadRequest(`Field ${field} must be a boolean`);
  return value;
}
