// The differences themselves (all of them, compatible ones included), with Confluent's types and paths.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dependency } from '../../format.ts';
import { JsonSchema, jsonSchemaFormat } from '../index.ts';
import { pathString } from './difference.ts';
import { compareSchemas } from './schema-diff.ts';

const parse = (schema: unknown, dependencies: readonly Dependency[] = []): JsonSchema => {
  const parsed = jsonSchemaFormat.parse(JSON.stringify(schema), dependencies);
  assert.ok(parsed instanceof JsonSchema);
  return parsed;
};
const differences = (writer: JsonSchema, reader: JsonSchema): string[] =>
  compareSchemas(writer.root(), reader.root()).map((d) => `${d.type} ${pathString(d.path)}`).sort();
const diff = (writer: unknown, reader: unknown): string[] => differences(parse(writer), parse(reader));

const str = { type: 'string' };
const num = { type: 'number' };

describe('compareSchemas(writer, reader)', () => {
  const cases: Array<[string, unknown, unknown, string[]]> = [
    ['identical schemas', { type: 'object', properties: { a: str } }, { type: 'object', properties: { a: str } }, []],
    ['metadata', { title: 'a', description: 'a', default: 1 }, { title: 'b', description: 'b', default: 2 },
      ['DEFAULT_CHANGED #/', 'DESCRIPTION_CHANGED #/', 'TITLE_CHANGED #/']],
    ['string bounds', { type: 'string', minLength: 1, maxLength: 5, pattern: 'a' }, { type: 'string', minLength: 2, maxLength: 4 },
      ['MAX_LENGTH_DECREASED #/maxLength', 'MIN_LENGTH_INCREASED #/minLength', 'PATTERN_REMOVED #/pattern']],
    ['number bounds and integer', { type: 'integer', minimum: 0, exclusiveMaximum: 10, multipleOf: 4 },
      { type: 'number', minimum: 1, exclusiveMaximum: 5, multipleOf: 2 },
      ['EXCLUSIVE_MAXIMUM_DECREASED #/exclusiveMaximum', 'MINIMUM_INCREASED #/minimum', 'MULTIPLE_OF_REDUCED #/multipleOf', 'TYPE_EXTENDED #/']],
    ['exact decimal multipleOf', { type: 'number', multipleOf: 0.1 }, { type: 'number', multipleOf: 0.3 }, ['MULTIPLE_OF_EXPANDED #/multipleOf']],
    ['the same multipleOf written differently', { type: 'number', multipleOf: 10 }, { type: 'number', multipleOf: 10.0 }, []],
    ['a type list is an anyOf of types', { type: ['object'] }, { type: ['object', 'array'] }, ['SUM_TYPE_EXTENDED #/']],
    ['enum next to type is a synthetic allOf', { type: 'string', enum: ['red'] }, str, ['PRODUCT_TYPE_NARROWED #/']],
    ['enum extended inside allOf, subschemas matched out of order',
      { allOf: [str, { enum: ['red'] }] }, { allOf: [{ enum: ['red', 'blue'] }, str] }, ['ENUM_ARRAY_EXTENDED #/allOf/1/enum']],
    ['oneOf alternatives changed', { oneOf: [str] }, { oneOf: [num] }, ['COMBINED_TYPE_SUBSCHEMAS_CHANGED #/']],
    ['oneOf widened to anyOf with an added alternative', { properties: { p: { oneOf: [str] } } },
      { properties: { p: { anyOf: [num, str] } } }, ['COMBINED_TYPE_EXTENDED #/properties/p', 'SUM_TYPE_EXTENDED #/properties/p']],
    ['anyOf with two alternatives to oneOf', { anyOf: [num, str] }, { oneOf: [str] }, ['COMBINED_TYPE_CHANGED #/']],
    ['matched oneOf alternative reports its own changes at the writer index',
      { properties: { p: { oneOf: [{ type: 'string', maxLength: 5 }] } } },
      { properties: { p: { oneOf: [{ type: 'boolean' }, num, { title: 't', type: 'string', maxLength: 8 }] } } },
      ['MAX_LENGTH_INCREASED #/properties/p/oneOf/0/maxLength', 'SUM_TYPE_EXTENDED #/properties/p', 'TITLE_CHANGED #/properties/p/oneOf/0']],
    ['duplicate subschemas collapse', { allOf: [str, str] }, { allOf: [str] }, []],
    ['plain writer becomes a reader alternative', { type: 'string', maxLength: 3 }, { oneOf: [num, str] },
      ['MAX_LENGTH_REMOVED #/maxLength', 'SUM_TYPE_EXTENDED #/']],
    ['not', { not: num }, { not: { type: 'integer' } }, ['NOT_TYPE_NARROWED #/not']],
    ['open model: properties added and removed', { properties: { foo: str } }, { properties: { bar: str } },
      ['PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/bar', 'PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL #/properties/foo']],
    ['property added under a matching patternProperties',
      { properties: { foo: str }, additionalProperties: false, patternProperties: { '^I_': { type: 'integer' } } },
      { properties: { foo: str, I_1: num }, additionalProperties: false, patternProperties: { '^I_': { type: 'integer' } } },
      ['OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/I_1', 'PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/I_1', 'TYPE_EXTENDED #/properties/I_1']],
    ['property removed, not covered by the reader additionalProperties',
      { properties: { foo: str, bar: num }, additionalProperties: false }, { properties: { foo: str }, additionalProperties: str },
      ['ADDITIONAL_PROPERTIES_ADDED #/additionalProperties', 'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/bar', 'TYPE_CHANGED #/properties/bar']],
    ['required added to a partially open model', { properties: { foo: str }, additionalProperties: str },
      { properties: { foo: str, bar: str }, required: ['bar'], additionalProperties: str },
      ['PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/bar', 'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/bar']],
    ['required attribute only counts for properties both declare', { properties: { a: str }, required: ['a'] },
      { properties: { a: str, b: str }, required: ['b'] },
      ['PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/b', 'REQUIRED_ATTRIBUTE_REMOVED #/required/a']],
    ['dependencies', { dependencies: { a: ['b'], c: { required: ['d'] } } }, { dependencies: { a: ['b', 'x'], e: { required: ['d'] } } },
      ['DEPENDENCY_ARRAY_EXTENDED #/dependencies/a', 'DEPENDENCY_SCHEMA_ADDED #/dependencies/e', 'DEPENDENCY_SCHEMA_REMOVED #/dependencies/c']],
    ['property names are escaped as JSON pointer tokens', { properties: { 'a/b~': str } }, { properties: { 'a/b~': num } },
      ['TYPE_CHANGED #/properties/a~1b~0']],
    ['array items and bounds', { type: 'array', items: str, maxItems: 3, uniqueItems: true }, { type: 'array', minItems: 1 },
      ['MAX_ITEMS_REMOVED #/maxItems', 'MIN_ITEMS_ADDED #/minItems', 'SCHEMA_REMOVED #/items', 'UNIQUE_ITEMS_REMOVED #/uniqueItems']],
    ['tuple item added to a partially open tuple, not covered', { type: 'array', items: [str], additionalItems: str },
      { type: 'array', items: [str, num], additionalItems: str },
      ['ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/items/1', 'TYPE_CHANGED #/items/1']],
    ['2020-12 prefixItems and items',
      { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', prefixItems: [str], items: num },
      { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', prefixItems: [str, num], items: true },
      ['ADDITIONAL_ITEMS_EXTENDED #/additionalItems', 'ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/items/1']],
    ['2020-12 unevaluatedProperties closes the model',
      { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { a: str } },
      { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { a: str }, unevaluatedProperties: false },
      ['UNEVALUATED_PROPERTIES_REMOVED #/unevaluatedProperties']],
    ['const', { const: 1 }, { const: 2 }, ['ENUM_ARRAY_CHANGED #/const']],
    ['boolean schemas', false, str, []],
    ['reference targets are compared, at the referring path',
      { type: 'array', items: { $ref: '#/definitions/r' }, definitions: { r: str } },
      { type: 'array', items: { $ref: '#/definitions/r' }, definitions: { r: num } }, ['TYPE_CHANGED #/items']],
    // Draft 7 (everit): keywords beside `$ref` are ignored. 2020-12 (json-sKema + SchemaTranslator): they join the
    // reference in a generated allOf, so a reader adding them is a different type.
    ['draft 7: keywords beside $ref are ignored',
      { $ref: '#/definitions/r', definitions: { r: { type: 'object' } } },
      { $ref: '#/definitions/r', type: 'object', properties: { x: str }, definitions: { r: { type: 'object' } } }, []],
    ['2020-12: keywords beside $ref make an allOf with the reference',
      { $schema: 'https://json-schema.org/draft/2020-12/schema', $ref: '#/$defs/r', $defs: { r: { type: 'object' } } },
      { $schema: 'https://json-schema.org/draft/2020-12/schema', $ref: '#/$defs/r', type: 'object', properties: { x: str },
        $defs: { r: { type: 'object' } } }, ['TYPE_CHANGED #/']],
    ['2020-12: annotations beside $ref stay on the reference',
      { $schema: 'https://json-schema.org/draft/2020-12/schema', $ref: '#/$defs/r', $defs: { r: str } },
      { $schema: 'https://json-schema.org/draft/2020-12/schema', $ref: '#/$defs/r', description: 'd', $defs: { r: str } }, []],
    // SchemaTranslator ignores `format`; everit's draft 7 loader makes a string schema of it.
    ['draft 7: format alone is a string schema', { type: 'string', format: 'date' }, { format: 'date' }, []],
    ['2020-12: format alone is no schema at all',
      { $schema: 'https://json-schema.org/draft/2020-12/schema', format: 'date' },
      { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'string', format: 'date' }, ['TYPE_CHANGED #/']],
  ];
  for (const [name, writer, reader, expected] of cases) {
    it(name, () => assert.deepEqual(diff(writer, reader), [...expected].sort()));
  }

  it('reports a shared definition at every path that reaches it', () => {
    const schema = (maxLength: number): unknown => ({
      properties: { a: { $ref: '#/definitions/d' }, b: { $ref: '#/definitions/d' } },
      definitions: { d: { type: 'string', maxLength } },
    });
    assert.deepEqual(diff(schema(10), schema(5)), ['MAX_LENGTH_DECREASED #/properties/a/maxLength', 'MAX_LENGTH_DECREASED #/properties/b/maxLength']);
  });

  it('terminates on recursive schemas and finds a change deep inside them', () => {
    const tree = (valueType: string): unknown => ({
      $ref: '#/definitions/node',
      definitions: { node: { type: 'object', properties: { value: { type: valueType }, next: { $ref: '#/definitions/node' } } } },
    });
    assert.deepEqual(diff(tree('string'), tree('string')), []);
    assert.deepEqual(diff(tree('string'), tree('number')), ['TYPE_CHANGED #/properties/value']);
    const mutual = (t: string): unknown => ({
      $ref: '#/definitions/a',
      definitions: {
        a: { oneOf: [{ type: 'null' }, { type: 'object', properties: { b: { $ref: '#/definitions/b' }, v: { type: t } } }] },
        b: { oneOf: [{ type: 'null' }, { type: 'object', properties: { a: { $ref: '#/definitions/a' } } }] },
      },
    });
    assert.deepEqual(diff(mutual('string'), mutual('string')), []);
    assert.deepEqual(diff(mutual('string'), mutual('boolean')), ['COMBINED_TYPE_SUBSCHEMAS_CHANGED #/']);
  });

  it('follows references into dependencies', () => {
    const customerV1 = parse({ type: 'object', properties: { name: str }, additionalProperties: false });
    const customerV2 = parse({ type: 'object', properties: { name: str, age: { type: 'integer' } }, required: ['age'], additionalProperties: false });
    const order = { type: 'object', properties: { customer: { $ref: 'customer.json' } } };
    const v1 = parse(order, [{ name: 'customer.json', schema: customerV1 }]);
    const v2 = parse(order, [{ name: 'customer.json', schema: customerV2 }]);
    assert.deepEqual(differences(v1, v2), ['REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/customer/properties/age']);
    const backward = jsonSchemaFormat.canRead(v2, v1);
    assert.deepEqual(backward.map((f) => [f.kind, f.location]),
      [['REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL', '#/properties/customer/properties/age']]);
    assert.match(backward[0]?.message ?? '', /required property at path '#\/properties\/customer\/properties\/age'/);
    // FORWARD (the old schema reads new data): v1's closed model has no `age`.
    assert.deepEqual(jsonSchemaFormat.canRead(v1, v2).map((f) => f.kind), ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL']);
  });
});

describe('canRead', () => {
  it('reports only the incompatible differences, each with a location and a sentence', () => {
    const writer = parse({ type: 'object', properties: { a: { type: 'string', maxLength: 10 }, c: str }, additionalProperties: false, title: 'x' });
    const reader = parse({ type: 'object', properties: { a: { type: 'string', maxLength: 5 }, b: num }, required: ['b'], additionalProperties: false, title: 'y' });
    assert.deepEqual(jsonSchemaFormat.canRead(reader, writer), [
      {
        kind: 'MAX_LENGTH_DECREASED', location: '#/properties/a/maxLength',
        message: "The value at path '#/properties/a/maxLength' in the reader schema is less than its value in the writer schema",
      },
      {
        kind: 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL', location: '#/properties/c',
        message: "The reader schema has a closed content model and is missing a property or item present at path '#/properties/c' in the writer schema",
      },
      {
        kind: 'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL', location: '#/properties/b',
        message: "The reader schema has an unopen content model and has a required property at path '#/properties/b' which is missing in the writer schema",
      },
    ]);
  });

  it('is directional: BACKWARD is canRead(new, old), FORWARD is canRead(old, new)', () => {
    const old = parse({ type: 'string', enum: ['a', 'b'] });
    const extended = parse({ type: 'string', enum: ['a', 'b', 'c'] });
    assert.deepEqual(jsonSchemaFormat.canRead(extended, old), []);
    assert.deepEqual(jsonSchemaFormat.canRead(old, extended).map((f) => [f.kind, f.location]), [['COMBINED_TYPE_SUBSCHEMAS_CHANGED', '#/']]);
  });
});
