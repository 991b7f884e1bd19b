// Authentication and authorization of the Schema Registry API, decided here and only here (not in each route).
//
// Who: HTTP Basic against the auth file (`registry_authfile`, src/auth/basic.ts), or a bearer token validated
// against a JWKS (`sasl_oauthbearer_*`, src/auth/oidc.ts). What: each registry route needs one permission, as
// Karapace checks it (karapace/api/routers/*.py): `Read`/`Write` on `Config:` or on `Subject:<subject>`.
//   - A denied read of a subject answers exactly what a missing subject answers (40401), so a user learns nothing
//     about subjects they may not read. A denied write answers 403, whether the subject exists or not.
//   - Listings (/subjects, /schemas, /schemas/ids/...) and referencedby are filtered by the routes with
//     `subjectFilter(request)`; a schema id is visible only through a subject the user may read.
// Bearer tokens carry no ACL: as Karapace, their roles (per HTTP method) decide, and every subject is visible.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { forbidden, subjectNotFound, unauthorized } from '../core/errors.ts';
import type { AuthFileWatcher } from '../auth/auth-file-watcher.ts';
import { parseBasic, type BasicAuthenticator } from '../auth/basic.ts';
import type { OidcVerifier } from '../auth/oidc.ts';
import { CONFIG_RESOURCE, subjectResource, type Operation } from '../auth/permissions.ts';
import { settingsScope } from '../registry/subject-name.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Which subjects the caller may read; null when every subject is visible (no auth file, or a bearer token). */
    readableSubjects: ((subject: string) => boolean) | null;
  }
}

export const REALM = 'Karapace Schema Registry';

/** What a route needs. `list`: any authenticated caller; the route filters what it answers. */
type Rule =
  | { readonly kind: 'open' }
  | { readonly kind: 'list' }
  | { readonly kind: 'config'; readonly operation: Operation }
  | { readonly kind: 'subject'; readonly operation: Operation }
  /** /config/{s} and /mode/{s}: the subject's settings, or the global ones when {s} is the default context `:.:`. */
  | { readonly kind: 'settings'; readonly operation: Operation };

const OPEN: Rule = { kind: 'open' };
const LIST: Rule = { kind: 'list' };
const configRule = (operation: Operation): Rule => ({ kind: 'config', operation });
const subjectRule = (operation: Operation): Rule => ({ kind: 'subject', operation });
const settingsRule = (operation: Operation): Rule => ({ kind: 'settings', operation });

/** Every registry route (method and Fastify path). Routes not listed belong to other APIs (the REST proxy has
 *  its own authorization) and are not touched; auth.test.ts checks that every registry route is listed. */
export const REGISTRY_RULES: ReadonlyMap<string, Rule> = new Map<string, Rule>([
  // Karapace leaves these open: liveness, metrics, leader probe, static type list.
  ['GET /', OPEN], ['POST /', OPEN], ['GET /_health', OPEN], ['GET /metrics', OPEN], ['GET /master_available', OPEN],
  ['GET /schemas/types', OPEN],
  ['GET /v1/metadata/id', LIST], ['GET /v1/metadata/version', LIST],
  ['GET /schemas', LIST],
  ['GET /schemas/ids/:id', LIST], ['GET /schemas/ids/:id/schema', LIST],
  ['GET /schemas/ids/:id/subjects', LIST], ['GET /schemas/ids/:id/versions', LIST],
  ['GET /subjects', LIST], ['GET /contexts', LIST],
  ['POST /subjects/:subject', subjectRule('Read')],
  ['DELETE /subjects/:subject', subjectRule('Write')],
  ['GET /subjects/:subject/versions', subjectRule('Read')],
  ['GET /subjects/:subject/metadata', subjectRule('Read')],
  ['POST /subjects/:subject/versions', subjectRule('Write')],
  ['GET /subjects/:subject/versions/:version', subjectRule('Read')],
  ['GET /subjects/:subject/versions/:version/schema', subjectRule('Read')],
  ['GET /subjects/:subject/versions/:version/referencedby', subjectRule('Read')],
  ['DELETE /subjects/:subject/versions/:version', subjectRule('Write')],
  // Read on the subject, but answered by the use case as for a missing subject (which with `latest` is compatible).
  ['POST /compatibility/subjects/:subject/versions', LIST],
  ['POST /compatibility/subjects/:subject/versions/:version', LIST],
  ['GET /config', configRule('Read')], ['PUT /config', configRule('Write')], ['DELETE /config', configRule('Write')],
  ['GET /config/:subject', settingsRule('Read')], ['PUT /config/:subject', settingsRule('Write')], ['DELETE /config/:subject', settingsRule('Write')],
  ['GET /mode', configRule('Read')], ['PUT /mode', configRule('Write')], ['DELETE /mode', configRule('Write')],
  ['GET /mode/:subject', settingsRule('Read')], ['PUT /mode/:subject', settingsRule('Write')], ['DELETE /mode/:subject', settingsRule('Write')],
]);


export interface AuthOptions {
  /** HTTP Basic with the auth file; absent without `registry_authfile`. */
  readonly basic?: { readonly authenticator: BasicAuthenticator; readonly watcher?: AuthFileWatcher };
  /** Bearer tokens; absent without `sasl_oauthbearer_jwks_endpoint_url`. */
  readonly oidc?: OidcVerifier;
  /** Requests without credentials are refused (an auth file, or sasl_oauthbearer_authentication_enabled). */
  readonly required: boolean;
  /** Paths never authenticated (sasl_oauthbearer_skip_auth_paths). */
  readonly skipPaths?: readonly string[];
}

const ruleOf = (request: FastifyRequest): Rule | undefined => {
  const url = request.routeOptions.url;
  if (url === undefined) return undefined;
  // Fastify answers HEAD with the GET handler: the same permission applies.
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  return REGISTRY_RULES.get(`${method} ${url}`);
};

/** The subjects the caller may read, for routes that filter; undefined when all are visible. */
export const subjectFilter = (request: FastifyRequest): ((subject: string) => boolean) | undefined =>
  request.readableSubjects ?? undefined;

export function installAuth(app: FastifyInstance, options: AuthOptions): void {
  const { basic, oidc } = options;
  const skip = new Set(options.skipPaths ?? []);
  const challenges = [
    ...(basic ? [`Basic realm="${REALM}"`] : []),
    ...(oidc ? [`Bearer realm="${REALM}"`] : []),
  ];
  const refuse = (reply: FastifyReply): never => {
    reply.header('www-authenticate', challenges.length === 1 ? challenges[0] : challenges);
    throw unauthorized();
  };

  app.decorateRequest('readableSubjects', null);
  app.addHook('onRequest', async (request, reply) => {
    const rule = ruleOf(request);
    if (rule === undefined || rule.kind === 'open') return;
    const path = request.url.split('?', 1)[0]!;
    if (skip.has(path)) return;
    basic?.watcher?.poll();
    const header = request.headers.authorization;
    const scheme = header === undefined ? undefined : header.trimStart().split(' ', 1)[0]!.toLowerCase();

    if (oidc && header !== undefined && scheme === 'bearer') {
      const claims = await oidc.verify(header.trimStart().slice('bearer'.length).trim());
      if (claims === null) return refuse(reply);
      if (!oidc.authorize(claims, request.method === 'HEAD' ? 'GET' : request.method)) throw forbidden();
      return;
    }
    if (basic && header !== undefined && scheme === 'basic') {
      const credentials = parseBasic(header);
      if (!credentials) return refuse(reply);
      const user = await basic.authenticator.authenticate(credentials);
      if (!user) return refuse(reply);
      const { acl } = basic.authenticator.current;
      const username = user.username;
      request.readableSubjects = acl.subjectReader(username);
      const subject = (request.params as { subject?: string }).subject ?? '';
      if (rule.kind === 'config' || (rule.kind === 'settings' && settingsScope(subject) === null)) {
        if (!acl.allows(username, rule.operation, CONFIG_RESOURCE)) throw forbidden();
      } else if (rule.kind === 'subject' || rule.kind === 'settings') {
        if (!acl.allows(username, rule.operation, subjectResource(subject))) {
          throw rule.operation === 'Read' ? subjectNotFound(subject) : forbidden();
        }
      }
      return;
    }
    if (options.required) refuse(reply);
  });
}
