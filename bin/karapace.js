#!/usr/bin/env node
// The installed `karapace` command: `karapace <config.json>`. Node >= 22.18 runs the TypeScript sources directly.
await import('../src/cli/server.ts');
