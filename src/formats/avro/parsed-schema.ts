// A parsed Avro schema: the node graph plus its printed forms. The canonical form is printed at parse time
// (the registry needs it for every schema it reads); the normalized and resolved forms on first use.
import { type Dependency, type ParsedSchema, SchemaParseError } from '../format.ts';
import { isNamed, type AvroNode, type NamedNode } from './avro-schema.ts';
import { printSchema } from './canonical.ts';
import { normalizedText } from './normalize.ts';
import { type ParseOptions, parseAvro } from './parse.ts';

export class AvroParsedSchema implements ParsedSchema {
  readonly type = 'AVRO' as const;
  readonly root: AvroNode;
  readonly dependencies: readonly Dependency[];
  /** Named types this schema defines itself, in definition order. */
  readonly defined: readonly NamedNode[];
  /** Named types of the dependencies (transitively), by full name: they print as names, never inline. */
  readonly imported: ReadonlyMap<string, NamedNode>;
  readonly canonical: string;
  #normalized: string | undefined;
  #resolved: string | undefined;

  constructor(text: string, dependencies: readonly Dependency[], options: ParseOptions) {
    this.dependencies = dependencies;
    this.imported = importedTypes(dependencies);
    try {
      const { root, defined } = parseAvro(text, this.imported, options);
      this.root = root;
      this.defined = defined;
      this.canonical = printSchema(root, this.imported.keys());
    } catch (error) {
      // Thousands of nested arrays exhaust the stack; say so rather than fail with a RangeError.
      if (error instanceof RangeError) throw new SchemaParseError('Invalid schema: nested too deeply');
      throw error;
    }
  }

  /** Named types usable by a schema that depends on this one: its own and its dependencies'. */
  get namedTypes(): Iterable<NamedNode> {
    return [...this.imported.values(), ...this.defined];
  }

  /** Confluent's normalize(): the normalizer's text, re-parsed, printed canonically. */
  get recordName(): string | undefined {
    return isNamed(this.root) ? this.root.name.full : undefined;
  }

  get normalized(): string {
    if (this.#normalized === undefined) {
      const text = normalizedText(this.root, this.imported.keys());
      // Defaults were validated on the way in; the normalizer may drop or reshape some (as Confluent's does).
      // Re-parsing can fail where Confluent's fails too (its namespace quirk can make two types one name).
      try {
        const reparsed = parseAvro(text, this.imported, { validateDefaults: false });
        this.#normalized = printSchema(reparsed.root, this.imported.keys());
      } catch (error) {
        if (error instanceof SchemaParseError) throw new SchemaParseError(`Cannot normalize the schema: ${error.message}`);
        throw error;
      }
    }
    return this.#normalized;
  }

  /** `format=resolved` (any case, as Confluent's Format.get) inlines the referenced types at first use (Java's
   *  plain toString()); other formats, known or not, give the canonical text, as Confluent ignores them. */
  formatted(format: string): string {
    if (format.toLowerCase() !== 'resolved') return this.canonical;
    this.#resolved ??= printSchema(this.root);
    return this.#resolved;
  }
}

function importedTypes(dependencies: readonly Dependency[]): Map<string, NamedNode> {
  const types = new Map<string, NamedNode>();
  for (const dependency of dependencies) {
    const schema = dependency.schema;
    if (!(schema instanceof AvroParsedSchema)) {
      throw new SchemaParseError(`Reference "${dependency.name}" is a ${schema.type} schema; an Avro schema can only reference Avro schemas`);
    }
    for (const node of schema.namedTypes) {
      const known = types.get(node.name.full);
      // The same type reached through two references is fine; two different definitions of one name are not.
      if (known !== undefined && known !== node && printSchema(known) !== printSchema(node)) {
        throw new SchemaParseError(`Can't redefine: ${node.name.full} (references define it differently; "${dependency.name}" is one of them)`);
      }
      if (known === undefined) types.set(node.name.full, node);
    }
  }
  return types;
}
