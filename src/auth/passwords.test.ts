import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { constantTimeEqual, hashPassword, randomSalt, verifyPassword, type HashAlgorithm } from './passwords.ts';

/** The hash Python computes as karapace/core/auth.py hash_password does. */
function pythonHash(algorithm: HashAlgorithm, salt: string, password: string): string {
  const code = `
import base64, hashlib, sys
alg, salt, pw = sys.argv[1], sys.argv[2], sys.argv[3]
if alg == 'scrypt':
    key = hashlib.scrypt(bytearray(pw, 'utf-8'), salt=bytearray(salt, 'utf-8'), n=16384, r=8, p=1)
else:
    key = hashlib.pbkdf2_hmac(alg, bytearray(pw, 'UTF-8'), bytearray(salt, 'UTF-8'), 5000)
print(base64.b64encode(key).decode('ascii'))
`;
  return execFileSync('python3', ['-c', code, algorithm, salt, password], { encoding: 'utf8' }).trim();
}

for (const algorithm of ['scrypt', 'sha1', 'sha256', 'sha512'] as const) {
  test(`${algorithm}: the same bytes as Python's hashlib, and it verifies`, async () => {
    const salt = randomSalt();
    const password = 'pässword:with colon';
    const expected = pythonHash(algorithm, salt, password);
    assert.equal(await hashPassword(algorithm, salt, password), expected);
    assert.equal(await verifyPassword({ algorithm, salt, passwordHash: expected }, password), true);
    assert.equal(await verifyPassword({ algorithm, salt, passwordHash: expected }, 'password'), false);
  });
}

test('hash lengths: 64-byte scrypt key, PBKDF2 keys as long as the digest', async () => {
  const len = async (a: HashAlgorithm) => Buffer.from(await hashPassword(a, 's', 'p'), 'base64').length;
  assert.deepEqual([await len('scrypt'), await len('sha1'), await len('sha256'), await len('sha512')], [64, 20, 32, 64]);
});

test('constantTimeEqual: equal, different, different lengths', () => {
  assert.equal(constantTimeEqual('abc', 'abc'), true);
  assert.equal(constantTimeEqual('abc', 'abd'), false);
  assert.equal(constantTimeEqual('abc', 'abcd'), false);
  assert.equal(constantTimeEqual('abc', ''), false);
});

test('randomSalt: 22 url-safe characters like secrets.token_urlsafe(16), never repeating', () => {
  const a = randomSalt();
  assert.match(a, /^[A-Za-z0-9_-]{22}$/);
  assert.notEqual(a, randomSalt());
});
