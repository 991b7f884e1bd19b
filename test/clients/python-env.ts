// A Python virtual environment with Confluent's own client (confluent-kafka + its schema_registry package, from PyPI)
// and grpcio-tools (protoc, to compile test .proto files),
// made once under .cache/venv, so tests can drive our server with the client users run.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const venv = join(root, '.cache', 'venv');
export const python = join(venv, 'bin', 'python');
const REQUIREMENTS = ['confluent-kafka[avro,json,protobuf,schemaregistry]==2.16.0', 'grpcio-tools==1.85.1'];
const REQUIREMENT = REQUIREMENTS.join(' ');
const marker = join(venv, '.requirement');

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error) throw new Error(`cannot run ${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
}

export function ensurePythonClient(log: (line: string) => void = () => {}): string {
  if (existsSync(marker) && spawnSync('cat', [marker], { encoding: 'utf8' }).stdout === REQUIREMENT) return python;
  log(`Installing ${REQUIREMENT} into ${venv} (first run only)...`);
  if (!existsSync(python)) run('python3', ['-m', 'venv', venv]);
  run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...REQUIREMENTS]);
  writeFileSync(marker, REQUIREMENT);
  return python;
}
