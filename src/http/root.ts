// GET|POST / (Confluent answers {}), GET /_health for operators and tests.
import type { FastifyInstance } from 'fastify';
import { sendJson } from './app.ts';

export interface Health {
  /** True once the node has read its schemas topic to the end and Kafka answers. */
  readonly healthy: boolean;
  readonly [detail: string]: unknown;
}

export function rootRoutes(app: FastifyInstance, health: () => Health): void {
  app.get('/', (request, reply) => sendJson(request, reply, '{}'));
  app.post('/', (request, reply) => sendJson(request, reply, '{}'));
  app.get('/_health', (request, reply) => {
    const status = health();
    return reply.code(status.healthy ? 200 : 503).header('content-type', 'application/json').send(JSON.stringify(status));
  });
}
