// The exact incompatibilities (kind, location, message) as Java's SchemaCompatibility reports them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Incompatibility } from '../format.ts';
import { avroFormat } from './index.ts';

const check = (reader: unknown, writer: unknown): readonly Incompatibility[] =>
  avroFormat.canRead(avroFormat.parse(JSON.stringify(reader), []), avroFormat.parse(JSON.stringify(writer), []));

const record = (name: string, fields: unknown[], extra: object = {}) => ({ type: 'record', name, fields, ...extra });

test('a primitive type mismatch at the root', () => {
  assert.deepEqual(check('int', 'long'), [
    { kind: 'TYPE_MISMATCH', location: '/', message: 'reader type: INT not compatible with writer type: LONG' },
  ]);
});

test('a field type mismatch points at the reader field type', () => {
  const reader = record('User', [{ name: 'id', type: 'long' }, { name: 'age', type: 'int' }]);
  const writer = record('User', [{ name: 'id', type: 'long' }, { name: 'age', type: 'string' }]);
  assert.deepEqual(check(reader, writer), [
    { kind: 'TYPE_MISMATCH', location: '/fields/1/type', message: 'reader type: INT not compatible with writer type: STRING' },
  ]);
});

test('a reader field without default names the field', () => {
  const reader = record('User', [{ name: 'id', type: 'long' }, { name: 'email', type: 'string' }]);
  const writer = record('User', [{ name: 'id', type: 'long' }]);
  assert.deepEqual(check(reader, writer), [
    { kind: 'READER_FIELD_MISSING_DEFAULT_VALUE', location: '/fields/1', message: 'email' },
  ]);
});

test('every incompatibility is reported, in reader field order', () => {
  const reader = record('R', [{ name: 'a', type: 'int' }, { name: 'b', type: 'string' }, { name: 'c', type: 'int' }]);
  const writer = record('R', [{ name: 'a', type: 'long' }]);
  assert.deepEqual(check(reader, writer), [
    { kind: 'TYPE_MISMATCH', location: '/fields/0/type', message: 'reader type: INT not compatible with writer type: LONG' },
    { kind: 'READER_FIELD_MISSING_DEFAULT_VALUE', location: '/fields/1', message: 'b' },
    { kind: 'READER_FIELD_MISSING_DEFAULT_VALUE', location: '/fields/2', message: 'c' },
  ]);
});

test('a record name mismatch gives the writer full name and is reported with the field problems', () => {
  const reader = record('Person', [{ name: 'x', type: 'int' }], { namespace: 'com.acme' });
  const writer = record('User', [{ name: 'x', type: 'long' }], { namespace: 'com.acme' });
  assert.deepEqual(check(reader, writer), [
    { kind: 'NAME_MISMATCH', location: '/name', message: 'expected: com.acme.User' },
    { kind: 'TYPE_MISMATCH', location: '/fields/0/type', message: 'reader type: INT not compatible with writer type: LONG' },
  ]);
});

test('missing enum symbols are listed sorted', () => {
  const reader = record('Card', [{ name: 'suit', type: { type: 'enum', name: 'Suit', symbols: ['A', 'B'] } }]);
  const writer = record('Card', [{ name: 'suit', type: { type: 'enum', name: 'Suit', symbols: ['D', 'A', 'C', 'B'] } }]);
  assert.deepEqual(check(reader, writer), [
    { kind: 'MISSING_ENUM_SYMBOLS', location: '/fields/0/type/symbols', message: '[C, D]' },
  ]);
});

test('an enum default in the reader accepts unknown symbols', () => {
  const reader = { type: 'enum', name: 'Suit', symbols: ['A', 'OTHER'], default: 'OTHER' };
  assert.deepEqual(check(reader, { type: 'enum', name: 'Suit', symbols: ['A', 'B'] }), []);
});

test('fixed size and name', () => {
  assert.deepEqual(check({ type: 'fixed', name: 'F', size: 4 }, { type: 'fixed', name: 'G', size: 8 }), [
    { kind: 'NAME_MISMATCH', location: '/name', message: 'expected: G' },
    { kind: 'FIXED_SIZE_MISMATCH', location: '/size', message: 'expected: 8, found: 4' },
  ]);
});

test('array items and map values locations', () => {
  assert.deepEqual(check({ type: 'array', items: 'int' }, { type: 'array', items: 'string' }), [
    { kind: 'TYPE_MISMATCH', location: '/items', message: 'reader type: INT not compatible with writer type: STRING' },
  ]);
  assert.deepEqual(check({ type: 'map', values: 'boolean' }, { type: 'map', values: 'int' }), [
    { kind: 'TYPE_MISMATCH', location: '/values', message: 'reader type: BOOLEAN not compatible with writer type: INT' },
  ]);
});

test('a writer union branch missing from the reader union: location ends with the writer branch index', () => {
  const reader = record('R', [{ name: 'v', type: ['null', 'string'] }]);
  const writer = record('R', [{ name: 'v', type: ['null', 'string', 'int', { type: 'array', items: 'int' }] }]);
  assert.deepEqual(check(reader, writer), [
    { kind: 'MISSING_UNION_BRANCH', location: '/fields/0/type/2', message: 'reader union lacking writer type: INT' },
    { kind: 'MISSING_UNION_BRANCH', location: '/fields/0/type/3', message: 'reader union lacking writer type: ARRAY' },
  ]);
});

test('a reader union that lacks the (non-union) writer type', () => {
  assert.deepEqual(check(['null', 'int'], 'string'), [
    { kind: 'MISSING_UNION_BRANCH', location: '/', message: 'reader union lacking writer type: STRING' },
  ]);
});

test('a non-union reader against a writer union reports each bad branch', () => {
  assert.deepEqual(check('long', ['null', 'int', 'string']), [
    { kind: 'TYPE_MISMATCH', location: '/0', message: 'reader type: LONG not compatible with writer type: NULL' },
    { kind: 'TYPE_MISMATCH', location: '/2', message: 'reader type: LONG not compatible with writer type: STRING' },
  ]);
});

test('a record branch that is named in a union reports the record type', () => {
  const reader = ['null', record('A', [{ name: 'x', type: 'int' }])];
  const writer = ['null', record('B', [{ name: 'x', type: 'int' }])];
  assert.deepEqual(check(reader, writer), [
    { kind: 'MISSING_UNION_BRANCH', location: '/1', message: 'reader union lacking writer type: RECORD' },
  ]);
});

test('Java quirk: a reader enum field with an enum default, missing in the writer, is checked against the writer record', () => {
  const reader = record('Card', [{ name: 'suit', type: { type: 'enum', name: 'Suit', symbols: ['A'], default: 'A' } }]);
  assert.deepEqual(check(reader, record('Card', [])), [
    { kind: 'TYPE_MISMATCH', location: '/fields/0/type', message: 'reader type: ENUM not compatible with writer type: RECORD' },
  ]);
});

test('recursive schemas terminate and still find deep problems', () => {
  const node = (valueType: string) => record('Node', [
    { name: 'value', type: valueType },
    { name: 'next', type: ['null', 'Node'], default: null },
  ]);
  assert.deepEqual(check(node('long'), node('int')), []);
  assert.deepEqual(check(node('int'), node('long')), [
    { kind: 'TYPE_MISMATCH', location: '/fields/0/type', message: 'reader type: INT not compatible with writer type: LONG' },
  ]);
});

test('field aliases: the reader field reads the writer field named by its alias', () => {
  const reader = record('R', [{ name: 'mail', type: 'int', aliases: ['email'] }]);
  assert.deepEqual(check(reader, record('R', [{ name: 'email', type: 'long' }])), [
    { kind: 'TYPE_MISMATCH', location: '/fields/0/type', message: 'reader type: INT not compatible with writer type: LONG' },
  ]);
});

test('a reader field matching two writer fields (name and alias) is reported, as Java throws there', () => {
  const reader = record('R', [{ name: 'a', type: 'int', aliases: ['b'] }]);
  const found = check(reader, record('R', [{ name: 'a', type: 'int' }, { name: 'b', type: 'int' }]));
  assert.equal(found.length, 1);
  assert.equal(found[0]?.location, '/fields/0');
  assert.match(found[0]?.message ?? '', /Reader record field a matches multiple fields in writer record schema R/);
});

test('canRead works on schemas with references (named types from dependencies)', () => {
  const address = avroFormat.parse(JSON.stringify(record('Address', [{ name: 'city', type: 'string' }], { namespace: 'geo' })), []);
  const dependencies = [{ name: 'geo.Address', schema: address }];
  const v1 = avroFormat.parse(JSON.stringify(record('User', [{ name: 'home', type: 'geo.Address' }])), dependencies);
  const v2 = avroFormat.parse(JSON.stringify(record('User', [{ name: 'home', type: 'geo.Address' }, { name: 'work', type: 'geo.Address' }])), dependencies);
  assert.deepEqual(avroFormat.canRead(v1, v2), []);
  assert.deepEqual(avroFormat.canRead(v2, v1), [
    { kind: 'READER_FIELD_MISSING_DEFAULT_VALUE', location: '/fields/1', message: 'work' },
  ]);
});
