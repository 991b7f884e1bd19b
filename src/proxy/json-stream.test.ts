// The v3 produce body splitter: whole top-level values out of text that arrives in arbitrary pieces.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsonSplitter } from './json-stream.ts';

const feed = (pieces: readonly string[]) => {
  const splitter = new JsonSplitter();
  const out = pieces.flatMap((p) => splitter.push(p));
  return { out, rest: splitter.end() };
};

test('concatenated objects, with or without whitespace between them', () => {
  assert.deepEqual(feed(['{"a":1}{"b":2}\n{"c":3}  \r\n\t{"d":[4,{"e":5}]}']).out, ['{"a":1}', '{"b":2}', '{"c":3}', '{"d":[4,{"e":5}]}']);
});

test('values split anywhere across chunks, braces and quotes inside strings ignored', () => {
  const text = '{"s":"a}b{c\\"}"}{"t":"\\\\"}';
  for (let cut = 0; cut <= text.length; cut++) {
    const { out, rest } = feed([text.slice(0, cut), text.slice(cut)]);
    assert.deepEqual(out, ['{"s":"a}b{c\\"}"}', '{"t":"\\\\"}'], `cut at ${cut}`);
    assert.equal(rest, undefined);
    for (const v of out) JSON.parse(v);
  }
});

test('one character at a time, multi-byte text kept whole', () => {
  const text = '{"v":"héllo ✓"} {"w":[]}';
  assert.deepEqual(feed([...text]).out, ['{"v":"héllo ✓"}', '{"w":[]}']);
});

test('bare scalars and stray closers come out as values of their own, for the caller to refuse', () => {
  assert.deepEqual(feed(['12 true "x" ]{"a":1}']).out, ['12', 'true', '"x"', ']', '{"a":1}']);
});

test('an unfinished value is what end() answers', () => {
  const { out, rest } = feed(['{"a":1}{"b":', '[1,2']);
  assert.deepEqual(out, ['{"a":1}']);
  assert.equal(rest, '{"b":[1,2');
});

test('pending counts only the unfinished value', () => {
  const splitter = new JsonSplitter();
  splitter.push('{"a":1}   {"b":"xyz');
  assert.equal(splitter.pending, '{"b":"xyz'.length);
});
