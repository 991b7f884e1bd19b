#!/usr/bin/env node
// The installed `karapace` command: `karapace <config.json>`.
// src/cli/server.ts builds (when the sources changed) and starts the server bundle with memory-bounding Node settings
// (docs/memory.md).
await import('../src/cli/server.ts');
