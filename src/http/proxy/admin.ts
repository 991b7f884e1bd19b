// Control plane of the REST proxy: v2 topic/partition/broker metadata and the v3 cluster API.
import type { FastifyInstance } from 'fastify';
import type { ProxyContext } from './index.ts';

export function adminRoutes(_app: FastifyInstance, _context: ProxyContext): void {}
