// Resolving `$ref`: within the document, or into a registry reference. Confluent registers each reference's
// schema under its name resolved against the root `$id` (JsonSchema.loadPreviousDraft: registerSchemaByURI), so a
// `$ref` reaches a reference by that URI or, as written, by the reference name itself.
import { isJsonArray, isJsonObject, type JsonValue } from './json-text.ts';
import type { SchemaDocument } from './schema-document.ts';
import { pointerTokens, resolveUri, splitFragment } from './uri.ts';

/** A registry reference's document, under the name the referring schema uses. */
export interface NamedDocument {
  readonly name: string;
  readonly document: SchemaDocument;
}

/** Where a `$ref` lands: the document and the value there (a subschema, unless the pointer says otherwise). */
export interface RefTarget {
  readonly document: SchemaDocument;
  readonly value: JsonValue;
}

export class DocumentSet {
  readonly root: SchemaDocument;
  private readonly dependencies: readonly NamedDocument[];
  private readonly registered = new Map<string, SchemaDocument>();

  constructor(root: SchemaDocument, dependencies: readonly NamedDocument[]) {
    this.root = root;
    this.dependencies = dependencies;
    for (const { name, document } of dependencies) {
      const uri = splitFragment(resolveUri(root.baseUri, name)).resource;
      if (!this.registered.has(uri)) this.registered.set(uri, document);
    }
  }

  /** The target of `ref`, written in `from` where the base URI is `base`; undefined when nothing is there. */
  resolve(from: SchemaDocument, base: string, ref: string): RefTarget | undefined {
    const { resource, fragment } = splitFragment(resolveUri(base, ref));
    const written = splitFragment(ref).resource;
    const start = this.resource(from, resource, written);
    if (!start) return undefined;
    if (fragment === '') return start;
    if (fragment.startsWith('/')) {
      const value = followPointer(start.value, fragment);
      return value === undefined ? undefined : { document: start.document, value };
    }
    const anchored = start.document.anchors.get(`${resource}#${fragment}`);
    return anchored ? { document: start.document, value: anchored } : undefined;
  }

  private resource(from: SchemaDocument, resource: string, written: string): RefTarget | undefined {
    const local = from.resources.get(resource);
    if (local !== undefined) return { document: from, value: local };
    const registered = this.registered.get(resource)
      ?? (written === '' ? undefined : this.dependencies.find((d) => d.name === written || d.name === `${written}#`)?.document);
    if (registered) return { document: registered, value: registered.root };
    for (const document of [this.root, ...this.dependencies.map((d) => d.document)]) {
      const value = document.resources.get(resource);
      if (value !== undefined && document !== from) return { document, value };
    }
    return undefined;
  }
}

function followPointer(start: JsonValue, pointer: string): JsonValue | undefined {
  let value: JsonValue | undefined = start;
  for (const token of pointerTokens(pointer)) {
    if (isJsonObject(value)) value = value.get(token);
    else if (isJsonArray(value) && /^(0|[1-9]\d*)$/.test(token)) value = value[Number(token)];
    else return undefined;
    if (value === undefined) return undefined;
  }
  return value;
}
