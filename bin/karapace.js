#!/usr/bin/env node
// The installed `karapace` command: `karapace <config.json>`. Node >= 22.18 runs the TypeScript sources directly.
// src/cli/server.ts first re-executes this command with memory-bounding Node settings (docs/memory.md).
await import('../src/cli/server.ts');
