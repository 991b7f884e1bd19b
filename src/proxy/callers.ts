// Delegated authorization (Karapace's `rest_authorization`): each caller of the REST proxy reaches Kafka with its own
// credentials, taken from its Authorization header, so Kafka's ACLs decide what it may do.
//   Basic user:password  ->  SASL with the configured sasl_mechanism (PLAIN when none is set, or when it is OAUTHBEARER)
//   Bearer <JWT>         ->  SASL OAUTHBEARER with that token (Kafka validates it; we read its `exp` only, unverified)
// on `sasl_bootstrap_uri`, over SASL_SSL when security_protocol is SSL or SASL_SSL, else SASL_PLAINTEXT.
// A caller's clients are made on its first request and shared by its later ones (keyed by the whole header). They
// are closed when unused for `idleMs` with no consumer instance left, when the token expires, or when Kafka refuses
// the credentials (`forget`), so wrong passwords leave nothing behind.
import { parseBasic } from '../auth/basic.ts';
import type { Config } from '../config.ts';

export type KafkaCredentials = Pick<Config, 'bootstrap_uri' | 'security_protocol' | 'sasl_mechanism'
  | 'sasl_plain_username' | 'sasl_plain_password' | 'sasl_oauth_token'>;

export interface Caller {
  readonly credentials: KafkaCredentials;
  /** When a bearer token stops being valid (ms since the epoch); undefined for Basic credentials. */
  readonly expiresAt: number | undefined;
}

/** The `exp` of a JWT in ms; undefined when it has none; null when the text is not a JWT. */
function jwtExpiry(token: string): number | undefined | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown;
    if (typeof claims !== 'object' || claims === null) return null;
    const exp = (claims as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return null;
  }
}

/** The Kafka credentials an Authorization header carries; undefined when it carries none (the caller gets a 401). */
export function callerOf(header: string | undefined, config: Pick<Config, 'sasl_bootstrap_uri' | 'security_protocol' | 'sasl_mechanism'>, now: number): Caller | undefined {
  if (header === undefined || !config.sasl_bootstrap_uri) return undefined;
  const text = header.trim();
  const space = text.indexOf(' ');
  const scheme = space < 0 ? text.toLowerCase() : text.slice(0, space).toLowerCase();
  const base = {
    bootstrap_uri: config.sasl_bootstrap_uri,
    security_protocol: config.security_protocol === 'SSL' || config.security_protocol === 'SASL_SSL' ? 'SASL_SSL' : 'SASL_PLAINTEXT',
    sasl_plain_username: null, sasl_plain_password: null, sasl_oauth_token: null,
  };
  if (scheme === 'bearer') {
    const token = text.slice(space + 1).trim();
    const expiresAt = jwtExpiry(token);
    if (expiresAt === null || (expiresAt !== undefined && expiresAt <= now)) return undefined;
    return { credentials: { ...base, sasl_mechanism: 'OAUTHBEARER', sasl_oauth_token: token }, expiresAt };
  }
  if (scheme === 'basic') {
    const basic = parseBasic(text);
    if (!basic) return undefined;
    const mechanism = config.sasl_mechanism && config.sasl_mechanism !== 'OAUTHBEARER' ? config.sasl_mechanism : 'PLAIN';
    return {
      credentials: { ...base, sasl_mechanism: mechanism, sasl_plain_username: basic.username, sasl_plain_password: basic.password },
      expiresAt: undefined,
    };
  }
  return undefined;
}

/** One caller's Kafka clients, as the proxy makes them. */
export interface CallerClients {
  /** True while the caller has consumer instances: closing would lose their state. */
  readonly busy: boolean;
  close(): Promise<void>;
}

export interface CallersOptions<C extends CallerClients> {
  readonly config: Pick<Config, 'sasl_bootstrap_uri' | 'security_protocol' | 'sasl_mechanism'>;
  readonly make: (credentials: KafkaCredentials) => C;
  /** Clients unused this long, with no consumer instance, are closed (Karapace: 5 minutes). */
  readonly idleMs: number;
  readonly now?: () => number;
  readonly onError?: (error: unknown) => void;
}

interface Entry<C> {
  readonly clients: C;
  readonly expiresAt: number | undefined;
  lastUsed: number;
}

export class Callers<C extends CallerClients> {
  readonly #options: CallersOptions<C>;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry<C>>();
  readonly #sweeper: NodeJS.Timeout;

  constructor(options: CallersOptions<C>) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#sweeper = setInterval(() => this.sweep(), Math.min(Math.max(options.idleMs / 2, 100), 30_000));
    this.#sweeper.unref();
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The clients of the caller this Authorization header names; undefined when it names none. */
  get(header: string | undefined): C | undefined {
    if (header === undefined) return undefined;
    const now = this.#now();
    const known = this.#entries.get(header);
    if (known) {
      if (known.expiresAt === undefined || known.expiresAt > now) {
        known.lastUsed = now;
        return known.clients;
      }
      this.forget(header);
      return undefined;
    }
    const caller = callerOf(header, this.#options.config, now);
    if (!caller) return undefined;
    const clients = this.#options.make(caller.credentials);
    this.#entries.set(header, { clients, expiresAt: caller.expiresAt, lastUsed: now });
    return clients;
  }

  /** Drops a caller's clients (Kafka refused its credentials); its next request starts afresh. */
  forget(header: string | undefined): void {
    if (header === undefined) return;
    const entry = this.#entries.get(header);
    if (!entry) return;
    this.#entries.delete(header);
    entry.clients.close().catch((error: unknown) => this.#options.onError?.(error));
  }

  /** Closes the clients of callers whose token expired, or that have been idle with no consumer instance. */
  sweep(): void {
    const now = this.#now();
    for (const [header, entry] of this.#entries) {
      const expired = entry.expiresAt !== undefined && entry.expiresAt <= now;
      const idle = !entry.clients.busy && now - entry.lastUsed >= this.#options.idleMs;
      if (expired || idle) this.forget(header);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#sweeper);
    const all = [...this.#entries.values()];
    this.#entries.clear();
    await Promise.allSettled(all.map((e) => e.clients.close()));
  }
}
