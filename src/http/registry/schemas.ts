// /schemas, /schemas/ids/{id}[/schema|/subjects|/versions], /schemas/types
import type { FastifyInstance } from 'fastify';
import { routeNotFound } from '../../core/errors.ts';
import { SCHEMA_TYPES } from '../../formats/index.ts';
import { listSchemas, page, schemaById, subjectsOfSchema, versionsOfSchema } from '../../registry/reads.ts';
import type { Registry } from '../../registry/registry.ts';
import { sendJson } from '../app.ts';
import { subjectFilter } from '../auth.ts';
import { flag, integer, text, type Query } from '../query.ts';
import { schemaStringBody, schemaText, versionObject } from './render.ts';

type IdParams = { Params: { id: string }; Querystring: Query };

const schemaId = (raw: string): number => {
  // Jersey cannot bind a non-integer id: the route does not match (404).
  if (!/^\d{1,10}$/.test(raw) || Number(raw) > 2 ** 31 - 1) throw routeNotFound();
  return Number(raw);
};

const pageOf = (query: Query) => ({ offset: Math.max(0, integer(query, 'offset', 0)), limit: integer(query, 'limit', -1) });

export function schemaRoutes(app: FastifyInstance, registry: Registry): void {
  const typesBody = JSON.stringify(SCHEMA_TYPES);
  app.get('/schemas/types', (request, reply) => sendJson(request, reply, typesBody));

  app.get<{ Querystring: Query }>('/schemas', (request, reply) => {
    const q = request.query;
    const found = listSchemas(registry, {
      prefix: text(q, 'subjectPrefix', ''), deleted: flag(q, 'deleted'), deletedOnly: flag(q, 'deletedOnly'), latestOnly: flag(q, 'latestOnly'),
      visible: subjectFilter(request), ...(q.ruleType === undefined || q.ruleType === '' ? {} : { ruleType: text(q, 'ruleType', '') }),
    });
    const format = q.format === undefined ? undefined : text(q, 'format', '');
    return sendJson(request, reply, JSON.stringify(page(found, pageOf(q)).map((v) => versionObject(v, format))));
  });

  app.get<IdParams>('/schemas/ids/:id', (request, reply) => {
    const q = request.query;
    const schema = schemaById(registry, schemaId(request.params.id), subjectFilter(request));
    const format = q.format === undefined || q.format === '' ? undefined : text(q, 'format', '');
    const maxId = flag(q, 'fetchMaxId') ? registry.state.maxId : undefined;
    return sendJson(request, reply, schemaStringBody(schema, { ...(format ? { format } : {}), ...(maxId !== undefined ? { maxId } : {}) }));
  });

  app.get<IdParams>('/schemas/ids/:id/schema', (request, reply) => {
    const schema = schemaById(registry, schemaId(request.params.id), subjectFilter(request));
    const format = request.query.format === undefined ? undefined : text(request.query, 'format', '');
    return sendJson(request, reply, schemaText(schema, format));
  });

  app.get<IdParams>('/schemas/ids/:id/subjects', (request, reply) => {
    const found = subjectsOfSchema(registry, schemaId(request.params.id), { deleted: flag(request.query, 'deleted'), visible: subjectFilter(request) });
    return sendJson(request, reply, JSON.stringify(page(found, pageOf(request.query))));
  });

  app.get<IdParams>('/schemas/ids/:id/versions', (request, reply) => {
    const found = versionsOfSchema(registry, schemaId(request.params.id), { deleted: flag(request.query, 'deleted'), visible: subjectFilter(request) });
    const body = page(found, pageOf(request.query)).map((v) => ({ subject: v.subject, version: v.version }));
    return sendJson(request, reply, JSON.stringify(body));
  });
}

export { pageOf };
