import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AuthFileError, parseAuthFile } from './auth-file.ts';

const user = { username: 'alice', algorithm: 'sha256', salt: 'salt', password_hash: 'SECRET-HASH' };

test('reads users and permissions; Write implies Read; patterns are prefix matches', () => {
  const data = parseAuthFile(JSON.stringify({
    users: [user],
    permissions: [
      { username: 'alice', operation: 'Write', resource: 'Subject:orders' },
      { username: 'alice', operation: 'Read', resource: 'Config:' },
    ],
  }));
  assert.equal(data.users.get('alice')?.passwordHash, 'SECRET-HASH');
  const { acl } = data;
  assert.equal(acl.allows('alice', 'Write', 'Subject:orders'), true);
  assert.equal(acl.allows('alice', 'Read', 'Subject:orders'), true);
  assert.equal(acl.allows('alice', 'Read', 'Subject:orders-v2'), true, 're.match matches a prefix');
  assert.equal(acl.allows('alice', 'Read', 'Subject:other'), false);
  assert.equal(acl.allows('alice', 'Read', 'Config:'), true);
  assert.equal(acl.allows('alice', 'Write', 'Config:'), false);
  assert.equal(acl.allows('bob', 'Read', 'Config:'), false);
  const readable = acl.subjectReader('alice');
  assert.deepEqual(['orders', 'orders1', 'other'].map(readable), [true, true, false]);
  assert.equal(acl.subjectReader('bob')('orders'), false);
});

test('broken files are AuthFileErrors that never quote the file', () => {
  const cases: unknown[] = [
    `{"users": [${JSON.stringify(user)}`,
    '[]',
    { users: {}, permissions: [] },
    { users: [], permissions: null },
    { users: [{ ...user, algorithm: 'md5' }], permissions: [] },
    { users: [{ ...user, salt: 1 }], permissions: [] },
    { users: [user], permissions: [{ username: 'alice', operation: 'Delete', resource: '.*' }] },
    { users: [user], permissions: [{ username: 'alice', operation: 'Read', resource: 'Subject:(' }] },
    { users: [user], permissions: [{ username: 'alice', operation: 'Read' }] },
  ];
  for (const c of cases) {
    const text = typeof c === 'string' ? c : JSON.stringify(c);
    assert.throws(() => parseAuthFile(text), (error: unknown) => {
      assert.ok(error instanceof AuthFileError, String(error));
      assert.ok(!error.message.includes('SECRET-HASH'), error.message);
      return true;
    }, text);
  }
});
