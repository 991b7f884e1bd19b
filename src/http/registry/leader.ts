// GET /master_available (Karapace's endpoint): whether a leader is there to take writes. The leader answers true;
// a follower asks the leader it knows (as Karapace forwards it), so the answer means "reachable", not just "named".
import type { FastifyInstance } from 'fastify';
import type { Registry } from '../../registry/registry.ts';
import { sendJson } from '../app.ts';
import { sendToLeader, wasForwarded, type LeaderTls } from '../forward.ts';

const PROBE_TIMEOUT_MS = 5_000;

export function leaderRoutes(app: FastifyInstance, registry: Registry, tls?: LeaderTls): void {
  app.get('/master_available', async (request, reply) => {
    const { isLeader, leaderUrl } = registry.leadership;
    let available = isLeader;
    if (!isLeader && leaderUrl && !wasForwarded(request)) {
      try {
        const response = await sendToLeader(leaderUrl, request, { timeoutMs: PROBE_TIMEOUT_MS, ...(tls ? { tls } : {}) });
        available = response.status === 200 && (JSON.parse(response.body.toString('utf8')) as { master_available?: unknown }).master_available === true;
      } catch {
        available = false;
      }
    }
    reply.header('cache-control', 'no-store, no-cache, must-revalidate'); // as Karapace sends it
    return sendJson(request, reply, JSON.stringify({ master_available: available }));
  });
}
