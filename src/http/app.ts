// The HTTP server: one Fastify app for the registry (and later the REST proxy), one error handler, one place
// that negotiates media types and parses bodies.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import {
  ApiError, bodyTooLarge, internalError, leaderUnknown, malformedBody, methodNotAllowed, missingBody, routeNotFound,
  unsupportedMediaType,
} from '../core/errors.ts';
import { NotLeader } from '../registry/registry.ts';
import type { Forwarder } from './forward.ts';
import { jsonBodyText, negotiate, REQUEST_TYPES, SCHEMA_REGISTRY_V1, type Api } from './media.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The negotiated response media type (src/http/media.ts). */
    responseType: string;
  }
  interface FastifyContextConfig {
    /** The API a route belongs to, which decides its media types; the registry when absent. */
    api?: Api;
  }
}

export interface AppOptions {
  readonly logger: Logger;
  readonly bodyLimit: number;
  /** The level of the access log line written for every request: Karapace logs them at info, and at debug
   *  (so, off at the default level) with `access_logs_debug`. */
  readonly accessLogLevel: 'info' | 'debug';
  /** Replays a registry write on the leader when this node does not lead (src/http/forward.ts). */
  readonly forward?: Forwarder;
  /** Serve HTTPS (config `server_tls_*`). */
  readonly tls?: ServerTls;
}

export interface ServerTls {
  readonly key: Buffer;
  readonly cert: Buffer;
  readonly ca?: Buffer;
  /** none: no client certificate; optional: asked for, not required; required: refused without a valid one. */
  readonly clientAuth: 'none' | 'optional' | 'required';
}

const secureContextOptions = (tls: ServerTls): SecureContextOptions => ({
  key: tls.key, cert: tls.cert, ...(tls.ca ? { ca: tls.ca } : {}), minVersion: 'TLSv1.2',
});

/** An HTTPS server for Fastify's serverFactory: TLS 1.2 at least, client certificates as configured. */
function httpsServer(tls: ServerTls, handler: (req: IncomingMessage, res: ServerResponse) => void): Server {
  const server = createHttpsServer({
    ...secureContextOptions(tls), requestCert: tls.clientAuth !== 'none', rejectUnauthorized: tls.clientAuth === 'required',
  }, handler);
  // Fastify types its server as node:http's; an HTTPS server serves the same request/response interface.
  return server as unknown as Server;
}

/**
 * Gives the running HTTPS server a new key, certificate and CA: handshakes from now on use them, open connections
 * keep theirs. The new material is checked first (a key that does not match its certificate, or text that is not
 * PEM, throws) and the server keeps its old context then. The client-certificate policy does not change.
 */
export function replaceServerTls(app: FastifyInstance, tls: ServerTls): void {
  createSecureContext(secureContextOptions(tls));
  (app.server as unknown as HttpsServer).setSecureContext(secureContextOptions(tls));
}

/** The methods our routes use, in the order an Allow header lists them. */
const ROUTE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

/** Sends a JSON body that is already text or bytes, in the negotiated media type. */
export function sendJson(request: FastifyRequest, reply: FastifyReply, body: string | Buffer, status = 200): FastifyReply {
  // Bytes, so that Fastify adds no charset parameter: Confluent sends the bare media type.
  return reply.code(status).header('content-type', request.responseType).send(typeof body === 'string' ? Buffer.from(body) : body);
}

export function createApp(options: AppOptions): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 2048 },
    return503OnClosing: true,
    // A caller's X-Request-ID is kept (and forwarded to the leader); otherwise we make one. Both are echoed back.
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    ...(options.tls ? { serverFactory: (handler: (req: IncomingMessage, res: ServerResponse) => void) => httpsServer(options.tls!, handler) } : {}),
  });
  const log = options.logger;

  app.decorateRequest('responseType', SCHEMA_REGISTRY_V1);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // A body without Content-Type is JSON, as Confluent treats it (application/octet-stream by default).
    if (request.headers['content-type'] === undefined && request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0') {
      request.headers['content-type'] = 'application/octet-stream';
    }
    request.responseType = negotiate(request.headers.accept, request.routeOptions.config?.api);
  });
  const accessLog = log[options.accessLogLevel].bind(log);
  if (log.isLevelEnabled(options.accessLogLevel)) {
    app.addHook('onResponse', async (request, reply) => {
      accessLog({
        req_id: request.id, method: request.method, url: request.url, status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10, remote: request.ip,
      }, 'request');
    });
  }

  app.removeAllContentTypeParsers();
  // Bytes, decoded as Jackson detects their encoding (src/http/media.ts), so UTF-16 and UTF-32 bodies parse too.
  app.addContentTypeParser(REQUEST_TYPES, { parseAs: 'buffer' }, (_request, body, done) => {
    const text = jsonBodyText(body as Buffer);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(malformedBody((error as Error).message), undefined);
    }
  });
  app.addContentTypeParser('*', (request, _payload, done) => {
    done(unsupportedMediaType(String(request.headers['content-type'])), undefined);
  });

  // No route for this method and path. A path that has routes under other methods is 405 with an Allow header, as
  // Jersey answers (PATCH /subjects); otherwise 404. OPTIONS keeps its 404 (Jersey answers it with WADL).
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?', 1)[0]!;
    const allowed = request.method === 'OPTIONS' ? [] : ROUTE_METHODS.filter((method) => app.findRoute({ method, url: path }) !== null);
    if (allowed.length > 0) reply.header('allow', allowed.join(','));
    const error = allowed.length > 0 ? methodNotAllowed() : routeNotFound();
    void sendJson(request, reply, JSON.stringify({ error_code: error.code, message: error.message }), error.status);
  });

  app.setErrorHandler(async (raw, request, reply) => {
    if (raw instanceof NotLeader && options.forward) {
      try {
        return await options.forward(raw, request, reply);
      } catch (failure) {
        raw = failure as Error;
      }
    }
    const error = toApiError(raw, options.bodyLimit);
    if (error.status >= 500) log.error({ err: raw, req_id: request.id, method: request.method, url: request.url }, 'request failed');
    return sendJson(request, reply, JSON.stringify({ error_code: error.code, message: error.message }), error.status);
  });
  return app;
}

/** Everything thrown while answering becomes one catalogue error; anything unexpected is a 500. */
function toApiError(error: unknown, bodyLimit: number): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof NotLeader) return leaderUnknown();
  const e = error as { code?: string; statusCode?: number; message?: string };
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return bodyTooLarge(bodyLimit);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return unsupportedMediaType(e.message ?? '');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return missingBody();
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_ASYNC_CONSTRAINT':
      return routeNotFound();
    default:
      break;
  }
  if (e.statusCode === 413) return bodyTooLarge(bodyLimit);
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return new ApiError(e.statusCode, e.message ?? 'Bad request');
  return internalError();
}
