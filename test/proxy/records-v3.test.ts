// The v3 records API against the real broker: streaming produce (concatenated JSON objects in, one result per
// record out as they are produced), records:batch (207), every data type, schemas by raw text / id / version /
// latest, the bytes that reach Kafka (wire format, headers, timestamps), and the errors per record and per request.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Admin, Consumer, MessagesStreamModes } from '@platformatic/kafka';
import { parseSchema, serdeOf } from '../../src/formats/index.ts';
import { call, kafkaBootstrap, startServer, type ServerProcess } from '../harness.ts';

interface Read {
  partition: number; offset: bigint; timestamp: bigint; key: Buffer | null; value: Buffer | null; headers: Map<string, string>;
}

async function readBack(topic: string, count: number): Promise<Read[]> {
  const consumer = new Consumer({ clientId: 'test-reader', bootstrapBrokers: [await kafkaBootstrap()], groupId: `g-${randomUUID()}` });
  const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: false });
  const out: Read[] = [];
  for await (const m of stream) {
    const headers = new Map([...m.headers].map(([k, v]) => [k.toString(), v.toString('base64')]));
    out.push({ partition: m.partition, offset: m.offset, timestamp: m.timestamp, key: m.key?.length ? m.key : null, value: m.value?.length ? m.value : null, headers });
    if (out.length >= count) break;
  }
  await stream.close();
  await consumer.close(true);
  return out.sort((a, b) => a.partition - b.partition || Number(a.offset - b.offset));
}

/** Splits a streaming answer into its results. */
const results = (text: string) => text.split('\r\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, any>);

const wire = (bytes: Buffer) => ({ magic: bytes[0], id: bytes.readUInt32BE(1), payload: bytes.subarray(5) });
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('REST proxy v3: records', () => {
  let server: ServerProcess;
  let cluster: string;
  const stamp = randomUUID().slice(0, 8);
  const topic = `v3-${stamp}`;
  const one = `v3-one-${stamp}`;
  const late = `v3-late-${stamp}`;
  const post = (path: string, body: string, contentType = 'application/json') =>
    call(server.url, 'POST', path, body, { 'content-type': contentType });
  const records = (t: string) => `/v3/clusters/${cluster}/topics/${t}/records`;

  before(async () => {
    const admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [await kafkaBootstrap()] });
    await admin.createTopics({ topics: [topic], partitions: 2, replicas: 1 });
    await admin.createTopics({ topics: [one], partitions: 1, replicas: 1 });
    await admin.createTopics({ topics: [late], partitions: 1, replicas: 1 });
    cluster = (await admin.metadata({ topics: [] })).id;
    await admin.close();
    server = await startServer();
  });
  after(() => server.stop());

  it('streams BINARY, JSON and STRING records with headers, timestamps and partitions', async () => {
    const body = [
      { partition_id: 1, headers: [{ name: 'h1', value: b64('v1') }], key: { type: 'BINARY', data: b64('k1') }, value: { type: 'BINARY', data: b64('binary!') }, timestamp: '2024-05-06T07:08:09.010Z' },
      { partition_id: 0, value: { type: 'JSON', data: { a: [1, 2], b: null } } },
      { partition_id: 0, key: { type: 'STRING', data: 'sk' }, value: { type: 'STRING', data: 'héllo' } },
    ].map((r) => JSON.stringify(r)).join('\n');
    const answer = await post(records(topic), body);
    assert.equal(answer.status, 200, answer.text);
    assert.match(answer.headers.get('content-type') ?? '', /^application\/json/);
    const [first, second, third] = results(answer.text);
    assert.deepEqual(first, {
      error_code: 200, cluster_id: cluster, topic_name: topic, partition_id: 1, offset: 0, timestamp: '2024-05-06T07:08:09.010Z',
      key: { type: 'BINARY', size: 2 }, value: { type: 'BINARY', size: 7 },
    });
    assert.equal(second!.partition_id, 0);
    assert.equal(second!.offset, 0);
    assert.equal(second!.key, undefined);
    assert.deepEqual(second!.value, { type: 'JSON', size: JSON.stringify({ a: [1, 2], b: null }).length });
    assert.equal(third!.offset, 1);
    assert.deepEqual(third!.key, { type: 'STRING', size: 2 });
    assert.deepEqual(third!.value, { type: 'STRING', size: Buffer.byteLength('héllo') });

    const [p0a, p0b, p1] = await readBack(topic, 3);
    assert.deepEqual(JSON.parse(p0a!.value!.toString()), { a: [1, 2], b: null });
    assert.equal(p0b!.key!.toString(), 'sk');
    assert.equal(p0b!.value!.toString(), 'héllo');
    assert.equal(p1!.key!.toString(), 'k1');
    assert.equal(p1!.value!.toString(), 'binary!');
    assert.equal(p1!.headers.get('h1'), b64('v1'));
    assert.equal(p1!.timestamp, BigInt(Date.parse('2024-05-06T07:08:09.010Z')));
  });

  it('answers each record as it is produced, while the client is still sending', async () => {
    const url = new URL(server.url + records(one));
    const seen: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        assert.equal(res.statusCode, 200);
        res.setEncoding('utf8');
        let buffered = '';
        res.on('data', (chunk: string) => {
          buffered += chunk;
          // The first answer arrives before the second record is sent: then send it and end the request.
          if (seen.length === 0 && buffered.includes('\r\n')) {
            seen.push('first answered');
            req.end(JSON.stringify({ value: { type: 'STRING', data: 'second' } }));
          }
        });
        res.on('end', () => { seen.push(...results(buffered).map((r) => `${r.error_code}:${r.offset}`)); resolve(); });
      });
      req.on('error', reject);
      req.write(JSON.stringify({ value: { type: 'STRING', data: 'first' } }));
    });
    assert.deepEqual(seen, ['first answered', '200:0', '200:1']);
  });

  it('answers records sent after the stream\'s maximum duration 408, and closes it after the grace period', async () => {
    const short = await startServer({ config: { streaming_connection_max_duration_ms: 1000, streaming_connection_max_duration_grace_period_ms: 300 } });
    try {
      const url = new URL(short.url + records(late));
      const started = Date.now();
      const answers = await new Promise<{ results: Record<string, any>[]; endedAfter: number }>((resolve, reject) => {
        const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
          res.setEncoding('utf8');
          let buffered = '';
          res.on('data', (chunk: string) => { buffered += chunk; });
          // The request is never ended by the client: the server ends the answer.
          res.on('end', () => resolve({ results: results(buffered), endedAfter: Date.now() - started }));
        });
        req.on('error', reject);
        req.write(JSON.stringify({ value: { type: 'STRING', data: 'in time' } }));
        setTimeout(() => req.write(JSON.stringify({ value: { type: 'STRING', data: 'too late' } })), 1400);
      });
      assert.deepEqual(answers.results.map((r) => r.error_code), [200, 408], JSON.stringify(answers.results));
      assert.equal(answers.results[1]!.message, 'Streaming connection open for longer than allowed: Connection will be closed.');
      assert.ok(answers.endedAfter >= 1600 && answers.endedAfter < 10_000, `ended after ${answers.endedAfter} ms`);
    } finally {
      await short.stop();
    }
  });

  it('AVRO, JSONSCHEMA and PROTOBUF by raw schema, schema_id, schema_version and the latest, in the wire format', async () => {
    const avro = JSON.stringify({ type: 'record', name: 'Reading', namespace: 'v3', fields: [{ name: 'sensor', type: 'string' }, { name: 'value', type: 'double' }] });
    const first = results((await post(records(one), JSON.stringify({ value: { type: 'AVRO', schema: avro, data: { sensor: 's', value: 1.5 } } }))).text)[0]!;
    assert.equal(first.error_code, 200, JSON.stringify(first));
    assert.equal(first.value.type, 'AVRO');
    assert.equal(first.value.subject, `${one}-value`);
    assert.equal(first.value.schema_version, 1);
    const id = first.value.schema_id as number;
    assert.equal(typeof id, 'number');

    const body = [
      // schema_id and schema_version go without a type: the schema gives it (Confluent's SchemaManagerImpl).
      { value: { schema_id: id, data: { sensor: 'by-id', value: 2 } } },
      { value: { schema_version: 1, data: { sensor: 'by-version', value: 3 } } },
      // No type, no schema: the subject's latest schema, and its type.
      { value: { data: { sensor: 'latest', value: 4 } } },
      { key: { type: 'JSONSCHEMA', schema: '{"type":"object","properties":{"k":{"type":"integer"}}}', data: { k: 7 } }, value: { schema_id: id, data: { sensor: 'k', value: 5 } } },
      { value: { type: 'PROTOBUF', subject: `${one}-proto`, schema: 'syntax = "proto3";\nmessage M { string s = 1; int64 n = 2; }\n', data: { s: 'p', n: '9' } } },
    ].map((r) => JSON.stringify(r)).join('');
    const answers = results((await post(records(one), body)).text);
    assert.deepEqual(answers.map((a) => a.error_code), [200, 200, 200, 200, 200], JSON.stringify(answers));
    for (const a of answers.slice(0, 4)) assert.deepEqual({ ...a.value, size: 0 }, { type: 'AVRO', subject: `${one}-value`, schema_id: id, schema_version: 1, size: 0 });
    assert.equal(answers[3]!.key.type, 'JSONSCHEMA');
    assert.equal(answers[3]!.key.subject, `${one}-key`);
    assert.equal(answers[4]!.value.subject, `${one}-proto`);
    assert.equal(answers[4]!.value.type, 'PROTOBUF');

    const read = (await readBack(one, 8)).slice(2);
    const avroSerde = serdeOf(parseSchema('AVRO', avro, []));
    assert.deepEqual(read.slice(0, 4).map((r) => ({ ...wire(r.value!), payload: avroSerde.decode(wire(r.value!).payload) })), [
      { magic: 0, id, payload: { sensor: 's', value: 1.5 } },
      { magic: 0, id, payload: { sensor: 'by-id', value: 2 } },
      { magic: 0, id, payload: { sensor: 'by-version', value: 3 } },
      { magic: 0, id, payload: { sensor: 'latest', value: 4 } },
    ]);
    const key = wire(read[4]!.key!);
    assert.equal(key.id, answers[3]!.key.schema_id);
    assert.deepEqual(JSON.parse(key.payload.toString()), { k: 7 });
    const proto = wire(read[5]!.value!);
    assert.equal(proto.id, answers[4]!.value.schema_id);
    // Message index [0] (the first message) is written as a single 0 byte, then the message.
    assert.equal(proto.payload[0], 0);
    const protoSerde = serdeOf(parseSchema('PROTOBUF', 'syntax = "proto3";\nmessage M { string s = 1; int64 n = 2; }\n', []));
    assert.deepEqual(protoSerde.decode(proto.payload), { s: 'p', n: '9' });
  });

  it('refuses a schema_id that is no version of the record\'s subject (name_strategy_validation), as v2 does', async () => {
    const schema = '{"type":"record","name":"Elsewhere","fields":[{"name":"n","type":"int"}]}';
    const registered = await call(server.url, 'POST', `/subjects/elsewhere-${stamp}/versions`, JSON.stringify({ schema }), { 'content-type': 'application/json' });
    const id = JSON.parse(registered.text).id as number;
    const [refused] = results((await post(records(one), JSON.stringify({ value: { schema_id: id, data: { n: 1 } } }))).text);
    assert.equal(refused!.error_code, 422, JSON.stringify(refused));
    assert.match(refused!.message, new RegExp(`^Error: 42207 : Error serializing message\\. Error when fetching schema version\\. subject = ${one}-value, `));
    const [named] = results((await post(records(one), JSON.stringify({ value: { subject: `elsewhere-${stamp}`, schema_id: id, data: { n: 1 } } }))).text);
    assert.equal(named!.error_code, 200, JSON.stringify(named));
  });

  it('answers bad records one by one and keeps producing the others', async () => {
    const body = [
      JSON.stringify({ value: { type: 'BINARY', data: 'not base64!' } }),
      '{"value": {"type": "STRING", "data": "ok"}}',
      '{"value": ]',
      JSON.stringify({ value: { schema_id: 999999, data: {} } }),
      JSON.stringify({ value: { type: 'AVRO', schema: '{"type":"record","name":"R","fields":[{"name":"n","type":"int"}]}', subject: `bad-${stamp}`, data: { n: 'x' } } }),
      JSON.stringify({ partition_id: 5, value: { type: 'STRING', data: 'x' } }),
      JSON.stringify({ value: { type: 'WHAT', data: 'x' } }),
      JSON.stringify({ value: { type: 'STRING', data: 1 } }),
      JSON.stringify({ timestamp: 'yesterday', value: { type: 'STRING', data: 'x' } }),
      JSON.stringify({ value: { type: 'AVRO', schema: '{"type":"nope"}', data: {} } }),
      '[1]',
      JSON.stringify({ value: { type: 'STRING', data: 'last' } }),
    ].join('\n');
    const answers = results((await post(records(one), body)).text);
    assert.deepEqual(answers.map((a) => a.error_code), [400, 200, 400, 422, 400, 404, 400, 400, 400, 422, 400, 200], JSON.stringify(answers, null, 1));
    assert.equal(answers[3]!.message, 'Error: 42207 : Error serializing message. Error when fetching schema by id. schemaId = 999999\nSchema 999999 not found; error code: 40403');
    assert.match(answers[9]!.message, /^Error: 42205 : Invalid schema: Error when parsing raw schema\. format = AVRO, schema = /);
    assert.match(answers[4]!.message, /does not match schema/);
    assert.equal(answers[5]!.message, 'This server does not host this topic-partition.');
    for (const a of answers.filter((x) => x.error_code !== 200)) assert.deepEqual(Object.keys(a), ['error_code', 'message']);
  });

  it('answers 404 for an unknown cluster or topic, and 415 for another content type', async () => {
    assert.deepEqual((await post('/v3/clusters/nope/topics/x/records', '{}')).body, { error_code: 404, message: 'Cluster nope cannot be found.' });
    const missing = await post(records('missing-topic'), '{}');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { error_code: 404, message: 'Topic missing-topic cannot be found.' });
    assert.equal((await post(records(one), '{}', 'text/plain')).status, 415);
    // An empty stream produces nothing.
    const empty = await post(records(one), '');
    assert.equal(empty.status, 200);
    assert.equal(empty.text, '');
  });

  it('records:batch answers 207 with successes and failures by id', async () => {
    const answer = await post(`${records(one)}:batch`, JSON.stringify({
      entries: [
        { id: 'a', value: { type: 'STRING', data: 'batch-1' } },
        { id: 'b', value: { type: 'BINARY', data: '!!' } },
        { id: 'c', key: { type: 'JSON', data: 1 }, value: { type: 'STRING', data: 'batch-2' } },
      ],
    }));
    assert.equal(answer.status, 207, answer.text);
    assert.deepEqual(answer.body.successes.map((s: { id: string }) => s.id), ['a', 'c']);
    assert.equal(answer.body.successes[0].topic_name, one);
    assert.equal(answer.body.successes[1].offset, answer.body.successes[0].offset + 1);
    assert.deepEqual(answer.body.successes[1].key, { type: 'JSON', size: 1 });
    assert.deepEqual(answer.body.failures.map((f: { id: string; error_code: number }) => [f.id, f.error_code]), [['b', 400]]);

    const bad = async (body: string) => (await post(`${records(one)}:batch`, body)).body;
    assert.equal((await bad('{"entries":[]}')).error_code, 400);
    assert.equal((await bad('{"entries":[{"id":"x"},{"id":"x"}]}')).error_code, 400);
    assert.equal((await bad(`{"entries":[{"id":"${'x'.repeat(81)}"}]}`)).error_code, 400);
    assert.equal((await bad('{"entries":[{"value":{}}]}')).error_code, 400);
    assert.equal((await bad('not json')).error_code, 400);
    assert.equal((await post('/v3/clusters/nope/topics/x/records:batch', '{}')).status, 404);
  });
});
