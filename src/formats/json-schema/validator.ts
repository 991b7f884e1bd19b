// Validating JSON values against a schema (for the REST proxy). Each schema compiles in its own short-lived ajv
// instance (about 1 ms): ajv registers every `$id` it compiles, and two versions of one subject usually share
// their `$id`, so a shared instance would mix them up or refuse the second ("schema with key or id already exists").
import { SchemaParseError } from '../format.ts';
import { type Draft, newCompiler, type SchemaObject, type ValidateFunction } from './drafts.ts';
import { resolveUri, splitFragment } from './uri.ts';

export interface JsonValidationError {
  /** JSON pointer to the offending part of the value ('' for the value itself). */
  readonly instancePath: string;
  /** JSON pointer into the schema, e.g. `#/properties/age/minimum`. */
  readonly schemaPath: string;
  readonly keyword: string;
  readonly message: string;
}

export interface JsonValidationResult {
  readonly valid: boolean;
  readonly errors: readonly JsonValidationError[];
}

/** What the compiler needs of a schema and, recursively, of the schemas it references. */
export interface CompilableSchema {
  readonly draft: Draft;
  readonly plain: unknown;
  readonly references: ReadonlyArray<{ readonly name: string; readonly schema: CompilableSchema }>;
}

export class JsonValidator {
  private readonly validateFunction: ValidateFunction;

  /** Throws SchemaParseError when ajv cannot compile the schema (e.g. a Java-only regular expression). */
  constructor(schema: CompilableSchema) {
    try {
      this.validateFunction = compile(schema);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new SchemaParseError(`Cannot compile a validator for this JSON schema: ${reason}`);
    }
  }

  validate(value: unknown): boolean {
    return this.validateFunction(value) === true;
  }

  check(value: unknown): JsonValidationResult {
    if (this.validate(value)) return { valid: true, errors: [] };
    const errors = (this.validateFunction.errors ?? []).map((e) => ({
      instancePath: e.instancePath,
      schemaPath: e.schemaPath,
      keyword: e.keyword,
      message: e.message ?? e.keyword,
    }));
    return { valid: false, errors };
  }
}

function compile(schema: CompilableSchema): ValidateFunction {
  const ajv = newCompiler(schema.draft);
  const added = new Set<string>();
  // ajv resolves `$ref` against the referring schema's `$id`, or against '' when it has none; register each
  // reference under its name as written and under its name resolved against the root `$id`.
  const rootId = idOf(schema);
  const register = (of: CompilableSchema): void => {
    for (const { name, schema: referenced } of of.references) {
      const keys = new Set([stripHash(name)]);
      if (rootId) keys.add(stripHash(resolveUri(rootId, name)));
      for (const key of keys) {
        if (added.has(key)) continue;
        added.add(key);
        ajv.addSchema(referenced.plain as SchemaObject, key);
      }
      register(referenced);
    }
  };
  register(schema);
  return ajv.compile(schema.plain as SchemaObject);
}

const stripHash = (uri: string): string => splitFragment(uri).resource || uri;

function idOf(schema: CompilableSchema): string | undefined {
  const plain = schema.plain;
  if (typeof plain !== 'object' || plain === null) return undefined;
  const id = (plain as Record<string, unknown>)[schema.draft === 'draft-04' ? 'id' : '$id'];
  return typeof id === 'string' ? id : undefined;
}
