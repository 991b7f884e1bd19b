// The REST proxy's control plane while Kafka cannot be reached: 5xx answers, no crash, and service once it is back.
import assert from 'node:assert/strict';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../../tools/kafka/broker.ts';
import { client, kafkaBootstrap, startServer, type ServerProcess } from '../harness.ts';
import { eventually } from './eventually.ts';


describe('REST proxy control plane: a Kafka outage answers 5xx and recovers', () => {
  let server: ServerProcess;
  let api: ReturnType<typeof client>;
  let gate: Server;
  let port: number;
  const sockets = new Set<Socket>();

  before(async () => {
    const [host, realPort] = (await kafkaBootstrap()).split(':');
    // The proxy bootstraps through this gate, closed at first: no broker answers there.
    gate = createServer((socket) => {
      sockets.add(socket);
      const upstream = connect(Number(realPort), host);
      socket.pipe(upstream).pipe(socket);
      const close = () => { socket.destroy(); upstream.destroy(); sockets.delete(socket); };
      socket.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    });
    port = await freePort();
    server = await startServer({ config: { karapace_registry: false, bootstrap_uri: `127.0.0.1:${port}` }, waitHealthy: false });
    api = client(server.url);
    await eventually(async () => assert.equal((await api.get('/')).status, 200));
  });
  after(async () => {
    await server.stop();
    for (const socket of sockets) socket.destroy();
    gate.close();
  });

  it('answers 5xx while Kafka is away, then serves once it is back', async () => {
    const v3 = await api.get('/v3/clusters');
    assert.ok(v3.status >= 500, `${v3.status} ${v3.text}`);
    assert.ok([50002, 50003, 50302].includes(v3.body.error_code), v3.text);
    const v2 = await api.get('/brokers');
    assert.ok(v2.status >= 500, `${v2.status} ${v2.text}`);
    assert.ok([50002, 50003, 50302].includes(v2.body.error_code), v2.text);
    await new Promise<void>((done) => gate.listen(port, '127.0.0.1', done));
    await eventually(async () => assert.equal((await api.get('/v3/clusters')).status, 200));
    assert.deepEqual((await api.get('/brokers')).body, { brokers: [1] });
    assert.equal(server.child.exitCode, null);
  });
});
