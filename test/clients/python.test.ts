// Confluent's Python client (confluent-kafka from PyPI) registers, looks up, serializes and deserializes against us.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Admin } from '@platformatic/kafka';
import { client, kafkaBootstrap, startServer, type ServerProcess } from '../harness.ts';
import { ensurePythonClient } from './python-env.ts';

function runPython(script: string, ...args: string[]): Record<string, unknown> {
  const python = ensurePythonClient();
  const result = spawnSync(python, [fileURLToPath(new URL(`python/${script}`, import.meta.url)), ...args], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 0, `${script} failed:\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
}

describe('Confluent Python client', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServer();
  });
  after(() => server.stop());

  it('Avro: SchemaRegistryClient, AvroSerializer and AvroDeserializer round trip', () => {
    const seen = runPython('avro_roundtrip.py', server.url);
    assert.equal(typeof seen.registered_id, 'number');
    assert.equal(seen.same_id_again, true);
    assert.equal(seen.latest_version, 1);
    assert.equal(seen.latest_id, seen.registered_id);
    assert.equal(seen.lookup_version, 1);
    assert.equal(seen.by_id_type, 'AVRO');
    assert.deepEqual(seen.subjects, ['readings-value']);
    assert.deepEqual(seen.versions, [1]);
    assert.equal(seen.compatible, true);
    assert.equal(seen.level, 'FULL');
    assert.equal(seen.wire_magic, 0);
    assert.equal(seen.wire_id, seen.registered_id);
    assert.equal(seen.roundtrip, true);
    assert.equal(seen.fresh_roundtrip, true);
    assert.deepEqual(seen.missing_version_error, [404, 40402]);
    assert.deepEqual(seen.incompatible_error, [409, 409]);
    assert.deepEqual(seen.deleted_versions, [1]);
  });

  it('JSON Schema: JSONSerializer and JSONDeserializer round trip', () => {
    const seen = runPython('json_roundtrip.py', server.url);
    assert.equal(seen.wire_magic, 0);
    assert.equal(seen.wire_id, seen.id);
    assert.equal(seen.schema_type, 'JSON');
    assert.equal(seen.roundtrip, true);
    assert.equal(seen.invalid_rejected, true);
  });

  it('Protobuf: ProtobufSerializer and ProtobufDeserializer round trip (protoc-compiled classes, a well-known import)', () => {
    const seen = runPython('protobuf_roundtrip.py', server.url, mkdtempSync(join(tmpdir(), 'karapace-proto-')));
    assert.equal(seen.wire_magic, 0);
    assert.equal(seen.wire_id, seen.id);
    assert.equal(seen.schema_type, 'PROTOBUF');
    assert.equal(seen.roundtrip, true);
    // The client sends well-known imports without references: our bundled google/protobuf files resolve them.
    assert.equal(seen.imports_timestamp, true);
  });
});

describe('Confluent Python client and the REST proxy', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServer();
  });
  after(() => server.stop());

  it('decodes what the proxy produced, and the proxy decodes what the client produced', async () => {
    const bootstrap = await kafkaBootstrap();
    const stamp = Date.now().toString(36);
    const [avroOut, jsonOut, avroIn, jsonIn] = ['avro-out', 'json-out', 'avro-in', 'json-in'].map((t) => `py-${t}-${stamp}`) as [string, string, string, string];
    const admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [bootstrap] });
    await admin.createTopics({ topics: [avroOut, jsonOut, avroIn, jsonIn], partitions: 1, replicas: 1 });
    await admin.close();
    const api = client(server.url);
    const records = [{ value: { sensor: 'a', value: 1.5 } }, { value: { sensor: 'b', value: 2.5 } }];
    const avroSchema = JSON.stringify({ type: 'record', name: 'Reading', fields: [{ name: 'sensor', type: 'string' }, { name: 'value', type: 'double' }] });
    const jsonSchema = JSON.stringify({ type: 'object', properties: { sensor: { type: 'string' }, value: { type: 'number' } } });
    assert.equal((await api.post(`/topics/${avroOut}`, { value_schema: avroSchema, records }, { 'content-type': 'application/vnd.kafka.avro.v2+json' })).status, 200);
    assert.equal((await api.post(`/topics/${jsonOut}`, { value_schema: jsonSchema, records }, { 'content-type': 'application/vnd.kafka.jsonschema.v2+json' })).status, 200);
    const decoded = runPython('proxy_interop.py', 'consume', server.url, bootstrap, avroOut, jsonOut, '2');
    assert.deepEqual(decoded.avro, records.map((r) => r.value));
    assert.deepEqual(decoded.json, records.map((r) => r.value));

    runPython('proxy_interop.py', 'produce', server.url, bootstrap, avroIn, jsonIn);
    for (const [topic, format] of [[avroIn, 'avro'], [jsonIn, 'jsonschema']] as const) {
      const group = `py-${format}-${stamp}`;
      const v2 = { 'content-type': 'application/vnd.kafka.v2+json' };
      await api.post(`/consumers/${group}`, { name: 'c', format, 'auto.offset.reset': 'earliest' }, v2);
      await api.post(`/consumers/${group}/instances/c/subscription`, { topics: [topic] }, v2);
      const got: unknown[] = [];
      const deadline = Date.now() + 30_000;
      while (got.length < 2 && Date.now() < deadline) {
        const res = await api.get(`/consumers/${group}/instances/c/records?timeout=1000`, { accept: `application/vnd.kafka.${format}.v2+json` });
        assert.equal(res.status, 200, res.text);
        got.push(...(res.body as { value: unknown }[]).map((r) => r.value));
      }
      assert.deepEqual(got, [{ sensor: 'py-0', value: 0.5 }, { sensor: 'py-1', value: 1.5 }]);
      await api.delete(`/consumers/${group}/instances/c`);
    }
  });
});
