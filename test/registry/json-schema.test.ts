// JSON Schema through every registry endpoint kind, with references across subjects, over real HTTP and Kafka.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { client, startServer, type ServerProcess } from '../harness.ts';

const customer = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
const address = { type: 'object', properties: { street: { type: 'string' } } };
const order = { type: 'object', properties: { id: { type: 'integer' }, ship_to: { $ref: 'address.json' } } };
const json = (schema: unknown, extra: Record<string, unknown> = {}) => ({ schemaType: 'JSON', schema: JSON.stringify(schema), ...extra });

describe('JSON Schema', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  before(async () => {
    server = await startServer();
    api = client(server.url);
  });
  after(() => server.stop());

  it('registers, serves with schemaType JSON, and looks up', async () => {
    const res = await api.post('/subjects/customer-value/versions', json(customer));
    assert.equal(res.status, 200, res.text);
    const v1 = (await api.get('/subjects/customer-value/versions/1')).body;
    assert.deepEqual(Object.keys(v1), ['subject', 'version', 'id', 'schemaType', 'schema']);
    assert.equal(v1.schemaType, 'JSON');
    assert.deepEqual(JSON.parse(v1.schema), customer);
    assert.deepEqual((await api.get(`/schemas/ids/${res.body.id}`)).body, { schemaType: 'JSON', schema: v1.schema });
    assert.equal((await api.post('/subjects/customer-value', json(customer))).body.version, 1);
    // The same text registered as AVRO is another schema.
    assert.equal((await api.post('/subjects/customer-value', { schema: JSON.stringify(customer) })).status, 422);
  });

  it('checks compatibility with Confluent rules', async () => {
    const closed = { ...customer, additionalProperties: false };
    await api.put('/config/customer-value', { compatibility: 'BACKWARD' });
    const narrower = { ...customer, properties: { name: { type: 'string' }, age: { type: 'integer' } }, required: ['name', 'age'] };
    const verdict = await api.post('/compatibility/subjects/customer-value/versions/latest?verbose=true', json(narrower));
    assert.equal(verdict.body.is_compatible, false);
    // Confluent: a property added to an open content model could clash with what old writers put there.
    assert.ok(verdict.body.messages.some((m: string) => m.includes("errorType:'PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'")), verdict.text);
    assert.equal((await api.post('/subjects/customer-value/versions', json(narrower))).status, 409);
    assert.equal((await api.post('/compatibility/subjects/customer-value/versions/latest', json(closed))).status, 200);
  });

  it('resolves $ref through references and lists referencedby', async () => {
    const a = await api.post('/subjects/address-value/versions', json(address));
    assert.equal(a.status, 200, a.text);
    const refs = [{ name: 'address.json', subject: 'address-value', version: 1 }];
    const missing = await api.post('/subjects/order-value/versions', json(order));
    assert.equal(missing.body.error_code, 42201, 'an unresolved $ref is an invalid schema');
    const o = await api.post('/subjects/order-value/versions', json(order, { references: refs }));
    assert.equal(o.status, 200, o.text);
    assert.deepEqual((await api.get('/subjects/order-value/versions/1')).body.references, refs);
    assert.deepEqual((await api.get('/subjects/address-value/versions/1/referencedby')).body, [o.body.id]);
    assert.equal((await api.delete('/subjects/address-value/versions/1')).body.error_code, 42206);
  });

  it('refuses references to schemas of another type (42201), in every direction', async () => {
    // Decision (docs/architecture.md): a schema can only reference schemas of its own type. Confluent would feed the
    // other type's text to this type's parser and fail or misread it; a clear 42201 is the honest answer.
    const avroRecord = '{"type":"record","name":"Point","fields":[{"name":"x","type":"int"}]}';
    assert.equal((await api.post('/subjects/xref-avro/versions', { schema: avroRecord })).status, 200);
    assert.equal((await api.post('/subjects/xref-json/versions', json(address))).status, 200);
    assert.equal((await api.post('/subjects/xref-proto/versions', { schemaType: 'PROTOBUF', schema: 'syntax = "proto3";\nmessage P { int32 x = 1; }\n' })).status, 200);
    const attempts = [
      json({ $ref: 'point.json' }, { references: [{ name: 'point.json', subject: 'xref-avro', version: 1 }] }),
      json({ $ref: 'p.proto' }, { references: [{ name: 'p.proto', subject: 'xref-proto', version: 1 }] }),
      { schema: '{"type":"record","name":"R","fields":[{"name":"a","type":"Point"}]}', references: [{ name: 'Point', subject: 'xref-json', version: 1 }] },
      { schemaType: 'PROTOBUF', schema: 'syntax = "proto3";\nimport "a.proto";\nmessage Q { int32 y = 1; }\n', references: [{ name: 'a.proto', subject: 'xref-avro', version: 1 }] },
    ];
    for (const body of attempts) {
      const res = await api.post('/subjects/xref-user/versions', body);
      assert.equal(res.status, 422, res.text);
      assert.equal(res.body.error_code, 42201);
      assert.match(res.body.message, /reference/i);
    }
    assert.equal((await api.get('/subjects/xref-user/versions')).status, 404, 'nothing was registered');
  });

  it('rejects invalid JSON schemas with 42201', async () => {
    const notSchema = await api.post('/subjects/bad-json/versions', json({ type: 'not-a-type' }));
    assert.equal(notSchema.body.error_code, 42201);
    const notJson = await api.post('/subjects/bad-json/versions', { schemaType: 'JSON', schema: '{"type":' });
    assert.equal(notJson.body.error_code, 42201);
  });

  it('normalize=true ignores key order', async () => {
    const a = { type: 'object', properties: { x: { type: 'string' }, y: { type: 'number' } } };
    const b = { properties: { y: { type: 'number' }, x: { type: 'string' } }, type: 'object' };
    const first = await api.post('/subjects/norm-json/versions?normalize=true', json(a));
    const second = await api.post('/subjects/norm-json/versions?normalize=true', json(b));
    assert.equal(second.body.id, first.body.id);
    assert.deepEqual((await api.get('/subjects/norm-json/versions')).body, [1]);
  });
});
