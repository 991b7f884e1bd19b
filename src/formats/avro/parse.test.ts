// Validation: every rule Java's Schema.Parser (validateDefaults=true) enforces, and what it accepts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SchemaParseError } from '../format.ts';
import { avroFormat, parseAvroSchema } from './index.ts';

const parse = (schema: unknown) => avroFormat.parse(typeof schema === 'string' ? schema : JSON.stringify(schema), []);

function rejects(schema: unknown, message: RegExp): void {
  assert.throws(() => parse(schema), (error: unknown) => {
    assert.ok(error instanceof SchemaParseError, `expected SchemaParseError, got ${String(error)}`);
    assert.match(error.message, message);
    return true;
  });
}

const record = (fields: unknown[], extra: object = {}) => ({ type: 'record', name: 'User', namespace: 'com.acme', fields, ...extra });

test('invalid JSON', () => {
  rejects('{"type": "record", ', /^Invalid schema JSON: unexpected end of input at line 1 column 20$/);
  rejects('{"type": "string"} x', /^Invalid schema JSON: unexpected content after the end of the schema/);
  rejects('{"type": \'string\'}', /^Invalid schema JSON: unexpected character "'" at line 1 column 10$/);
  rejects('[01]', /leading zeroes/);
  rejects('', /unexpected end of input/);
});

test('comments are allowed, as Java Avro enables them', () => {
  assert.equal(parse('/* a comment */ {"type": "string" // another\n}').canonical, '"string"');
});

test('absurd nesting is a parse error, not a crash', () => {
  rejects(`${'['.repeat(100000)}${']'.repeat(100000)}`, /^Invalid schema: nested too deeply$/);
});

test('not a schema', () => {
  rejects(5, /^Not a schema at the top level: 5/);
  rejects(record([{ name: 'a', type: true }]), /^Not a schema at \/fields\/0\/type: true/);
});

test('unknown type names', () => {
  rejects('"strin"', /^Undefined name: "strin" at the top level/);
  rejects(record([{ name: 'a', type: 'Address' }]), /^"Address" is not a defined name\. The type of the "a" field must be a defined name or a \{"type": \.\.\.\} expression\. \(at \/fields\/0\/type\)$/);
  rejects({ type: 'array', items: 'record' }, /^Undefined name: "record" at \/items/);
  rejects({ type: 'com.acme.Missing' }, /^Undefined name: "com.acme.Missing" at \/type/);
});

test('"type" must be a string', () => {
  rejects({ type: { type: 'string' } }, /^No type at the top level: a schema object needs "type" to be a string, found \{"type":"string"\}/);
  rejects({ name: 'x' }, /^No type at the top level: .* found none/);
});

test('named types need a name', () => {
  rejects({ type: 'record', fields: [] }, /^No name in record at the top level/);
  rejects({ type: 'enum', symbols: ['A'] }, /^No name in enum at the top level/);
  rejects({ type: 'fixed', size: 4 }, /^No name in fixed at the top level/);
  rejects(record([{ name: 'f', type: { type: 'record', name: 5, fields: [] } }]), /^No name in record at \/fields\/0\/type/);
});

test('names and namespaces must be valid', () => {
  rejects({ type: 'record', name: '1User', fields: [] }, /^Invalid record name at the top level: invalid name "1User": Illegal initial character: 1User/);
  rejects({ type: 'record', name: 'Us-er', fields: [] }, /Illegal character in: Us-er/);
  rejects({ type: 'enum', name: 'E', namespace: 'com..acme', symbols: ['A'] }, /^Invalid enum name .*invalid namespace "com..acme": part "" is invalid: Empty name/);
  rejects({ type: 'fixed', name: 'com.9acme.F', size: 1 }, /invalid namespace "com.9acme": part "9acme" is invalid: Illegal initial character/);
  rejects(record([{ name: 'first-name', type: 'string' }]), /^Invalid field name "first-name" in record "com.acme.User" at \/fields\/0: Illegal character in: first-name/);
  rejects({ type: 'record', name: 'R', fields: [], aliases: ['bad name'] }, /^Invalid alias "bad name" of "R"/);
  // Java's validator takes Unicode letters.
  assert.equal(parse({ type: 'record', name: 'Äpfel', fields: [{ name: 'größe', type: 'int' }] }).canonical,
    '{"type":"record","name":"Äpfel","fields":[{"name":"größe","type":"int"}]}');
});

test('named types may not be named after primitives (unless namespaced)', () => {
  rejects({ type: 'record', name: 'string', fields: [] }, /^Schemas may not be named after primitives: string/);
  assert.equal(parse({ type: 'fixed', name: 'x.int', size: 1 }).canonical, '{"type":"fixed","name":"int","namespace":"x","size":1}');
});

test('a named type is defined once', () => {
  const address = { type: 'record', name: 'Address', fields: [{ name: 'city', type: 'string' }] };
  rejects(record([{ name: 'home', type: address }, { name: 'work', type: address }]), /^Can't redefine: com.acme.Address \(defined again at \/fields\/1\/type/);
  rejects(['null', { type: 'enum', name: 'E', symbols: ['A'] }, { type: 'fixed', name: 'E', size: 1 }], /^Can't redefine: E/);
});

test('a named type is used after its definition; its own fields may refer to it', () => {
  rejects(record([{ name: 'a', type: 'Later' }, { name: 'b', type: { type: 'fixed', name: 'Later', size: 2 } }]), /^"Later" is not a defined name\./);
  assert.doesNotThrow(() => parse({ type: 'record', name: 'Node', fields: [{ name: 'next', type: ['null', 'Node'] }] }));
});

test('records need a fields array; fields need a name and a type; no duplicates', () => {
  rejects({ type: 'record', name: 'R' }, /^Record "R" at the top level has no "fields" array/);
  rejects({ type: 'record', name: 'R', fields: {} }, /^Record "R" at the top level has no "fields" array/);
  rejects(record([{ type: 'string' }]), /^No field name in record "com.acme.User" at \/fields\/0/);
  rejects(record(['string']), /^No field name in record "com.acme.User" at \/fields\/0/);
  rejects(record([{ name: 'a' }]), /^No field type for field "a" in record "com.acme.User" at \/fields\/0/);
  rejects(record([{ name: 'a', type: 'int' }, { name: 'a', type: 'long' }]), /^Duplicate field "a" in record "com.acme.User" at \/fields\/1/);
  rejects(record([{ name: 'a', type: 'int', order: 'up' }]), /^Field "a" in record "com.acme.User" at \/fields\/0: invalid order "up"/);
});

test('enums: symbols array of valid, distinct names; default among them', () => {
  rejects({ type: 'enum', name: 'E' }, /^Enum "E" at the top level has no "symbols" array/);
  rejects({ type: 'enum', name: 'E', symbols: ['A', 'A'] }, /^Enum "E" at \/symbols\/1: duplicate symbol "A"/);
  rejects({ type: 'enum', name: 'E', symbols: ['A', '1B'] }, /^Enum "E" at \/symbols\/1: invalid symbol "1B": Illegal initial character/);
  rejects({ type: 'enum', name: 'E', symbols: ['A', 2] }, /^Enum "E" at \/symbols\/1: symbol 2 is not a string/);
  rejects({ type: 'enum', name: 'E', symbols: ['A', 'B'], default: 'C' }, /^Enum "E" at the top level: default "C" is not one of its symbols \[A, B\]/);
});

test('fixed: size is a non-negative integer', () => {
  rejects({ type: 'fixed', name: 'F' }, /^Fixed "F" at the top level: invalid or no "size" \(needs a non-negative integer\)/);
  rejects({ type: 'fixed', name: 'F', size: -1 }, /invalid or no "size" -1/);
  rejects({ type: 'fixed', name: 'F', size: 1.5 }, /invalid or no "size" 1.5/);
  rejects('{"type":"fixed","name":"F","size":16.0}', /invalid or no "size" 16.0/);
  rejects({ type: 'fixed', name: 'F', size: '16' }, /invalid or no "size" "16"/);
  assert.equal(parse({ type: 'fixed', name: 'F', size: 0 }).canonical, '{"type":"fixed","name":"F","size":0}');
});

test('arrays need items, maps need values', () => {
  rejects({ type: 'array' }, /^Array at the top level has no "items" type/);
  rejects(record([{ name: 'm', type: { type: 'map', items: 'int' } }]), /^Map at \/fields\/0\/type has no "values" type/);
});

test('unions: no nested unions, no duplicate types or names', () => {
  rejects(['null', ['int', 'string']], /^Nested union at \/1: a union may not directly contain another union/);
  rejects(['string', 'int', 'string'], /^Duplicate in union at \/2: "string" appears twice/);
  rejects(['string', { type: 'string', logicalType: 'uuid' }], /^Duplicate in union at \/1: "string"/);
  rejects([{ type: 'array', items: 'int' }, { type: 'array', items: 'string' }], /^Duplicate in union at \/1: "array"/);
  rejects(['null', { type: 'fixed', name: 'F', size: 1 }, 'F'], /^Duplicate in union at \/2: "F"/);
  assert.equal(parse(['null', { type: 'fixed', name: 'a.F', size: 1 }, { type: 'fixed', name: 'b.F', size: 1 }]).canonical,
    '["null",{"type":"fixed","name":"F","namespace":"a","size":1},{"type":"fixed","name":"F","namespace":"b","size":1}]');
});

test('aliases must be an array of strings', () => {
  rejects({ type: 'record', name: 'R', fields: [], aliases: 'Old' }, /^"aliases" at the top level is not an array/);
  rejects(record([{ name: 'a', type: 'int', aliases: [1] }]), /^Alias 1 at \/fields\/0 is not a string/);
});

test('defaults must match their type', () => {
  rejects(record([{ name: 'email', type: 'int', default: 'x' }]), /^Field "email" in record "com.acme.User" at \/fields\/0: default "x" is not a valid "int"$/);
  rejects(record([{ name: 'n', type: 'int', default: 1.5 }]), /default 1.5 is not a valid "int"/);
  rejects(record([{ name: 'n', type: 'int', default: 2147483648 }]), /default 2147483648 is not a valid "int"/);
  rejects('{"type":"record","name":"R","fields":[{"name":"n","type":"long","default":9223372036854775808}]}', /default 9223372036854775808 is not a valid "long"/);
  rejects(record([{ name: 'b', type: 'boolean', default: 'true' }]), /default "true" is not a valid "boolean"/);
  rejects(record([{ name: 's', type: 'string', default: null }]), /default null is not a valid "string"/);
  rejects(record([{ name: 'b', type: 'bytes', default: 1 }]), /default 1 is not a valid "bytes"/);
  rejects(record([{ name: 'a', type: { type: 'array', items: 'int' }, default: [1, 'x'] }]), /default \[1,"x"\] is not a valid \{"type":"array","items":"int"\}/);
  rejects(record([{ name: 'm', type: { type: 'map', values: 'int' }, default: [] }]), /default \[\] is not a valid/);
  rejects(record([{ name: 'd', type: 'double', default: 'abc' }]), /default "abc" is not a valid "double"/);
});

test('union defaults must match the first branch', () => {
  rejects(record([{ name: 'email', type: ['null', 'string'], default: 'x' }]), /default "x" is not a valid \["null","string"\]/);
  rejects(record([{ name: 'email', type: ['string', 'null'], default: null }]), /default null is not a valid \["string","null"\]/);
  assert.doesNotThrow(() => parse(record([{ name: 'email', type: ['string', 'null'], default: 'x' }])));
});

test('record defaults: an object with a valid value (or a field default) for every field', () => {
  const point = { type: 'record', name: 'Point', fields: [{ name: 'x', type: 'int' }, { name: 'y', type: 'int', default: 0 }] };
  assert.doesNotThrow(() => parse(record([{ name: 'p', type: point, default: { x: 1 } }])));
  rejects(record([{ name: 'p', type: point, default: { y: 1 } }]), /default \{"y":1\} is not a valid "com.acme.Point"/);
  rejects(record([{ name: 'p', type: point, default: 'origin' }]), /is not a valid "com.acme.Point"/);
});

test('enum and fixed defaults are strings', () => {
  assert.doesNotThrow(() => parse(record([{ name: 'e', type: { type: 'enum', name: 'E', symbols: ['A'] }, default: 'A' }])));
  rejects(record([{ name: 'e', type: { type: 'enum', name: 'E', symbols: ['A'] }, default: 1 }]), /default 1 is not a valid "com.acme.E"/);
  assert.doesNotThrow(() => parse(record([{ name: 'f', type: { type: 'fixed', name: 'F', size: 2 }, default: '\u00ff\u00ff' }])));
});

test('a default that needs the record being defined is an error (Java: fields not set yet)', () => {
  rejects({ type: 'record', name: 'R', fields: [{ name: 'self', type: 'R', default: {} }] }, /^Field "self" in record "R" at \/fields\/0: default \{\} cannot be checked: it needs the fields of record "R", which are still being defined$/);
});

test('default validation can be turned off, as Confluent does when it re-reads stored schemas', () => {
  const text = JSON.stringify(record([{ name: 'email', type: 'int', default: 'x' }]));
  assert.equal(parseAvroSchema(text, [], { validateDefaults: false }).canonical,
    '{"type":"record","name":"User","namespace":"com.acme","fields":[{"name":"email","type":"int","default":"x"}]}');
});

test('invalid logical types are kept as properties, not errors', () => {
  const decimal = { type: 'bytes', logicalType: 'decimal', precision: 2, scale: 5 };
  assert.equal(parse(decimal).canonical, '{"type":"bytes","logicalType":"decimal","precision":2,"scale":5}');
  assert.equal(parse({ type: 'string', logicalType: 'no-such-type' }).canonical, '{"type":"string","logicalType":"no-such-type"}');
});

test('references: types of dependencies are usable by full name, transitively', () => {
  const country = avroFormat.parse(JSON.stringify({ type: 'enum', name: 'Country', namespace: 'geo', symbols: ['NL', 'BE'] }), []);
  const address = avroFormat.parse(
    JSON.stringify({ type: 'record', name: 'Address', namespace: 'geo', fields: [{ name: 'country', type: 'Country' }] }),
    [{ name: 'geo.Country', schema: country }],
  );
  const user = avroFormat.parse(
    JSON.stringify(record([{ name: 'home', type: 'geo.Address' }, { name: 'country', type: 'geo.Country' }])),
    [{ name: 'geo.Address', schema: address }],
  );
  assert.equal(user.canonical,
    '{"type":"record","name":"User","namespace":"com.acme","fields":[{"name":"home","type":"geo.Address"},{"name":"country","type":"geo.Country"}]}');
  rejects(record([{ name: 'home', type: 'geo.Address' }]), /^"geo.Address" is not a defined name\./);
  assert.throws(
    () => avroFormat.parse(JSON.stringify({ type: 'enum', name: 'Country', namespace: 'geo', symbols: ['X'] }), [{ name: 'geo.Country', schema: country }]),
    /Can't redefine: geo.Country/,
  );
});

test('references must be Avro schemas', () => {
  const foreign = { type: 'JSON' as const, canonical: '{}', normalized: '{}', dependencies: [], recordName: undefined, formatted: () => '{}' };
  assert.throws(() => avroFormat.parse('"string"', [{ name: 'x', schema: foreign }]), /Reference "x" is a JSON schema/);
});
