// /subjects, /subjects/{s} (lookup, delete), /subjects/{s}/versions[/{v}[/schema|/referencedby]]
import type { FastifyInstance } from 'fastify';
import { missingBody } from '../../core/errors.ts';
import { hideReferences, readLookupRequest, readRegisterRequest } from '../../registry/candidate.ts';
import { deleteSubject, deleteVersion } from '../../registry/deletes.ts';
import { getVersion, latestWithMetadata, listSubjects, listVersions, page, referencedBy } from '../../registry/reads.ts';
import { lookup, registerSchema } from '../../registry/register.ts';
import type { Registry } from '../../registry/registry.ts';
import { parseVersion } from '../../registry/versions.ts';
import { sendJson } from '../app.ts';
import { subjectFilter } from '../auth.ts';
import { flag, text, type Query } from '../query.ts';
import { registerBody, schemaText, versionBody } from './render.ts';
import { pageOf } from './schemas.ts';

type SubjectRoute = { Params: { subject: string }; Querystring: Query; Body: unknown };
type VersionRoute = { Params: { subject: string; version: string }; Querystring: Query };

export const bodyOf = (body: unknown): unknown => {
  if (body === undefined || body === null) throw missingBody();
  return body;
};

export function subjectRoutes(app: FastifyInstance, registry: Registry): void {
  // Contexts (Confluent's subject namespaces) are not built: every subject lives in the default context ".". The
  // list is paged as Confluent's ContextsResource pages it (like every list): `offset=1` is [].
  app.get<{ Querystring: Query }>('/contexts', (request, reply) => {
    const { offset, limit } = pageOf(request.query);
    return sendJson(request, reply, JSON.stringify(page(['.'], { offset, limit })));
  });

  app.get<{ Querystring: Query }>('/subjects', (request, reply) => {
    const q = request.query;
    const names = listSubjects(registry, {
      prefix: text(q, 'subjectPrefix', ''), deleted: flag(q, 'deleted'), deletedOnly: flag(q, 'deletedOnly'), visible: subjectFilter(request),
    });
    return sendJson(request, reply, JSON.stringify(page(names, pageOf(q))));
  });

  app.post<SubjectRoute>('/subjects/:subject', (request, reply) => {
    const q = request.query;
    const schemaRequest = readLookupRequest(bodyOf(request.body));
    const found = lookup(registry, request.params.subject, schemaRequest && hideReferences(schemaRequest, subjectFilter(request)), {
      normalize: flag(q, 'normalize'), deleted: flag(q, 'deleted'),
    });
    return sendJson(request, reply, versionBody(found, q.format === undefined ? undefined : text(q, 'format', '')));
  });

  app.delete<SubjectRoute>('/subjects/:subject', async (request, reply) => {
    const versions = await deleteSubject(registry, request.params.subject, { permanent: flag(request.query, 'permanent') });
    return sendJson(request, reply, JSON.stringify(versions));
  });

  app.get<SubjectRoute>('/subjects/:subject/versions', (request, reply) => {
    const q = request.query;
    const versions = listVersions(registry, request.params.subject, { deleted: flag(q, 'deleted'), deletedOnly: flag(q, 'deletedOnly') });
    return sendJson(request, reply, JSON.stringify(page(versions, pageOf(q))));
  });

  app.post<SubjectRoute>('/subjects/:subject/versions', async (request, reply) => {
    const schemaRequest = hideReferences(readRegisterRequest(bodyOf(request.body)), subjectFilter(request));
    const answer = await registerSchema(registry, request.params.subject, schemaRequest, { normalize: flag(request.query, 'normalize') });
    return sendJson(request, reply, registerBody(answer));
  });

  app.get<VersionRoute>('/subjects/:subject/versions/:version', (request, reply) => {
    const q = request.query;
    const deleted = flag(q, 'deleted');
    const found = getVersion(registry, request.params.subject, parseVersion(request.params.version), { deleted });
    return sendJson(request, reply, versionBody(found, q.format === undefined ? undefined : text(q, 'format', ''), { deletedFlag: deleted }));
  });

  // Confluent 7.4: the newest version whose metadata properties match every key=value pair (repeated key/value).
  app.get<SubjectRoute>('/subjects/:subject/metadata', (request, reply) => {
    const q = request.query;
    const keys = [q.key ?? []].flat();
    const values = [q.value ?? []].flat();
    const wanted = new Map(keys.map((key, i) => [key, values[i] ?? '']));
    const found = latestWithMetadata(registry, request.params.subject, wanted, { deleted: flag(q, 'deleted') });
    return sendJson(request, reply, versionBody(found, q.format === undefined ? undefined : text(q, 'format', '')));
  });

  app.get<VersionRoute>('/subjects/:subject/versions/:version/schema', (request, reply) => {
    const q = request.query;
    const found = getVersion(registry, request.params.subject, parseVersion(request.params.version), { deleted: flag(q, 'deleted') });
    return sendJson(request, reply, schemaText(found.schema, q.format === undefined ? undefined : text(q, 'format', '')));
  });

  app.get<VersionRoute>('/subjects/:subject/versions/:version/referencedby', (request, reply) => {
    const ids = referencedBy(registry, request.params.subject, parseVersion(request.params.version), subjectFilter(request));
    return sendJson(request, reply, JSON.stringify(page(ids, pageOf(request.query))));
  });

  app.delete<VersionRoute>('/subjects/:subject/versions/:version', async (request, reply) => {
    const version = await deleteVersion(registry, request.params.subject, parseVersion(request.params.version), {
      permanent: flag(request.query, 'permanent'),
    });
    return sendJson(request, reply, String(version));
  });
}
