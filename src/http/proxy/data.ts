// Data plane of the REST proxy: v2 produce and consumer instances, v3 record produce.
import type { FastifyInstance } from 'fastify';
import type { ProxyContext } from './index.ts';

export function dataRoutes(_app: FastifyInstance, _context: ProxyContext): void {}
