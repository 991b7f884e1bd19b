// Connection options for every Kafka client we make, from the Karapace config keys (bootstrap, TLS, SASL).
import { readFileSync } from 'node:fs';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import type { BaseOptions, SASLMechanismValue } from '@platformatic/kafka';
import type { Config } from '../config.ts';

type KafkaConfig = Pick<Config, 'bootstrap_uri' | 'client_id' | 'security_protocol' | 'ssl_cafile' | 'ssl_certfile'
  | 'ssl_keyfile' | 'ssl_password' | 'ssl_check_hostname' | 'sasl_mechanism' | 'sasl_plain_username'
  | 'sasl_plain_password' | 'sasl_oauth_token' | 'metadata_max_age_ms'>;

export const bootstrapBrokers = (uri: string): string[] =>
  uri.split(',').map((s) => s.trim().replace(/^[A-Za-z_]+:\/\//, '')).filter((s) => s.length > 0);

export function connectionOptions(config: KafkaConfig, clientSuffix = ''): BaseOptions {
  const options: BaseOptions = {
    clientId: `${config.client_id}${clientSuffix}`,
    bootstrapBrokers: bootstrapBrokers(config.bootstrap_uri),
    connectTimeout: 10_000,
    requestTimeout: 30_000,
    retries: 3,
    retryDelay: 250,
    metadataMaxAge: config.metadata_max_age_ms,
  };
  const protocol = config.security_protocol;
  if (protocol === 'SSL' || protocol === 'SASL_SSL') {
    const tls: TlsOptions = { rejectUnauthorized: true };
    if (config.ssl_cafile) tls.ca = readFileSync(config.ssl_cafile);
    if (config.ssl_certfile) tls.cert = readFileSync(config.ssl_certfile);
    if (config.ssl_keyfile) tls.key = readFileSync(config.ssl_keyfile);
    if (config.ssl_password) tls.passphrase = config.ssl_password;
    if (!config.ssl_check_hostname) tls.checkServerIdentity = () => undefined;
    options.tls = tls;
  }
  if (protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL') {
    const mechanism = (config.sasl_mechanism ?? 'PLAIN') as SASLMechanismValue;
    options.sasl = mechanism === 'OAUTHBEARER'
      ? { mechanism, token: config.sasl_oauth_token ?? '' }
      : { mechanism, username: config.sasl_plain_username ?? '', password: config.sasl_plain_password ?? '' };
  }
  return options;
}
