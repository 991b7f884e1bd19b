// The baseline: a bare node:http server answering precomputed bytes per path, as fast as Node can answer at all.
// Usage: node bare-server.ts <port> <routes.json>  (routes: {"GET /path": "<body>", "POST /path": "<body>"})
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [port = '0', routesFile = ''] = process.argv.slice(2);
const routes = new Map<string, Buffer>(
  Object.entries(JSON.parse(readFileSync(routesFile, 'utf8')) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v)]),
);
const server = createServer((request, response) => {
  const body = routes.get(`${request.method} ${request.url}`);
  request.resume();
  request.on('end', () => {
    response.writeHead(body ? 200 : 404, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
    response.end(body ?? '{}');
  });
});
server.listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\n'));
