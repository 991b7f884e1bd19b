#!/usr/bin/env node
// The installed `karapace_schema_backup` command (get | restore | inspect | verify). Node >= 22.18 runs the
// TypeScript sources directly.
await import('../src/cli/backup.ts');
