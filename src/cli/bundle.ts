// The server runs from one bundled JavaScript file, built by esbuild from src/cli/serve.ts the first time the server
// starts after a change to the sources or to node_modules (about 0.3 s). One file instead of ~1,060 modules: no type
// stripping at run time, less source text and module bookkeeping kept in memory, ~12 MB less RSS under load
// (docs/memory.md). Names are kept (whitespace and syntax minification only), so stack traces stay readable.
import { mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

/** The server's entry in the sources: what the bundle is built from, and what runs when there is no bundle. */
export const SERVER_SOURCE = join(root, 'src', 'cli', 'serve.ts');
const BUNDLE = join(root, '.cache', 'bundle', 'karapace.mjs');
/** Started only for a local broker, by path: it finds its Maven pom and jar cache next to itself. */
const BROKER_SOURCE = join(root, 'tools', 'kafka', 'broker.ts');
/** Reads its WebAssembly file relative to its own module: left in node_modules. */
const EXTERNAL_PACKAGES = ['@platformatic/wasm-utils'];

const mtime = (path: string) => statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;

/** The newest change the bundle depends on: a source file, package.json, or an npm install (node_modules' lock). */
function newestInput(): number {
  let newest = Math.max(mtime(join(root, 'package.json')), mtime(join(root, 'node_modules', '.package-lock.json')));
  for (const entry of readdirSync(join(root, 'src'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, mtime(join(entry.parentPath, entry.name)));
  }
  return newest;
}

/**
 * @platformatic/kafka compiles ~40 ajv validators of its clients' options when it is imported, most for calls the
 * server never makes. In the bundle each compiles on its first use instead: same validation, less code in memory.
 */
const lazyValidators = {
  name: 'lazy-kafka-validators',
  setup(plugin: import('esbuild').PluginBuild) {
    plugin.onLoad({ filter: /@platformatic[\\/]kafka[\\/]dist[\\/].*\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('ajv.compile(')) return undefined;
      return { contents: source.replaceAll('ajv.compile(', '__karapaceLazyCompile(ajv, ') + LAZY_COMPILE, loader: 'js' };
    });
  },
};

/** A validator with ajv's interface (call it, then read .errors) that compiles its schema when first called. */
const LAZY_COMPILE = `
function __karapaceLazyCompile(ajv, schema) {
  let compiled;
  const validate = function (data) {
    compiled ??= ajv.compile(schema);
    const valid = compiled.call(this, data);
    validate.errors = compiled.errors;
    return valid;
  };
  validate.schema = schema;
  validate.errors = null;
  return validate;
}
`;

async function build(): Promise<void> {
  const esbuild = await import('esbuild');
  mkdirSync(join(root, '.cache', 'bundle'), { recursive: true });
  // Servers started at the same moment (tests, a cluster on one machine) may build at once: each writes its own file
  // and renames it into place, so no server ever reads a half-written bundle.
  const temporary = `${BUNDLE}.${process.pid}.tmp`;
  await esbuild.build({
    entryPoints: [SERVER_SOURCE],
    outfile: temporary,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'silent',
    external: EXTERNAL_PACKAGES,
    // CommonJS packages inside an ES module bundle still call require() for Node's built-in modules.
    banner: { js: "import { createRequire as __karapaceRequire } from 'node:module'; const require = __karapaceRequire(import.meta.url);" },
    plugins: [{
      name: 'local-broker',
      setup(plugin) {
        plugin.onResolve({ filter: /tools\/kafka\/broker\.ts$/ }, () => ({ path: BROKER_SOURCE, external: true }));
      },
    }, lazyValidators],
  });
  renameSync(temporary, BUNDLE);
}

/**
 * The path of an up-to-date server bundle, built first when the sources changed since the last one; undefined when it
 * cannot be built (esbuild missing, a read-only install): the server then runs from its sources.
 */
export async function serverBundle(): Promise<string | undefined> {
  try {
    if (mtime(BUNDLE) < newestInput()) await build();
    return BUNDLE;
  } catch (error) {
    process.stderr.write(`karapace: running from the TypeScript sources, the bundle could not be built: ${(error as Error).message}\n`);
    return undefined;
  }
}
