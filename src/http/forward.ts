// The one place that forwards to the leader. A registry write on a node that does not lead ends in NotLeader
// (src/registry/registry.ts); the error handler hands it here, and we replay the request on the leader with the
// headers Confluent forwards (RequestHeaderBuilder) plus `X-Forward: true`. The leader's answer passes through
// unchanged. After a forwarded write succeeds we wait until this node has read it, so a client that writes here and
// reads here (or anywhere caught up) sees its write — Confluent and Karapace answer before that.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { forwardingFailed, leaderUnknown } from '../core/errors.ts';
import type { NotLeader, Registry } from '../registry/registry.ts';

// Taken with getBuiltinModule, not `import`: an ES import of node:http evaluates its lazy WebSocket export, which
// loads undici (about 10 MB of RSS for a client we never use; docs/memory.md).
const { request: httpRequest } = process.getBuiltinModule('node:http');
const { request: httpsRequest } = process.getBuiltinModule('node:https');

const FORWARDED_HEADERS = ['content-type', 'accept', 'authorization', 'x-request-id', 'confluent-accept-unknown-properties', 'traceparent'];

/** Confluent's `leader.read.timeout.ms` default. */
const FORWARD_TIMEOUT_MS = 60_000;

export type Forwarder = (error: NotLeader, request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/** True for a request another node forwarded to us: we never forward it again (no loops between two nodes that
 *  each think the other leads). */
export const wasForwarded = (request: FastifyRequest): boolean => request.headers['x-forward'] !== undefined;

/** TLS settings for calls to the leader: trust our CA, and present our certificate when the leader asks for one. */
export interface LeaderTls {
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

export interface LeaderAnswer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: Buffer;
}

/** One HTTP call to the leader: method, path with query, headers and body. */
export interface LeaderCall {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: Buffer | undefined;
}

/** Makes `call` on `leaderUrl` (verifying an https leader with `tls`). Network failures and timeouts throw 50003. */
export function callLeader(leaderUrl: string, call: LeaderCall, options: { timeoutMs?: number; tls?: LeaderTls } = {}): Promise<LeaderAnswer> {
  const headers = { ...call.headers };
  if (call.body === undefined) delete headers['content-type'];
  else headers['content-length'] = String(call.body.length);
  const url = new URL(call.path, leaderUrl);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(url, {
      method: call.method, headers, timeout: options.timeoutMs ?? FORWARD_TIMEOUT_MS,
      ...(url.protocol === 'https:' ? { ...options.tls, minVersion: 'TLSv1.2' as const } : {}),
    }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve({
        status: incoming.statusCode ?? 500, contentType: incoming.headers['content-type'], body: Buffer.concat(chunks),
      }));
      incoming.on('error', () => reject(forwardingFailed()));
    });
    outgoing.on('timeout', () => outgoing.destroy());
    outgoing.on('error', () => reject(forwardingFailed()));
    outgoing.end(call.body);
  });
}

/** Replays `request` (method, path and query, body, Confluent's forwarded headers) on `leaderUrl`. */
export function sendToLeader(leaderUrl: string, request: FastifyRequest, options: { timeoutMs?: number; tls?: LeaderTls } = {}): Promise<LeaderAnswer> {
  const headers: Record<string, string> = { 'x-forward': 'true' };
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const body = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body));
  return callLeader(leaderUrl, { method: request.method, path: request.url, headers, body }, options);
}

export function createForwarder(registry: Registry, logger: Logger, tls?: LeaderTls): Forwarder {
  return async (error, request, reply) => {
    if (!error.leaderUrl || wasForwarded(request)) throw leaderUnknown();
    const response = await sendToLeader(error.leaderUrl, request, tls ? { tls } : {});
    if (response.status >= 200 && response.status < 300) {
      await registry.catchUp().catch((failure: unknown) => {
        logger.warn({ err: failure, url: request.url }, 'a forwarded write succeeded, but this node could not read it back yet');
      });
    }
    return reply.code(response.status).header('content-type', response.contentType ?? request.responseType).send(response.body);
  };
}
