import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAuthFile } from './auth-file.ts';
import { BasicAuthenticator, parseBasic } from './basic.ts';
import { hashPassword } from './passwords.ts';

const file = async (password: string, algorithm: 'scrypt' | 'sha512' = 'scrypt') => parseAuthFile(JSON.stringify({
  users: [{ username: 'u', algorithm, salt: 'salt', password_hash: await hashPassword(algorithm, 'salt', password) }],
  permissions: [],
}));

test('parseBasic: absent, malformed, and a password holding colons', () => {
  assert.equal(parseBasic(undefined), undefined);
  assert.equal(parseBasic('Bearer x'), null);
  assert.equal(parseBasic(`Basic ${Buffer.from('nocolon').toString('base64')}`), null);
  assert.deepEqual(parseBasic(`basic ${Buffer.from('u:p:a:ss').toString('base64')}`), { username: 'u', password: 'p:a:ss' });
});

test('authenticates, remembers success, forgets it when the file is replaced', async () => {
  const auth = new BasicAuthenticator(await file('pw'));
  assert.equal((await auth.authenticate({ username: 'u', password: 'pw' }))?.username, 'u');
  // The second time comes from the cache: synchronously.
  const again = auth.authenticate({ username: 'u', password: 'pw' });
  assert.ok(!(again instanceof Promise));
  assert.equal(await auth.authenticate({ username: 'u', password: 'nope' }), null);
  auth.replace(await file('new'));
  assert.equal(await auth.authenticate({ username: 'u', password: 'pw' }), null);
  assert.equal((await auth.authenticate({ username: 'u', password: 'new' }))?.username, 'u');
});

test('failures are not remembered, and concurrent checks of one credential hash once', async () => {
  const auth = new BasicAuthenticator(await file('pw'));
  const wrong = auth.authenticate({ username: 'u', password: 'x' });
  assert.ok(wrong instanceof Promise);
  assert.equal(await wrong, null);
  assert.ok(auth.authenticate({ username: 'u', password: 'x' }) instanceof Promise);
  const [a, b] = [auth.authenticate({ username: 'u', password: 'pw' }), auth.authenticate({ username: 'u', password: 'pw' })];
  assert.equal(a, b, 'the same pending verification');
});

test('an unknown user costs about what a wrong password costs (a dummy hash is verified)', async () => {
  const auth = new BasicAuthenticator(await file('pw'));
  // CPU time of this process (the hashing threads included), not wall time: other processes on the machine do not
  // count, so the comparison holds on a loaded CI machine.
  const cpu = async (username: string) => {
    const start = process.cpuUsage();
    for (let i = 0; i < 3; i++) {
      const pending = auth.authenticate({ username, password: `wrong${i}` });
      assert.ok(pending instanceof Promise, 'verified by hashing, not refused at once');
      assert.equal(await pending, null);
    }
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
  await cpu('u');
  const [known, unknown] = [await cpu('u'), await cpu('nobody')];
  assert.ok(unknown > known * 0.4 && unknown < known * 2.5, `wrong password ${known.toFixed(1)} ms CPU, unknown user ${unknown.toFixed(1)} ms CPU`);
});
