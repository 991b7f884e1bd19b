// Runs `karapace_schema_backup` as a user would (a child process), with a config file pointing at the test broker.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildConfig } from '../../src/config.ts';
import { BackupKafka } from '../../src/kafka/backup-topic.ts';
import type { BackupRecord } from '../../src/backup/record.ts';
import { kafkaBootstrap } from '../harness.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const fixture = (name: string) => join(root, 'test/fixtures/backup', name);

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runBackup(args: readonly string[], options: { onStart?: (child: ReturnType<typeof spawn>) => void } = {}): Promise<Run> {
  const child = spawn(process.execPath, [join(root, 'bin/karapace_schema_backup.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
  options.onStart?.(child);
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

/** A config file for the test broker (or `overrides`), in a fresh directory. */
export async function configFile(overrides: Record<string, unknown> = {}): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'backup-config-'));
  const file = join(dir, 'karapace.json');
  writeFileSync(file, JSON.stringify({ bootstrap_uri: await kafkaBootstrap(), topic_name: '_schemas', ...overrides }));
  return file;
}

export const tempDir = () => mkdtempSync(join(tmpdir(), 'backup-test-'));

/** The topic's end offset (how many records were ever appended), or undefined when it does not exist. */
export async function topicEnd(topic: string): Promise<number | undefined> {
  const k = await kafka();
  try {
    return (await k.describe(topic))?.latest;
  } finally {
    await k.close();
  }
}

/** Direct Kafka access for checks (what a topic holds). */
export async function kafka(): Promise<BackupKafka> {
  return new BackupKafka(buildConfig({ bootstrap_uri: await kafkaBootstrap() }));
}

export async function topicRecords(topic: string): Promise<BackupRecord[] | undefined> {
  const k = await kafka();
  try {
    const state = await k.describe(topic);
    if (!state) return undefined;
    const out: BackupRecord[] = [];
    for await (const batch of k.read(topic, { from: state.earliest, to: state.latest, pollTimeoutMs: 10_000 })) out.push(...batch);
    return out;
  } finally {
    await k.close();
  }
}
