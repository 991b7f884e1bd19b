// Confluent's /v1/metadata endpoints: the clusters this registry belongs to (its Kafka cluster and its election
// group) and the server's version. Karapace has neither; Confluent's clients and tools read them.
import type { FastifyInstance } from 'fastify';
import { storeError } from '../../core/errors.ts';
import { sendJson } from '../app.ts';

export interface MetadataSource {
  /** The Kafka cluster's id (asked once, then kept: it never changes for a running cluster). */
  readonly kafkaClusterId: () => Promise<string>;
  /** The election group: Confluent's schema-registry cluster id. */
  readonly groupId: string;
  /** This server's version (package.json's). */
  readonly version: string;
}

export function metadataRoutes(app: FastifyInstance, source: MetadataSource): void {
  let id: string | undefined;
  app.get('/v1/metadata/id', async (request, reply) => {
    if (id === undefined) {
      try {
        id = await source.kafkaClusterId();
      } catch {
        throw storeError('reading the cluster id');
      }
    }
    return sendJson(request, reply, JSON.stringify({ scope: { path: [], clusters: { 'kafka-cluster': id, 'schema-registry-cluster': source.groupId } } }));
  });
  const version = JSON.stringify({ version: source.version, commitId: '' });
  app.get('/v1/metadata/version', async (request, reply) => sendJson(request, reply, version));
}
