// Confluent's Python client (confluent-kafka 2.16 with its Protobuf and Avro deserializers) and the REST proxy:
// Protobuf records produced through the v2 API and through the v3 records API are decoded by ProtobufDeserializer,
// v3-produced Avro by AvroDeserializer, and records of a file's second message (message indexes [1]) written by
// ProtobufSerializer are decoded by a protobuf REST consumer. (test/clients/python.test.ts covers v2 Avro and JSON
// Schema both ways.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Admin } from '@platformatic/kafka';
import { ensurePythonClient } from '../clients/python-env.ts';
import { client, kafkaBootstrap, startServer, type ServerProcess } from '../harness.ts';

const V2 = 'application/vnd.kafka.v2+json';
const PROTOBUF = 'application/vnd.kafka.protobuf.v2+json';
const PROTO = `syntax = "proto3";
package interop.v1;

message Reading {
  string sensor = 1;
  double value = 2;
  int64 count = 3;
  Kind kind = 4;
  repeated string tags = 5;
}

enum Kind {
  KIND_UNSPECIFIED = 0;
  HOT = 1;
  COLD = 2;
}

message Alert {
  string reason = 1;
  Reading reading = 2;
}
`;

function runPython(...args: string[]): Record<string, any> {
  const python = ensurePythonClient();
  const script = fileURLToPath(new URL('../clients/python/proxy_protobuf_interop.py', import.meta.url));
  const result = spawnSync(python, [script, ...args], { encoding: 'utf8', timeout: 180_000 });
  assert.equal(result.status, 0, `proxy_protobuf_interop.py ${args[0]} failed:\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, any>;
}

describe('Confluent Python client and the REST proxy: Protobuf, and v3-produced records', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  let bootstrap: string;
  let cluster: string;
  const stamp = Date.now().toString(36);
  const [v2Out, v3Out, v3Avro, protoIn] = ['v2-out', 'v3-out', 'v3-avro', 'in'].map((t) => `py-proto-${t}-${stamp}`) as [string, string, string, string];
  const scratch = mkdtempSync(join(tmpdir(), 'karapace-proxy-proto-'));

  before(async () => {
    bootstrap = await kafkaBootstrap();
    const admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [bootstrap] });
    await admin.createTopics({ topics: [v2Out, v3Out, v3Avro, protoIn], partitions: 1, replicas: 1 });
    cluster = (await admin.metadata({ topics: [] })).id;
    await admin.close();
    server = await startServer();
    api = client(server.url);
  });
  after(() => server.stop());

  it('ProtobufDeserializer reads what the v2 and v3 APIs produced', async () => {
    const values = [
      { sensor: 'a', value: 1.5, count: '3', kind: 'HOT', tags: ['x', 'y'] },
      { sensor: 'b', value: -2, count: '9007199254740993', kind: 'COLD', tags: [] },
    ];
    const produced = await api.post(`/topics/${v2Out}`, { value_schema: PROTO, records: values.map((value) => ({ value })) }, { 'content-type': PROTOBUF, accept: V2 });
    assert.equal(produced.status, 200, produced.text);
    const id = produced.body.value_schema_id as number;

    const v3 = await api.post(`/v3/clusters/${cluster}/topics/${v3Out}/records`,
      // The id is a version of the v2 topic's subject, so it is named (name_strategy_validation refuses it otherwise).
      values.map((data) => JSON.stringify({ value: { subject: `${v2Out}-value`, schema_id: id, data } })).join('\n'), { 'content-type': 'application/json' });
    assert.equal(v3.status, 200, v3.text);
    for (const line of v3.text.split('\r\n').filter(Boolean)) assert.equal(JSON.parse(line).error_code, 200, line);

    // Proto3's JSON mapping (MessageToDict) leaves out default values: an empty repeated field is absent.
    const expected = values.map((v) => (v.tags.length === 0 ? { sensor: v.sensor, value: v.value, count: v.count, kind: v.kind } : v));
    for (const topic of [v2Out, v3Out]) {
      const seen = runPython('consume-protobuf', server.url, bootstrap, topic, '2', scratch);
      assert.deepEqual(seen.records, expected.map((value) => ({ magic: 0, id, value })), topic);
    }
  });

  it('AvroDeserializer reads what the v3 API produced with a raw Avro schema', async () => {
    const schema = JSON.stringify({ type: 'record', name: 'Point', namespace: 'interop', fields: [{ name: 'x', type: 'long' }, { name: 'label', type: ['null', 'string'], default: null }] });
    const body = [{ x: 1, label: { string: 'one' } }, { x: -5, label: null }].map((data) => JSON.stringify({ value: { type: 'AVRO', schema, data } })).join('');
    const answer = await api.post(`/v3/clusters/${cluster}/topics/${v3Avro}/records`, body, { 'content-type': 'application/json' });
    const ids = answer.text.split('\r\n').filter(Boolean).map((l) => (JSON.parse(l) as { value: { schema_id: number } }).value.schema_id);
    const seen = runPython('consume-avro', server.url, bootstrap, v3Avro, '2', scratch);
    assert.deepEqual(seen.records, [
      { magic: 0, id: ids[0], value: { x: 1, label: 'one' } },
      { magic: 0, id: ids[1], value: { x: -5, label: null } },
    ]);
  });

  it('a protobuf REST consumer decodes ProtobufSerializer records of the second message (indexes [1])', async () => {
    const seen = runPython('produce-protobuf', server.url, bootstrap, protoIn, '2', scratch);
    // The message-index prefix of Alert: count 1, index 1, zigzag varints (2, 2).
    assert.equal(seen.indexes_byte, 2);
    const group = `py-proto-${stamp}`;
    assert.equal((await api.post(`/consumers/${group}`, { name: 'c', format: 'protobuf', 'auto.offset.reset': 'earliest' }, { 'content-type': V2 })).status, 200);
    assert.equal((await api.post(`/consumers/${group}/instances/c/subscription`, { topics: [protoIn] }, { 'content-type': V2 })).status, 204);
    const got: unknown[] = [];
    const deadline = Date.now() + 30_000;
    while (got.length < 2 && Date.now() < deadline) {
      const res = await api.get(`/consumers/${group}/instances/c/records?timeout=1000`, { accept: PROTOBUF });
      assert.equal(res.status, 200, res.text);
      got.push(...(res.body as { value: unknown }[]).map((r) => r.value));
    }
    await api.delete(`/consumers/${group}/instances/c`);
    assert.deepEqual(got, [0, 1].map((i) => ({
      reason: `r${i}`, reading: { sensor: `py-${i}`, value: i + 0.5, count: String(5 + i), kind: 'HOT', tags: ['a', 'b'] },
    })));
  });
});
