// POST /compatibility/subjects/{s}/versions[/{v}]
import type { FastifyInstance } from 'fastify';
import { hideReferences, readSchemaRequest } from '../../registry/candidate.ts';
import { testCompatibility } from '../../registry/compatibility.ts';
import type { Registry } from '../../registry/registry.ts';
import { parseVersion } from '../../registry/versions.ts';
import { sendJson } from '../app.ts';
import { subjectFilter } from '../auth.ts';
import { flag, type Query } from '../query.ts';
import { bodyOf } from './subjects.ts';

type Route = { Params: { subject: string; version?: string }; Querystring: Query; Body: unknown };

export function compatibilityRoutes(app: FastifyInstance, registry: Registry): void {
  for (const path of ['/compatibility/subjects/:subject/versions', '/compatibility/subjects/:subject/versions/:version']) {
    app.post<Route>(path, (request, reply) => {
      const q = request.query;
      const verbose = flag(q, 'verbose');
      const spec = request.params.version === undefined ? undefined : parseVersion(request.params.version);
      const visible = subjectFilter(request);
      const answer = testCompatibility(registry, request.params.subject, spec, hideReferences(readSchemaRequest(bodyOf(request.body)), visible), {
        normalize: flag(q, 'normalize'), verbose, ...(visible ? { visible } : {}),
      });
      const body = verbose ? { is_compatible: answer.compatible, messages: answer.messages } : { is_compatible: answer.compatible };
      return sendJson(request, reply, JSON.stringify(body));
    });
  }
}
