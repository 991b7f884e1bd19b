// One schema document: its tree, its base URI, and where each embedded `$id` and anchor points. Built once per
// parse by walking every subschema position the draft defines (values under `enum`, `const`, `default` or
// unknown keywords are data, not schemas, and are not walked).
import { type Draft, idKeyword, isModernDraft } from './drafts.ts';
import { isJsonArray, isJsonObject, type JsonObject, type JsonValue } from './json-text.ts';
import { escapeToken, PSEUDO_BASE, resolveUri, splitFragment } from './uri.ts';

type Shape = 'schema' | 'array' | 'map';

/** How each applicator keyword holds its subschemas: one, an array of them, or a map of names to them. */
const SUBSCHEMA_SHAPES: ReadonlyMap<string, readonly Shape[]> = new Map<string, readonly Shape[]>([
  ...['additionalItems', 'additionalProperties', 'contains', 'not', 'if', 'then', 'else', 'propertyNames',
    'unevaluatedItems', 'unevaluatedProperties', 'contentSchema'].map((k) => [k, ['schema']] as const),
  ['items', ['schema', 'array']],
  ...['allOf', 'anyOf', 'oneOf', 'prefixItems'].map((k) => [k, ['array']] as const),
  ...['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas', 'dependencies']
    .map((k) => [k, ['map']] as const),
]);

/** A `$ref` found in the document, with the base URI it resolves against and where it is. */
export interface RefSite {
  readonly ref: string;
  readonly base: string;
  readonly pointer: string;
}

export class SchemaDocument {
  readonly root: JsonValue;
  readonly draft: Draft;
  /** The document's own base URI: its root `$id` resolved against `PSEUDO_BASE`, or `PSEUDO_BASE`. */
  readonly baseUri: string;
  /** Every schema resource in the document (the root and each embedded `$id`), by URI without fragment. */
  readonly resources = new Map<string, JsonValue>();
  /** Plain-name fragments (`$anchor`, or draft 6/7 `"$id": "#name"`), by absolute URI with fragment. */
  readonly anchors = new Map<string, JsonObject>();
  readonly refs: RefSite[] = [];
  private readonly bases = new WeakMap<JsonObject, string>();

  constructor(root: JsonValue, draft: Draft) {
    this.root = root;
    this.draft = draft;
    const rootId = isJsonObject(root) ? root.get(idKeyword(draft)) : undefined;
    const declared = typeof rootId === 'string' ? splitFragment(resolveUri(PSEUDO_BASE, rootId)).resource : '';
    this.baseUri = declared || PSEUDO_BASE;
    this.resources.set(this.baseUri, root);
    this.walk(root, this.baseUri, '');
  }

  /** The base URI in effect at `schema` (a subschema object of this document). */
  baseOf(schema: JsonObject): string {
    return this.bases.get(schema) ?? this.baseUri;
  }

  private walk(schema: JsonValue, parentBase: string, pointer: string): void {
    if (!isJsonObject(schema)) return;
    let base = parentBase;
    const id = schema.get(idKeyword(this.draft));
    if (typeof id === 'string') {
      const resolved = resolveUri(base, id);
      const { resource, fragment } = splitFragment(resolved);
      if (id.startsWith('#') && !isModernDraft(this.draft)) {
        this.anchors.set(`${resource}#${fragment}`, schema);
      } else {
        base = resource;
        if (pointer !== '') this.resources.set(resource, schema);
        if (fragment !== '' && !fragment.startsWith('/')) this.anchors.set(`${resource}#${fragment}`, schema);
      }
    }
    for (const anchorKeyword of ['$anchor', '$dynamicAnchor']) {
      const anchor = schema.get(anchorKeyword);
      if (typeof anchor === 'string' && isModernDraft(this.draft)) this.anchors.set(`${base}#${anchor}`, schema);
    }
    this.bases.set(schema, base);
    const ref = schema.get('$ref');
    if (typeof ref === 'string') this.refs.push({ ref, base, pointer: `${pointer}/$ref` });

    for (const [keyword, value] of schema) {
      const shapes = SUBSCHEMA_SHAPES.get(keyword);
      if (!shapes) continue;
      const at = `${pointer}/${escapeToken(keyword)}`;
      if (isJsonObject(value) && shapes.includes('schema')) this.walk(value, base, at);
      else if (isJsonArray(value) && shapes.includes('array')) value.forEach((child, i) => this.walk(child, base, `${at}/${i}`));
      else if (isJsonObject(value) && shapes.includes('map')) {
        for (const [name, child] of value) this.walk(child, base, `${at}/${escapeToken(name)}`);
      }
    }
  }
}
