// Protobuf through the registry: imports through references and bundled well-known types, format=serialized,
// compatibility, over real HTTP and Kafka.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { client, startServer, type ServerProcess } from '../harness.ts';

const common = 'syntax = "proto3";\npackage acme.common;\n\nmessage Money {\n  string currency = 1;\n  int64 units = 2;\n}\n';
const order = 'syntax = "proto3";\npackage acme.orders;\n\nimport "acme/common.proto";\nimport "google/protobuf/timestamp.proto";\n\nmessage Order {\n  string id = 1;\n  acme.common.Money total = 2;\n  google.protobuf.Timestamp placed_at = 3;\n  repeated string items = 4;\n}\n';
const proto = (schema: string, extra: Record<string, unknown> = {}) => ({ schemaType: 'PROTOBUF', schema, ...extra });

describe('Protobuf', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  before(async () => {
    server = await startServer();
    api = client(server.url);
  });
  after(() => server.stop());

  it('registers with imports through references and bundled files', async () => {
    assert.equal((await api.post('/subjects/acme-common/versions', proto(common))).status, 200);
    const refs = [{ name: 'acme/common.proto', subject: 'acme-common', version: 1 }];
    const unresolved = await api.post('/subjects/orders-value/versions', proto(order));
    assert.equal(unresolved.body.error_code, 42201);
    const res = await api.post('/subjects/orders-value/versions', proto(order, { references: refs }));
    assert.equal(res.status, 200, res.text);
    const v1 = (await api.get('/subjects/orders-value/versions/1')).body;
    assert.equal(v1.schemaType, 'PROTOBUF');
    assert.deepEqual(v1.references, refs);
    assert.match(v1.schema, /message Order/);
    assert.equal((await api.post('/subjects/orders-value', proto(order, { references: refs }))).body.version, 1);
    assert.deepEqual((await api.get('/subjects/acme-common/versions/1/referencedby')).body, [res.body.id]);
  });

  it('serves format=serialized as a base64 FileDescriptorProto', async () => {
    const id = (await api.get('/subjects/orders-value/versions/1')).body.id;
    const serialized = await api.get(`/schemas/ids/${id}?format=serialized`);
    assert.equal(serialized.status, 200);
    const bytes = Buffer.from(serialized.body.schema, 'base64');
    assert.ok(bytes.length > 20);
    assert.ok(bytes.includes(Buffer.from('acme.orders')), 'the descriptor names the package');
  });

  it('checks compatibility with Confluent rules', async () => {
    await api.put('/config/orders-value', { compatibility: 'BACKWARD' });
    const changedType = order.replace('repeated string items = 4;', 'repeated int32 items = 4;');
    const verdict = await api.post('/compatibility/subjects/orders-value/versions/latest?verbose=true', proto(changedType, { references: [{ name: 'acme/common.proto', subject: 'acme-common', version: 1 }] }));
    assert.equal(verdict.body.is_compatible, false, verdict.text);
    const added = order.replace('repeated string items = 4;', 'repeated string items = 4;\n  string note = 5;');
    const ok = await api.post('/subjects/orders-value/versions', proto(added, { references: [{ name: 'acme/common.proto', subject: 'acme-common', version: 1 }] }));
    assert.equal(ok.status, 200, ok.text);
  });

  it('rejects invalid proto text with 42201', async () => {
    const bad = await api.post('/subjects/bad-proto/versions', proto('syntax = "proto3";\nmessage X { string a = ; }'));
    assert.equal(bad.body.error_code, 42201);
    const unknownType = await api.post('/subjects/bad-proto/versions', proto('syntax = "proto3";\nmessage X { Nope a = 1; }'));
    assert.equal(unknownType.body.error_code, 42201);
  });
});
