import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Callers, callerOf, type KafkaCredentials } from './callers.ts';

const config = { sasl_bootstrap_uri: 'broker:9094', security_protocol: 'PLAINTEXT', sasl_mechanism: null };
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const jwt = (claims: Record<string, unknown>) =>
  `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;

describe('callerOf', () => {
  it('turns Basic credentials into SASL PLAIN on the SASL listener', () => {
    const caller = callerOf(basic('alice', 'pa:ss'), config, 0);
    assert.deepEqual(caller, {
      credentials: {
        bootstrap_uri: 'broker:9094', security_protocol: 'SASL_PLAINTEXT', sasl_mechanism: 'PLAIN',
        sasl_plain_username: 'alice', sasl_plain_password: 'pa:ss', sasl_oauth_token: null,
      },
      expiresAt: undefined,
    });
  });

  it('uses the configured SCRAM mechanism, and SASL_SSL when Kafka is reached over TLS', () => {
    for (const security_protocol of ['SSL', 'SASL_SSL']) {
      const caller = callerOf(basic('bob', 'x'), { ...config, security_protocol, sasl_mechanism: 'SCRAM-SHA-512' }, 0);
      assert.equal(caller?.credentials.security_protocol, 'SASL_SSL');
      assert.equal(caller?.credentials.sasl_mechanism, 'SCRAM-SHA-512');
    }
    assert.equal(callerOf(basic('bob', 'x'), { ...config, sasl_mechanism: 'OAUTHBEARER' }, 0)?.credentials.sasl_mechanism, 'PLAIN');
  });

  it('turns a bearer JWT into OAUTHBEARER and reads its expiry', () => {
    const token = jwt({ sub: 'alice', exp: 2_000 });
    const caller = callerOf(`Bearer ${token}`, config, 1_000_000);
    assert.equal(caller?.credentials.sasl_mechanism, 'OAUTHBEARER');
    assert.equal(caller?.credentials.sasl_oauth_token, token);
    assert.equal(caller?.expiresAt, 2_000_000);
    assert.equal(callerOf(`Bearer ${jwt({ sub: 'alice' })}`, config, 0)?.expiresAt, undefined);
  });

  it('gives no caller for a missing, unknown, malformed or expired credential', () => {
    for (const header of [undefined, '', 'Digest abc', 'Basic !!!', `Basic ${Buffer.from('nocolon').toString('base64')}`,
      'Bearer not-a-jwt', `Bearer ${jwt({ sub: 'a', exp: 1 })}`, 'Bearer a.b.c']) {
      assert.equal(callerOf(header, config, 5_000), undefined, String(header));
    }
    assert.equal(callerOf(basic('a', 'b'), { ...config, sasl_bootstrap_uri: null }, 0), undefined);
  });
});

describe('Callers', () => {
  class FakeClients {
    readonly credentials: KafkaCredentials;
    busy = false;
    closed = false;
    constructor(credentials: KafkaCredentials) {
      this.credentials = credentials;
    }
    async close() {
      this.closed = true;
    }
  }

  const setup = () => {
    let now = 1_000;
    const made: FakeClients[] = [];
    const callers = new Callers({
      config, idleMs: 60_000, now: () => now,
      make: (credentials) => { const c = new FakeClients(credentials); made.push(c); return c; },
    });
    return { callers, made, advance: (ms: number) => { now += ms; } };
  };

  it('makes one set of clients per caller and reuses it', async () => {
    const { callers, made } = setup();
    const alice = callers.get(basic('alice', 'a'));
    assert.equal(callers.get(basic('alice', 'a')), alice);
    assert.notEqual(callers.get(basic('bob', 'b')), alice);
    assert.equal(callers.get(undefined), undefined);
    assert.equal(callers.get('Digest x'), undefined);
    assert.equal(made.length, 2);
    await callers.close();
    assert.ok(made.every((c) => c.closed));
  });

  it('closes idle callers, but not while they hold consumer instances', async () => {
    const { callers, made, advance } = setup();
    callers.get(basic('alice', 'a'));
    callers.get(basic('bob', 'b'));
    made[1]!.busy = true;
    advance(30_000);
    callers.get(basic('alice', 'a'));
    advance(40_000);
    callers.sweep();
    assert.deepEqual(made.map((c) => c.closed), [false, false]);
    advance(30_000);
    callers.sweep();
    assert.deepEqual(made.map((c) => c.closed), [true, false]);
    assert.equal(callers.size, 1);
    await callers.close();
  });

  it('closes a caller when its token expires, and refuses the expired token', async () => {
    const { callers, made, advance } = setup();
    const header = `Bearer ${jwt({ sub: 'alice', exp: 11 })}`;
    assert.ok(callers.get(header));
    advance(10_000);
    assert.equal(callers.get(header), undefined);
    assert.equal(made[0]!.closed, true);
    assert.equal(callers.size, 0);
    await callers.close();
  });

  it('forgets a caller whose credentials Kafka refused', async () => {
    const { callers, made } = setup();
    const header = basic('alice', 'wrong');
    callers.get(header);
    callers.forget(header);
    assert.equal(made[0]!.closed, true);
    assert.notEqual(callers.get(header), made[0]);
    await callers.close();
  });
});
