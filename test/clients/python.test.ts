// Confluent's Python client (confluent-kafka from PyPI) registers, looks up, serializes and deserializes against us.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startServer, type ServerProcess } from '../harness.ts';
import { ensurePythonClient } from './python-env.ts';

function runPython(script: string, url: string, ...args: string[]): Record<string, unknown> {
  const python = ensurePythonClient();
  const result = spawnSync(python, [fileURLToPath(new URL(`python/${script}`, import.meta.url)), url, ...args], { encoding: 'utf8', timeout: 120_000 });
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
