// `npm test`: checks the import direction of src/ (scripts/check-imports.ts), builds the server bundle the test servers
// run (src/cli/bundle.ts), then starts one real Kafka broker
// (KRaft, jars from Maven Central) on free ports, runs the unit tests (src/**/*.test.ts) and the integration tests
// (test/**/*.test.ts) against it, and stops it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker } from '../tools/kafka/broker.ts';
import { ensurePythonClient } from '../test/clients/python-env.ts';
import { reportImports } from './check-imports.ts';
import { serverBundle } from '../src/cli/bundle.ts';

if (!reportImports(join(import.meta.dirname, '..'))) process.exit(1);
// Built once here, so the test servers that start together do not all build it (src/cli/bundle.ts).
if (!(await serverBundle())) process.exit(1);

const patterns = process.argv.slice(2);
const files = patterns.length > 0 ? patterns : ['src/**/*.test.ts', 'test/**/*.test.ts'];

ensurePythonClient((line) => process.stdout.write(`${line}\n`));
const dataDir = mkdtempSync(join(tmpdir(), 'karapace-test-kafka-'));
process.stdout.write('Starting the test Kafka broker...\n');
const broker = await startBroker({ dataDir, onLog: (line) => { if (/ERROR|FATAL/.test(line)) process.stderr.write(`[kafka] ${line}\n`); } });
process.stdout.write(`Kafka broker ready at ${broker.bootstrap}\n`);

const cleanup = async () => {
  await broker.stop();
  rmSync(dataDir, { recursive: true, force: true });
};
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

const code = await new Promise<number>((done) => {
  const child = spawn(process.execPath, ['--test', '--test-concurrency=2', '--test-reporter=spec', ...files], {
    stdio: 'inherit',
    env: { ...process.env, KARAPACE_TEST_BOOTSTRAP: broker.bootstrap },
  });
  child.on('exit', (c, signal) => done(c ?? (signal ? 1 : 0)));
});
await cleanup();
process.exit(code);
