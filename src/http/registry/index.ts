// Every Schema Registry route.
import type { FastifyInstance } from 'fastify';
import type { Registry } from '../../registry/registry.ts';
import type { LeaderTls } from '../forward.ts';
import { compatibilityRoutes } from './compatibility.ts';
import { leaderRoutes } from './leader.ts';
import { metadataRoutes, type MetadataSource } from './metadata.ts';
import { schemaRoutes } from './schemas.ts';
import { settingsRoutes } from './settings.ts';
import { subjectRoutes } from './subjects.ts';

export function registryRoutes(app: FastifyInstance, registry: Registry, options: { leaderTls?: LeaderTls; metadata?: MetadataSource } = {}): void {
  schemaRoutes(app, registry);
  subjectRoutes(app, registry);
  settingsRoutes(app, registry);
  compatibilityRoutes(app, registry);
  leaderRoutes(app, registry, options.leaderTls);
  if (options.metadata) metadataRoutes(app, options.metadata);
}
