import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildConfig } from '../config.ts';
import { OidcConfigError, OidcVerifier, oidcSettings, rolesAt } from './oidc.ts';

const base = {
  sasl_oauthbearer_jwks_endpoint_url: 'https://idp.example/certs',
  sasl_oauthbearer_expected_issuer: 'https://idp.example',
  sasl_oauthbearer_expected_audience: 'karapace',
};
const settings = (extra: Record<string, unknown> = {}) => oidcSettings(buildConfig({ ...base, ...extra }));

test('off without a JWKS URL; refused when enabled without one', () => {
  assert.equal(oidcSettings(buildConfig({})), null);
  assert.throws(() => oidcSettings(buildConfig({ sasl_oauthbearer_authentication_enabled: true })), OidcConfigError);
});

test('start-time checks as Karapace makes them', () => {
  assert.throws(() => settings({ sasl_oauthbearer_jwks_endpoint_url: 'http://idp.example/certs' }), /https/);
  assert.ok(settings({ sasl_oauthbearer_jwks_endpoint_url: 'http://idp.example/certs', sasl_oauthbearer_allow_insecure_jwks: true }));
  assert.throws(() => settings({ sasl_oauthbearer_expected_audience: ' ' }), /audience/);
  assert.throws(() => settings({ sasl_oauthbearer_enforce_azp: true }), /client_id/);
  assert.throws(() => settings({ sasl_oauthbearer_authorization_enabled: true }), /roles_claim_path/);
  assert.throws(() => settings({ sasl_oauthbearer_authorization_enabled: true, sasl_oauthbearer_roles_claim_path: 'resource_access.[client_id].roles' }), /client_id/);
  assert.throws(() => settings({
    sasl_oauthbearer_authorization_enabled: true, sasl_oauthbearer_roles_claim_path: 'roles', sasl_oauthbearer_method_roles: { GET: ['r'] },
  }), /POST, PUT, DELETE/);
  assert.throws(() => settings({ sasl_oauthbearer_method_roles: { GET: 'r' } }), /list/);
  const s = settings({ sasl_oauthbearer_authorization_enabled: true, sasl_oauthbearer_roles_claim_path: 'roles' });
  assert.deepEqual(s?.methodRoles, { GET: [], POST: [], PUT: [], DELETE: [] });
  assert.deepEqual(buildConfig({ sasl_oauthbearer_skip_auth_paths: ['/a'] }).sasl_oauthbearer_skip_auth_paths, ['/a']);
  assert.deepEqual(buildConfig({}, { KARAPACE_SASL_OAUTHBEARER_SKIP_AUTH_PATHS: '/a, /b' }).sasl_oauthbearer_skip_auth_paths, ['/a', '/b']);
  assert.throws(() => buildConfig({ sasl_oauthbearer_skip_auth_paths: '/a' }), /list of strings/);
});

test('roles at a claim path: lists of strings only, split on commas and spaces', () => {
  const claims = { realm: { roles: ['a', 'b,c', 'd e'] }, bad: { roles: ['a', 1] }, flat: 'a' };
  assert.deepEqual(rolesAt(claims, 'realm.roles'), ['a', 'b', 'c', 'd', 'e']);
  assert.deepEqual(rolesAt(claims, 'bad.roles'), []);
  assert.deepEqual(rolesAt(claims, 'flat'), []);
  assert.deepEqual(rolesAt(claims, 'flat.roles'), []);
  assert.deepEqual(rolesAt(claims, 'missing.roles'), []);
});

test('authorize: a role the method needs; every method without authorization', () => {
  const log = { warn: () => undefined };
  const on = new OidcVerifier(settings({
    sasl_oauthbearer_authorization_enabled: true, sasl_oauthbearer_client_id: 'c', sasl_oauthbearer_roles_claim_path: 'ra.[client_id].roles',
    sasl_oauthbearer_method_roles: { GET: ['r', 'w'], POST: ['w'], PUT: ['w'], DELETE: [] },
  })!, log);
  const claims = { ra: { c: { roles: ['r'] } } };
  assert.equal(on.authorize(claims, 'GET'), true);
  assert.equal(on.authorize(claims, 'post'), false);
  assert.equal(on.authorize(claims, 'DELETE'), false);
  assert.equal(on.authorize({}, 'GET'), false);
  const off = new OidcVerifier(settings()!, log);
  assert.equal(off.authorize({}, 'DELETE'), true);
});
