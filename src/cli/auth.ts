// Composes the registry's authentication from the configuration: the auth file (reloaded when it changes) and/or
// bearer tokens. Undefined when neither is configured: then every request is let through, as Karapace does.
import type { Logger } from 'pino';
import { AuthFileWatcher } from '../auth/auth-file-watcher.ts';
import { BasicAuthenticator } from '../auth/basic.ts';
import { OidcVerifier, oidcSettings } from '../auth/oidc.ts';
import type { Config } from '../config.ts';
import type { AuthOptions } from '../http/auth.ts';

export interface ComposedAuth {
  readonly options: AuthOptions;
  close(): void;
}

export function composeAuth(config: Config, logger: Logger): ComposedAuth | undefined {
  const log = logger.child({ component: 'auth' });
  const settings = oidcSettings(config);
  const oidc = settings ? new OidcVerifier(settings, log) : undefined;
  if (settings?.jwksUrl.toLowerCase().startsWith('http:')) log.warn('OIDC keys are fetched over plain http (sasl_oauthbearer_allow_insecure_jwks): for development only');
  let basic: AuthOptions['basic'];
  if (config.registry_authfile) {
    let authenticator: BasicAuthenticator | undefined;
    const watcher = new AuthFileWatcher({
      path: config.registry_authfile, log,
      onLoad: (data) => (authenticator ? authenticator.replace(data) : (authenticator = new BasicAuthenticator(data))),
    });
    watcher.start();
    basic = { authenticator: authenticator!, watcher };
  }
  if (!basic && !oidc) return undefined;
  const required = basic !== undefined || config.sasl_oauthbearer_authentication_enabled || config.sasl_oauthbearer_authorization_enabled;
  return {
    options: { ...(basic ? { basic } : {}), ...(oidc ? { oidc } : {}), required, skipPaths: config.sasl_oauthbearer_skip_auth_paths },
    close: () => basic?.watcher?.close(),
  };
}
