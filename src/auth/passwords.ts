// Password hashes exactly as Karapace's `karapace_mkpasswd` writes them (karapace/core/auth.py): the salt is used as
// its UTF-8 text (not base64-decoded), the derived key is base64 encoded.
//   scrypt: N=16384, r=8, p=1, 64-byte key (Python hashlib.scrypt's default dklen)
//   sha1/sha256/sha512: PBKDF2-HMAC with 5000 iterations and the digest's own length (pbkdf2_hmac's default dklen)
import { pbkdf2, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export const HASH_ALGORITHMS = ['scrypt', 'sha1', 'sha256', 'sha512'] as const;
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];

export const isHashAlgorithm = (value: unknown): value is HashAlgorithm =>
  typeof value === 'string' && (HASH_ALGORITHMS as readonly string[]).includes(value);

const PBKDF2_ITERATIONS = 5000;
const PBKDF2_KEY_LENGTH: Record<Exclude<HashAlgorithm, 'scrypt'>, number> = { sha1: 20, sha256: 32, sha512: 64 };
const SCRYPT = { N: 16384, r: 8, p: 1, keyLength: 64 } as const;

/** The base64 `password_hash` of `password` with `salt` (both as text). Runs on libuv's thread pool. */
export function hashPassword(algorithm: HashAlgorithm, salt: string, password: string): Promise<string> {
  const secret = Buffer.from(password, 'utf8');
  const saltBytes = Buffer.from(salt, 'utf8');
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, key: Buffer) => (error ? reject(error) : resolve(key.toString('base64')));
    if (algorithm === 'scrypt') {
      // 128 * N * r bytes of memory (16 MiB); give headroom over Node's 32 MiB default cap.
      scrypt(secret, saltBytes, SCRYPT.keyLength, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: 64 * 1024 * 1024 }, done);
    } else {
      pbkdf2(secret, saltBytes, PBKDF2_ITERATIONS, PBKDF2_KEY_LENGTH[algorithm], algorithm, done);
    }
  });
}

/** Compares two secrets in time that depends only on the length of `expected`. */
export function constantTimeEqual(expected: string, actual: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(actual, 'utf8');
  // timingSafeEqual needs equal lengths: compare `a` with itself when they differ, so the work is the same.
  const same = timingSafeEqual(a, a.length === b.length ? b : a);
  return same && a.length === b.length;
}

export interface PasswordEntry {
  readonly algorithm: HashAlgorithm;
  readonly salt: string;
  readonly passwordHash: string;
}

export async function verifyPassword(entry: PasswordEntry, password: string): Promise<boolean> {
  return constantTimeEqual(entry.passwordHash, await hashPassword(entry.algorithm, entry.salt, password));
}

/** A random salt as Python's secrets.token_urlsafe(16) makes it: 16 random bytes, base64url without padding. */
export const randomSalt = (): string => randomBytes(16).toString('base64url');
