import assert from 'node:assert/strict';
import { test } from 'node:test';
import { javaDoubleToString, javaFloatToString, printJson, quote } from './json-print.ts';
import { JsonFloat, JsonSyntaxError, parseJson } from './json-value.ts';

test('integer and floating literals stay apart; large integers stay exact', () => {
  assert.equal(parseJson('1'), 1);
  assert.deepEqual(parseJson('1.0'), new JsonFloat(1));
  assert.deepEqual(parseJson('2e3'), new JsonFloat(2000));
  assert.equal(parseJson('9007199254740991'), 9007199254740991);
  assert.equal(parseJson('9007199254740992'), 9007199254740992n);
  assert.equal(parseJson('-9223372036854775809'), -9223372036854775809n);
});

test('objects keep key order (numeric-looking keys too); repeated keys keep the first place and the last value', () => {
  const value = parseJson('{"b":1,"10":2,"a":{"x":[true,false,null]},"b":3}');
  assert.ok(value instanceof Map);
  assert.deepEqual([...value.keys()], ['b', '10', 'a']);
  assert.equal(printJson(value), '{"b":3,"10":2,"a":{"x":[true,false,null]}}');
});

test('strings: escapes decoded, control characters rejected', () => {
  assert.equal(parseJson('"a\\"b\\\\c\\/d\\n\\u00e9\\ud83d\\ude00"'), 'a"b\\c/d\né😀');
  assert.throws(() => parseJson('"a\nb"'), JsonSyntaxError);
  assert.throws(() => parseJson('"\\x"'), /invalid escape/);
  assert.throws(() => parseJson('"abc'), /unterminated string/);
});

test('syntax errors say where', () => {
  assert.throws(() => parseJson('{"a":1,}'), /unexpected character "}" at line 1 column 8/);
  assert.throws(() => parseJson('[1,\n 2 x]'), /unexpected character "x" at line 2 column 4/);
  assert.throws(() => parseJson('nul'), /unexpected character "n"/);
  assert.throws(() => parseJson('truex'), /unexpected character "x"/);
  assert.throws(() => parseJson('1.'), /decimal point/);
  assert.throws(() => parseJson('-'), /unexpected end of input/);
  assert.throws(() => parseJson('/* open'), /unterminated comment/);
});

test('quote escapes like Jackson: upper-case hex, nothing beyond ASCII controls', () => {
  assert.equal(quote('plain é'), '"plain é"');
  assert.equal(quote('\u0000\u001f\b\f\n\r\t"\\/'), '"\\u0000\\u001F\\b\\f\\n\\r\\t\\"\\\\/"');
});

test('Double.toString', () => {
  const cases: [number, string][] = [
    [0, '0.0'], [-0, '-0.0'], [1, '1.0'], [100, '100.0'], [0.1, '0.1'], [0.001, '0.001'], [0.0001, '1.0E-4'],
    [1234567.5, '1234567.5'], [1e7, '1.0E7'], [12345678.9, '1.23456789E7'], [-1.5e-10, '-1.5E-10'],
    [1e21, '1.0E21'], [Number.MAX_VALUE, '1.7976931348623157E308'], [5e-324, '4.9E-324'], [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
  ];
  for (const [value, text] of cases) assert.equal(javaDoubleToString(value), text, String(value));
});

test('Float.toString: the shortest digits that read back as the same float', () => {
  assert.equal(javaFloatToString(0.1), '0.1');
  assert.equal(javaFloatToString(0.123456789), '0.12345679');
  assert.equal(javaFloatToString(1e10), '1.0E10');
  assert.equal(javaFloatToString(3), '3.0');
  assert.equal(javaFloatToString(16777217), '1.6777216E7');
  assert.equal(javaFloatToString(1.401298464324817e-45), '1.4E-45');
});

test('NaN and infinities print quoted, as Jackson does by default', () => {
  assert.equal(printJson([new JsonFloat(Number.NaN), new JsonFloat(Number.NEGATIVE_INFINITY), new JsonFloat(2.5)]), '["NaN","-Infinity",2.5]');
});
