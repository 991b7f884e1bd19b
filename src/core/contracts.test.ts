import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  confluentVersionNumber, contractKey, groupValue, hasConfluentVersion, mergeMetadata, mergeRuleSets, NO_CONTRACT, resolveContract,
  sameContractIgnoringVersion, validateRuleSet, withConfluentVersion,
} from './contracts.ts';
import { ApiError } from './errors.ts';

const rule = (name: string, mode = 'WRITEREAD') => ({ name, mode, type: 'CEL' });
const problem = (ruleSet: Record<string, unknown>) => {
  try {
    validateRuleSet(ruleSet);
    return undefined;
  } catch (error) {
    return error instanceof ApiError ? `${error.code} ${error.message}` : String(error);
  }
};

describe('data contracts (Confluent Metadata / RuleSet)', () => {
  it('keys ignore order, duplicates and defaulted rule fields, but tell an empty contract from none', () => {
    assert.equal(contractKey({ metadata: { properties: { a: '1', b: '2' } } }), contractKey({ metadata: { properties: { b: '2', a: '1' } } }));
    assert.equal(contractKey({ metadata: { sensitive: ['x', 'y', 'x'] } }), contractKey({ metadata: { sensitive: ['y', 'x'] } }));
    assert.equal(contractKey({ ruleSet: { domainRules: [{ name: 'r', type: 'CEL' }] } }),
      contractKey({ ruleSet: { domainRules: [{ name: 'r', type: 'CEL', kind: 'TRANSFORM', mode: 'WRITEREAD', disabled: false }] } }));
    assert.equal(contractKey({ metadata: {} }), contractKey({ metadata: { properties: {} } }));
    assert.notEqual(contractKey({ metadata: {} }), NO_CONTRACT);
    assert.notEqual(contractKey({ ruleSet: {} }), contractKey({ metadata: {} }));
  });

  it('merges as mergeMetadata / mergeRuleSets: later values win, rules of a reused name move to the end', () => {
    assert.deepEqual(mergeMetadata({ properties: { a: '1', b: '1' }, sensitive: ['s'] }, { properties: { b: '2' }, sensitive: ['t'] }),
      { properties: { a: '1', b: '2' }, sensitive: ['s', 't'] });
    assert.deepEqual(mergeMetadata(undefined, { properties: { z: '1', a: '2' } }), { properties: { z: '1', a: '2' } }, 'one side: as sent');
    assert.deepEqual(mergeRuleSets({ migrationRules: [rule('foo'), rule('bar')] }, { migrationRules: [rule('foo', 'UPGRADE')], domainRules: [rule('d')] }),
      { migrationRules: [rule('bar'), rule('foo', 'UPGRADE')], domainRules: [rule('d')] });
    const config = { defaultMetadata: { properties: { k: 'default', d: 'd' } }, overrideMetadata: { properties: { k: 'override' } } };
    assert.deepEqual(resolveContract(config, {}, { metadata: { properties: { k: 'previous', p: 'p' } } }),
      { metadata: { properties: { d: 'd', k: 'override', p: 'p' } }, modified: true });
    assert.deepEqual(resolveContract({}, {}, undefined), { modified: false });
    assert.equal(groupValue({ properties: { 'app.version': '2' } }, 'app.version'), '2');
    assert.equal(groupValue({}, 'app.version'), null);
  });

  it('validates as RuleSet.validate, with its messages (42210)', () => {
    assert.equal(problem({ migrationRules: [rule('m', 'UPGRADE')], domainRules: [rule('d', 'READ')], encodingRules: [rule('e', 'WRITE')] }), undefined);
    assert.equal(problem({ migrationRules: [rule('foo', 'READ')] }), '42210 Migration rules can only be UPGRADE, DOWNGRADE, UPDOWN');
    assert.equal(problem({ domainRules: [rule('foo', 'UPDOWN')] }), '42210 Domain rules can only be WRITE, READ, WRITEREAD');
    assert.equal(problem({ migrationRules: [rule('foo', 'UPGRADE')], domainRules: [rule('foo')] }), "42210 Found rule with duplicate name 'foo'");
    assert.equal(problem({ domainRules: [{ name: 'foo', mode: 'READ' }] }), '42210 Missing rule type');
    assert.equal(problem({ domainRules: [{ type: 'CEL' }] }), '42210 Missing rule name');
    assert.equal(problem({ domainRules: [rule('')] }), '42210 Empty rule name');
    assert.equal(problem({ domainRules: [rule('x'.repeat(65))] }), '42210 Rule name too long');
    assert.equal(problem({ domainRules: [rule('-x')] }), '42210 Illegal initial character in rule name: -x');
    assert.equal(problem({ domainRules: [rule('a.b')] }), '42210 Illegal character in rule name: a.b');
    assert.equal(problem({ domainRules: [{ ...rule('a', 'WRITE'), onFailure: 'NONE,ERROR' }] }), '42210 Multiple actions only valid with WRITEREAD and UPDOWN');
    assert.equal(problem({ domainRules: [{ ...rule('_ok-1'), onFailure: 'NONE,ERROR' }] }), undefined);
  });
});

describe('confluent:version (canLookupIgnoringVersion)', () => {
  const cv = (v: string, extra: Record<string, string> = {}) => ({ metadata: { properties: { 'confluent:version': v, ...extra } } });
  it('reads only Java ints', () => {
    assert.equal(confluentVersionNumber(cv('7').metadata), 7);
    assert.equal(confluentVersionNumber(cv('-1').metadata), -1);
    assert.equal(confluentVersionNumber(cv('x').metadata), undefined);
    assert.equal(confluentVersionNumber(cv('2147483648').metadata), undefined);
  });
  it('leaves the version out when only one side has it; a requested one must be the other version', () => {
    assert.ok(sameContractIgnoringVersion({}, cv('2'), 2));
    assert.ok(sameContractIgnoringVersion({ metadata: { properties: {} } }, cv('6'), 6));
    assert.ok(!sameContractIgnoringVersion({ metadata: { properties: { a: 'b' } } }, cv('6'), 6));
    assert.ok(sameContractIgnoringVersion(cv('1'), {}, 1));
    assert.ok(!sameContractIgnoringVersion(cv('1'), {}, 2));
    assert.ok(!sameContractIgnoringVersion(cv('2'), cv('3'), 3), 'both sides: compared as they are');
    assert.ok(sameContractIgnoringVersion({}, {}, 1), 'neither side: equal contracts');
    assert.ok(!sameContractIgnoringVersion({}, { metadata: { properties: { a: 'b' } } }, 1));
  });
  it('sets and removes it like any property', () => {
    assert.deepEqual(withConfluentVersion({ properties: { a: 'b' } }, 3), { properties: { a: 'b', 'confluent:version': '3' } });
    assert.deepEqual(withConfluentVersion(undefined, 3), { properties: { 'confluent:version': '3' } });
    assert.ok(hasConfluentVersion(cv('abc').metadata));
  });
});
