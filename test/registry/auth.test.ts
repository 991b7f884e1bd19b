// The registry behind Karapace's auth file: who may call what, that nothing of a subject a user may not read shows
// through any endpoint, the 401 challenge, reloading the file, and entries made by karapace_mkpasswd and by Python.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hashPassword } from '../../src/auth/passwords.ts';
import { call, client, startServer, type Answer, type ServerProcess } from '../harness.ts';

const rec = (name: string, fields: unknown[] = [{ name: 'a', type: 'int' }]) => ({ schema: JSON.stringify({ type: 'record', name, fields }) });
const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

function pythonScrypt(salt: string, password: string): string {
  const code = 'import base64,hashlib,sys\nprint(base64.b64encode(hashlib.scrypt(sys.argv[2].encode(), salt=sys.argv[1].encode(), n=16384, r=8, p=1)).decode())';
  return execFileSync('python3', ['-c', code, salt, password], { encoding: 'utf8' }).trim();
}

const PASSWORDS = { admin: 'admin-pw', alice: 'alice-pw', reader: 'reader-pw', nobody: 'nobody-pw' };
type Name = keyof typeof PASSWORDS;

describe('registry auth file', () => {
  let server: ServerProcess;
  let dir: string;
  let authFile: string;
  let users: Array<Record<string, string>>;
  const permissions = [
    { username: 'admin', operation: 'Write', resource: '.*' },
    { username: 'alice', operation: 'Write', resource: 'Subject:alice-' },
    { username: 'alice', operation: 'Read', resource: 'Subject:shared$' },
    { username: 'reader', operation: 'Read', resource: 'Subject:alice-' },
    { username: 'reader', operation: 'Read', resource: 'Config:' },
  ];
  const as = (name: Name) => {
    const headers = basic(name, PASSWORDS[name]);
    return {
      get: (path: string) => call(server.url, 'GET', path, undefined, headers),
      post: (path: string, body?: unknown) => call(server.url, 'POST', path, body, headers),
      put: (path: string, body?: unknown) => call(server.url, 'PUT', path, body, headers),
      delete: (path: string) => call(server.url, 'DELETE', path, undefined, headers),
      head: (path: string) => call(server.url, 'HEAD', path, undefined, headers),
    };
  };
  const writeAuth = (content: unknown) => {
    // Replace atomically, as configuration management tools do.
    const temp = `${authFile}.tmp`;
    writeFileSync(temp, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    renameSync(temp, authFile);
  };
  const ids = { both: 0, hidden: 0, shared: 0, base: 0, aliceUser: 0, secretUser: 0, secretBase: 0 };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'karapace-auth-'));
    authFile = join(dir, 'auth.json');
    const adminSalt = 'python-made-salt';
    users = [
      // Made by Python, as karapace_mkpasswd does: it must verify here.
      { username: 'admin', algorithm: 'scrypt', salt: adminSalt, password_hash: pythonScrypt(adminSalt, PASSWORDS.admin) },
      { username: 'alice', algorithm: 'sha256', salt: 's1', password_hash: await hashPassword('sha256', 's1', PASSWORDS.alice) },
      { username: 'reader', algorithm: 'sha512', salt: 's2', password_hash: await hashPassword('sha512', 's2', PASSWORDS.reader) },
      { username: 'nobody', algorithm: 'sha1', salt: 's3', password_hash: await hashPassword('sha1', 's3', PASSWORDS.nobody) },
    ];
    writeAuth({ users, permissions });
    server = await startServer({ config: { registry_authfile: authFile, log_level: 'INFO' } });
    const admin = as('admin');
    assert.equal((await admin.put('/config', { compatibility: 'BACKWARD' })).status, 200);
    // One schema under a visible and a hidden subject, one only under hidden subjects.
    ids.both = (await admin.post('/subjects/alice-a/versions', rec('Both'))).body.id;
    assert.equal((await admin.post('/subjects/secret-x/versions', rec('Both'))).body.id, ids.both);
    ids.hidden = (await admin.post('/subjects/secret-x/versions', rec('Both', [{ name: 'a', type: 'int' }, { name: 'b', type: 'int', default: 0 }]))).body.id;
    ids.shared = (await admin.post('/subjects/shared/versions', rec('Shared'))).body.id;
    // A referenced schema, referenced from a visible and from a hidden subject.
    ids.base = (await admin.post('/subjects/alice-base/versions', rec('Base'))).body.id;
    const referring = (name: string) => ({
      schema: JSON.stringify({ type: 'record', name, fields: [{ name: 'base', type: 'Base' }] }),
      references: [{ name: 'Base', subject: 'alice-base', version: 1 }],
    });
    ids.aliceUser = (await admin.post('/subjects/alice-user/versions', referring('AliceUser'))).body.id;
    ids.secretUser = (await admin.post('/subjects/secret-user/versions', referring('SecretUser'))).body.id;
    ids.secretBase = (await admin.post('/subjects/secret-base/versions', rec('SecretBase'))).body.id;
    assert.ok(Object.values(ids).every((id) => Number.isInteger(id)), JSON.stringify(ids));
  });
  after(() => server?.stop());

  it('401 with the Basic challenge without credentials, with a wrong password and for an unknown user', async () => {
    const answers = [
      await call(server.url, 'GET', '/subjects'),
      await call(server.url, 'GET', '/subjects', undefined, basic('alice', 'wrong')),
      await call(server.url, 'GET', '/subjects', undefined, basic('mallory', PASSWORDS.alice)),
      await call(server.url, 'GET', '/subjects', undefined, { authorization: 'Basic !!!' }),
      await call(server.url, 'POST', '/subjects/alice-a/versions', rec('Both')),
    ];
    for (const a of answers) {
      assert.equal(a.status, 401);
      assert.deepEqual(a.body, { error_code: 401, message: 'Unauthorized' });
      assert.equal(a.headers.get('www-authenticate'), 'Basic realm="Karapace Schema Registry"');
    }
  });

  it('leaves open what Karapace leaves open', async () => {
    for (const path of ['/', '/_health', '/metrics', '/master_available', '/schemas/types']) {
      assert.equal((await call(server.url, 'GET', path)).status, 200, path);
    }
    assert.equal((await call(server.url, 'GET', '/no/such/route')).status, 404);
  });

  it('the permission matrix: every registry endpoint and method, per user', async () => {
    const subjectBody = rec('Both');
    // [method, path, body, expected status per user]
    type Row = [string, string, unknown, Record<Name, number>];
    const all = (status: number): Record<Name, number> => ({ admin: status, alice: status, reader: status, nobody: status });
    const rows: Row[] = [
      ['GET', '/subjects', undefined, all(200)],
      ['GET', '/schemas', undefined, all(200)],
      ['GET', `/schemas/ids/${ids.both}`, undefined, { admin: 200, alice: 200, reader: 200, nobody: 404 }],
      ['GET', `/schemas/ids/${ids.both}/schema`, undefined, { admin: 200, alice: 200, reader: 200, nobody: 404 }],
      ['GET', `/schemas/ids/${ids.both}/subjects`, undefined, { admin: 200, alice: 200, reader: 200, nobody: 404 }],
      ['GET', `/schemas/ids/${ids.both}/versions`, undefined, { admin: 200, alice: 200, reader: 200, nobody: 404 }],
      ['GET', `/schemas/ids/${ids.hidden}`, undefined, { admin: 200, alice: 404, reader: 404, nobody: 404 }],
      ['GET', '/subjects/alice-a/versions', undefined, { admin: 200, alice: 200, reader: 200, nobody: 404 }],
      ['GET', '/subjects/alice-a/versions/1', undefined, { admin: 200, alice: 200, reader: 200, nobody: 404 }],
      ['GET', '/subjects/alice-a/versions/latest/schema', undefined, { admin: 200, alice: 200, reader: 200, nobody: 404 }],
      ['GET', '/subjects/alice-base/versions/1/referencedby', undefined, { admin: 200, alice: 200, reader: 200, nobody: 404 }],
      ['POST', '/subjects/alice-a', subjectBody, { admin: 200, alice: 200, reader: 200, nobody: 404 }],
      ['POST', '/subjects/alice-a/versions', subjectBody, { admin: 200, alice: 200, reader: 403, nobody: 403 }],
      ['POST', '/compatibility/subjects/alice-a/versions/1', subjectBody, { admin: 200, alice: 200, reader: 200, nobody: 404 }],
      ['GET', '/subjects/secret-x/versions', undefined, { admin: 200, alice: 404, reader: 404, nobody: 404 }],
      ['GET', '/subjects/shared/versions', undefined, { admin: 200, alice: 200, reader: 404, nobody: 404 }],
      ['POST', '/subjects/shared/versions', rec('Shared'), { admin: 200, alice: 403, reader: 403, nobody: 403 }],
      ['DELETE', '/subjects/secret-x', undefined, { admin: 403 /* replaced below */, alice: 403, reader: 403, nobody: 403 }],
      ['DELETE', '/subjects/secret-x/versions/1', undefined, { admin: 403, alice: 403, reader: 403, nobody: 403 }],
      ['GET', '/config', undefined, { admin: 200, alice: 403, reader: 200, nobody: 403 }],
      ['PUT', '/config', { compatibility: 'BACKWARD' }, { admin: 200, alice: 403, reader: 403, nobody: 403 }],
      ['GET', '/config/alice-a?defaultToGlobal=true', undefined, { admin: 200, alice: 200, reader: 200, nobody: 404 }],
      ['PUT', '/config/alice-a', { compatibility: 'BACKWARD' }, { admin: 200, alice: 200, reader: 403, nobody: 403 }],
      ['DELETE', '/config/alice-a', undefined, { admin: 200, alice: 200, reader: 403, nobody: 403 }],
      ['PUT', '/config/secret-x', { compatibility: 'NONE' }, { admin: 403 /* replaced below */, alice: 403, reader: 403, nobody: 403 }],
      ['GET', '/mode', undefined, { admin: 200, alice: 403, reader: 200, nobody: 403 }],
      ['PUT', '/mode', { mode: 'READWRITE' }, { admin: 200, alice: 403, reader: 403, nobody: 403 }],
      ['GET', '/mode/alice-a?defaultToGlobal=true', undefined, { admin: 200, alice: 200, reader: 200, nobody: 404 }],
      ['PUT', '/mode/alice-a', { mode: 'READWRITE' }, { admin: 200, alice: 200, reader: 403, nobody: 403 }],
      ['DELETE', '/mode/alice-a', undefined, { admin: 200, alice: 200, reader: 403, nobody: 403 }],
      ['GET', '/schemas/types', undefined, all(200)],
    ];
    const failures: string[] = [];
    for (const [method, path, body, expected] of rows) {
      for (const name of ['alice', 'reader', 'nobody', 'admin'] as const) {
        // A deleted subject setting must exist again for the next user's DELETE.
        if (method === 'DELETE' && /^\/(config|mode)\//.test(path)) {
          await as('admin').put(path, path.startsWith('/config') ? { compatibility: 'BACKWARD' } : { mode: 'READWRITE' });
        }
        // Admin's destructive calls on secret subjects would change what the other tests see: skip them.
        if (name === 'admin' && (method === 'DELETE' && path.startsWith('/subjects/secret') || path === '/config/secret-x')) continue;
        const a = await call(server.url, method, path, body, basic(name, PASSWORDS[name]));
        if (a.status !== expected[name]) failures.push(`${name} ${method} ${path}: ${a.status} ${a.text}, expected ${expected[name]}`);
        if (a.status === 403) assert.deepEqual(a.body, { error_code: 403, message: 'Forbidden' });
      }
    }
    assert.deepEqual(failures, []);
  });

  it('a subject a user may not read answers exactly as a missing subject', async () => {
    const alice = as('alice');
    const missing = { error_code: 40401, message: "Subject 'secret-x' not found." };
    for (const path of ['/subjects/secret-x/versions', '/subjects/secret-x/versions/1', '/subjects/secret-x/versions/latest/schema',
      '/subjects/secret-x/versions/1/referencedby', '/config/secret-x', '/mode/secret-x']) {
      const a = await alice.get(path);
      assert.equal(a.status, 404, path);
      assert.deepEqual(a.body, missing, path);
    }
    // The same for a subject that does not exist at all.
    assert.deepEqual((await alice.get('/subjects/secret-none/versions')).body, { error_code: 40401, message: "Subject 'secret-none' not found." });
    assert.equal((await alice.head('/subjects/secret-x/versions')).status, 404);
    assert.deepEqual((await alice.post('/subjects/secret-x', rec('Both'))).body, missing, 'lookup');
    // Compatibility: against `latest` a missing subject is compatible; a numbered version is 40402, as for a subject
    // that does not exist at all.
    const incompatible = rec('Both', [{ name: 'a', type: 'string' }]);
    assert.deepEqual((await as('admin').post('/compatibility/subjects/secret-x/versions/latest', incompatible)).body, { is_compatible: false });
    assert.deepEqual((await alice.post('/compatibility/subjects/secret-x/versions/latest', incompatible)).body, { is_compatible: true });
    assert.deepEqual((await alice.post('/compatibility/subjects/secret-none/versions/latest', incompatible)).body, { is_compatible: true });
    assert.deepEqual((await alice.post('/compatibility/subjects/secret-x/versions', incompatible)).body, { is_compatible: true });
    const noVersion = { error_code: 40402, message: 'Version 1 not found.' };
    assert.deepEqual((await alice.post('/compatibility/subjects/secret-x/versions/1', incompatible)).body, noVersion);
    assert.deepEqual((await alice.post('/compatibility/subjects/secret-none/versions/1', incompatible)).body, noVersion);
    // Writes to it are refused whether it exists or not.
    assert.deepEqual((await alice.post('/subjects/secret-x/versions', rec('Both'))).body, { error_code: 403, message: 'Forbidden' });
    assert.deepEqual((await alice.post('/subjects/secret-none/versions', rec('Both'))).body, { error_code: 403, message: 'Forbidden' });
  });

  it('listings show only what the user may read', async () => {
    assert.deepEqual((await as('alice').get('/subjects')).body, ['alice-a', 'alice-base', 'alice-user', 'shared']);
    assert.deepEqual((await as('reader').get('/subjects')).body, ['alice-a', 'alice-base', 'alice-user']);
    assert.deepEqual((await as('nobody').get('/subjects')).body, []);
    assert.deepEqual((await as('admin').get('/subjects')).body, ['alice-a', 'alice-base', 'alice-user', 'secret-base', 'secret-user', 'secret-x', 'shared']);
    assert.deepEqual((await as('alice').get('/subjects?deleted=true')).body, ['alice-a', 'alice-base', 'alice-user', 'shared']);
    const schemas = (await as('alice').get('/schemas')).body as Array<{ subject: string }>;
    assert.deepEqual([...new Set(schemas.map((s) => s.subject))], ['alice-a', 'alice-base', 'alice-user', 'shared']);
    assert.deepEqual((await as('nobody').get('/schemas')).body, []);
    assert.deepEqual((await as('alice').get(`/schemas/ids/${ids.both}/subjects`)).body, ['alice-a']);
    assert.deepEqual((await as('admin').get(`/schemas/ids/${ids.both}/subjects`)).body, ['alice-a', 'secret-x']);
    assert.deepEqual((await as('alice').get(`/schemas/ids/${ids.both}/versions`)).body, [{ subject: 'alice-a', version: 1 }]);
  });

  it('schema ids and references of hidden subjects do not show', async () => {
    const alice = as('alice');
    const notFound = (id: number) => ({ error_code: 40403, message: `Schema ${id} not found` });
    for (const id of [ids.hidden, ids.secretUser, ids.secretBase]) {
      assert.deepEqual((await alice.get(`/schemas/ids/${id}`)).body, notFound(id));
      assert.deepEqual((await alice.get(`/schemas/ids/${id}/schema`)).body, notFound(id));
      assert.deepEqual((await alice.get(`/schemas/ids/${id}/subjects`)).body, notFound(id));
      assert.deepEqual((await alice.get(`/schemas/ids/${id}/versions`)).body, notFound(id));
    }
    assert.deepEqual((await alice.get('/schemas/ids/99999')).body, notFound(99999));
    assert.deepEqual((await as('admin').get('/subjects/alice-base/versions/1/referencedby')).body, [ids.aliceUser, ids.secretUser].sort((a, b) => a - b));
    assert.deepEqual((await alice.get('/subjects/alice-base/versions/1/referencedby')).body, [ids.aliceUser]);
    // A reference to a hidden subject's version is answered as a reference to a missing one.
    const refTo = (subject: string) => ({
      schema: JSON.stringify({ type: 'record', name: 'R', fields: [{ name: 'b', type: 'SecretBase' }] }),
      references: [{ name: 'SecretBase', subject, version: 1 }],
    });
    const hidden = await alice.post('/subjects/alice-r/versions', refTo('secret-base'));
    const absent = await alice.post('/subjects/alice-r/versions', refTo('secret-nothing'));
    assert.equal(hidden.status, 422);
    assert.equal(hidden.body.error_code, 42201);
    assert.equal(hidden.body.message, absent.body.message.replace('secret-nothing', 'secret-base'));
    assert.equal((await alice.post('/compatibility/subjects/alice-a/versions/latest', refTo('secret-base'))).body.error_code, 42201);
    assert.equal((await alice.post('/subjects/alice-a', refTo('secret-base'))).body.error_code, 42201);
    assert.equal((await as('admin').post('/subjects/alice-r/versions', refTo('secret-base'))).status, 200, 'admin may reference it');
  });

  it('writes within the permissions work, and forwarding keeps them (single node: local)', async () => {
    const alice = as('alice');
    const id = (await alice.post('/subjects/alice-tmp/versions', rec('Tmp'))).body.id;
    assert.ok(Number.isInteger(id));
    assert.deepEqual((await alice.delete('/subjects/alice-tmp')).body, [1]);
    assert.deepEqual((await alice.delete('/subjects/alice-tmp?permanent=true')).body, [1]);
  });

  it('/config/:.: and /mode/:.: name the global settings, so they need the config permission, not a subject one', async () => {
    // alice may write every subject (this test only) but not the config.
    writeAuth({ users, permissions: [...permissions, { username: 'alice', operation: 'Write', resource: 'Subject:.*' }] });
    const alice = as('alice');
    const deadline = Date.now() + 10_000;
    while ((await alice.put('/config/any-subject-at-all', { compatibility: 'FULL' })).status !== 200) {
      if (Date.now() > deadline) assert.fail('the new permission was not loaded');
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const context of ['%3A.%3A', '%3A.']) {
      assert.equal((await alice.put(`/config/${context}`, { compatibility: 'NONE' })).status, 403, context);
      assert.equal((await alice.put(`/mode/${context}`, { mode: 'READONLY' })).status, 403, context);
    }
    const admin = as('admin');
    const global = (await admin.get('/config')).body;
    assert.equal((await admin.put('/config/%3A.%3A', global)).status, 200);
    assert.deepEqual((await as('reader').get('/config/%3A.%3A')).body, global);
    writeAuth({ users, permissions });
    while ((await alice.put('/config/any-subject-at-all', { compatibility: 'FULL' })).status !== 403) {
      if (Date.now() > deadline + 10_000) assert.fail('the original permissions were not loaded back');
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  it('a follower checks the caller and forwards writes with the caller\'s credentials; the leader checks again', async () => {
    // The follower's file also lets alice write secret-fw; the leader's does not, and the leader decides.
    const followerFile = join(dir, 'follower-auth.json');
    writeFileSync(followerFile, JSON.stringify({ users, permissions: [...permissions, { username: 'alice', operation: 'Write', resource: 'Subject:secret-fw' }] }));
    const follower = await startServer({ topic: server.topic, config: { registry_authfile: followerFile, master_eligibility: false } });
    try {
      const via = (name: Name) => (method: string, path: string, body?: unknown) => call(follower.url, method, path, body, basic(name, PASSWORDS[name]));
      const alice = via('alice');
      assert.equal((await call(follower.url, 'POST', '/subjects/alice-fw/versions', rec('Fw'))).status, 401);
      assert.deepEqual((await alice('POST', '/subjects/secret-x2/versions', rec('Fw'))).body, { error_code: 403, message: 'Forbidden' }, 'refused by the follower');
      const byLeader = await alice('POST', '/subjects/secret-fw/versions', rec('Fw'));
      assert.deepEqual([byLeader.status, byLeader.body], [403, { error_code: 403, message: 'Forbidden' }], 'refused by the leader');
      assert.deepEqual((await as('admin').get('/subjects/secret-fw/versions')).body.error_code, 40401, 'nothing written');
      const written = await alice('POST', '/subjects/alice-fw/versions', rec('Fw'));
      assert.equal(written.status, 200, written.text);
      assert.deepEqual((await as('alice').get('/subjects/alice-fw/versions')).body, [1], 'written on the leader');
      assert.deepEqual((await alice('GET', '/subjects/secret-x/versions')).body, { error_code: 40401, message: "Subject 'secret-x' not found." });
      assert.equal((await alice('DELETE', '/subjects/alice-fw')).status, 200);
    } finally {
      await follower.stop();
    }
  });

  it('reloads the file when it changes; a broken file keeps the last good one', async () => {
    const alice = as('alice');
    assert.equal((await alice.get('/subjects/secret-x/versions')).status, 404);
    writeAuth({ users, permissions: [...permissions, { username: 'alice', operation: 'Read', resource: 'Subject:secret-x' }] });
    const until = async (check: () => Promise<boolean>, what: string) => {
      const deadline = Date.now() + 10_000;
      while (!(await check())) {
        if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await until(async () => (await alice.get('/subjects/secret-x/versions')).status === 200, 'the new permission');
    assert.deepEqual((await alice.get(`/schemas/ids/${ids.hidden}/subjects`)).body, ['secret-x']);
    // Change a password: the cached verification must not outlive the reload.
    const newHash = await hashPassword('sha256', 's1', 'new-alice-pw');
    writeAuth({ users: users.map((u) => (u.username === 'alice' ? { ...u, password_hash: newHash } : u)), permissions });
    await until(async () => (await alice.get('/subjects')).status === 401, 'the old password to stop working');
    assert.equal((await call(server.url, 'GET', '/subjects', undefined, basic('alice', 'new-alice-pw'))).status, 200);
    assert.equal((await alice.get('/subjects/secret-x/versions')).status, 401);
    assert.equal((await call(server.url, 'GET', '/subjects/secret-x/versions', undefined, basic('alice', 'new-alice-pw'))).status, 404);

    // Broken files: not JSON, then a bad regex. The last good file stays in force; why is logged, hashes are not.
    writeAuth(`{"users": [{"username": "alice", "algorithm": "sha256", "salt": "s1", "password_hash": "${newHash}"`);
    await until(async () => server.output.some((l) => l.includes('auth file not reloaded') && l.includes('not valid JSON')), 'the broken-file warning');
    assert.equal((await call(server.url, 'GET', '/subjects', undefined, basic('alice', 'new-alice-pw'))).status, 200);
    writeAuth({ users, permissions: [{ username: 'alice', operation: 'Read', resource: 'Subject:(' }] });
    await until(async () => server.output.some((l) => l.includes('auth file not reloaded') && l.includes('permissions[0]')), 'the bad-regex warning');
    assert.equal((await call(server.url, 'GET', '/subjects', undefined, basic('alice', 'new-alice-pw'))).status, 200);
    assert.equal((await as('admin').get('/subjects')).status, 200);
    const logs = server.output.join('\n');
    for (const u of users) assert.ok(!logs.includes(u.password_hash!), 'no password hash in the logs');
    assert.ok(!logs.includes(newHash) && !logs.includes('new-alice-pw') && !logs.includes(PASSWORDS.admin), 'no secrets in the logs');
    assert.ok(logs.includes('auth file reloaded'));
    writeAuth({ users, permissions });
    await until(async () => (await alice.get('/subjects')).status === 200, 'the restored file');
  });

  it('accepts an entry made by karapace_mkpasswd', async () => {
    const bin = resolve(import.meta.dirname, '../../bin/karapace_mkpasswd.js');
    const entries = ['scrypt', 'sha1'].map((algorithm, i) => JSON.parse(execFileSync(process.execPath, [bin, '-u', `carol${i}`, '-a', algorithm, 'carol-pw'], { encoding: 'utf8' })));
    // The password from standard input, the salt as Karapace's second argument.
    const fromStdin = JSON.parse(execFileSync(process.execPath, [bin, '-u', 'dave', '-a', 'sha512', '-s', 'fixed-salt'], { input: 'dave-pw\n', encoding: 'utf8' }));
    assert.equal(fromStdin.salt, 'fixed-salt');
    assert.deepEqual(Object.keys(entries[0]), ['username', 'algorithm', 'salt', 'password_hash']);
    writeAuth({
      users: [...users, ...entries, fromStdin],
      permissions: [...permissions, { username: 'carol0', operation: 'Read', resource: 'Subject:shared' }, { username: 'dave', operation: 'Read', resource: 'Subject:shared' }],
    });
    const deadline = Date.now() + 10_000;
    let answer: Answer;
    do {
      answer = await call(server.url, 'GET', '/subjects', undefined, basic('carol0', 'carol-pw'));
      if (answer.status === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    } while (Date.now() < deadline);
    assert.deepEqual(answer.body, ['shared']);
    assert.deepEqual((await call(server.url, 'GET', '/subjects', undefined, basic('carol1', 'carol-pw'))).body, []);
    assert.deepEqual((await call(server.url, 'GET', '/subjects', undefined, basic('dave', 'dave-pw'))).body, ['shared']);
    assert.equal((await call(server.url, 'GET', '/subjects', undefined, basic('dave', 'carol-pw'))).status, 401);
  });
});

describe('registry without an auth file', () => {
  it('lets everyone in', async () => {
    const server = await startServer();
    try {
      const api = client(server.url);
      assert.equal((await api.get('/subjects')).status, 200);
      assert.equal((await api.put('/config', { compatibility: 'NONE' })).status, 200);
    } finally {
      await server.stop();
    }
  });
});

describe('registry with bearer tokens (OIDC)', () => {
  let server: ServerProcess;
  let jwks: Server;
  let jwksUrl: string;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const issuer = 'https://idp.example/realms/test';
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const sign = (claims: Record<string, unknown>, options: { alg?: string; key?: KeyObject; kid?: string; typ?: string } = {}) => {
    const alg = options.alg ?? 'RS256';
    const header = { alg, kid: options.kid ?? 'k1', typ: options.typ ?? 'JWT' };
    const input = `${b64(header)}.${b64(claims)}`;
    const signature = createSign(`sha${alg.slice(2)}`).update(input).sign(options.key ?? privateKey);
    return `${input}.${signature.toString('base64url')}`;
  };
  const now = () => Math.floor(Date.now() / 1000);
  const claims = (extra: Record<string, unknown> = {}) => ({
    iss: issuer, aud: 'karapace', sub: 'svc-1', exp: now() + 300, azp: 'registry-client',
    resource_access: { 'registry-client': { roles: ['sr-read'] } }, ...extra,
  });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  before(async () => {
    jwks = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig' }] }));
    });
    await new Promise<void>((done) => jwks.listen(0, '127.0.0.1', done));
    jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/certs`;
    server = await startServer({
      config: {
        sasl_oauthbearer_authentication_enabled: true,
        sasl_oauthbearer_authorization_enabled: true,
        sasl_oauthbearer_jwks_endpoint_url: jwksUrl,
        sasl_oauthbearer_allow_insecure_jwks: true,
        sasl_oauthbearer_expected_issuer: issuer,
        sasl_oauthbearer_expected_audience: 'other, karapace',
        sasl_oauthbearer_client_id: 'registry-client',
        sasl_oauthbearer_roles_claim_path: 'resource_access.[client_id].roles',
        sasl_oauthbearer_method_roles: { GET: ['sr-read', 'sr-write'], POST: ['sr-write'], PUT: ['sr-write'], DELETE: ['sr-admin'] },
        sasl_oauthbearer_leeway_seconds: 30,
        sasl_oauthbearer_enforce_azp: true,
        sasl_oauthbearer_skip_auth_paths: ['/schemas'],
      },
    });
  });
  after(async () => {
    await server?.stop();
    jwks?.close();
  });

  it('accepts a valid token, with roles per HTTP method', async () => {
    const reader = bearer(sign(claims()));
    assert.equal((await call(server.url, 'GET', '/subjects', undefined, reader)).status, 200);
    const refused = await call(server.url, 'POST', '/subjects/o1/versions', rec('O'), reader);
    assert.deepEqual([refused.status, refused.body], [403, { error_code: 403, message: 'Forbidden' }]);
    const writer = bearer(sign(claims({ resource_access: { 'registry-client': { roles: ['sr-write'] } } }), { alg: 'RS512' }));
    assert.equal((await call(server.url, 'POST', '/subjects/o1/versions', rec('O'), writer)).status, 200);
    assert.equal((await call(server.url, 'GET', '/subjects/o1/versions', undefined, writer)).status, 200);
    assert.equal((await call(server.url, 'DELETE', '/subjects/o1', undefined, writer)).status, 403);
    // Several roles in one string, separated by commas or spaces, count one by one.
    const admin = bearer(sign(claims({ resource_access: { 'registry-client': { roles: ['sr-read, sr-admin'] } } }), { alg: 'RS384' }));
    assert.deepEqual((await call(server.url, 'DELETE', '/subjects/o1', undefined, admin)).body, [1]);
  });

  it('refuses missing, forged, expired, foreign and malformed tokens with 401', async () => {
    const refused = [
      await call(server.url, 'GET', '/subjects'),
      await call(server.url, 'GET', '/subjects', undefined, bearer('not-a-jwt')),
      await call(server.url, 'GET', '/subjects', undefined, bearer(sign(claims(), { key: stranger.privateKey }))),
      await call(server.url, 'GET', '/subjects', undefined, bearer(sign(claims({ exp: now() - 120 })))),
      await call(server.url, 'GET', '/subjects', undefined, bearer(sign(claims({ iss: 'https://evil.example' })))),
      await call(server.url, 'GET', '/subjects', undefined, bearer(sign(claims({ aud: 'someone-else' })))),
      await call(server.url, 'GET', '/subjects', undefined, bearer(sign(claims({ azp: 'another-client' })))),
      await call(server.url, 'GET', '/subjects', undefined, bearer(sign(claims({ sub: undefined })))),
      await call(server.url, 'GET', '/subjects', undefined, bearer(sign(claims(), { alg: 'HS256' }).replace(/\.[^.]*$/, '.AAAA'))),
      await call(server.url, 'GET', '/subjects', undefined, basic('admin', 'admin-pw')),
    ];
    for (const a of refused) {
      assert.equal(a.status, 401, a.text);
      assert.deepEqual(a.body, { error_code: 401, message: 'Unauthorized' });
      assert.equal(a.headers.get('www-authenticate'), 'Bearer realm="Karapace Schema Registry"');
    }
    // Expired within the leeway is still accepted.
    assert.equal((await call(server.url, 'GET', '/subjects', undefined, bearer(sign(claims({ exp: now() - 5 }))))).status, 200);
    // Open endpoints stay open, and so do the configured skipped paths.
    assert.equal((await call(server.url, 'GET', '/_health')).status, 200);
    assert.equal((await call(server.url, 'GET', '/schemas')).status, 200);
    assert.equal((await call(server.url, 'GET', '/schemas?deleted=true')).status, 200);
    const logs = server.output.join('\n');
    assert.ok(!logs.includes(sign(claims()).split('.')[1]!), 'no token in the logs');
  });
});
