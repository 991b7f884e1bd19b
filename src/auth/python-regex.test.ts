import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { compilePythonMatch, PatternError } from './python-regex.ts';

const cases: Array<[string, string]> = [
  ['Subject:orders', 'Subject:orders'],
  ['Subject:orders', 'Subject:orders-v2'], // re.match is a prefix match
  ['Subject:orders', 'xSubject:orders'],
  ['Subject:orders$', 'Subject:orders-v2'],
  ['Subject:a|Subject:b', 'Subject:b'],
  ['Subject:a|Subject:b', 'Subject:xb'],
  ['Subject:.*', 'Config:'],
  ['.*', 'Config:'],
  ['Config:', 'Config:'],
  ['Subject:(?P<team>[a-z]+)-(?P=team)', 'Subject:ab-ab'],
  ['Subject:(?P<team>[a-z]+)-(?P=team)', 'Subject:ab-cd'],
  ['(?i)subject:ORDERS', 'Subject:orders'],
  ['Subject:[]x]+', 'Subject:]x]'],
  ['Subject:[^]x]+', 'Subject:abc'],
  ['\\ASubject:a\\Z', 'Subject:a'],
  ['\\ASubject:a\\Z', 'Subject:ab'],
  ['Subject:team\\.', 'Subject:team.x'],
  ['Subject:team\\.', 'Subject:teamx'],
  ['(?m)^Subject:b', 'Subject:a\nSubject:b'],
];

test('matches exactly where Python re.match does', () => {
  const code = 'import json,re,sys\nprint(json.dumps([re.match(p, s) is not None for p, s in json.load(sys.stdin)]))';
  const python = JSON.parse(execFileSync('python3', ['-c', code], { input: JSON.stringify(cases), encoding: 'utf8' })) as boolean[];
  const ours = cases.map(([p, s]) => compilePythonMatch(p).test(s));
  assert.deepEqual(ours, python);
  assert.deepEqual(python.slice(0, 3), [true, true, false]);
});

test('the same RegExp answers the same twice (no lastIndex state)', () => {
  const r = compilePythonMatch('Subject:a');
  assert.equal(r.test('Subject:a'), true);
  assert.equal(r.test('Subject:a'), true);
});

test('invalid and unsupported patterns are PatternErrors', () => {
  assert.throws(() => compilePythonMatch('Subject:('), PatternError);
  assert.throws(() => compilePythonMatch('Subject:[a'), PatternError);
  assert.throws(() => compilePythonMatch('(?x)a b'), PatternError);
});
