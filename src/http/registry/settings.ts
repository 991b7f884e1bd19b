// /config[/{s}] and /mode[/{s}]: GET, PUT, DELETE
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { malformedBody } from '../../core/errors.ts';
import type { Registry } from '../../registry/registry.ts';
import { deleteConfig, deleteMode, getConfig, getMode, setConfig, setMode } from '../../registry/settings.ts';
import { settingsScope } from '../../registry/subject-name.ts';
import { sendJson } from '../app.ts';
import { flag, type Query } from '../query.ts';
import { bodyOf } from './subjects.ts';

type Route = { Params: { subject?: string }; Querystring: Query; Body: unknown };

/** The scope a /config[/{s}] or /mode[/{s}] path names: null (global) without a subject, and for the default context
 *  `:.:`, as Confluent's config and mode resources read it (RestApiTest testDefaultContextConfigAndMode); with an
 *  auth file such a path needs the config permission (http/auth.ts). */
const scopeOf = (request: FastifyRequest<Route>): string | null => settingsScope(request.params.subject ?? null);

const objectBody = (body: unknown): Record<string, unknown> => {
  const value = bodyOf(body);
  if (typeof value !== 'object' || Array.isArray(value)) throw malformedBody('expected a JSON object');
  return value as Record<string, unknown>;
};

const configBody = (config: Record<string, unknown>) => JSON.stringify(config);

export function settingsRoutes(app: FastifyInstance, registry: Registry): void {
  for (const path of ['/config', '/config/:subject']) {
    app.get<Route>(path, (request, reply) =>
      sendJson(request, reply, configBody(getConfig(registry, scopeOf(request), { defaultToGlobal: flag(request.query, 'defaultToGlobal') }))));
    app.put<Route>(path, async (request, reply) => {
      const answer = await setConfig(registry, scopeOf(request), objectBody(request.body));
      return sendJson(request, reply, JSON.stringify(answer));
    });
    app.delete<Route>(path, async (request, reply) =>
      sendJson(request, reply, configBody(await deleteConfig(registry, scopeOf(request)))));
  }

  for (const path of ['/mode', '/mode/:subject']) {
    app.get<Route>(path, (request, reply) =>
      sendJson(request, reply, JSON.stringify({ mode: getMode(registry, scopeOf(request), { defaultToGlobal: flag(request.query, 'defaultToGlobal') }) })));
    app.put<Route>(path, async (request, reply) => {
      const mode = await setMode(registry, scopeOf(request), objectBody(request.body).mode, { force: flag(request.query, 'force') });
      // A request without a mode cleared it: Confluent echoes the request, which has none.
      return sendJson(request, reply, JSON.stringify(mode === null ? {} : { mode }));
    });
    app.delete<Route>(path, async (request, reply) =>
      sendJson(request, reply, JSON.stringify({ mode: await deleteMode(registry, request.params.subject ?? null, { recursive: flag(request.query, 'recursive') }) })));
  }
}
