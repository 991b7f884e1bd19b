// Confluent's Python client (confluent-kafka 2.16.0, the version users run) through every Schema Registry call its
// SchemaRegistryClient and serializers make, checked against Confluent Schema Registry's answers: return values,
// and [HTTP status, error_code, message] of each SchemaRegistryError the client raises.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startServer, type ServerProcess } from '../harness.ts';
import { ensurePythonClient } from './python-env.ts';

type Seen = Record<string, unknown>;

function runPython(script: string, url: string): Seen {
  const python = ensurePythonClient();
  const path = fileURLToPath(new URL(`python/${script}`, import.meta.url));
  const stamp = randomUUID().slice(0, 8);
  const result = spawnSync(python, [path, url, stamp], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 0, `${script} failed:\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Seen;
}

/** [status, error_code] of an error the client raised, with its message matched against Confluent's wording. */
function assertError(seen: Seen, key: string, status: number, code: number, message: RegExp): void {
  const error = seen[key] as [number, number, string] | null;
  assert.ok(Array.isArray(error), `${key}: expected a SchemaRegistryError, the call succeeded`);
  assert.deepEqual(error.slice(0, 2), [status, code], `${key}: ${error[2]}`);
  assert.match(error[2], message, key);
}

describe('Confluent Python SchemaRegistryClient: the calls of its integration suite', () => {
  let server: ServerProcess;
  let seen: Seen;
  before(async () => {
    server = await startServer();
    seen = runPython('sr_client_api.py', server.url);
  });
  after(() => server.stop());

  it('registers, looks up and reads schemas by id, version and subject', () => {
    assert.equal(seen.same_id_again, true);
    assert.deepEqual(seen.lookup, [true, true, 1]);
    assert.deepEqual(seen.by_id, ['AVRO', 'Sensor']);
    assert.equal(seen.second_is_new_id, true);
    assert.deepEqual(seen.versions, [1, 2]);
    assert.deepEqual(seen.latest, [2, true]);
    assert.deepEqual(seen.version_1, [true, 1, true]);
    assert.equal(seen.subjects_include, true);
    assert.ok((seen.subjects_by_id as string[]).some((s) => s.startsWith('sr-api-readings-')));
    assert.ok((seen.schema_versions_by_id as [string, number][]).some(([s, v]) => s.startsWith('sr-api-readings-') && v === 1));
    assert.deepEqual(seen.types, ['AVRO', 'JSON', 'PROTOBUF']);
    // normalize=true on register and lookup; the normalized text is the one already registered elsewhere.
    assert.deepEqual(seen.normalized, [true, true]);
  });

  it('raises the error codes and messages Confluent sends', () => {
    assertError(seen, 'unknown_id', 404, 40403, /^Schema .*not found/);
    assertError(seen, 'unknown_subject_lookup', 404, 40401, /^Subject .*not found/);
    assertError(seen, 'unknown_subject_delete', 404, 40401, /^Subject .*not found/);
    assertError(seen, 'unknown_subject_versions', 404, 40401, /^Subject .*not found/);
    assertError(seen, 'missing_version', 404, 40402, /^Version 3 not found/);
    assertError(seen, 'version_not_a_number', 422, 42202, /^The specified version 'a' is not a valid version id/);
    assertError(seen, 'register_invalid', 422, 42201, /^Invalid schema/);
    assertError(seen, 'lookup_invalid', 422, 42201, /^Invalid schema/);
    assertError(seen, 'lookup_unregistered', 404, 40403, /^Schema not found$/);
    assertError(seen, 'incompatible', 409, 409, /^Schema being registered is incompatible with an earlier schema/);
    assertError(seen, 'invalid_level', 422, 42203, /^Invalid compatibility level/);
  });

  it('tests compatibility against the latest, a given and all versions', () => {
    assert.equal(seen.compatible_with_latest, true);
    assert.equal(seen.incompatible_with_latest, false);
    assert.equal(seen.compatible_with_version_1, true);
    assert.equal(seen.compatible_with_all, true);
    assertError(seen, 'compat_unknown_version', 404, 40402, /^Version 9 not found/);
  });

  it('gets, sets and deletes global and subject compatibility', () => {
    assert.equal(seen.global_default, 'BACKWARD');
    assert.deepEqual(seen.set_global, { compatibility: 'FULL' });
    assert.equal(seen.global_after_set, 'FULL');
    // The client asks GET /config/{s} without defaultToGlobal: a subject with no level of its own is 40408.
    assertError(seen, 'subject_unset', 404, 40408, /does not have subject-level compatibility configured$/);
    assert.deepEqual(seen.set_subject, { compatibility: 'FORWARD_TRANSITIVE' });
    assert.equal(seen.subject_after_set, 'FORWARD_TRANSITIVE');
    assert.equal(seen.subject_config, 'FORWARD_TRANSITIVE');
    assert.deepEqual(seen.set_config, { compatibility: 'NONE' });
    assert.equal(seen.deleted_subject_config, 'NONE');
    assertError(seen, 'subject_after_delete', 404, 40408, /does not have subject-level compatibility configured$/);
    assert.equal(seen.global_restored, 'BACKWARD');
  });

  it('soft-deletes then hard-deletes versions and subjects, and refuses the steps Confluent refuses', () => {
    assert.equal(seen.cached_before_delete, true);
    assert.equal(seen.soft_version_delete, 1);
    assert.equal(seen.cache_cleared, true);
    assert.equal(seen.hard_version_delete, 1);
    assert.equal(seen.gone_after_version_deletes, true);
    assertError(seen, 'hard_before_soft', 404, 40405, /was not deleted first before being permanently deleted$/);
    assert.deepEqual(seen.soft_subject_delete, [1, 2]);
    assert.equal(seen.gone_after_soft, true);
    assert.equal(seen.deleted_listed, true);
    assertError(seen, 'soft_again', 404, 40404, /was soft deleted\.Set permanent=true to delete permanently$/);
    assert.deepEqual(seen.hard_subject_delete, [1, 2]);
    assert.equal(seen.gone_after_hard, true);
  });

  it('registers references, lists who references a version, and protects referenced versions', () => {
    assert.deepEqual(seen.references, [['sr.api.Unit', true, 1]]);
    assert.equal(seen.referenced_by, true);
    assertError(seen, 'referenced_delete', 422, 42206, /^One or more references exist to the schema/);
    // Confluent's wording for a reference to a version that does not exist (AbstractSchemaProvider).
    assertError(seen, 'missing_reference', 422, 42201, /No schema reference found for subject "sr-api-nowhere-[^"]+" and version 1$/);
  });

  it('keeps metadata and finds the latest version carrying given metadata properties', () => {
    assert.deepEqual(seen.latest_with_metadata, [1, { owner: 'team-a' }]);
    assert.deepEqual(seen.stored_metadata, { owner: 'team-b' });
    assertError(seen, 'no_metadata_match', 404, 40403, /^Schema not found$/);
  });
});

describe('Confluent Python serializers: subject name strategies, latest/metadata/pinned ids, references', () => {
  let server: ServerProcess;
  let seen: Seen;
  before(async () => {
    server = await startServer();
    seen = runPython('sr_serdes.py', server.url);
  });
  after(() => server.stop());

  it('Avro: each subject name strategy registers under its subject and round-trips', () => {
    assert.match((seen.avro_topic as string[])[0]!, /^meters-.+-value$/);
    assert.deepEqual((seen.avro_topic as unknown[]).slice(1), [true, true]);
    assert.deepEqual(seen.avro_record, ['sr.serdes.Meter', true, true]);
    assert.match((seen.avro_topic_record as string[])[0]!, /^meters-.+-sr\.serdes\.Meter$/);
    assert.deepEqual((seen.avro_topic_record as unknown[]).slice(1), [true, true]);
    assert.equal(seen.avro_key_subject, true);
  });

  it('Avro: use.latest.version, lookup without auto-register, use.latest.with.metadata, use.schema.id', () => {
    assert.deepEqual(seen.latest_version, [true, 'north']);
    assert.equal(seen.lookup_only_id, seen.lookup_only_expected);
    assert.equal(seen.latest_with_metadata, true);
    assert.equal(seen.use_schema_id, true);
  });

  it('Avro: normalize.schemas makes differently formatted text one schema', () => {
    assert.equal(seen.normalized_same_id, true);
    assert.deepEqual(seen.normalized_versions, [1]);
  });

  it('Avro and JSON Schema: references serialize and resolve on a client with empty caches', () => {
    assert.deepEqual(seen.avro_references, [['sr.serdes.Owner'], true]);
    assert.equal(seen.json_record_strategy, true);
    assert.equal(seen.json_roundtrip, true);
    assert.equal(seen.json_invalid_rejected, true);
    assert.equal(seen.json_references, true);
  });

  it('Protobuf: a file that declares no type and only re-exports another (import public) registers as a reference', () => {
    // The client sends every Protobuf file as a base64 FileDescriptorProto; Confluent takes any that decodes.
    assert.deepEqual(seen.proto_references, [['srsuite/reexport.proto', 'srsuite/reexport.proto']]);
    assert.equal(seen.proto_reexport_text, 'syntax = "proto3";\npackage srsuite;\n\nimport public "srsuite/base.proto";\n');
    assert.deepEqual(seen.proto_reexport_references, ['srsuite/base.proto']);
    assert.equal(seen.proto_roundtrip, true);
    assert.equal(seen.proto_record_strategy, true);
    assert.equal(seen.proto_record_subject, true);
  });
});
