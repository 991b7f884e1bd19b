// The import direction of src/ (imports point inward only), checked instead of remembered.
// `node scripts/check-imports.ts` lists every import that points outward as file:line and the rule it breaks, and
// exits 1 when there is one; `npm test` runs it first. Imports are found by pattern, not by a parser: static
// `import … from '…'`, `export … from '…'`, side-effect `import '…'` and dynamic `import('…')`.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** What each part of src/ may import besides itself: a folder, or a file at the top of src/ (a shared leaf). */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  'config.ts': [], // shared leaves: they import nothing of ours; the rings outside core, formats and store use them
  'logger.ts': [],
  core: [], // ids, model types, errors: the innermost ring
  formats: ['core'],
  store: ['core', 'formats'], // the state holds parsed schemas
  auth: ['core', 'config.ts', 'logger.ts'], // auth files, passwords, OIDC tokens: no HTTP, no Kafka
  backup: ['core', 'config.ts', 'logger.ts', 'store'], // backup file formats; kafka/backup-topic.ts is their Kafka edge
  kafka: ['core', 'config.ts', 'logger.ts', 'store', 'backup'], // the Kafka client's edge: implements store's SchemaLog
  registry: ['core', 'config.ts', 'logger.ts', 'formats', 'store', 'auth'], // use cases on a SchemaLog, never Kafka
  proxy: ['core', 'config.ts', 'logger.ts', 'formats', 'store', 'auth', 'kafka', 'registry'],
  http: ['core', 'config.ts', 'logger.ts', 'formats', 'store', 'auth', 'kafka', 'registry', 'proxy'],
  cli: ['*'], // the composition roots: may import anything (also outside src/, e.g. tools/ to start a broker)
};

/** Packages that only one folder of src/ may import. */
const PACKAGE_HOMES: readonly { readonly pattern: RegExp; readonly home: string }[] = [
  { pattern: /^@platformatic\/kafka(\/|$)/, home: 'kafka' },
  { pattern: /^(fastify(\/|$)|@fastify\/)/, home: 'http' },
];

/** Known outward imports, each to be removed by moving the code rather than by growing this list. */
const EXCEPTIONS: readonly { readonly file: string; readonly specifier: string }[] = [];

/** The part of src/ a path (relative to the repository, '/'-separated) belongs to; undefined outside src/. */
function partOf(path: string): string | undefined {
  const [top, first, second] = path.split('/');
  if (top !== 'src' || first === undefined) return undefined;
  return second === undefined ? first.replace(/\.test\.ts$/, '.ts') : first; // config.test.ts tests config.ts
}

/** Why `file` (relative to the repository, '/'-separated) may not import `specifier`, or undefined when it may. */
export function importProblem(file: string, specifier: string): string | undefined {
  const from = partOf(file);
  if (from === undefined) return undefined;
  if (!specifier.startsWith('.')) {
    const owned = PACKAGE_HOMES.find((p) => p.pattern.test(specifier));
    return owned && owned.home !== from ? `only src/${owned.home}/ imports '${specifier}'` : undefined;
  }
  const allowed = MAY_IMPORT[from];
  if (allowed === undefined) return `src/${from} has no place in the layering: add it to MAY_IMPORT in scripts/check-imports.ts`;
  if (allowed.includes('*')) return undefined;
  const target = join(dirname(file), specifier).split(sep).join('/');
  const to = partOf(target);
  if (to === undefined) return `imports ${target}, outside src/ (only cli/ may)`;
  if (to === from || allowed.includes(to)) return undefined;
  if (to === 'cli') return 'nothing imports cli/ (the composition roots)';
  const may = allowed.length > 0 ? allowed.join(', ') : 'nothing else of ours';
  return `${from} points outward to ${to}: ${from} may import ${may}`;
}

// Statements start a line, which keeps out comments and Protobuf text like 'import "a.proto";' in strings.
const IMPORTS = [
  /^\s*(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm, // import … from '…', export … from '…'
  /^\s*import\s*['"]([^'"]+)['"]/gm, // import '…'
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, // import('…')
];

/** The module specifiers a source file imports, with the line each stands on. */
export function importsOf(text: string): { readonly specifier: string; readonly line: number }[] {
  const found = IMPORTS.flatMap((pattern) => [...text.matchAll(pattern)]);
  return found
    .map((m) => ({ specifier: m[1] ?? '', line: text.slice(0, (m.index ?? 0) + m[0].length).split('\n').length }))
    .sort((a, b) => a.line - b.line);
}

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

/** Every outward import under root/src, as "file:line: specifier: rule" lines. */
export function checkImports(root: string): string[] {
  const problems: string[] = [];
  const used = new Set<(typeof EXCEPTIONS)[number]>();
  for (const path of sourceFiles(join(root, 'src'))) {
    const file = relative(root, path).split(sep).join('/');
    for (const { specifier, line } of importsOf(readFileSync(path, 'utf8'))) {
      const problem = importProblem(file, specifier);
      if (problem === undefined) continue;
      const exception = EXCEPTIONS.find((e) => e.file === file && e.specifier === specifier);
      if (exception) used.add(exception);
      else problems.push(`${file}:${line}: '${specifier}': ${problem}`);
    }
  }
  for (const e of EXCEPTIONS) if (!used.has(e)) problems.push(`${e.file}: '${e.specifier}': listed in EXCEPTIONS but no longer needed: remove it`);
  return problems;
}

/** Prints every outward import under root/src to stderr; true when there is none. */
export function reportImports(root: string): boolean {
  const problems = checkImports(root);
  for (const problem of problems) process.stderr.write(`${problem}\n`);
  if (problems.length > 0) process.stderr.write(`check-imports: ${problems.length} problem(s) with the import direction (rules in scripts/check-imports.ts)\n`);
  return problems.length === 0;
}

if (import.meta.main) {
  if (!reportImports(resolve(import.meta.dirname, '..'))) process.exit(1);
  process.stdout.write('check-imports: every import in src/ points inward\n');
}
