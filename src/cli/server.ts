// `karapace [config.json]`: starts the server (src/cli/serve.ts). This launcher loads almost nothing itself: it makes
// sure the server's bundle is up to date (src/cli/bundle.ts), then replaces its own process (process.execve: same pid,
// same arguments, same stdio) with a Node started the way a small server should run (docs/memory.md has the
// measurements):
// - --max-semi-space-size: V8 grows its young generation up to 64 MB per semi-space under a produce load, and keeps it;
// - --heap-growing-percent: the old generation grows by half of what survived the last full GC before the next one,
//   not by V8's up to 4x for a fast-collecting heap, so garbage promoted under load does not inflate it to 100 MB;
// - MALLOC_ARENA_MAX: glibc's per-thread malloc arenas hold freed native memory (socket reads, compiler zones).
// When it runs from the TypeScript sources instead (no bundle, or KARAPACE_BUNDLE=off):
// - NODE_COMPILE_CACHE: Node's on-disk compile cache also keeps the TypeScript-stripped sources, so a warm start never
//   loads the type stripper (its WebAssembly code and memory stay out of the process);
// - --wasm-tiering-budget: on a cold start the type stripper's WebAssembly is not re-compiled by the optimizing tier.
// Flags or variables the user already gave (on the command line, in NODE_OPTIONS or the environment) are kept as given;
// KARAPACE_NODE_TUNING=off starts Node as is. Where process.execve is missing (Windows, Node < 22.15) or cannot be used
// (a parent's IPC channel would not survive it), the server is imported into this process instead.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SERVER_SOURCE, serverBundle } from './bundle.ts';

interface Tuning {
  readonly flags: readonly string[];
  readonly env: Readonly<Record<string, () => string | undefined>>;
}

const ALWAYS: Tuning = {
  flags: ['--max-semi-space-size=4', '--heap-growing-percent=50'],
  env: { MALLOC_ARENA_MAX: () => '2' },
};
const FROM_SOURCES: Tuning = {
  flags: ['--wasm-tiering-budget=2000000000'],
  env: { NODE_COMPILE_CACHE: () => (process.env.NODE_DISABLE_COMPILE_CACHE ? undefined : join(tmpdir(), 'node-compile-cache')) },
};

/** Whether Node was given this flag (`--max-semi-space-size`, also spelt with underscores) by any means. */
function flagGiven(flag: string): boolean {
  const name = (arg: string) => arg.split('=')[0]!.replaceAll('_', '-');
  const wanted = name(flag);
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return given.some((arg) => name(arg) === wanted);
}

/** The Node flags and environment to start the server with: ours, minus what the user already set. */
function tuning(tunings: readonly Tuning[]): { flags: string[]; env: NodeJS.ProcessEnv } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (process.env.KARAPACE_NODE_TUNING === 'off') return { flags: [], env };
  const flags = tunings.flatMap((t) => t.flags).filter((flag) => !flagGiven(flag));
  for (const [name, value] of tunings.flatMap((t) => Object.entries(t.env))) {
    const wanted = env[name] === undefined ? value() : undefined;
    if (wanted !== undefined) env[name] = wanted;
  }
  return { flags, env };
}

const bundle = process.env.KARAPACE_BUNDLE === 'off' ? undefined : await serverBundle();
const server = bundle ?? SERVER_SOURCE;
const { flags, env } = tuning(bundle ? [ALWAYS] : [ALWAYS, FROM_SOURCES]);
if (typeof process.execve === 'function' && process.env.NODE_CHANNEL_FD === undefined) {
  try {
    process.execve(process.execPath, [process.execPath, ...process.execArgv, ...flags, server, ...process.argv.slice(2)], env);
  } catch {
    // execve failed (it returns only then; in a worker thread it is refused): run the server in this process.
  }
}
await import(pathToFileURL(server).href);
