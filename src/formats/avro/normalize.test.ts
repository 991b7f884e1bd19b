// The normalized form (Confluent's AvroSchema.normalize()) and the `format` query parameter.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { avroFormat } from './index.ts';
import { normalizedText } from './normalize.ts';
import type { AvroParsedSchema } from './parsed-schema.ts';

const parse = (text: string, dependencies = []) => avroFormat.parse(text, dependencies);

test('schemas that differ in whitespace, attribute order, prop order and short vs full names normalize the same', () => {
  const a = parse(`{"type":"record","name":"User","namespace":"com.acme","x-b":1,"x-a":{"z":1,"y":2},"fields":[
    {"name":"status","type":{"type":"enum","name":"Status","symbols":["ON","OFF"]}},
    {"name":"previous","type":"Status","x-2":2,"x-1":1}]}`);
  const b = parse(`{ "fields" : [
      { "type" : { "symbols" : ["ON", "OFF"], "name" : "com.acme.Status", "type" : "enum" }, "name" : "status" },
      { "x-1": 1, "name" : "previous", "type" : "com.acme.Status", "x-2": 2 } ],
    "x-a": {"y":2,"z":1}, "name" : "com.acme.User", "type" : "record", "x-b": 1 }`);
  assert.notEqual(a.canonical, b.canonical);
  assert.equal(a.normalized, b.normalized);
  assert.equal(a.normalized, '{"type":"record","name":"User","namespace":"com.acme","fields":['
    + '{"name":"status","type":{"type":"enum","name":"Status","symbols":["ON","OFF"]}},'
    + '{"name":"previous","type":"Status","x-1":1,"x-2":2}],"x-a":{"y":2,"z":1},"x-b":1}');
});

test('the normalizer text itself: full names, fixed attribute order, sorted props and aliases', () => {
  const schema = parse(`{"type":"record","name":"R","namespace":"n","doc":"d","aliases":["Z","A"],"x":1,"fields":[
    {"name":"f","type":{"type":"fixed","name":"F","size":8,"logicalType":"decimal","precision":5,"b":1},"doc":"fd","aliases":["y","x"],"order":"ignore"},
    {"name":"g","type":"F","default":"\\u00e9\\u20ac"},
    {"name":"e","type":{"type":"enum","name":"E","symbols":["A"],"default":"A"}}]}`) as AvroParsedSchema;
  assert.equal(normalizedText(schema.root, []), '{"name":"n.R","type":"record","fields":['
    + '{"name":"f","type":{"name":"n.F","type":"fixed","size":8,"logicalType":"decimal","precision":5,"b":1,"logicalType":"decimal","precision":5},'
    + '"order":"IGNORE","doc":"fd","aliases":["x","y"]},'
    + '{"name":"g","type":"n.F","order":"ASCENDING","default":"\u00e9?"},'
    + '{"name":"e","type":{"name":"n.E","type":"enum","symbols":["A"],"default":"A"},"order":"ASCENDING"}],'
    + '"doc":"d","aliases":["n.A","n.Z"],"x":1}');
  assert.equal(schema.normalized, '{"type":"record","name":"R","namespace":"n","doc":"d","fields":['
    + '{"name":"f","type":{"type":"fixed","name":"F","size":8,"logicalType":"decimal","precision":5,"b":1},"doc":"fd","order":"ignore","aliases":["x","y"]},'
    + '{"name":"g","type":"F","default":"\u00e9?"},'
    + '{"name":"e","type":{"type":"enum","name":"E","symbols":["A"],"default":"A"}}],"x":1,"aliases":["A","Z"]}');
});

test('valid logical types put their attributes first; invalid ones are sorted with the other props', () => {
  assert.equal(parse('{"type":"bytes","scale":2,"a":0,"precision":4,"logicalType":"decimal"}').normalized,
    '{"type":"bytes","logicalType":"decimal","precision":4,"scale":2,"a":0}');
  assert.equal(parse('{"type":"bytes","scale":5,"a":0,"precision":4,"logicalType":"decimal"}').normalized,
    '{"type":"bytes","a":0,"logicalType":"decimal","precision":4,"scale":5}');
  assert.equal(parse('{"type":"string","z":1,"logicalType":"uuid"}').normalized, '{"type":"string","logicalType":"uuid","z":1}');
  assert.equal(parse('{"type":"long","a":1,"logicalType":"timestamp-millis"}').normalized, '{"type":"long","logicalType":"timestamp-millis","a":1}');
  // timestamp-millis needs a long: on an int it is an ordinary prop.
  assert.equal(parse('{"type":"int","a":1,"logicalType":"timestamp-millis"}').normalized, '{"type":"int","a":1,"logicalType":"timestamp-millis"}');
  assert.equal(parse('{"type":"array","items":"int","z":1,"logicalType":"x"}').normalized, '{"type":"array","items":"int","logicalType":"x","z":1}');
});

test('defaults go through Avro\'s JacksonUtils conversion, as in Confluent', () => {
  const schema = parse(`{"type":"record","name":"D","fields":[
    {"name":"f","type":"float","default":0.1},
    {"name":"g","type":"float","default":0.123456789},
    {"name":"l","type":"long","default":5},
    {"name":"d","type":"double","default":3},
    {"name":"u","type":["null","string"],"default":null},
    {"name":"m","type":{"type":"map","values":"int"},"default":{"b":1,"a":2}},
    {"name":"e","type":"error_type_is_not_here_so_this_is_a_string_field_default","default":"x"}
  ]}`.replace('"error_type_is_not_here_so_this_is_a_string_field_default"', '"string"'));
  // An integer default of a double field becomes Java null in JacksonUtils.toObject: Confluent drops it.
  assert.equal(schema.normalized, '{"type":"record","name":"D","fields":['
    + '{"name":"f","type":"float","default":0.1},{"name":"g","type":"float","default":0.12345679},'
    + '{"name":"l","type":"long","default":5},{"name":"d","type":"double"},'
    + '{"name":"u","type":["null","string"],"default":null},'
    + '{"name":"m","type":{"type":"map","values":"int"},"default":{"a":2,"b":1}},'
    + '{"name":"e","type":"string","default":"x"}]}');
});

test('error records normalize to records', () => {
  assert.equal(parse('{"type":"error","name":"E","fields":[]}').normalized, '{"type":"record","name":"E","fields":[]}');
});

test('Confluent quirk kept: a null-namespace type nested in a namespaced one takes that namespace when normalized', () => {
  const schema = parse('{"type":"record","name":"a.R","fields":[{"name":"f","type":{"type":"enum","name":"E","namespace":"","symbols":["X"]}}]}');
  assert.equal(schema.canonical, '{"type":"record","name":"R","namespace":"a","fields":[{"name":"f","type":{"type":"enum","name":"E","namespace":"","symbols":["X"]}}]}');
  assert.equal(schema.normalized, '{"type":"record","name":"R","namespace":"a","fields":[{"name":"f","type":{"type":"enum","name":"E","symbols":["X"]}}]}');
});

test('references stay names in the normalized form', () => {
  const address = parse('{"type":"record","name":"Address","namespace":"geo","fields":[{"name":"city","type":"string"}]}');
  const user = avroFormat.parse('{"type":"record","name":"User","fields":[{"name":"home","type":"geo.Address"}]}', [{ name: 'geo.Address', schema: address }]);
  assert.equal(user.normalized, '{"type":"record","name":"User","fields":[{"name":"home","type":"geo.Address"}]}');
});

test('a normalized schema normalizes to itself', () => {
  const schema = parse('{"type":"record","name":"R","namespace":"n","fields":[{"name":"a","type":{"type":"bytes","logicalType":"decimal","precision":3},"default":"\\u0000"}],"z":[{"b":1,"a":1}]}');
  assert.equal(parse(schema.normalized).normalized, schema.normalized);
});

test('format=resolved inlines referenced types at first use; other formats give the canonical text', () => {
  const address = parse('{"type":"record","name":"Address","namespace":"geo","fields":[{"name":"city","type":"string"}]}');
  const user = avroFormat.parse(
    '{"type":"record","name":"User","namespace":"com.acme","fields":[{"name":"home","type":"geo.Address"},{"name":"work","type":"geo.Address"}]}',
    [{ name: 'geo.Address', schema: address }],
  );
  assert.equal(user.formatted('resolved'), '{"type":"record","name":"User","namespace":"com.acme","fields":['
    + '{"name":"home","type":{"type":"record","name":"Address","namespace":"geo","fields":[{"name":"city","type":"string"}]}},'
    + '{"name":"work","type":"geo.Address"}]}');
  assert.equal(user.formatted('RESOLVED'), user.formatted('resolved'));
  assert.equal(user.formatted(''), user.canonical);
  assert.equal(user.formatted('default'), user.canonical);
  assert.equal(user.formatted('serialized'), user.canonical);
  assert.equal(user.canonical, '{"type":"record","name":"User","namespace":"com.acme","fields":[{"name":"home","type":"geo.Address"},{"name":"work","type":"geo.Address"}]}');
  // Without references, resolved is the canonical text.
  assert.equal(address.formatted('resolved'), address.canonical);
});

test('normalizing fails where Confluent\'s does: its namespace quirk turns two types into one name', () => {
  const schema = parse(JSON.stringify({ type: 'record', name: 'a.R', fields: [
    { name: 'f', type: { type: 'enum', name: 'E', namespace: '', symbols: ['X'] } },
    { name: 'g', type: { type: 'enum', name: 'a.E', symbols: ['Y'] } },
  ] }));
  assert.throws(() => schema.normalized, /^SchemaParseError: Cannot normalize the schema: Can't redefine: a.E/);
});

test('types nested in a referenced schema also print as names (never inlined)', () => {
  const address = parse('{"type":"record","name":"Address","namespace":"geo","fields":[{"name":"country","type":{"type":"enum","name":"Country","symbols":["NL"]}}]}');
  const user = avroFormat.parse('{"type":"record","name":"User","fields":[{"name":"c","type":"geo.Country"}]}', [{ name: 'geo.Address', schema: address }]);
  assert.equal(user.canonical, '{"type":"record","name":"User","fields":[{"name":"c","type":"geo.Country"}]}');
  assert.equal(user.normalized, user.canonical);
  assert.equal(user.formatted('resolved'), '{"type":"record","name":"User","fields":[{"name":"c","type":{"type":"enum","name":"Country","namespace":"geo","symbols":["NL"]}}]}');
});
