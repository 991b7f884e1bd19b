// Confluent's Go client (github.com/confluentinc/confluent-kafka-go/v2: schemaregistry and the avrov2, jsonschema and
// protobuf serdes, unchanged, from the Go module proxy) against our server. test/clients/go/main.go runs one scenario
// per call and prints one JSON line of what the client saw; ids, versions, schemas and errors are checked here against
// what our server answers over plain HTTP, and error codes against Confluent's.
// Needs Go (1.24+) and a C compiler: the serde packages import the kafka package, which is cgo (bundled librdkafka).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { client, startServer, type ServerProcess } from '../harness.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const source = join(root, 'test', 'clients', 'go');
const binary = join(root, '.cache', 'go-client', 'go-client');

interface Done { readonly code: number | null; readonly stdout: string; readonly stderr: string }

function run(command: string, args: string[], options: { cwd?: string; timeout: number }): Promise<Done> {
  return new Promise((done, fail) => {
    execFile(command, args, { ...options, encoding: 'utf8', maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') fail(new Error(`cannot run ${command}: ${error.message}\n${stderr}`));
      else done({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

/** `go build` into .cache/go-client (modules from the proxy on first run; incremental afterwards). */
async function buildGoClient(): Promise<void> {
  mkdirSync(dirname(binary), { recursive: true });
  const started = Date.now();
  // -mod=readonly: go.mod and go.sum are committed and complete; -buildvcs=false: no git stamping needed.
  const built = await run('go', ['build', '-mod=readonly', '-buildvcs=false', '-o', binary, '.'], { cwd: source, timeout: 15 * 60_000 });
  assert.equal(built.code, 0, `go build failed (needs Go 1.24+ and a C compiler for cgo):\n${built.stdout}${built.stderr}`);
  process.stdout.write(`# go client built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

type Seen = Record<string, any>;

async function scenario(url: string, name: string): Promise<Seen> {
  const result = await run(binary, [url, name, `go-${name}`], { timeout: 120_000 });
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  let seen: Seen;
  try {
    seen = JSON.parse(line) as Seen;
  } catch {
    throw new Error(`scenario ${name} printed no JSON (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
  assert.equal(seen.fatal, undefined, `scenario ${name} stopped: ${seen.fatal}\n${result.stderr}`);
  assert.equal(result.code, 0, result.stderr);
  return seen;
}

/** The error the Go client reported is the one our server answers to the same request over HTTP, with Confluent's code. */
function sameError(reported: Seen | undefined, answer: { status: number; body: any }, errorCode: number, status: number): void {
  assert.ok(reported?.error, `expected an error, the client returned ${JSON.stringify(reported)}`);
  assert.equal(answer.status, status);
  assert.equal(answer.body.error_code, errorCode);
  assert.deepEqual(reported.error, { code: answer.body.error_code, message: answer.body.message });
}

const enc = encodeURIComponent;

describe('Confluent Go client (confluent-kafka-go schemaregistry)', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  before(async () => {
    await buildGoClient();
    server = await startServer();
    api = client(server.url);
  });
  after(() => server?.stop());

  it('registers Avro, JSON Schema and Protobuf with a reference, reads by subject, version and id, looks up, lists', async () => {
    const seen = await scenario(server.url, 'client');
    const p = 'go-client';
    const users = `${p}-users-value`;
    const v1 = (await api.get(`/subjects/${users}/versions/1`)).body;
    const latest = (await api.get(`/subjects/${users}/versions/latest`)).body;
    assert.equal(v1.version, 1);
    assert.equal(latest.version, 2);

    // Register answers the server's ids; a second client gets the same id; the full response carries at least the id.
    assert.equal(seen.avro_id1, v1.id);
    assert.equal(seen.avro_id1_again, v1.id);
    assert.equal(seen.avro_id2, latest.id);
    assert.notEqual(seen.avro_id1, seen.avro_id2);
    assert.equal(seen.avro_register_full.id, latest.id);

    // GetLatestSchemaMetadata, GetSchemaMetadata(subject, 1).
    assert.deepEqual(seen.latest, { id: latest.id, subject: users, version: 2, schemaType: '', schema: latest.schema, references: [] });
    assert.deepEqual(seen.version1, { id: v1.id, subject: users, version: 1, schemaType: '', schema: v1.schema, references: [] });

    // GetBySubjectAndID with and without a subject (GET /schemas/ids/{id}[?subject=]).
    const byId1 = (await api.get(`/schemas/ids/${v1.id}?subject=${users}`)).body;
    const byId2 = (await api.get(`/schemas/ids/${latest.id}`)).body;
    assert.deepEqual(seen.by_subject_and_id, { schemaType: '', schema: byId1.schema, references: [] });
    assert.deepEqual(seen.by_id, { schemaType: '', schema: byId2.schema, references: [] });
    assert.deepEqual(seen.subjects_versions_by_id, (await api.get(`/schemas/ids/${v1.id}/versions`)).body);
    assert.deepEqual(seen.subjects_versions_by_id, [{ subject: users, version: 1 }]);

    // GetID / GetIDFullResponse / GetVersion (POST /subjects/{s}), with normalize=true for a differently spaced schema.
    assert.equal(seen.lookup_id, v1.id);
    assert.deepEqual(seen.lookup_full, { id: latest.id, subject: users, version: 2, schemaType: '', schema: latest.schema, references: [] });
    assert.equal(seen.lookup_version, 2);
    assert.deepEqual(seen.lookup_normalized, { value: v1.id });
    const never = JSON.stringify({ type: 'record', name: 'Never', namespace: 'go.test', fields: [{ name: 'x', type: 'int' }] });
    sameError(seen.lookup_unregistered, await api.post(`/subjects/${users}`, { schema: never }), 40403, 404);
    sameError(seen.lookup_missing_subject, await api.post(`/subjects/${p}-missing`, { schema: v1.schema }), 40401, 404);
    assert.deepEqual(seen.versions, (await api.get(`/subjects/${users}/versions`)).body);
    assert.deepEqual(seen.versions, [1, 2]);

    // JSON Schema.
    const people = (await api.get(`/subjects/${p}-people-value/versions/latest`)).body;
    assert.equal(people.schemaType, 'JSON');
    assert.equal(seen.json_id, people.id);
    assert.deepEqual(seen.json_latest, { id: people.id, subject: `${p}-people-value`, version: 1, schemaType: 'JSON', schema: people.schema, references: [] });

    // Protobuf with a reference to another subject.
    const common = (await api.get(`/subjects/${p}-common/versions/1`)).body;
    const orders = (await api.get(`/subjects/${p}-orders-value/versions/1`)).body;
    const refs = [{ name: 'go/test/common.proto', subject: `${p}-common`, version: 1 }];
    assert.equal(seen.proto_common_id, common.id);
    assert.equal(seen.proto_order_id, orders.id);
    assert.equal(seen.proto_lookup_id, orders.id);
    assert.deepEqual(orders.references, refs);
    assert.deepEqual(seen.proto_latest, { id: orders.id, subject: `${p}-orders-value`, version: 1, schemaType: 'PROTOBUF', schema: orders.schema, references: refs });
    const ordersById = (await api.get(`/schemas/ids/${orders.id}`)).body;
    assert.deepEqual(seen.proto_by_id, { schemaType: 'PROTOBUF', schema: ordersById.schema, references: ordersById.references });
    assert.deepEqual(seen.proto_by_id.references, refs);
    const orderProto = 'syntax = "proto3";\npackage go.test;\n\nimport "go/test/common.proto";\n\nmessage Order {\n  string id = 1;\n  go.test.Money total = 2;\n}\n';
    sameError(seen.proto_missing_reference, await api.post(`/subjects/${p}-broken-value/versions`, {
      schema: orderProto, schemaType: 'PROTOBUF', references: [{ name: 'go/test/common.proto', subject: `${p}-nowhere`, version: 1 }],
    }), 42201, 422);

    // GetAllSubjects.
    const subjects = ((await api.get('/subjects')).body as string[]).filter((s) => s.startsWith(p)).sort();
    assert.deepEqual(seen.subjects, subjects);
    assert.deepEqual(seen.subjects, [`${p}-common`, `${p}-orders-value`, `${p}-people-value`, `${p}-users-value`]);

    // Errors the client reports.
    sameError(seen.missing_subject_latest, await api.get(`/subjects/${p}-missing/versions/latest`), 40401, 404);
    sameError(seen.missing_subject_versions, await api.get(`/subjects/${p}-missing/versions`), 40401, 404);
    sameError(seen.missing_version, await api.get(`/subjects/${users}/versions/42`), 40402, 404);
    sameError(seen.missing_id, await api.get('/schemas/ids/987654'), 40403, 404);
    const bad = JSON.stringify({ type: 'record', name: 'Bad', fields: [{ name: 'x', type: 'nope' }] });
    sameError(seen.invalid_schema, await api.post(`/subjects/${p}-invalid-value/versions`, { schema: bad }), 42201, 422);
  });

  it('GetAllContexts (GET /contexts) lists the default context', async () => {
    const seen = await scenario(server.url, 'contexts');
    assert.deepEqual(seen.contexts, { value: ['.'] });
  });

  it('tests compatibility and reads and sets the subject and global levels', async () => {
    const seen = await scenario(server.url, 'compatibility');
    const subject = 'go-compatibility-compat-value';
    assert.equal(seen.compatible_v1, true);
    assert.equal(seen.incompatible_v1, false);
    assert.deepEqual(seen.compatible_latest, { value: true });
    assert.equal(seen.subject_compatible, true);
    assert.equal(seen.subject_incompatible, false);
    const v2 = JSON.stringify({ type: 'record', name: 'User', namespace: 'go.test', fields: [{ name: 'id', type: 'long' }, { name: 'email', type: ['null', 'string'], default: null }] });
    sameError(seen.missing_version, await api.post(`/compatibility/subjects/${subject}/versions/7`, { schema: v2 }), 40402, 404);
    // Confluent answers 40402 for a numbered version of an unknown subject too (CompatibilityResource, never 40401).
    sameError(seen.missing_subject, await api.post('/compatibility/subjects/go-compatibility-missing/versions/1', { schema: v2 }), 40402, 404);
    sameError(seen.invalid_schema, await api.post(`/compatibility/subjects/${subject}/versions/1`, { schema: '{"type":"nope"}' }), 42201, 422);
    assert.equal(seen.register_incompatible.error.code, 409);
    assert.match(seen.register_incompatible.error.message, /incompatible/);

    // GetCompatibility before any subject level: Confluent's 40408; GetConfig(defaultToGlobal) the global level.
    // (The subject has a level by now; another subject without one answers the same way over HTTP.)
    const unset = await api.get('/config/go-compatibility-unset');
    assert.deepEqual([unset.status, unset.body.error_code], [404, 40408]);
    assert.deepEqual(seen.subject_level_unset, { error: { code: 40408, message: `Subject '${subject}' does not have subject-level compatibility configured` } });
    assert.deepEqual(seen.subject_config_default_to_global, { value: 'BACKWARD' });

    assert.equal(seen.update_subject, 'NONE');
    assert.equal(seen.get_subject, 'NONE');
    assert.equal(seen.incompatible_under_none, true);
    const versions = (await api.get(`/subjects/${subject}/versions`)).body;
    assert.deepEqual(seen.versions, versions);
    assert.deepEqual(versions, [1, 2]);
    assert.deepEqual(seen.register_under_none, { value: (await api.get(`/subjects/${subject}/versions/2`)).body.id });

    // UpdateConfig/GetConfig (the ServerConfig forms), then the global level changed and restored.
    assert.equal(seen.update_config, 'FULL_TRANSITIVE');
    assert.equal(seen.get_config, 'FULL_TRANSITIVE');
    assert.deepEqual((await api.get(`/config/${subject}`)).body, { compatibilityLevel: 'FULL_TRANSITIVE' });
    assert.equal(seen.global_before, 'BACKWARD');
    assert.equal(seen.update_global, 'FORWARD');
    assert.equal(seen.global_after, 'FORWARD');
    assert.equal(seen.default_config, 'FORWARD');
    assert.equal(seen.update_default_config, 'BACKWARD');
    assert.equal(seen.global_restored, 'BACKWARD');
    assert.deepEqual((await api.get('/config')).body, { compatibilityLevel: 'BACKWARD' });
  });

  it('UpdateConfig with ServerConfig.Normalize stores and answers "normalize"', async () => {
    const seen = await scenario(server.url, 'config-normalize');
    const http = (await api.get('/config/go-config-normalize-normalize-value')).body;
    assert.deepEqual(seen.get_config, { compatibilityLevel: http.compatibilityLevel, normalize: http.normalize ?? false });
    assert.deepEqual(seen.update_config, { compatibility: 'BACKWARD', normalize: true });
    assert.deepEqual(seen.get_config, { compatibilityLevel: 'BACKWARD', normalize: true });
  });

  it('deletes versions and subjects, soft then permanent, with Confluent\'s errors', async () => {
    const seen = await scenario(server.url, 'delete');
    const subject = 'go-delete-del-value';
    const message = (code: number, text: string) => ({ error: { code, message: text } });
    assert.deepEqual(seen.versions_before, [1, 2, 3]);
    assert.equal(seen.delete_version_2, 2);
    assert.deepEqual(seen.versions_after_soft, [1, 3]);
    assert.deepEqual(seen.soft_deleted_read, message(40402, 'Version 2 not found.'));
    assert.equal(seen.soft_deleted_read_deleted.value.version, 2);
    assert.deepEqual(seen.soft_deleted_version_lookup, { value: 2 });
    assert.deepEqual(seen.delete_version_2_again, message(40406, `Subject '${subject}' Version 2 was soft deleted.Set permanent=true to delete permanently`));
    assert.deepEqual(seen.permanent_without_soft, message(40407, `Subject '${subject}' Version 3 was not deleted first before being permanently deleted`));
    assert.deepEqual(seen.delete_version_2_permanent, { value: 2 });
    assert.deepEqual(seen.permanent_deleted_read, message(40402, 'Version 2 not found.'));
    assert.deepEqual(seen.delete_missing_version, message(40402, 'Version 99 not found.'));

    assert.deepEqual(seen.delete_subject_permanent_first, message(40405, `Subject '${subject}' was not deleted first before being permanently deleted`));
    assert.deepEqual(seen.delete_subject, { value: [1, 3] });
    assert.equal(seen.listed_after_soft_delete, false);
    assert.deepEqual(seen.latest_after_soft_delete, message(40401, `Subject '${subject}' not found.`));
    assert.equal(seen.read_deleted_after_soft_delete.value.version, 1);
    assert.deepEqual(seen.delete_subject_again, message(40404, `Subject '${subject}' was soft deleted.Set permanent=true to delete permanently`));
    assert.deepEqual(seen.delete_subject_permanent, { value: [1, 3] });
    assert.deepEqual(seen.read_deleted_after_permanent, message(40401, `Subject '${subject}' not found.`));
    sameError(seen.read_deleted_after_permanent, await api.get(`/subjects/${subject}/versions/1?deleted=true`), 40401, 404);
    assert.ok(!((await api.get('/subjects?deleted=true')).body as string[]).includes(subject));
    sameError(seen.delete_missing_subject, await api.delete('/subjects/go-delete-missing'), 40401, 404);
    sameError(seen.delete_version_missing_subject, await api.delete('/subjects/go-delete-missing/versions/1'), 40401, 404);

    // Deleting the latest version: latest falls back to 1, and the next registration is version 3.
    const other = 'go-delete-del2-value';
    assert.deepEqual(seen.delete_latest, { value: 2 });
    const v1 = (await api.get(`/subjects/${other}/versions/1`)).body;
    assert.deepEqual(seen.latest_after_delete_latest, { value: { schema: v1.schema, id: v1.id, subject: other, version: 1 } });
    assert.deepEqual(seen.versions_after_reregister, (await api.get(`/subjects/${other}/versions`)).body);
    assert.deepEqual(seen.versions_after_reregister, [1, 3]);
  });

  it('Avro (avrov2 serde): auto-registers, serializes, and a fresh client deserializes; references through use.latest.version', async () => {
    const seen = await scenario(server.url, 'serde-avro');
    const registered = (await api.get('/subjects/go-serde-avro-readings-value/versions/latest')).body;
    assert.equal(registered.version, 1);
    assert.equal(registered.schemaType, undefined);
    assert.equal(JSON.parse(registered.schema).name, 'Reading');
    assert.equal(seen.wire.magic, 0);
    assert.equal(seen.wire.id, registered.id);
    // Avro binary: string "s-1", double 21.5 (little-endian), then the array block.
    assert.ok(seen.wire.rest.startsWith('06732d31' + '0000000000803540'), seen.wire.rest);
    assert.equal(seen.same_bytes_again, true);
    assert.equal(seen.roundtrip, true);
    assert.deepEqual(seen.decoded, { sensor: 's-1', value: 21.5, tags: ['a', 'b'] });
    assert.deepEqual(seen.decoded_generic, { sensor: 's-1', value: 21.5, tags: ['a', 'b'] });
    assert.equal(seen.factory_subject, 'go-serde-avro-readings-value');
    assert.equal(seen.factory_name, 'Reading');
    assert.equal(seen.lookup_same_bytes, true);
    sameError(seen.lookup_unregistered, await api.post('/subjects/go-serde-avro-unregistered-value', { schema: registered.schema }), 40401, 404);

    const payment = (await api.get('/subjects/go-serde-avro-payments-value/versions/latest')).body;
    assert.equal(seen.payment_id, payment.id);
    assert.deepEqual(payment.references, [{ name: 'go.test.Money', subject: 'go-serde-avro-money', version: 1 }]);
    assert.equal(seen.money_id, (await api.get('/subjects/go-serde-avro-money/versions/1')).body.id);
    assert.equal(seen.payment_wire.magic, 0);
    assert.equal(seen.payment_wire.id, payment.id);
    assert.equal(seen.payment_roundtrip, true);
  });

  it('JSON Schema (jsonschema serde): a draft 2020-12 schema derived from a Go struct round-trips; a served bound is enforced', async () => {
    const seen = await scenario(server.url, 'serde-json');
    const registered = (await api.get('/subjects/go-serde-json-json-readings-value/versions/latest')).body;
    assert.equal(registered.schemaType, 'JSON');
    assert.equal(JSON.parse(registered.schema).$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.equal(seen.wire.magic, 0);
    assert.equal(seen.wire.id, registered.id);
    assert.deepEqual(JSON.parse(seen.body), { sensor: 's-2', value: 3.25, tags: ['x'] });
    assert.equal(seen.roundtrip, true);
    const strict = (await api.get('/subjects/go-serde-json-strict-value/versions/latest')).body;
    assert.equal(seen.strict_id, strict.id);
    assert.equal(seen.strict_wire.id, strict.id);
    assert.match(seen.strict_rejected?.message ?? '', /minimum|>= 0/);
  });

  it('Protobuf (protobuf serde): the imported file becomes its own subject and reference; message indexes; a fresh client deserializes', async () => {
    const seen = await scenario(server.url, 'serde-protobuf');
    const registered = (await api.get('/subjects/go-serde-protobuf-proto-orders-value/versions/latest')).body;
    const refs = [{ name: 'go/test/common.proto', subject: 'go/test/common.proto', version: 1 }];
    assert.equal(registered.schemaType, 'PROTOBUF');
    assert.deepEqual(registered.references, refs);
    assert.deepEqual(seen.order_latest.references, refs);
    assert.equal(seen.order_latest.id, registered.id);
    assert.equal(seen.order_latest.schema, registered.schema);
    // The referenced file's subject has a '/' in it: the client sends it as %2F.
    const commonVersions = await api.get(`/subjects/${enc('go/test/common.proto')}/versions`);
    assert.deepEqual(commonVersions.body, [1]);
    assert.deepEqual(seen.reference_versions, { value: [1] });
    assert.equal(seen.wire.magic, 0);
    assert.equal(seen.wire.id, registered.id);
    // Order is the second message of its file: message indexes [1], zigzag varints 02 02.
    assert.equal(seen.message_indexes_bytes, '0202');
    assert.equal(seen.decoded_type, 'go.test.Order');
    assert.equal(seen.roundtrip, true, `sent ${seen.sent}\ndecoded ${seen.decoded}`);
    assert.equal(seen.same_prefix_again, true);
  });
});
