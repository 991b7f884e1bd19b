// HTTP Basic authentication against the users of the auth file. Verifying a password is slow on purpose (scrypt,
// PBKDF2), so successful verifications are remembered, keyed by a keyed hash of the credentials (never the
// credentials themselves), in a bounded map that is emptied whenever the file is reloaded. Failures are never
// remembered. An unknown user is verified against a dummy entry, so it costs what a wrong password costs.
import { createHmac, randomBytes } from 'node:crypto';
import type { AuthData, AuthUser } from './auth-file.ts';
import { randomSalt, verifyPassword, type HashAlgorithm } from './passwords.ts';

const CACHE_SIZE = 1024;

export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

/** The `Authorization` header value for Basic credentials (the registry client's registry_user/registry_password). */
export const basicAuthorization = (username: string, password: string | null | undefined): string =>
  `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`;

/** Reads `Authorization: Basic base64(user:password)`; undefined when the header is absent, null when malformed. */
export function parseBasic(header: string | undefined): BasicCredentials | null | undefined {
  if (header === undefined) return undefined;
  const match = /^basic\s+([A-Za-z0-9+/=_-]*)\s*$/i.exec(header);
  if (!match) return null;
  const text = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** The algorithm most users of the file use: the dummy verification for unknown users uses it too. */
function commonAlgorithm(users: ReadonlyMap<string, AuthUser>): HashAlgorithm {
  const counts = new Map<HashAlgorithm, number>();
  for (const u of users.values()) counts.set(u.algorithm, (counts.get(u.algorithm) ?? 0) + 1);
  let best: HashAlgorithm = 'scrypt';
  let most = 0;
  for (const [algorithm, n] of counts) if (n > most) [best, most] = [algorithm, n];
  return best;
}

export class BasicAuthenticator {
  private data: AuthData;
  private dummy: AuthUser;
  private readonly cacheKey = randomBytes(32);
  /** hash(credentials) -> the user they proved; insertion order is the eviction order. */
  private readonly verified = new Map<string, AuthUser>();
  /** Verifications running now, so that a burst of requests with the same credentials hashes once. */
  private readonly running = new Map<string, Promise<AuthUser | null>>();
  private generation = 0;

  constructor(data: AuthData) {
    this.data = data;
    this.dummy = this.makeDummy();
  }

  get current(): AuthData {
    return this.data;
  }

  /** Swaps in a reloaded file: every remembered verification is forgotten. */
  replace(data: AuthData): void {
    this.data = data;
    this.dummy = this.makeDummy();
    this.verified.clear();
    this.running.clear();
    this.generation++;
  }

  private makeDummy(): AuthUser {
    // A hash nobody's password produces: a random string of the right shape.
    return { username: '', algorithm: commonAlgorithm(this.data.users), salt: randomSalt(), passwordHash: randomBytes(64).toString('base64') };
  }

  /** The user these credentials prove, or null. */
  authenticate(credentials: BasicCredentials): Promise<AuthUser | null> | AuthUser | null {
    const key = createHmac('sha256', this.cacheKey).update(credentials.username).update('\0').update(credentials.password).digest('base64');
    const known = this.verified.get(key);
    if (known) return known;
    const pending = this.running.get(key);
    if (pending) return pending;
    const generation = this.generation;
    const user = this.data.users.get(credentials.username);
    const settle = () => {
      if (this.running.get(key) === check) this.running.delete(key);
    };
    const check: Promise<AuthUser | null> = verifyPassword(user ?? this.dummy, credentials.password).then((ok) => {
      settle();
      if (!ok || !user) return null;
      if (generation === this.generation) {
        if (this.verified.size >= CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
        this.verified.set(key, user);
      }
      return user;
    }, (error: unknown) => {
      settle();
      throw error;
    });
    this.running.set(key, check);
    return check;
  }
}
