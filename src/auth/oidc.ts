// Bearer-token (OIDC) authentication of the registry, after Karapace's api/oidc/middleware.py and the
// `sasl_oauthbearer_*` settings: an RS256/384/512 JWT signed by a key of the JWKS at `jwks_endpoint_url`, with the
// expected issuer and audience (a comma-separated list), not expired (with `leeway_seconds`), carrying exp, iss, aud
// and the subject claim; optionally `typ: at+jwt` and `azp` equal to `client_id`. With authorization on, the roles
// found at `roles_claim_path` (dots between keys, `[client_id]` replaced) must include one the HTTP method needs.
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';

export class OidcConfigError extends Error {
  override readonly name = 'OidcConfigError';
}

export interface OidcSettings {
  readonly jwksUrl: string;
  readonly issuer: string;
  readonly audience: string;
  readonly authorization: boolean;
  readonly clientId: string | null;
  readonly rolesClaimPath: string | null;
  readonly subClaim: string;
  readonly methodRoles: Readonly<Record<string, readonly string[]>>;
  readonly leewaySeconds: number;
  readonly requireAccessTokenTyp: boolean;
  readonly enforceAzp: boolean;
  readonly allowInsecureJwks: boolean;
}

export interface OidcLog {
  warn(detail: Record<string, unknown>, message: string): void;
}

const ALGORITHMS = ['RS256', 'RS384', 'RS512'];
export const DEFAULT_METHOD_ROLES: Readonly<Record<string, readonly string[]>> = { GET: [], POST: [], PUT: [], DELETE: [] };
const REQUIRED_METHODS = ['GET', 'POST', 'PUT', 'DELETE'];

/** The settings from the configuration keys, checked as Karapace checks them at start (null when OIDC is off). */
export function oidcSettings(config: {
  readonly sasl_oauthbearer_authentication_enabled: boolean;
  readonly sasl_oauthbearer_authorization_enabled: boolean;
  readonly sasl_oauthbearer_jwks_endpoint_url: string | null;
  readonly sasl_oauthbearer_expected_issuer: string | null;
  readonly sasl_oauthbearer_expected_audience: string | null;
  readonly sasl_oauthbearer_client_id: string | null;
  readonly sasl_oauthbearer_roles_claim_path: string | null;
  readonly sasl_oauthbearer_sub_claim_name: string;
  readonly sasl_oauthbearer_method_roles: Record<string, unknown> | null;
  readonly sasl_oauthbearer_leeway_seconds: number;
  readonly sasl_oauthbearer_require_access_token_typ: boolean;
  readonly sasl_oauthbearer_enforce_azp: boolean;
  readonly sasl_oauthbearer_allow_insecure_jwks: boolean;
}): OidcSettings | null {
  const jwksUrl = config.sasl_oauthbearer_jwks_endpoint_url;
  const authorization = config.sasl_oauthbearer_authorization_enabled;
  if (!jwksUrl) {
    if (config.sasl_oauthbearer_authentication_enabled || authorization) {
      throw new OidcConfigError('sasl_oauthbearer_jwks_endpoint_url is required when OIDC authentication or authorization is enabled');
    }
    return null;
  }
  if (!/^https:\/\//i.test(jwksUrl) && !config.sasl_oauthbearer_allow_insecure_jwks) {
    throw new OidcConfigError('sasl_oauthbearer_jwks_endpoint_url must use https:// (set sasl_oauthbearer_allow_insecure_jwks=true to allow http, for development only)');
  }
  const issuer = config.sasl_oauthbearer_expected_issuer?.trim();
  const audience = config.sasl_oauthbearer_expected_audience?.trim();
  if (!issuer || !audience) throw new OidcConfigError('sasl_oauthbearer_expected_issuer and sasl_oauthbearer_expected_audience must be set with sasl_oauthbearer_jwks_endpoint_url');
  const clientId = config.sasl_oauthbearer_client_id;
  if (config.sasl_oauthbearer_enforce_azp && !clientId) throw new OidcConfigError('sasl_oauthbearer_client_id is required with sasl_oauthbearer_enforce_azp');
  const methodRoles: Record<string, string[]> = {};
  for (const [method, roles] of Object.entries(config.sasl_oauthbearer_method_roles ?? DEFAULT_METHOD_ROLES)) {
    if (!Array.isArray(roles) || !roles.every((r) => typeof r === 'string')) {
      throw new OidcConfigError(`sasl_oauthbearer_method_roles.${method} must be a list of role names`);
    }
    methodRoles[method.toUpperCase()] = roles;
  }
  const rolesClaimPath = config.sasl_oauthbearer_roles_claim_path;
  if (authorization) {
    if (!rolesClaimPath) throw new OidcConfigError('sasl_oauthbearer_roles_claim_path is required when OIDC authorization is enabled');
    if (rolesClaimPath.includes('[client_id]') && !clientId) throw new OidcConfigError('sasl_oauthbearer_client_id is required by the roles claim path');
    const missing = REQUIRED_METHODS.filter((m) => !Object.hasOwn(methodRoles, m));
    if (missing.length > 0) throw new OidcConfigError(`sasl_oauthbearer_method_roles is missing definitions for: ${missing.join(', ')}`);
  }
  return {
    jwksUrl, issuer, audience, authorization, clientId, rolesClaimPath,
    subClaim: config.sasl_oauthbearer_sub_claim_name, methodRoles,
    leewaySeconds: config.sasl_oauthbearer_leeway_seconds,
    requireAccessTokenTyp: config.sasl_oauthbearer_require_access_token_typ,
    enforceAzp: config.sasl_oauthbearer_enforce_azp,
    allowInsecureJwks: config.sasl_oauthbearer_allow_insecure_jwks,
  };
}

/** The role names at a dotted claim path; a list of strings, each of which may hold several separated by commas or
 *  spaces. Anything else is no roles. */
export function rolesAt(claims: JWTPayload, path: string): string[] {
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
    value = (value as Record<string, unknown>)[part];
  }
  if (!Array.isArray(value) || !value.every((role) => typeof role === 'string')) return [];
  return value.flatMap((role: string) => role.replace(/,/g, ' ').split(/\s+/).filter(Boolean));
}

export class OidcVerifier {
  readonly settings: OidcSettings;
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  private readonly audiences: string[];
  private readonly log: OidcLog;

  constructor(settings: OidcSettings, log: OidcLog) {
    this.settings = settings;
    this.log = log;
    this.audiences = settings.audience.split(',').map((a) => a.trim()).filter(Boolean);
    // Keys are cached for 5 minutes (Karapace's PyJWKClient lifespan); an unknown `kid` refetches after 30 s.
    this.jwks = createRemoteJWKSet(new URL(settings.jwksUrl), {
      cacheMaxAge: 300_000, cooldownDuration: 30_000, timeoutDuration: 30_000, headers: { accept: 'application/json' },
    });
  }

  /** The token's claims, or null when it is not valid (why is logged, never the token). */
  async verify(token: string): Promise<JWTPayload | null> {
    const s = this.settings;
    try {
      const { payload, protectedHeader } = await jwtVerify(token, this.jwks, {
        algorithms: ALGORITHMS, issuer: s.issuer, audience: this.audiences, clockTolerance: s.leewaySeconds,
        requiredClaims: ['exp', 'iss', 'aud', ...(s.subClaim ? [s.subClaim] : [])],
      });
      if (s.requireAccessTokenTyp) {
        const typ = String(protectedHeader.typ ?? '').toLowerCase();
        if (typ !== 'at+jwt' && typ !== 'application/at+jwt') throw new errors.JWTInvalid(`token type must be at+jwt, got "${typ}"`);
      }
      if (s.enforceAzp && payload.azp !== s.clientId) throw new errors.JWTClaimValidationFailed('azp does not match the client id', payload, 'azp', 'check_failed');
      return payload;
    } catch (error) {
      const reason = error instanceof errors.JOSEError ? `${error.code}: ${error.message}` : (error as Error).message;
      this.log.warn({ reason }, 'bearer token refused');
      return null;
    }
  }

  /** Whether the token's roles allow the HTTP method (always, without authorization). */
  authorize(claims: JWTPayload, method: string): boolean {
    const s = this.settings;
    if (!s.authorization) return true;
    const path = s.rolesClaimPath!.replace('[client_id]', s.clientId ?? '');
    const roles = new Set(rolesAt(claims, path));
    const allowed = s.methodRoles[method.toUpperCase()] ?? [];
    const ok = allowed.some((role) => roles.has(role));
    // Counts only: role names stay out of the logs.
    if (!ok) this.log.warn({ method, token_roles: roles.size, required_roles: allowed.length }, 'bearer token lacks a role for this method');
    return ok;
  }
}
