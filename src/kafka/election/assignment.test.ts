import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assign, DUPLICATE_URLS, ownMetadata, parseIdentity, readAssignment, type Member } from './assignment.ts';

const confluent = (memberId: string, host: string, port: number, eligible = true): Member => ({
  memberId, metadata: Buffer.from(`{"version":1,"host":"${host}","port":${port},"master_eligibility":${eligible},"scheme":"http","leader":false}`),
});
const karapace = (memberId: string, host: string, port: number, eligible = true): Member => ({
  memberId, metadata: Buffer.from(`{"version":2,"karapace_version":"5.0.0","host":"${host}","port":${port},"scheme":"http","master_eligibility":${eligible}}`),
});
const ours = (memberId: string, host: string, port: number, eligible = true): Member => ({
  memberId, metadata: ownMetadata({ host, port, scheme: 'http', eligible }),
});
const json = (buffer: Buffer | undefined) => JSON.parse(buffer!.toString('utf8')) as Record<string, unknown>;

describe('sr group assignment', () => {
  it('our metadata is Confluent\'s v1 identity', () => {
    assert.deepEqual(json(ownMetadata({ host: 'a', port: 8081, scheme: 'https', eligible: false })),
      { version: 1, host: 'a', port: 8081, master_eligibility: false, scheme: 'https' });
  });

  it('chooses the eligible member with the lowest URL, comparing as strings (ports as text)', () => {
    const members = [ours('m1', 'node-b', 8081), confluent('m2', 'node-a', 9000), karapace('m3', 'node-a', 10000), ours('m4', 'node-0', 1, false)];
    const result = assign(members, 'lowest');
    for (const m of members) assert.equal(json(result.get(m.memberId)).master, 'm3', '"http://node-a:10000" < "http://node-a:9000"');
    assert.equal(json(assign(members, 'highest').get('m1')).master, 'm1');
  });

  it('copies the chosen member\'s metadata verbatim into master_identity', () => {
    const chosen = confluent('c', 'a', 8081);
    const text = assign([chosen, ours('o', 'b', 8081)], 'lowest').get('o')!.toString('utf8');
    assert.ok(text.includes(`"master_identity":${chosen.metadata.toString('utf8')}`), text);
    assert.deepEqual(Object.keys(json(Buffer.from(text))), ['version', 'error', 'master', 'master_identity']);
  });

  it('two eligible members with one URL: error 1 for everyone, nobody leads', () => {
    const result = assign([ours('x', 'a', 8081), confluent('y', 'a', 8081), ours('z', 'b', 8081)], 'lowest');
    for (const id of ['x', 'y', 'z']) assert.deepEqual(json(result.get(id)), { version: 1, error: DUPLICATE_URLS });
    assert.deepEqual(readAssignment(result.get('x')!, { memberId: 'x', eligible: true }), { leaderUrl: null, isLeader: false, error: 1 });
  });

  it('no eligible member: Confluent members get no master, Karapace members an ineligible one', () => {
    const members = [ours('o', 'a', 1, false), confluent('c', 'b', 2, false), karapace('k', 'c', 3, false)];
    const result = assign(members, 'lowest');
    assert.deepEqual(json(result.get('o')), { version: 1, error: 0 });
    assert.deepEqual(json(result.get('c')), { version: 1, error: 0 });
    const forKarapace = json(result.get('k'));
    assert.equal(typeof forKarapace.master, 'string');
    assert.equal((forKarapace.master_identity as { master_eligibility: boolean }).master_eligibility, false);
    for (const m of members) assert.equal(readAssignment(result.get(m.memberId)!, { memberId: m.memberId, eligible: false }).leaderUrl, null);
  });

  it('reads Confluent\'s and Karapace\'s assignments', () => {
    const confluentForm = Buffer.from('{"version":1,"error":0,"master":"sr-1-abc","master_identity":{"version":1,"host":"h","port":8081,"master_eligibility":true,"scheme":"http"}}');
    assert.deepEqual(readAssignment(confluentForm, { memberId: 'me', eligible: true }), { leaderUrl: 'http://h:8081', isLeader: false, error: 0 });
    assert.deepEqual(readAssignment(confluentForm, { memberId: 'sr-1-abc', eligible: true }), { leaderUrl: 'http://h:8081', isLeader: true, error: 0 });
    const karapaceForm = Buffer.from('{"master":"me","master_identity":{"version":2,"karapace_version":"4","host":"k","port":"8081","scheme":"https","master_eligibility":true},"error":0}');
    assert.deepEqual(readAssignment(karapaceForm, { memberId: 'me', eligible: true }), { leaderUrl: 'https://k:8081', isLeader: true, error: 0 });
    // Named but not eligible here: we do not lead (Karapace's rule).
    assert.equal(readAssignment(karapaceForm, { memberId: 'me', eligible: false }).isLeader, false);
    assert.equal(readAssignment(Buffer.from('not json'), { memberId: 'me', eligible: true }).leaderUrl, null);
    assert.equal(parseIdentity('{"host":1}'), undefined);
  });
});
