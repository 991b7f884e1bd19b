// The Kafka REST Proxy's routes (Confluent's v2 and v3 APIs), mounted on the same app as the registry when both are
// on, as Karapace does. Every route reaches Kafka through a set of clients (clients.ts): the proxy's shared set, or,
// with rest_authorization, the caller's own set on its credentials (src/proxy/callers.ts). All closed with the app.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { basicAuthorization } from '../../auth/basic.ts';
import { unauthorized } from '../../core/errors.ts';
import type { Config } from '../../config.ts';
import { Callers } from '../../proxy/callers.ts';
import { SerdesById } from '../../proxy/consumed-records.ts';
import { HttpSchemas, InProcessSchemas, SerdeCache, type RegisterOnLeader } from '../../proxy/schema-source.ts';
import { HttpVersions, InProcessVersions } from '../../proxy/schema-versions.ts';
import type { Registry } from '../../registry/registry.ts';
import { callLeader, type LeaderTls } from '../forward.ts';
import type { ProxyCounters } from '../metrics.ts';
import { adminRoutes } from './admin.ts';
import { ProxyClients, type ClientsOf } from './clients.ts';
import { consumerRoutes } from './consumers.ts';
import { dataRoutes } from './data.ts';
import { recordsV3Routes } from './records-v3.ts';

export interface ProxyContext {
  readonly config: Config;
  readonly logger: Logger;
  /** The registry in this process, when it serves one; otherwise the proxy reaches `registry_url` over HTTP. */
  readonly registry: Registry | undefined;
  /** Produce/consume traffic and live consumer instances, for GET /metrics. */
  readonly counters: ProxyCounters;
  /** How to trust an https leader, for schemas a follower has the leader register. */
  readonly leaderTls?: LeaderTls | undefined;
}

/** A follower's registration of a produced record's schema, made on the leader like a forwarded write (with
 *  registry_user/registry_password when set, since the leader may check its auth file). */
function registerOnLeader(config: Config, tls: LeaderTls | undefined): RegisterOnLeader {
  const headers: Record<string, string> = {
    'x-forward': 'true', accept: 'application/vnd.schemaregistry.v1+json', 'content-type': 'application/vnd.schemaregistry.v1+json',
  };
  if (config.registry_user) headers.authorization = basicAuthorization(config.registry_user, config.registry_password);
  return async (leaderUrl, subject, body) => {
    const path = `/subjects/${encodeURIComponent(subject)}/versions`;
    const answer = await callLeader(leaderUrl, { method: 'POST', path, headers, body: Buffer.from(JSON.stringify(body)) }, tls ? { tls } : {});
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.body.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    return { status: answer.status, body: parsed };
  };
}

/** Karapace releases a caller's clients after 5 minutes without a request (and no consumer instance). */
const CALLER_IDLE_MS = 300_000;
const CHALLENGE = 'Basic realm="Karapace REST Proxy"';

const isProxyRoute = (request: FastifyRequest) => {
  const api = request.routeOptions.config?.api;
  return api === 'proxy-v2' || api === 'proxy-v3';
};

/** Installs delegated authorization: every proxy request must carry credentials, and runs on its caller's clients. */
function delegate(app: FastifyInstance, callers: Callers<ProxyClients>): void {
  app.decorateRequest('proxyClients', null);
  app.addHook('onRequest', async (request, reply) => {
    if (!isProxyRoute(request)) return;
    const clients = callers.get(request.headers.authorization);
    if (!clients) {
      reply.header('www-authenticate', CHALLENGE);
      throw unauthorized();
    }
    request.proxyClients = clients;
  });
  // Kafka refused the credentials (a 401 from the error mapping): nothing of that caller stays behind.
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode === 401 && request.proxyClients) callers.forget(request.headers.authorization);
  });
  app.addHook('onClose', () => callers.close());
}

export function proxyRoutes(app: FastifyInstance, context: ProxyContext): void {
  const { config, counters } = context;
  const registryUrl = `${config.registry_scheme}://${config.registry_host}:${config.registry_port}`;
  const schemas = context.registry
    ? new InProcessSchemas(context.registry, registerOnLeader(config, context.leaderTls))
    : new HttpSchemas({ url: registryUrl, user: config.registry_user, password: config.registry_password });
  const versions = context.registry ? new InProcessVersions(context.registry)
    : new HttpVersions({ url: registryUrl, user: config.registry_user, password: config.registry_password });
  const shared = { serdes: new SerdesById(schemas), counters };

  let of: ClientsOf;
  if (config.rest_authorization) {
    const callers = new Callers({
      config, idleMs: CALLER_IDLE_MS,
      make: (credentials) => new ProxyClients({ ...config, ...credentials }, shared),
      onError: (error) => context.logger.warn({ err: error }, 'closing a caller\'s Kafka clients failed'),
    });
    delegate(app, callers);
    of = (request) => request.proxyClients!;
  } else {
    const clients = new ProxyClients(config, shared);
    app.addHook('onClose', () => clients.close());
    of = () => clients;
  }

  adminRoutes(app, { config, of });
  const serdes = new SerdeCache(schemas);
  dataRoutes(app, { of, schemas, serdes, versions, strategy: config.name_strategy, validateSubjects: config.name_strategy_validation, counters });
  consumerRoutes(app, { config, of, counters });
  recordsV3Routes(app, { config, of, schemas, serdes, versions, strategy: config.name_strategy, validateSubjects: config.name_strategy_validation, counters });
}
