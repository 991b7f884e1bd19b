// One typed configuration, read from Karapace's JSON config file keys and overridden by KARAPACE_<KEY> environment
// variables; validated once at start and passed down explicitly. See docs/configuration.md.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

type Kind = 'string' | 'int' | 'bool' | 'object' | 'list';
interface KeySpec {
  readonly kind: Kind;
  readonly value: string | number | boolean | null | Record<string, unknown> | readonly string[];
  readonly nullable?: boolean;
  readonly choices?: readonly string[];
  readonly min?: number;
  readonly max?: number;
}

type Extra = Partial<Pick<KeySpec, 'choices'>>;
function str(value: string, extra?: Extra): { kind: 'string'; value: string };
function str(value: null, extra?: Extra): { kind: 'string'; value: string | null; nullable: true };
function str(value: string | null, extra: Extra = {}): KeySpec {
  return { kind: 'string', value, nullable: value === null, ...extra };
}
function int(value: number, min?: number, max?: number): { kind: 'int'; value: number };
function int(value: null, min?: number, max?: number): { kind: 'int'; value: number | null; nullable: true };
function int(value: number | null, min = 0, max = Number.MAX_SAFE_INTEGER): KeySpec {
  return { kind: 'int', value, min, max, nullable: value === null };
}
const bool = (value: boolean) => ({ kind: 'bool' as const, value });
const obj = () => ({ kind: 'object' as const, value: null as Record<string, unknown> | null, nullable: true as const });
/** A list of strings: a JSON array in the file; a JSON array or comma-separated text in the environment. */
const list = () => ({ kind: 'list' as const, value: [] as readonly string[] });
const levels = ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'];

/** Every key Karapace documents, with its default. Keys of capabilities not built yet are accepted and kept. */
const SPEC = {
  // Server
  host: str('127.0.0.1'),
  port: int(8081, 0, 65535),
  advertised_hostname: str(null),
  advertised_port: int(null, 1, 65535),
  advertised_protocol: str('http', { choices: ['http', 'https'] }),
  rest_base_uri: str(null),
  http_request_max_size: int(2_097_152, 1024), // derived from producer_max_request_size unless given (buildConfig)
  access_logs_debug: bool(false),
  server_tls_certfile: str(null),
  server_tls_keyfile: str(null),
  server_tls_cafile: str(null),
  server_tls_client_auth: str('none', { choices: ['none', 'optional', 'required'] }),
  // The secret of POST /internal/tls/reload (X-TLS-Reload-Token); unset, the endpoint answers 503.
  server_tls_reload_token: str(null),
  // Services
  karapace_rest: bool(true),
  karapace_registry: bool(true),
  // Kafka
  bootstrap_uri: str('127.0.0.1:9092'),
  sasl_bootstrap_uri: str(null),
  client_id: str('sr-1'),
  group_id: str('schema-registry'),
  topic_name: str('_schemas'),
  replication_factor: int(1, 1, 32767),
  metadata_max_age_ms: int(60_000, 0),
  admin_metadata_max_age: int(5, 0),
  connections_max_idle_ms: int(15_000, 0),
  session_timeout_ms: int(10_000, 1),
  heartbeat_interval_ms: int(3_000, 1),
  rebalance_timeout_ms: int(300_000, 1),
  // Schema Registry
  compatibility: str('BACKWARD', { choices: levels }),
  master_eligibility: bool(true),
  master_election_strategy: str('lowest', { choices: ['lowest', 'highest'] }),
  waiting_time_before_acting_as_master_ms: int(5_000, 0),
  kafka_schema_reader_strict_mode: bool(false),
  kafka_retriable_errors_silenced: bool(true),
  use_protobuf_formatter: bool(false),
  protobuf_runtime_directory: str('runtime'),
  force_key_correction: bool(false),
  schema_write_timeout_ms: int(20_000, 100),
  // REST proxy -> registry
  registry_scheme: str('http', { choices: ['http', 'https'] }),
  registry_host: str('127.0.0.1'),
  registry_port: int(8081, 1, 65535),
  registry_user: str(null),
  registry_password: str(null),
  registry_ca: str(null),
  registry_authfile: str(null),
  schema_registry_client_cache_maxsize: int(100, 0),
  // REST proxy
  rest_authorization: bool(false),
  name_strategy: str('topic_name', { choices: ['topic_name', 'record_name', 'topic_record_name'] }),
  name_strategy_validation: bool(true),
  consumer_enable_autocommit: bool(true),
  consumer_request_timeout_ms: int(11_000, 0),
  consumer_request_max_bytes: int(67_108_864, 0),
  consumer_idle_disconnect_timeout: int(0, 0),
  fetch_min_bytes: int(-1, -1),
  producer_acks: str('1', { choices: ['0', '1', '-1', 'all'] }),
  producer_compression_type: str(null, { choices: ['none', 'gzip', 'snappy', 'lz4', 'zstd'] }),
  producer_count: int(5, 1),
  producer_linger_ms: int(0, 0),
  producer_max_request_size: int(1_048_576, 1),
  // v3 streaming produce: Confluent's streaming.connection.max.duration.ms and its .grace.period.ms (not Karapace keys)
  streaming_connection_max_duration_ms: int(86_400_000, 1),
  streaming_connection_max_duration_grace_period_ms: int(500, 0),
  // Kafka security
  security_protocol: str('PLAINTEXT', { choices: ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] }),
  ssl_cafile: str(null),
  ssl_certfile: str(null),
  ssl_keyfile: str(null),
  ssl_password: str(null),
  ssl_crlfile: str(null),
  ssl_ciphers: str(null),
  ssl_check_hostname: bool(true),
  sasl_mechanism: str(null, { choices: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'OAUTHBEARER'] }),
  sasl_plain_username: str(null),
  sasl_plain_password: str(null),
  sasl_oauth_token: str(null),
  sasl_oauth_token_provider_class: str(null),
  // Registry bearer-token (OIDC) authentication and authorization: see docs/auth.md
  sasl_oauthbearer_authentication_enabled: bool(false),
  sasl_oauthbearer_authorization_enabled: bool(false),
  sasl_oauthbearer_jwks_endpoint_url: str(null),
  sasl_oauthbearer_expected_issuer: str(null),
  sasl_oauthbearer_expected_audience: str(null),
  sasl_oauthbearer_client_id: str(null),
  sasl_oauthbearer_roles_claim_path: str(null),
  sasl_oauthbearer_sub_claim_name: str('sub'),
  sasl_oauthbearer_method_roles: obj(),
  sasl_oauthbearer_skip_auth_paths: list(),
  sasl_oauthbearer_leeway_seconds: int(0, 0),
  sasl_oauthbearer_require_access_token_typ: bool(false),
  sasl_oauthbearer_enforce_azp: bool(false),
  sasl_oauthbearer_allow_insecure_jwks: bool(false),
  // Logs and metrics
  log_level: str('INFO', { choices: ['TRACE', 'DEBUG', 'INFO', 'WARNING', 'WARN', 'ERROR', 'CRITICAL', 'FATAL'] }),
  log_handler: str('stdout'),
  log_format: str(null),
  statsd_host: str(null),
  statsd_port: int(8125, 1, 65535),
  sentry: obj(),
  tags: obj(),
  telemetry: obj(),
} satisfies Record<string, KeySpec>;

type Spec = typeof SPEC;
export type Config = { readonly [K in keyof Spec]: Spec[K]['value'] };
export type ConfigKey = keyof Config;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const isKey = (key: string): key is ConfigKey => Object.hasOwn(SPEC, key);

/** The environment variables that set `key`: KARAPACE_<KEY>, and for karapace_* keys also the single-prefix form. */
export const envNames = (key: string): string[] => {
  const upper = key.toUpperCase();
  const names = [`KARAPACE_${upper}`];
  if (upper.startsWith('KARAPACE_')) names.push(upper);
  return names;
};

function fromEnv(key: ConfigKey, raw: string, spec: KeySpec): unknown {
  if (spec.kind === 'int') return /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (spec.kind === 'bool') {
    const v = raw.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off'].includes(v)) return false;
    return raw;
  }
  if (spec.kind === 'list' && !raw.trim().startsWith('[')) return raw.split(',').map((item) => item.trim()).filter(Boolean);
  if (spec.kind === 'object' || spec.kind === 'list') {
    try {
      return JSON.parse(raw);
    } catch {
      throw new ConfigError(`${envNames(key)[0]}: not valid JSON`);
    }
  }
  return raw;
}

function check(key: ConfigKey, value: unknown, spec: KeySpec, source: string): unknown {
  if (value === null) {
    if (spec.nullable) return null;
    throw new ConfigError(`${source}: "${key}" must not be null`);
  }
  switch (spec.kind) {
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw new ConfigError(`${source}: "${key}" must be an integer, got ${JSON.stringify(value)}`);
      if (value < (spec.min ?? -Infinity) || value > (spec.max ?? Infinity)) {
        throw new ConfigError(`${source}: "${key}" must be between ${spec.min} and ${spec.max}, got ${value}`);
      }
      return value;
    case 'bool':
      if (typeof value !== 'boolean') throw new ConfigError(`${source}: "${key}" must be true or false, got ${JSON.stringify(value)}`);
      return value;
    case 'object':
      if (typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(`${source}: "${key}" must be an object`);
      return value;
    case 'list':
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new ConfigError(`${source}: "${key}" must be a list of strings`);
      return value;
    case 'string': {
      const text = typeof value === 'number' && key === 'producer_acks' ? String(value) : value;
      if (typeof text !== 'string') throw new ConfigError(`${source}: "${key}" must be a string, got ${JSON.stringify(value)}`);
      if (spec.choices) {
        const match = spec.choices.find((c) => c.toLowerCase() === text.toLowerCase());
        if (!match) throw new ConfigError(`${source}: "${key}" must be one of ${spec.choices.join(', ')}, got "${text}"`);
        return match;
      }
      return text;
    }
  }
}

/** Builds the configuration from an optional parsed JSON file and the environment. Throws ConfigError. */
export function buildConfig(file: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}, fileName = 'config'): Config {
  const config: Record<string, unknown> = {};
  const given = new Set<string>();
  for (const key of Object.keys(file)) {
    if (!isKey(key)) throw new ConfigError(`${fileName}: unknown key "${key}"`);
  }
  for (const key of Object.keys(SPEC) as ConfigKey[]) {
    const spec: KeySpec = SPEC[key];
    let value: unknown = spec.value;
    let source = 'default';
    if (Object.hasOwn(file, key)) {
      value = file[key];
      source = fileName;
    }
    for (const name of envNames(key)) {
      const raw = env[name];
      if (raw !== undefined && raw !== '') {
        value = fromEnv(key, raw, spec);
        source = name;
      }
    }
    config[key] = check(key, value, spec, source);
    if (source !== 'default') given.add(key);
  }
  // A node serving HTTPS advertises an https URL unless told otherwise.
  if (!given.has('advertised_protocol') && config.server_tls_certfile) config.advertised_protocol = 'https';
  if (config.advertised_hostname === null) config.advertised_hostname = config.host === '' || config.host === '0.0.0.0' ? hostname() : config.host;
  if (config.advertised_port === null) config.advertised_port = config.port;
  if (!config.karapace_rest && !config.karapace_registry) {
    throw new ConfigError('at least one of "karapace_registry" and "karapace_rest" must be true');
  }
  // Karapace's default body limit: room for the largest record the producer takes, plus 1 MiB, on a node serving the
  // proxy; 1 MiB on a registry alone.
  if (!given.has('http_request_max_size')) {
    config.http_request_max_size = config.karapace_rest ? (config.producer_max_request_size as number) + 1_048_576 : 1_048_576;
  }
  // Delegated authorization connects each caller on the SASL listener (src/proxy/callers.ts).
  if (config.rest_authorization && !config.sasl_bootstrap_uri) {
    throw new ConfigError('"rest_authorization" needs "sasl_bootstrap_uri": the Kafka listener callers authenticate on');
  }
  return config as Config;
}

/** Reads a JSON config file; a missing, unreadable or non-object file is a ConfigError naming the file. */
export function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError(`config file ${path} must hold a JSON object`);
  return parsed as Record<string, unknown>;
}

/** True when the environment names a Kafka to use, so `npm start` needs no local broker. */
export const envNamesKafka = (env: NodeJS.ProcessEnv) => envNames('bootstrap_uri').some((n) => env[n]);
