// What linking learns about a parsed file: the types and extensions it defines (by full name), the files it
// imports, and what every type reference in it resolves to.
import type { EnumElement, ExtendElement, FieldElement, MessageElement, ProtoFile, RpcElement } from './ast.ts';

export interface TypeInfo {
  /** Without a leading dot, e.g. `acme.v1.Customer.Address`. */
  readonly fullName: string;
  /** The package of the defining file, '' for none. */
  readonly packageName: string;
  readonly element: MessageElement | EnumElement;
  /** A synthetic `map_entry` message (only when written out by hand; `map<K, V>` fields make none). */
  readonly mapEntry: boolean;
  /** The file that defines the type. */
  readonly origin: LinkedFile;
}

export interface ExtensionInfo {
  readonly fullName: string;
  readonly field: FieldElement;
  /** Full name of the extended message. */
  readonly extendee: string;
}

export type ResolvedType =
  | { readonly kind: 'scalar'; readonly name: string }
  | { readonly kind: 'message' | 'enum'; readonly info: TypeInfo }
  | { readonly kind: 'map'; readonly key: string; readonly value: ResolvedType };

export interface LinkedFile {
  readonly file: ProtoFile;
  readonly packageName: string;
  /** Types defined in this file, by full name, in declaration order (depth first). */
  readonly types: ReadonlyMap<string, TypeInfo>;
  readonly extensions: ReadonlyMap<string, ExtensionInfo>;
  /** Imported files by import path, in the order the file lists them. */
  readonly imports: ReadonlyMap<string, LinkedFile>;
  /** What a file importing this one sees: its own types and those of its public imports. */
  readonly exported: ReadonlyMap<string, TypeInfo>;
  readonly fieldTypes: ReadonlyMap<FieldElement, ResolvedType>;
  /** Full names of each rpc's request and response types. */
  readonly rpcTypes: ReadonlyMap<RpcElement, readonly [string, string]>;
  /** Full name of the message each extend block extends. */
  readonly extendees: ReadonlyMap<ExtendElement, string>;
}

/**
 * Resolves a type reference as protoc and Confluent do: a leading dot means fully qualified; otherwise try the
 * innermost scope first (`pkg.Outer.Inner.Name`, `pkg.Outer.Name`, `pkg.Name`, `Name`).
 */
export function resolveName<T>(
  lookup: (fullName: string) => T | undefined,
  name: string,
  scope: readonly string[],
): { readonly fullName: string; readonly value: T } | undefined {
  if (name.startsWith('.')) {
    const fullName = name.slice(1);
    const value = lookup(fullName);
    return value === undefined ? undefined : { fullName, value };
  }
  let prefix = scope.join('.');
  for (;;) {
    const fullName = prefix === '' ? name : `${prefix}.${name}`;
    const value = lookup(fullName);
    if (value !== undefined) return { fullName, value };
    if (prefix === '') return undefined;
    const dot = prefix.lastIndexOf('.');
    prefix = dot < 0 ? '' : prefix.slice(0, dot);
  }
}

/** Every file reachable through imports (of any kind), this one first, each once. */
export function reachableFiles(root: LinkedFile): LinkedFile[] {
  const seen = new Set<LinkedFile>([root]);
  const order: LinkedFile[] = [root];
  for (let i = 0; i < order.length; i++) {
    const file = order[i];
    if (file === undefined) continue;
    for (const imported of file.imports.values()) {
      if (!seen.has(imported)) {
        seen.add(imported);
        order.push(imported);
      }
    }
  }
  return order;
}
