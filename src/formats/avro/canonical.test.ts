// The canonical text: what Java Avro's Schema.toString() prints, byte for byte.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { avroFormat } from './index.ts';

const canonical = (text: string, dependencies = []) => avroFormat.parse(text, dependencies).canonical;

test('primitives: a name when they have no props, an object when they do; reserved attributes are dropped', () => {
  assert.equal(canonical('"string"'), '"string"');
  assert.equal(canonical(' { "type" : "string" } '), '"string"');
  assert.equal(canonical('{"type":"int","name":"x","doc":"ignored","namespace":"n"}'), '"int"');
  assert.equal(canonical('{"logicalType":"timestamp-millis","type":"long"}'), '{"type":"long","logicalType":"timestamp-millis"}');
  assert.equal(canonical('{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}'),
    '{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}');
});

test('record, field, enum and fixed attributes in Java order, custom props kept in source order', () => {
  const text = `{
    "aliases": ["OldUser"], "x-owner": "team-a", "fields": [
      {"x-pii": true, "aliases": ["mail"], "order": "descending", "default": "none", "doc": "Email", "type": "string", "name": "email"},
      {"name": "plain", "type": "int", "order": "ascending"},
      {"name": "kind", "type": {"x-e": 1, "aliases": ["OldKind"], "default": "A", "symbols": ["A", "B"], "doc": "Kind", "name": "Kind", "type": "enum"}},
      {"name": "hash", "type": {"x-f": 2, "aliases": ["OldHash"], "size": 16, "doc": "Hash", "name": "Hash", "type": "fixed"}},
      {"name": "tags", "type": {"x-a": 3, "items": "string", "type": "array"}},
      {"name": "attrs", "type": {"x-m": 4, "values": "string", "type": "map"}}
    ],
    "doc": "A user", "namespace": "com.acme", "name": "User", "type": "record"
  }`;
  assert.equal(canonical(text), '{"type":"record","name":"User","namespace":"com.acme","doc":"A user","fields":['
    + '{"name":"email","type":"string","doc":"Email","default":"none","order":"descending","aliases":["mail"],"x-pii":true},'
    + '{"name":"plain","type":"int"},'
    + '{"name":"kind","type":{"type":"enum","name":"Kind","doc":"Kind","symbols":["A","B"],"default":"A","x-e":1,"aliases":["OldKind"]}},'
    + '{"name":"hash","type":{"type":"fixed","name":"Hash","doc":"Hash","size":16,"x-f":2,"aliases":["OldHash"]}},'
    + '{"name":"tags","type":{"type":"array","items":"string","x-a":3}},'
    + '{"name":"attrs","type":{"type":"map","values":"string","x-m":4}}'
    + '],"x-owner":"team-a","aliases":["OldUser"]}');
});

test('namespaces: inherited ones are not repeated, different ones are, a null one inside a namespace prints ""', () => {
  const text = JSON.stringify({
    type: 'record', name: 'com.acme.Order', fields: [
      { name: 'a', type: { type: 'enum', name: 'Status', symbols: ['X'] } },
      { name: 'b', type: { type: 'fixed', name: 'Id', namespace: 'com.acme', size: 4 } },
      { name: 'c', type: { type: 'record', name: 'Line', namespace: 'com.acme.lines', fields: [
        { name: 'inner', type: { type: 'enum', name: 'Unit', symbols: ['KG'] } },
        { name: 'status', type: 'com.acme.Status' },
        { name: 'unit', type: 'Unit' },
      ] } },
      { name: 'd', type: { type: 'record', name: 'Free', namespace: '', fields: [{ name: 'e', type: { type: 'enum', name: 'Loose', symbols: ['Y'] } }] } },
      { name: 'e', type: 'Status' },
      { name: 'f', type: 'com.acme.lines.Unit' },
      { name: 'g', type: 'Loose' },
    ],
  });
  assert.equal(canonical(text), '{"type":"record","name":"Order","namespace":"com.acme","fields":['
    + '{"name":"a","type":{"type":"enum","name":"Status","symbols":["X"]}},'
    + '{"name":"b","type":{"type":"fixed","name":"Id","size":4}},'
    + '{"name":"c","type":{"type":"record","name":"Line","namespace":"com.acme.lines","fields":['
    + '{"name":"inner","type":{"type":"enum","name":"Unit","symbols":["KG"]}},'
    + '{"name":"status","type":"com.acme.Status"},'
    + '{"name":"unit","type":"Unit"}]}},'
    + '{"name":"d","type":{"type":"record","name":"Free","namespace":"","fields":[{"name":"e","type":{"type":"enum","name":"Loose","symbols":["Y"]}}]}},'
    + '{"name":"e","type":"Status"},'
    + '{"name":"f","type":"com.acme.lines.Unit"},'
    + '{"name":"g","type":"Loose"}]}');
});

test('a named type named like an Avro type prints its full name when referenced', () => {
  const text = JSON.stringify({ type: 'record', name: 'x.R', fields: [
    { name: 'a', type: { type: 'fixed', name: 'record', size: 1 } }, { name: 'b', type: 'record' },
  ] });
  assert.equal(canonical(text), '{"type":"record","name":"R","namespace":"x","fields":['
    + '{"name":"a","type":{"type":"fixed","name":"record","size":1}},{"name":"b","type":"x.record"}]}');
});

test('recursive types and error records', () => {
  assert.equal(canonical('{"type":"error","name":"Node","fields":[{"name":"next","type":["null","Node"],"default":null}]}'),
    '{"type":"error","name":"Node","fields":[{"name":"next","type":["null","Node"],"default":null}]}');
});

test('numbers print as Jackson prints them', () => {
  const text = `{"type":"record","name":"N","fields":[
    {"name":"a","type":"double","default":1.0},
    {"name":"b","type":"double","default":1e2},
    {"name":"c","type":"double","default":0.00001},
    {"name":"d","type":"double","default":12345678.5},
    {"name":"e","type":"long","default":9007199254740993},
    {"name":"f","type":"double","default":"1"},
    {"name":"g","type":"float","default":"NaN"},
    {"name":"h","type":"int","default":-0},
    {"name":"i","type":"double","default":-0.0}
  ],"x-n":[1.50,2E+3,-7]}`;
  assert.equal(canonical(text), '{"type":"record","name":"N","fields":['
    + '{"name":"a","type":"double","default":1.0},{"name":"b","type":"double","default":100.0},'
    + '{"name":"c","type":"double","default":1.0E-5},{"name":"d","type":"double","default":1.23456785E7},'
    + '{"name":"e","type":"long","default":9007199254740993},{"name":"f","type":"double","default":1.0},'
    + '{"name":"g","type":"float","default":"NaN"},{"name":"h","type":"int","default":0},'
    + '{"name":"i","type":"double","default":-0.0}],"x-n":[1.5,2000.0,-7]}');
});

test('strings are escaped as Jackson escapes them; object keys keep their order, numeric-looking ones too', () => {
  const text = JSON.stringify({ type: 'string', 'x-doc': 'line\nnext\t"quoted" \\ \u0001\u001f é €', 'x-map': { b: 1, 10: 2, a: 3 } })
    .replace('{"10":2,"b":1,"a":3}', '{"b":1,"10":2,"a":3}');
  assert.equal(canonical(text), '{"type":"string","x-doc":"line\\nnext\\t\\"quoted\\" \\\\ \\u0001\\u001F é €","x-map":{"b":1,"10":2,"a":3}}');
});

test('a repeated key keeps its first position and last value, as Jackson', () => {
  assert.equal(canonical('{"type":"long","x":1,"logicalType":"a","x":2}'), '{"type":"long","x":2,"logicalType":"a"}');
});

test('aliases of named types print relative to the namespace; field aliases as written', () => {
  const text = JSON.stringify({ type: 'record', name: 'R', namespace: 'n', aliases: ['A', 'n.B', 'o.C', 'A'], fields: [
    { name: 'f', type: 'int', aliases: ['g', 'g', 'x.h'] },
  ] });
  assert.equal(canonical(text),
    '{"type":"record","name":"R","namespace":"n","fields":[{"name":"f","type":"int","aliases":["g","x.h"]}],"aliases":["A","B","o.C"]}');
});

test('types from references print as names, short in their own namespace', () => {
  const address = avroFormat.parse('{"type":"record","name":"Address","namespace":"com.acme","fields":[{"name":"city","type":"string"}]}', []);
  const text = '{"type":"record","name":"User","namespace":"com.acme","fields":[{"name":"home","type":"com.acme.Address"},{"name":"work","type":["null","Address"]}]}';
  assert.equal(avroFormat.parse(text, [{ name: 'com.acme.Address', schema: address }]).canonical,
    '{"type":"record","name":"User","namespace":"com.acme","fields":[{"name":"home","type":"Address"},{"name":"work","type":["null","Address"]}]}');
  const other = '{"type":"record","name":"Other","namespace":"org.x","fields":[{"name":"a","type":"com.acme.Address"}]}';
  assert.equal(avroFormat.parse(other, [{ name: 'com.acme.Address', schema: address }]).canonical,
    '{"type":"record","name":"Other","namespace":"org.x","fields":[{"name":"a","type":"com.acme.Address"}]}');
});

test('canonical text parses back to itself', () => {
  const text = '{"type":"record","name":"R","namespace":"n","doc":"d","fields":[{"name":"a","type":{"type":"enum","name":"E","namespace":"m","symbols":["X"],"default":"X"},"default":"X"},{"name":"b","type":"m.E"},{"name":"c","type":{"type":"map","values":{"type":"fixed","name":"F","size":3,"x":[1]}}}],"p":{"q":null},"aliases":["Q"]}';
  assert.equal(canonical(text), text);
  assert.equal(canonical(canonical(text)), text);
});
