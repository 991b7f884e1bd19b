// The round trip operators rely on: a registry with every schema type, references, soft and hard deletes, config
// and mode changes is backed up (v2 and v3), restored into new topics, and registries started on those topics
// answer every read endpoint exactly as the original does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { client, startServer, uniqueTopic, type ServerProcess } from '../harness.ts';
import { configFile, fixture, runBackup, tempDir } from './cli.ts';

const servers: ServerProcess[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

async function server(topic?: string): Promise<ReturnType<typeof client>> {
  const s = await startServer(topic ? { topic } : {});
  servers.push(s);
  return client(s.url);
}

type Api = ReturnType<typeof client>;

async function ok(res: Promise<{ status: number; text: string }>, what: string): Promise<void> {
  const r = await res;
  assert.ok(r.status < 300, `${what}: ${r.status} ${r.text}`);
}

async function populate(api: Api): Promise<void> {
  const base = { type: 'record', name: 'Base', namespace: 'com.example', fields: [{ name: 'id', type: 'long' }] };
  await ok(api.post('/subjects/avro-base/versions', { schema: JSON.stringify(base) }), 'avro base');
  const base2 = { ...base, fields: [...base.fields, { name: 'note', type: 'string', default: '' }] };
  await ok(api.post('/subjects/avro-base/versions', { schema: JSON.stringify(base2) }), 'avro base v2');
  const user = { type: 'record', name: 'User', namespace: 'com.example', fields: [{ name: 'base', type: 'com.example.Base' }] };
  await ok(api.post('/subjects/avro-user/versions', { schema: JSON.stringify(user), references: [{ name: 'com.example.Base', subject: 'avro-base', version: 1 }] }), 'avro with reference');
  await ok(api.post('/subjects/json-order/versions', { schemaType: 'JSON', schema: JSON.stringify({ type: 'object', properties: { n: { type: 'integer' } } }) }), 'json');
  await ok(api.post('/subjects/proto-dep/versions', { schemaType: 'PROTOBUF', schema: 'syntax = "proto3";\npackage dep;\nmessage Dep { string id = 1; }\n' }), 'proto dep');
  await ok(api.post('/subjects/proto-main/versions', {
    schemaType: 'PROTOBUF',
    schema: 'syntax = "proto3";\npackage main;\nimport "dep.proto";\nmessage Main { dep.Dep dep = 1; int32 n = 2; }\n',
    references: [{ name: 'dep.proto', subject: 'proto-dep', version: 1 }],
  }), 'proto with reference');
  for (const n of [1, 2, 3]) {
    await ok(api.post('/subjects/soft/versions', { schema: JSON.stringify({ type: 'record', name: 'Soft', fields: [{ name: `f${n}`, type: 'int', default: 0 }] }) }), 'soft');
  }
  await ok(api.delete('/subjects/soft/versions/2'), 'soft-delete a version');
  await ok(api.post('/subjects/gone/versions', { schema: JSON.stringify({ type: 'record', name: 'Gone', fields: [] }) }), 'gone');
  await ok(api.delete('/subjects/gone'), 'soft-delete a subject');
  await ok(api.delete('/subjects/gone?permanent=true'), 'hard-delete a subject');
  await ok(api.post('/subjects/half/versions', { schema: JSON.stringify({ type: 'record', name: 'Half', fields: [] }) }), 'half');
  await ok(api.post('/subjects/half/versions', { schema: JSON.stringify({ type: 'record', name: 'Half', fields: [{ name: 'a', type: 'int', default: 1 }] }) }), 'half v2');
  await ok(api.delete('/subjects/half/versions/1'), 'soft-delete half v1');
  await ok(api.delete('/subjects/half/versions/1?permanent=true'), 'hard-delete half v1');
  await ok(api.post('/subjects/deleted-subject/versions', { schema: JSON.stringify({ type: 'record', name: 'Del', fields: [] }) }), 'deleted-subject');
  await ok(api.delete('/subjects/deleted-subject'), 'soft-delete deleted-subject');
  await ok(api.put('/config', { compatibility: 'FULL' }), 'global config');
  await ok(api.put('/config/json-order', { compatibility: 'NONE' }), 'subject config');
  await ok(api.put('/config/proto-main', { compatibility: 'FORWARD_TRANSITIVE' }), 'subject config 2');
  await ok(api.put('/mode/avro-base', { mode: 'READONLY' }), 'subject mode');
}

/** Every read endpoint's status and body, for every subject, version and id the registry knows. */
async function snapshot(api: Api): Promise<Map<string, string>> {
  const answers = new Map<string, string>();
  const get = async (path: string) => {
    const res = await api.get(path);
    answers.set(path, `${res.status} ${res.text}`);
    return res;
  };
  for (const path of ['/subjects', '/config', '/mode', '/schemas', '/schemas?deleted=true', '/schemas/types']) await get(path);
  const subjects = (await get('/subjects?deleted=true')).body as string[];
  const ids = new Set<number>();
  for (const subject of subjects) {
    const s = encodeURIComponent(subject);
    await get(`/subjects/${s}/versions`);
    await get(`/config/${s}`);
    await get(`/config/${s}?defaultToGlobal=true`);
    await get(`/mode/${s}`);
    const versions = ((await get(`/subjects/${s}/versions?deleted=true`)).body ?? []) as number[];
    for (const v of [...versions, 'latest']) {
      const version = (await get(`/subjects/${s}/versions/${v}?deleted=true`)).body as { id?: number } | undefined;
      if (version?.id !== undefined) ids.add(version.id);
      await get(`/subjects/${s}/versions/${v}`);
      await get(`/subjects/${s}/versions/${v}/schema`);
      await get(`/subjects/${s}/versions/${v}/referencedby`);
    }
  }
  const maxId = Math.max(0, ...ids) + 2;
  for (let id = 1; id <= maxId; id++) {
    await get(`/schemas/ids/${id}`);
    await get(`/schemas/ids/${id}/versions`);
    await get(`/schemas/ids/${id}/versions?deleted=true`);
    await get(`/schemas/ids/${id}/schema`);
  }
  return answers;
}

function assertSame(original: Map<string, string>, restored: Map<string, string>, label: string): void {
  assert.deepEqual([...restored.keys()], [...original.keys()], `${label}: the same subjects, versions and ids`);
  for (const [path, answer] of original) assert.equal(restored.get(path), answer, `${label}: GET ${path}`);
}

test('get (v2 and v3) and restore into new topics: the restored registries answer exactly as the original', async () => {
  const original = await server();
  await populate(original);
  const before = await snapshot(original);
  // The scenario is what it claims to be: every type, references, soft/hard deletes, configs and a mode.
  assert.match(before.get('/subjects?deleted=true') ?? '', /deleted-subject/);
  assert.doesNotMatch(before.get('/subjects?deleted=true') ?? '', /"gone"/);
  assert.match(before.get('/subjects/proto-main/versions/1?deleted=true') ?? '', /"references":\[\{"name":"dep.proto"/);
  assert.match(before.get('/subjects/json-order/versions/1?deleted=true') ?? '', /"schemaType":"JSON"/);
  assert.match(before.get('/subjects/soft/versions?deleted=true') ?? '', /^200 \[1,2,3\]$/);
  assert.match(before.get('/subjects/soft/versions') ?? '', /^200 \[1,3\]$/);
  assert.match(before.get('/subjects/half/versions?deleted=true') ?? '', /^200 \[2\]$/);
  assert.match(before.get('/config') ?? '', /FULL/);
  assert.match(before.get('/mode/avro-base') ?? '', /READONLY/);
  assert.ok(before.size > 150, `${before.size} answers compared`);

  const config = await configFile({ topic_name: servers[0]?.topic });
  const dir = tempDir();
  const v2 = await runBackup(['get', '--config', config, '--location', join(dir, 'schemas.bak')]);
  assert.equal(v2.code, 0, v2.stderr);
  assert.match(readFileSync(join(dir, 'schemas.bak'), 'latin1'), /^\/V2\n/);
  const v3 = await runBackup(['get', '--config', config, '--location', join(dir, 'schemas-v3'), '--use-format-v3', '--replication-factor', '1']);
  assert.equal(v3.code, 0, v3.stderr);
  const verified = await runBackup(['verify', '--location', join(dir, 'schemas-v3'), '--level', 'record']);
  assert.equal(verified.code, 0, verified.stdout);

  for (const [label, location] of [['v2', join(dir, 'schemas.bak')], ['v3', join(dir, 'schemas-v3')]] as const) {
    const topic = uniqueTopic(`restored-${label}`);
    const restore = await runBackup(['restore', '--config', config, '--location', location, '--topic', topic]);
    assert.equal(restore.code, 0, restore.stderr);
    assertSame(before, await snapshot(await server(topic)), label);
  }
});

test('a console-consumer dump and a v1 backup restore into working registries', async () => {
  const config = await configFile();
  for (const name of ['schemas-console.txt', 'schemas-v1.json']) {
    const topic = uniqueTopic('restored-text');
    const restore = await runBackup(['restore', '--config', config, '--location', fixture(name), '--topic', topic]);
    assert.equal(restore.code, 0, restore.stderr);
    const api = await server(topic);
    assert.deepEqual((await api.get('/subjects')).body, ['users-value'], name);
    assert.deepEqual((await api.get('/subjects/users-value/versions')).body, [2], `${name}: version 1 was hard-deleted`);
    assert.equal((await api.get('/subjects/users-value/versions/2')).body.id, 2);
    assert.deepEqual((await api.get('/config')).body, { compatibilityLevel: 'FULL' });
    assert.deepEqual((await api.get('/mode/users-value')).body, { mode: 'READONLY' });
  }
});
