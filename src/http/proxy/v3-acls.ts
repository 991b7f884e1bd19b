// v3 ACLs (Confluent's AclsResource): search GET /acls, create POST /acls (201), delete DELETE /acls (the deleted
// ones), POST /acls:batch (204). Filters use Kafka's names; ANY (and a missing name, principal or host) matches all.
// Without an authorizer on the brokers Kafka answers SECURITY_DISABLED, which KafkaExceptionMapper makes 400 / 40002.
import type { FastifyInstance } from 'fastify';
import { v3BadRequest } from '../../core/errors.ts';
import {
  OPERATIONS, PATTERN_TYPES, PERMISSIONS, RESOURCE_TYPES, type AclBinding, type AclQuery,
} from '../../kafka/admin-acls.ts';
import { aclResource } from '../../proxy/v3-resources.ts';
import type { Query } from '../query.ts';
import { bodyObject, kafka, openCluster, send, v3, type V3Deps } from './v3-context.ts';

type Route = { Params: { cluster: string }; Querystring: Query; Body: unknown };

const FIELDS = {
  resource_type: RESOURCE_TYPES, pattern_type: PATTERN_TYPES, operation: OPERATIONS, permission: PERMISSIONS,
} as const;
type EnumField = keyof typeof FIELDS;

function enumValue(field: EnumField, raw: unknown, fallback: string | undefined): string {
  if (raw === undefined || raw === null || raw === '') {
    if (fallback === undefined) throw v3BadRequest(`${field} cannot be null`);
    return fallback;
  }
  const name = typeof raw === 'string' ? raw.toUpperCase() : '';
  if (!(name in FIELDS[field]) || name === 'UNKNOWN') throw v3BadRequest(`Invalid ${field}: ${JSON.stringify(raw)}`);
  return name;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const optional = (value: string | undefined) => (value === undefined || value === '' ? null : value);

/** A search or delete filter from the query string (Confluent's defaults: ANY, and null names). */
export function readAclQuery(q: Query): AclQuery {
  return {
    resourceType: enumValue('resource_type', first(q.resource_type), 'ANY'),
    resourceName: optional(first(q.resource_name)),
    patternType: enumValue('pattern_type', first(q.pattern_type), 'ANY'),
    principal: optional(first(q.principal)),
    host: optional(first(q.host)),
    operation: enumValue('operation', first(q.operation), 'ANY'),
    permission: enumValue('permission', first(q.permission), 'ANY'),
  };
}

/** Confluent's CreateAclRequest: every field set, and no wildcard types (AclManagerImpl's create checks). */
export function readAclCreate(raw: unknown): AclBinding {
  const body = bodyObject(raw);
  const text = (field: string): string => {
    const value = body[field];
    if (typeof value !== 'string' || value === '') throw v3BadRequest(`${field} cannot be null`);
    return value;
  };
  const concrete = (field: EnumField, forbidden: readonly string[]) => {
    const value = enumValue(field, body[field], undefined);
    if (forbidden.includes(value)) throw v3BadRequest(`${field} cannot be ${value}`);
    return value;
  };
  return {
    resourceType: concrete('resource_type', ['ANY']), resourceName: text('resource_name'),
    patternType: concrete('pattern_type', ['ANY', 'MATCH']), principal: text('principal'), host: text('host'),
    operation: concrete('operation', ['ANY']), permission: concrete('permission', ['ANY']),
  };
}

export function aclRoutes(app: FastifyInstance, deps: V3Deps): void {
  app.get<Route>('/v3/clusters/:cluster/acls', v3, async (request, reply) => {
    const query = readAclQuery(request.query);
    const { res } = await openCluster(deps, request, request.params.cluster);
    const found = await kafka(() => deps.of(request).acls.search(query));
    const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    return send(request, reply, res.collection('KafkaAclList', `/acls${search}`, found.map((b) => aclResource(res, b))));
  });

  app.post<Route>('/v3/clusters/:cluster/acls', v3, async (request, reply) => {
    const binding = readAclCreate(request.body);
    await openCluster(deps, request, request.params.cluster);
    await kafka(() => deps.of(request).acls.create([binding]));
    return reply.code(201).send();
  });

  app.post<Route>('/v3/clusters/:cluster/acls::batch', v3, async (request, reply) => {
    const body = bodyObject(request.body);
    if (!Array.isArray(body.data)) throw v3BadRequest('Field data must be a list');
    const bindings = (body.data as unknown[]).map(readAclCreate);
    await openCluster(deps, request, request.params.cluster);
    await kafka(() => deps.of(request).acls.create(bindings));
    return reply.code(204).send();
  });

  app.delete<Route>('/v3/clusters/:cluster/acls', v3, async (request, reply) => {
    const query = readAclQuery(request.query);
    const { res } = await openCluster(deps, request, request.params.cluster);
    const deleted = await kafka(() => deps.of(request).acls.delete(query));
    return send(request, reply, { data: deleted.map((b) => aclResource(res, b)) });
  });
}
