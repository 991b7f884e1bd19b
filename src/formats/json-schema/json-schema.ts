// A parsed JSON Schema: the registry's view of it (canonical and normalized text, references) plus what the
// compatibility check and the REST proxy need, each computed on first use. Parsing runs once per registered
// schema, also on log replay, so it does only what validity requires: read the JSON, check it against its
// draft's meta-schema, and check that every `$ref` leads somewhere.
import { type Dependency, type ParsedSchema, SchemaParseError } from '../format.ts';
import { type Draft, draftOf, metaSchemaErrors } from './drafts.ts';
import { isJsonObject, JsonSyntaxError, type JsonValue, parseJsonText, printJson } from './json-text.ts';
import { ModelBuilder } from './model-builder.ts';
import { DocumentSet, type NamedDocument } from './references.ts';
import { SchemaDocument } from './schema-document.ts';
import type { SchemaNode } from './schema-model.ts';
import { type CompilableSchema, type JsonValidationResult, JsonValidator } from './validator.ts';

export class JsonSchema implements ParsedSchema, CompilableSchema {
  readonly type = 'JSON' as const;
  /** Confluent's JsonSchema.canonicalString(): the JSON compacted, keys in their written order. */
  readonly canonical: string;
  readonly dependencies: readonly Dependency[];
  readonly draft: Draft;
  /** The schema as ajv takes it (JSON.parse of the text). */
  readonly plain: unknown;
  readonly document: SchemaDocument;
  private readonly documents: DocumentSet;
  private normalizedText: string | undefined;
  private model: SchemaNode | undefined;
  private validator: JsonValidator | undefined;

  constructor(tree: JsonValue, plain: unknown, draft: Draft, dependencies: readonly Dependency[], documents: DocumentSet) {
    this.canonical = printJson(tree, { sortKeys: false });
    this.plain = plain;
    this.draft = draft;
    this.dependencies = dependencies;
    this.documents = documents;
    this.document = documents.root;
  }

  get recordName(): string | undefined {
    const title = (this.plain as { title?: unknown } | null)?.title;
    return typeof title === 'string' ? title : undefined;
  }

  /** Confluent's JsonSchema.normalize(): the same tree with every object's keys sorted (Jackson's TreeMap). */
  get normalized(): string {
    this.normalizedText ??= printJson(this.document.root, { sortKeys: true });
    return this.normalizedText;
  }

  /** Confluent has no alternative JSON Schema formats: every `format` gives the canonical text. */
  formatted(_format: string): string {
    return this.canonical;
  }

  get references(): ReadonlyArray<{ readonly name: string; readonly schema: JsonSchema }> {
    return this.dependencies.map((d) => ({ name: d.name, schema: asJsonSchema(d) }));
  }

  /** The schema as Confluent's compatibility check sees it (see schema-model.ts). */
  root(): SchemaNode {
    this.model ??= new ModelBuilder(this.documents).build(this.document, this.document.root);
    return this.model;
  }

  /** Whether `value` is valid against this schema; compiles the validator on first use. */
  validate(value: unknown): boolean {
    return this.compiled().validate(value);
  }

  /** `validate`, with ajv's reasons when the value is not valid. */
  check(value: unknown): JsonValidationResult {
    return this.compiled().check(value);
  }

  private compiled(): JsonValidator {
    this.validator ??= new JsonValidator(this);
    return this.validator;
  }
}

function asJsonSchema(dependency: Dependency): JsonSchema {
  if (dependency.schema instanceof JsonSchema) return dependency.schema;
  throw new SchemaParseError(
    `Reference '${dependency.name}' is a ${dependency.schema.type} schema; a JSON schema can only reference JSON schemas`,
  );
}

/** Every reference reachable from `dependencies`, each name once (the nearest wins), with its document. */
function referenceClosure(dependencies: readonly Dependency[]): NamedDocument[] {
  const seen = new Map<string, NamedDocument>();
  let level: readonly Dependency[] = dependencies;
  while (level.length > 0) {
    const next: Dependency[] = [];
    for (const dependency of level) {
      if (seen.has(dependency.name)) continue;
      const schema = asJsonSchema(dependency);
      seen.set(dependency.name, { name: dependency.name, document: schema.document });
      next.push(...schema.dependencies);
    }
    level = next;
  }
  return [...seen.values()];
}

/** Parses and checks `text` (see the file comment); throws SchemaParseError saying what is wrong and where. */
export function parseJsonSchema(text: string, dependencies: readonly Dependency[]): JsonSchema {
  let tree: JsonValue;
  let plain: unknown;
  try {
    tree = parseJsonText(text);
    plain = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof JsonSyntaxError ? error.message : String(error);
    throw new SchemaParseError(`Invalid JSON: ${reason}`);
  }
  if (typeof tree !== 'boolean' && !isJsonObject(tree)) {
    throw new SchemaParseError('Invalid JSON Schema: a schema must be a JSON object or a boolean');
  }
  const draft = draftOf(isJsonObject(tree) ? tree.get('$schema') : undefined);
  const problems = metaSchemaErrors(draft, plain);
  if (problems.length > 0) {
    throw new SchemaParseError(`Invalid JSON Schema (${draft}): ${problems.join('; ')}`);
  }
  const document = new SchemaDocument(tree, draft);
  const documents = new DocumentSet(document, referenceClosure(dependencies));
  const unresolved = document.refs.filter((site) => documents.resolve(document, site.base, site.ref) === undefined);
  if (unresolved.length > 0) {
    const names = dependencies.map((d) => `'${d.name}'`).join(', ') || 'none';
    const list = unresolved.map((site) => `'${site.ref}' at #${site.pointer}`).join(', ');
    throw new SchemaParseError(
      `Invalid JSON Schema: unresolved $ref ${list}; a $ref must point into this schema or name one of its references (${names})`,
    );
  }
  return new JsonSchema(tree, plain, draft, dependencies, documents);
}
