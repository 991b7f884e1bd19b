// GET|POST / (Confluent answers {}), GET /_health for operators and tests, POST /internal/tls/reload for operators.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { tlsReloadFailed, tlsReloadTokenInvalid, tlsReloadTokenNotConfigured } from '../core/errors.ts';
import { sendJson } from './app.ts';

export interface Health {
  /** True once the node has read its schemas topic to the end and Kafka answers. */
  readonly healthy: boolean;
  readonly [detail: string]: unknown;
}

export function rootRoutes(app: FastifyInstance, health: () => Health): void {
  app.get('/', (request, reply) => sendJson(request, reply, '{}'));
  app.post('/', (request, reply) => sendJson(request, reply, '{}'));
  app.get('/_health', (request, reply) => {
    const status = health();
    return reply.code(status.healthy ? 200 : 503).header('content-type', 'application/json').send(JSON.stringify(status));
  });
}

/** What a TLS reload did: `reloadedAt` is when the certificate in use was last loaded (null: never reloaded). */
export interface TlsReloadResult {
  readonly ok: boolean;
  readonly message: string;
  readonly reloadedAt: Date | null;
}

const digest = (text: string) => createHash('sha256').update(text).digest();
/** Compares in constant time, so the answer's timing tells nothing about the token. */
const sameToken = (given: string, expected: string) => timingSafeEqual(digest(given), digest(expected));

/**
 * POST /internal/tls/reload, Karapace's operator endpoint: with the `X-TLS-Reload-Token` header equal to
 * `server_tls_reload_token`, the server re-reads its `server_tls_*` files and serves new connections with them.
 * No token configured: 503; a missing or wrong token: 403; files that do not load (or a reload within 5 s of the
 * last one): 500, and the server keeps what it had. Not behind the registry's Basic/bearer auth, as in Karapace:
 * the token is the credential.
 */
export function tlsReloadRoute(app: FastifyInstance, options: { token: string | null; reload: () => Promise<TlsReloadResult> }): void {
  app.post('/internal/tls/reload', async (request, reply) => {
    if (options.token === null) throw tlsReloadTokenNotConfigured();
    const given = request.headers['x-tls-reload-token'];
    if (typeof given !== 'string' || given === '' || !sameToken(given, options.token)) throw tlsReloadTokenInvalid();
    const result = await options.reload();
    if (!result.ok) throw tlsReloadFailed(result.message);
    // Karapace says `mode: "prepare_only"` (it checks the files but keeps serving the old certificate until a
    // restart); here the new certificate is in use at once.
    return sendJson(request, reply, JSON.stringify({
      status: 'ok', message: result.message, mode: 'live', reloaded_at: result.reloadedAt?.toISOString() ?? null,
    }));
  });
}
