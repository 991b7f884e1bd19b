import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contractKey, groupValue, mergeMetadata, mergeRuleSets, NO_CONTRACT, resolveContract, validateRuleSet } from './contracts.ts';
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
