// The state of one comparison (Confluent's diff.Context): the types each side can see, the path being compared,
// the package and nesting that relative type names resolve in, and the differences found so far. `original` is
// the writer's schema, `update` the reader's.
import type { MessageElement } from '../ast.ts';
import type { LinkedFile, TypeInfo } from '../symbols.ts';
import { reachableFiles, resolveName } from '../symbols.ts';
import type { Difference, DifferenceKind } from './difference.ts';

export type Side = 'original' | 'update';

export interface SideTypes {
  /** The schema's own file: types defined there are compared where they are declared. */
  readonly file: LinkedFile;
  /** Every type of the schema and of all files it reaches through imports. */
  readonly types: ReadonlyMap<string, TypeInfo>;
}

export function sideTypes(file: LinkedFile): SideTypes {
  const types = new Map<string, TypeInfo>();
  for (const reached of reachableFiles(file).reverse()) for (const [name, info] of reached.types) types.set(name, info);
  return { file, types };
}

export class DiffContext {
  readonly differences: Difference[] = [];
  readonly original: SideTypes;
  readonly update: SideTypes;
  /** Messages whose fields are being compared further up the stack (recursive types). */
  readonly inProgress: Set<MessageElement>;
  private readonly path: string[];
  private readonly names: string[];
  private packages: Record<Side, string[]>;

  constructor(original: SideTypes, update: SideTypes, inProgress = new Set<MessageElement>()) {
    this.original = original;
    this.update = update;
    this.inProgress = inProgress;
    this.path = [];
    this.names = [];
    this.packages = { original: splitName(original.file.packageName), update: splitName(update.file.packageName) };
  }

  /** A context for comparing a referenced message declared elsewhere, at its own path. */
  subcontext(originalPackage: string, updatePackage: string, localName: string): DiffContext {
    const sub = new DiffContext(this.original, this.update, new Set(this.inProgress));
    sub.packages = { original: splitName(originalPackage), update: splitName(updatePackage) };
    sub.path.push(...splitName(localName));
    sub.names.push(...splitName(localName));
    return sub;
  }

  /** Runs `body` one path step deeper; a named step (a message) also scopes type name resolution. */
  within<T>(step: string | number, body: () => T, named = false): T {
    this.path.push(String(step));
    if (named) this.names.push(String(step));
    try {
      return body();
    } finally {
      this.path.pop();
      if (named) this.names.pop();
    }
  }

  add(kind: DifferenceKind, message: string): void {
    this.differences.push({ kind, path: this.location(), message });
  }

  location(): string {
    return `#/${this.path.join('/')}`;
  }

  /** Resolves a type name as written, relative to the message being compared. */
  resolve(name: string, side: Side): { readonly fullName: string; readonly info: TypeInfo } | undefined {
    const types = this[side].types;
    const found = resolveName((n) => types.get(n), name, [...this.packages[side], ...this.names]);
    return found === undefined ? undefined : { fullName: found.fullName, info: found.value };
  }
}

const splitName = (name: string): string[] => (name === '' ? [] : name.split('.'));

/** The writer's keys in order, then the reader's new ones. */
export function union<T>(first: Iterable<T>, second: Iterable<T>): T[] {
  return [...new Set([...first, ...second])];
}
