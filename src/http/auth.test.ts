import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { createApp } from './app.ts';
import { REGISTRY_RULES } from './auth.ts';
import { registryRoutes } from './registry/index.ts';
import { rootRoutes } from './root.ts';
import { Registry } from '../registry/registry.ts';
import { RegistryState } from '../store/state.ts';
import { MemorySchemaLog } from '../store/log.ts';

test('every registry route has a rule (a new route cannot slip in unprotected)', async () => {
  const app = createApp({ logger: pino({ level: 'silent' }), bodyLimit: 1024, accessLogLevel: 'debug' });
  const routes: string[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push(`${method} ${route.url}`);
  });
  const state = new RegistryState();
  registryRoutes(app, new Registry(state, new MemorySchemaLog(state), { defaultCompatibility: 'BACKWARD' }));
  rootRoutes(app, () => ({ healthy: true }));
  await app.ready();
  const missing = routes.filter((r) => !REGISTRY_RULES.has(r));
  assert.deepEqual(missing, []);
  assert.ok(routes.length > 25);
  await app.close();
});
