// Transport behaviour: media types, malformed and missing bodies, limits, unknown routes. Errors are always JSON
// with Confluent's error_code, never a 500.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, client, startServer, type ServerProcess } from '../harness.ts';

describe('HTTP transport', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  before(async () => {
    server = await startServer({ config: { http_request_max_size: 4096 } });
    api = client(server.url);
  });
  after(() => server.stop());

  const schema = JSON.stringify({ schema: '"int"' });

  it('accepts the four request media types and a missing Content-Type', async () => {
    for (const type of ['application/vnd.schemaregistry.v1+json', 'application/vnd.schemaregistry+json', 'application/json', 'application/octet-stream']) {
      const res = await call(server.url, 'POST', '/subjects/media/versions', schema, { 'content-type': type });
      assert.equal(res.status, 200, type);
    }
    const res = await fetch(`${server.url}/subjects/media/versions`, { method: 'POST', body: new Blob([schema]) });
    assert.equal(res.status, 200);
  });

  it('answers 415 for other request media types', async () => {
    const res = await call(server.url, 'POST', '/subjects/media/versions', schema, { 'content-type': 'text/xml' });
    assert.equal(res.status, 415);
    assert.equal(res.body.error_code, 415);
  });

  it('negotiates the response type and answers 406 when nothing fits', async () => {
    assert.equal((await api.get('/subjects', { accept: 'application/json' })).headers.get('content-type'), 'application/json');
    assert.equal((await api.get('/subjects', { accept: 'application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5' })).headers.get('content-type'),
      'application/vnd.schemaregistry+json');
    assert.equal((await api.get('/subjects', { accept: '*/*' })).headers.get('content-type'), 'application/vnd.schemaregistry.v1+json');
    const res = await api.get('/subjects', { accept: 'text/html' });
    assert.equal(res.status, 406);
    assert.equal(res.body.error_code, 406);
  });

  it('answers 400 for malformed JSON and wrong JSON types, 422 for a missing body', async () => {
    const malformed = await api.post('/subjects/x/versions', '{"schema": ');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error_code, 400);
    const wrongType = await api.post('/subjects/x/versions', { schema: 42 });
    assert.equal(wrongType.status, 400);
    assert.equal((await api.post('/subjects/x/versions', { schema: '"int"', references: 'nope' })).body.error_code, 400);
    assert.equal((await api.post('/subjects/x/versions', [1, 2])).body.error_code, 400);
    const missing = await call(server.url, 'POST', '/subjects/x/versions', undefined, { 'content-type': 'application/json' });
    assert.equal(missing.status, 422);
    assert.equal(missing.body.error_code, 422);
    assert.equal((await api.put('/config', '')).body?.error_code ?? (await api.put('/config', '')).status, 422);
  });

  it('answers 413 for bodies over http_request_max_size', async () => {
    const res = await api.post('/subjects/x/versions', { schema: JSON.stringify({ type: 'enum', name: 'E', symbols: Array.from({ length: 1000 }, (_, i) => `S${i}`) }) });
    assert.equal(res.status, 413);
    assert.equal(res.body.error_code, 413);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await api.get('/no/such/route');
    assert.equal(res.status, 404);
    assert.deepEqual(res.body, { error_code: 404, message: 'HTTP 404 Not Found' });
    assert.equal((await api.get('/subjects/')).status, 200, 'a trailing slash is the same route');
  });

  it('subject names may hold encoded slashes and unicode', async () => {
    const name = encodeURIComponent('team/orders-värde');
    assert.equal((await api.post(`/subjects/${name}/versions`, { schema: '"long"' })).status, 200);
    assert.ok((await api.get('/subjects')).body.includes('team/orders-värde'));
    assert.equal((await api.get(`/subjects/${name}/versions/1`)).body.subject, 'team/orders-värde');
  });
});
