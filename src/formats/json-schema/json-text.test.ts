import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonNumber, JsonSyntaxError, jsonEquals, parseJsonText, printJson } from './json-text.ts';

const canonical = (text: string): string => printJson(parseJsonText(text), { sortKeys: false });
const sorted = (text: string): string => printJson(parseJsonText(text), { sortKeys: true });

describe('parseJsonText and printJson (Jackson-compatible)', () => {
  it('keeps keys in their written order, integer-like keys included', () => {
    assert.equal(canonical('{ "b": 1, "10": 2, "2": 3, "a": {"z": null, "y": [true, false]} }'),
      '{"b":1,"10":2,"2":3,"a":{"z":null,"y":[true,false]}}');
  });

  it('sorts keys at every level when asked, by UTF-16 code units like Java', () => {
    assert.equal(sorted('{"b":{"y":1,"x":2},"a":[{"d":1,"c":2}],"B":0,"é":1}'),
      '{"B":0,"a":[{"c":2,"d":1}],"b":{"x":2,"y":1},"é":1}');
  });

  it('prints decimals as BigDecimal.toString() and integers as written', () => {
    const cases: Array<[string, string]> = [
      ['1.0', '1.0'], ['1e2', '1E+2'], ['1.5E3', '1.5E+3'], ['12.5e1', '125'], ['0.5', '0.5'],
      ['0.0000001', '1E-7'], ['0.000001', '0.000001'], ['1.5e-7', '1.5E-7'], ['100e-2', '1.00'], ['-0', '0'],
      ['-0.0', '0.0'], ['-2.50', '-2.50'], ['123456789012345678901234567890', '123456789012345678901234567890'],
      ['0e0', '0'], ['5E-1', '0.5'],
    ];
    for (const [lexeme, text] of cases) assert.equal(new JsonNumber(lexeme).text, text, lexeme);
    assert.equal(canonical('[1.0, 2, 3e0]'), '[1.0,2,3]');
  });

  it('escapes strings as Jackson does: standard escapes, other control characters in uppercase hex', () => {
    assert.equal(canonical(String.raw`"a\"b\\c\/d\n\t\u0001\u001f é \u2028"`), '"a\\"b\\\\c/d\\n\\t\\u0001\\u001F é \u2028"');
  });

  it('keeps the first position and the last value of a duplicate key', () => {
    assert.equal(canonical('{"a":1,"b":2,"a":3}'), '{"a":3,"b":2}');
  });

  it('rejects text that is not strict JSON, saying where', () => {
    for (const text of ['{"a":1,}', '{a:1}', '[1 2]', '{"a":1} x', "'x'", 'NaN', '01', '"\t"', '']) {
      assert.throws(() => parseJsonText(text), JsonSyntaxError, text);
    }
    assert.throws(() => parseJsonText('{\n  "a": tru\n}'), /line 2, column 8/);
  });

  it('compares values structurally, numbers by value', () => {
    assert.ok(jsonEquals(parseJsonText('{"a":[1,{"b":2}],"c":1.0}'), parseJsonText('{"c":1,"a":[1.00,{"b":2}]}')));
    assert.ok(!jsonEquals(parseJsonText('[1,2]'), parseJsonText('[2,1]')));
    assert.ok(!jsonEquals(parseJsonText('"1"'), parseJsonText('1')));
  });
});
