import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Dependency, type ParsedSchema, SchemaParseError } from '../format.ts';
import { JsonSchema, jsonSchemaFormat } from './index.ts';

const parse = (schema: unknown, dependencies: readonly Dependency[] = []): JsonSchema => {
  const parsed = jsonSchemaFormat.parse(typeof schema === 'string' ? schema : JSON.stringify(schema), dependencies);
  assert.ok(parsed instanceof JsonSchema);
  return parsed;
};
const rejects = (schema: unknown, message: RegExp, dependencies: readonly Dependency[] = []): void => {
  assert.throws(() => parse(schema, dependencies), (error: unknown) => {
    assert.ok(error instanceof SchemaParseError, `expected SchemaParseError, got ${String(error)}`);
    assert.match(error.message, message);
    return true;
  });
};

describe('parse: drafts', () => {
  const drafts = [
    {
      draft: 'draft-04', $schema: 'http://json-schema.org/draft-04/schema#',
      valid: { type: 'object', properties: { n: { type: 'integer', minimum: 0, exclusiveMinimum: true } }, required: [] },
      invalid: { type: 'object', properties: { n: { type: 'integer', exclusiveMinimum: 5 } } },
      problem: /exclusiveMinimum must be boolean/,
    },
    {
      draft: 'draft-06', $schema: 'http://json-schema.org/draft-06/schema#',
      valid: { type: 'object', properties: { n: { type: 'integer', exclusiveMinimum: 5 }, c: { const: 1 } } },
      invalid: { type: 'object', required: 'n' },
      problem: /#\/required must be array/,
    },
    {
      draft: 'draft-07', $schema: 'http://json-schema.org/draft-07/schema#',
      valid: { type: 'object', if: { required: ['a'] }, then: { required: ['b'] }, 'x-custom': { any: 'thing' } },
      invalid: { type: 'object', properties: { a: { type: 'strin' } } },
      problem: /#\/properties\/a\/type must be equal to one of the allowed values/,
    },
    {
      draft: '2019-09', $schema: 'https://json-schema.org/draft/2019-09/schema',
      valid: { type: 'object', $defs: { s: { type: 'string' } }, dependentRequired: { a: ['b'] }, properties: { a: { $ref: '#/$defs/s' } } },
      invalid: { type: 'object', dependentRequired: { a: 'b' } },
      problem: /#\/dependentRequired\/a must be array/,
    },
    {
      draft: '2020-12', $schema: 'https://json-schema.org/draft/2020-12/schema',
      valid: { type: 'array', prefixItems: [{ type: 'string' }], items: false },
      invalid: { type: 'array', prefixItems: { type: 'string' } },
      problem: /#\/prefixItems must be array/,
    },
  ] as const;

  for (const { draft, $schema, valid, invalid, problem } of drafts) {
    it(`detects ${draft} from $schema and checks against its meta-schema`, () => {
      assert.equal(parse({ $schema, ...valid }).draft, draft);
      rejects({ $schema, ...invalid }, problem);
      rejects({ $schema, ...invalid }, new RegExp(`Invalid JSON Schema \\(${draft}\\)`));
    });
  }

  it('defaults to draft 7, as Confluent, without $schema or with an unknown one', () => {
    assert.equal(parse({ type: 'string' }).draft, 'draft-07');
    assert.equal(parse({ $schema: 'https://example.com/my-meta', type: 'string' }).draft, 'draft-07');
    assert.equal(parse({ $schema: 'https://json-schema.org/draft-07/schema', type: 'string' }).draft, 'draft-07');
  });

  it('accepts boolean schemas and rejects other JSON values', () => {
    assert.equal(parse('true').canonical, 'true');
    assert.equal(parse('false').canonical, 'false');
    rejects('"string"', /must be a JSON object or a boolean/);
    rejects('[{"type":"string"}]', /must be a JSON object or a boolean/);
  });

  it('says where invalid JSON is wrong', () => {
    rejects('{"type": "object",\n "properties": {]}', /^Invalid JSON: expected a property name, unexpected character '\]' at line 2, column 17$/);
    rejects('', /Invalid JSON: unexpected end of input/);
  });
});

describe('parse: references', () => {
  const customer = parse({ type: 'object', properties: { name: { type: 'string' } }, required: ['name'] });
  const order = { type: 'object', properties: { customer: { $ref: 'customer.json' } } };

  it('rejects a $ref that is neither internal nor a reference name', () => {
    rejects(order, /unresolved \$ref 'customer\.json' at #\/properties\/customer\/\$ref.*\(none\)/);
    rejects({ $ref: '#/definitions/missing', definitions: {} }, /unresolved \$ref '#\/definitions\/missing'/);
    rejects(order, /references \('other\.json'\)/, [{ name: 'other.json', schema: customer }]);
  });

  it('resolves a $ref through a dependency, by name or by URI relative to the root $id', () => {
    assert.deepEqual(parse(order, [{ name: 'customer.json', schema: customer }]).dependencies.map((d) => d.name), ['customer.json']);
    const withId = { $id: 'https://example.com/schemas/order.json', ...order };
    parse(withId, [{ name: 'customer.json', schema: customer }]);
    parse(withId, [{ name: 'https://example.com/schemas/customer.json', schema: customer }]);
    rejects(withId, /unresolved/, [{ name: 'https://elsewhere.com/customer.json', schema: customer }]);
  });

  it('follows fragments into dependencies and reaches transitive dependencies', () => {
    const address = parse({ definitions: { street: { type: 'string' } } });
    const person = parse({ type: 'object', properties: { street: { $ref: 'address.json#/definitions/street' } } },
      [{ name: 'address.json', schema: address }]);
    parse({ properties: { p: { $ref: 'person.json' }, s: { $ref: 'address.json#/definitions/street' } } },
      [{ name: 'person.json', schema: person }]);
    rejects({ properties: { s: { $ref: 'address.json#/definitions/nope' } } }, /unresolved/, [{ name: 'address.json', schema: address }]);
  });

  it('resolves embedded $id resources and anchors', () => {
    parse({ $id: 'https://x.com/root.json', definitions: { a: { $id: 'a.json', type: 'string' } }, properties: { p: { $ref: 'a.json' } } });
    parse({ definitions: { a: { $id: '#addr', type: 'string' } }, properties: { p: { $ref: '#addr' } } });
    parse({ $schema: 'https://json-schema.org/draft/2020-12/schema', $defs: { a: { $anchor: 'addr' } }, properties: { p: { $ref: '#addr' } } });
    rejects({ properties: { p: { $ref: '#nowhere' } } }, /unresolved/);
  });

  it('rejects a dependency that is not a JSON schema', () => {
    const avro: ParsedSchema = { type: 'AVRO', canonical: '"string"', normalized: '"string"', dependencies: [], recordName: undefined, formatted: () => '"string"' };
    rejects(order, /Reference 'customer\.json' is a AVRO schema/, [{ name: 'customer.json', schema: avro }]);
  });
});

describe('canonical, normalized and formatted text', () => {
  const text = '{ "type" : "object",\n  "properties" : { "b" : { "type" : "number", "maximum" : 1.0 }, "a" : { "enum" : [ "y", "x" ] } },\n  "required" : [ "b", "a" ] }';

  it('canonical is the compact JSON with keys in written order (JsonSchema.canonicalString)', () => {
    assert.equal(parse(text).canonical,
      '{"type":"object","properties":{"b":{"type":"number","maximum":1.0},"a":{"enum":["y","x"]}},"required":["b","a"]}');
  });

  it('normalized sorts the keys of every object but keeps arrays in order (JsonSchema.normalize)', () => {
    assert.equal(parse(text).normalized,
      '{"properties":{"a":{"enum":["y","x"]},"b":{"maximum":1.0,"type":"number"}},"required":["b","a"],"type":"object"}');
  });

  it('key order makes different canonical text but the same normalized text', () => {
    const reordered = parse('{"required":["b","a"],"properties":{"a":{"enum":["y","x"]},"b":{"maximum":1.0,"type":"number"}},"type":"object"}');
    assert.notEqual(reordered.canonical, parse(text).canonical);
    assert.equal(reordered.normalized, parse(text).normalized);
  });

  it('formatted gives the canonical text for any format', () => {
    assert.equal(parse(text).formatted('serialized'), parse(text).canonical);
    assert.equal(parse(text).formatted(''), parse(text).canonical);
  });
});

describe('validator', () => {
  it('validates values and explains failures', () => {
    const schema = parse({ type: 'object', properties: { age: { type: 'integer', minimum: 0 }, email: { type: 'string', format: 'email' } }, required: ['age'] });
    assert.equal(schema.validate({ age: 3, email: 'a@b.example' }), true);
    assert.equal(schema.validate({ age: -1 }), false);
    assert.equal(schema.validate({ age: 3, email: 'not an email' }), false);
    const result = schema.check({ age: 'x' });
    assert.equal(result.valid, false);
    assert.deepEqual(result.errors.map((e) => [e.instancePath, e.keyword, e.schemaPath]), [['/age', 'type', '#/properties/age/type']]);
    assert.deepEqual(schema.check({ age: 1 }), { valid: true, errors: [] });
  });

  it('validates through referenced schemas, with and without a root $id', () => {
    const address = parse({ type: 'object', properties: { zip: { type: 'string', pattern: '^[0-9]{5}$' } }, required: ['zip'] });
    const customer = parse({ type: 'object', properties: { address: { $ref: 'address.json' } } }, [{ name: 'address.json', schema: address }]);
    for (const id of [undefined, 'https://example.com/order.json']) {
      const order = parse({ ...(id ? { $id: id } : {}), type: 'object', properties: { customer: { $ref: 'customer.json' } } },
        [{ name: 'customer.json', schema: customer }]);
      assert.equal(order.validate({ customer: { address: { zip: '12345' } } }), true);
      assert.equal(order.validate({ customer: { address: { zip: 'abc' } } }), false);
      assert.equal(order.check({ customer: { address: {} } }).errors[0]?.instancePath, '/customer/address');
    }
  });

  it('resolves references inside a referenced schema against that schema', () => {
    const types = parse({ definitions: { id: { type: 'string', minLength: 3 }, ref: { $ref: '#/definitions/id' } } });
    const order = parse({ type: 'object', properties: { id: { $ref: 'types.json#/definitions/ref' } } }, [{ name: 'types.json', schema: types }]);
    assert.equal(order.validate({ id: 'abcd' }), true);
    assert.equal(order.validate({ id: 'ab' }), false);
    const changed = parse({ definitions: { id: { type: 'string', minLength: 5 }, ref: { $ref: '#/definitions/id' } } });
    const order2 = parse({ type: 'object', properties: { id: { $ref: 'types.json#/definitions/ref' } } }, [{ name: 'types.json', schema: changed }]);
    assert.deepEqual(jsonSchemaFormat.canRead(order2, order).map((f) => [f.kind, f.location]), [['MIN_LENGTH_INCREASED', '#/properties/id/minLength']]);
  });

  it('says so when ajv cannot compile the schema', () => {
    const schema = parse({ type: 'string', pattern: 'a++' });
    assert.throws(() => schema.validate('a'), (error: unknown) =>
      error instanceof SchemaParseError && /Cannot compile a validator.*Invalid regular expression/.test(error.message));
  });

  it('keeps schemas apart even when they share an $id', () => {
    const v1 = parse({ $id: 'https://example.com/thing.json', type: 'object', properties: { n: { type: 'string' } } });
    const v2 = parse({ $id: 'https://example.com/thing.json', type: 'object', properties: { n: { type: 'integer' } } });
    assert.equal(v1.validate({ n: 'x' }), true);
    assert.equal(v2.validate({ n: 'x' }), false);
    assert.equal(v2.validate({ n: 1 }), true);
    assert.equal(v1.validate({ n: 1 }), false);
  });

  it('validates each draft with its own semantics', () => {
    const d4 = parse({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'number', maximum: 10, exclusiveMaximum: true });
    assert.equal(d4.validate(10), false);
    assert.equal(d4.validate(9), true);
    const d2020 = parse({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', prefixItems: [{ type: 'string' }], items: false });
    assert.equal(d2020.validate(['a']), true);
    assert.equal(d2020.validate(['a', 1]), false);
  });
});
