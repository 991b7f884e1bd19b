// JSON → schema model, the way everit's SchemaLoader (1.14, which Confluent uses) does it. A `$ref` makes a
// ReferenceSchema and nothing else (drafts 4-7; from 2019-09 on see `reference` below). Otherwise extractors run in order, each taking the keywords it uses:
// enum, allOf/anyOf/oneOf, not, const (not in draft 4), type (with the keywords of that type), and finally a
// sniffer that makes an array/object/number/string/conditional schema from keywords no one took yet. One
// result stands alone; several are wrapped in a synthetic allOf. Then id, title, description and default are
// set on that result. Example: {"type": "string", "enum": ["a"]} is allOf[enum, string].
import { type Draft, idKeyword, isModernDraft } from './drafts.ts';
import { isJsonArray, isJsonObject, JsonNumber, type JsonObject, type JsonValue } from './json-text.ts';
import type { DocumentSet } from './references.ts';
import type { SchemaDocument } from './schema-document.ts';
import {
  type ArrayNode, type Common, type CombinedNode, type Criterion, NO_COMMON, type NumberNode, type ObjectNode,
  type ReferenceNode, type SchemaNode, type StringNode,
} from './schema-model.ts';
import { resolveUri } from './uri.ts';

const STRING_KEYWORDS = ['minLength', 'maxLength', 'pattern', 'format'];
const NUMBER_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'];
const CONDITIONAL_KEYWORDS = ['if', 'then', 'else'];
const CRITERIA: readonly Criterion[] = ['allOf', 'anyOf', 'oneOf'];

function keywordsOf(draft: Draft): { readonly array: readonly string[]; readonly object: readonly string[] } {
  const array = ['items', 'additionalItems', 'minItems', 'maxItems', 'uniqueItems'];
  const object = ['properties', 'required', 'minProperties', 'maxProperties', 'dependencies', 'patternProperties',
    'additionalProperties'];
  if (draft !== 'draft-04') array.push('contains');
  if (draft !== 'draft-04') object.push('propertyNames');
  if (isModernDraft(draft)) {
    array.push('prefixItems', 'unevaluatedItems', 'minContains', 'maxContains');
    object.push('dependentRequired', 'dependentSchemas', 'unevaluatedProperties');
  }
  return { array, object };
}

const KEYWORDS = new Map((['draft-04', 'draft-06', 'draft-07', '2019-09', '2020-12'] as const).map((d) => [d, keywordsOf(d)]));
const arrayKeywords = (draft: Draft): readonly string[] => KEYWORDS.get(draft)?.array ?? [];
const objectKeywords = (draft: Draft): readonly string[] => KEYWORDS.get(draft)?.object ?? [];

const numberAt = (schema: JsonObject, keyword: string): JsonNumber | undefined => {
  const value = schema.get(keyword);
  return value instanceof JsonNumber ? value : undefined;
};
const countAt = (schema: JsonObject, keyword: string): number | undefined => numberAt(schema, keyword)?.value;
const stringAt = (schema: JsonObject, keyword: string): string | undefined => {
  const value = schema.get(keyword);
  return typeof value === 'string' ? value : undefined;
};
const stringsOf = (value: JsonValue | undefined): string[] =>
  isJsonArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

const withCommon = <T extends SchemaNode>(node: T, common: Common): T => (common === NO_COMMON ? node : { ...node, common });

export class ModelBuilder {
  private readonly documents: DocumentSet;
  private readonly built = new WeakMap<JsonObject, SchemaNode>();

  constructor(documents: DocumentSet) {
    this.documents = documents;
  }

  /** The model of `value`, a schema in `document`. Objects are built once, so equal nodes are identical. */
  build(document: SchemaDocument, value: JsonValue): SchemaNode {
    if (value === true) return { kind: 'true', common: NO_COMMON };
    if (value === false) return { kind: 'false', common: NO_COMMON };
    if (!isJsonObject(value)) return { kind: 'empty', common: NO_COMMON };
    let node = this.built.get(value);
    if (!node) {
      node = this.buildObject(document, value);
      this.built.set(value, node);
    }
    return node;
  }

  private buildObject(document: SchemaDocument, schema: JsonObject): SchemaNode {
    const common = this.commonOf(document.draft, schema);
    const draft = document.draft;
    const ref = schema.get('$ref');
    const parts: SchemaNode[] = [];
    if (typeof ref === 'string') {
      // Drafts 4-7 (everit): `$ref` hides the keywords beside it. 2019-09 and 2020-12: Confluent loads the schema
      // with json-sKema, where `$ref` is one applicator among the others, and its SchemaTranslator joins them into
      // a generated allOf; so {"$ref": …, "type": "object", "properties": …} is allOf[reference, object].
      if (!isModernDraft(draft)) return this.reference(document, schema, ref, common);
      parts.push(this.reference(document, schema, ref, NO_COMMON));
    }

    const consumed = new Set<string>();
    const present = (keyword: string): boolean => schema.has(keyword) && !consumed.has(keyword);
    const take = (keywords: readonly string[]): void => keywords.forEach((k) => consumed.add(k));
    const child = (value: JsonValue | undefined): SchemaNode => this.build(document, value ?? true);

    const enumValues = schema.get('enum');
    if (isJsonArray(enumValues)) {
      parts.push({ kind: 'enum', common: NO_COMMON, values: enumValues });
      take(['enum']);
    }
    for (const criterion of CRITERIA) {
      const subschemas = schema.get(criterion);
      if (!isJsonArray(subschemas)) continue;
      parts.push({ kind: 'combined', common: NO_COMMON, criterion, subschemas: subschemas.map(child) });
      take([criterion]);
    }
    if (present('not')) {
      parts.push({ kind: 'not', common: NO_COMMON, mustNotMatch: child(schema.get('not')) });
      take(['not']);
    }
    if (draft !== 'draft-04' && present('const')) {
      parts.push({ kind: 'const', common: NO_COMMON, value: schema.get('const') ?? null });
      take(['const']);
    }

    const typed = (type: string): SchemaNode => {
      switch (type) {
        case 'string':
          take(STRING_KEYWORDS);
          return this.stringNode(schema);
        case 'integer':
        case 'number':
          take(NUMBER_KEYWORDS);
          return this.numberNode(schema, type === 'integer');
        case 'array':
          take(arrayKeywords(draft));
          return this.arrayNode(document, schema);
        case 'object':
          take(objectKeywords(draft));
          return this.objectNode(document, schema);
        case 'boolean':
        case 'null':
          return { kind: type, common: NO_COMMON };
        default:
          return { kind: 'empty', common: NO_COMMON };
      }
    };
    const type = schema.get('type');
    if (typeof type === 'string') {
      take(['type']);
      parts.push(typed(type));
    } else if (isJsonArray(type)) {
      take(['type']);
      parts.push({ kind: 'combined', common: NO_COMMON, criterion: 'anyOf', subschemas: stringsOf(type).map(typed) });
    }

    // The sniffer: keywords of a type nobody asked for still make a schema of that type (requiresX = false).
    if (arrayKeywords(draft).some(present)) parts.push(this.arrayNode(document, schema));
    if (objectKeywords(draft).some(present)) parts.push(this.objectNode(document, schema));
    if (NUMBER_KEYWORDS.some(present)) parts.push(this.numberNode(schema, false));
    // SchemaTranslator ignores `format` (visitFormatSchema), so from 2019-09 on it alone makes no string schema.
    const stringSniffed = isModernDraft(draft) ? STRING_KEYWORDS.filter((k) => k !== 'format') : STRING_KEYWORDS;
    if (stringSniffed.some(present)) parts.push(this.stringNode(schema));
    if (draft !== 'draft-04' && draft !== 'draft-06' && CONDITIONAL_KEYWORDS.some(present)) {
      parts.push({ kind: 'conditional', common: NO_COMMON });
    }

    const [only] = parts;
    if (parts.length === 0 || !only) return { kind: 'empty', common };
    if (parts.length === 1) return withCommon(only, common);
    const synthetic: CombinedNode = { kind: 'combined', common, criterion: 'allOf', subschemas: parts };
    return synthetic;
  }

  private commonOf(draft: Draft, schema: JsonObject): Common {
    const id = stringAt(schema, idKeyword(draft));
    const title = stringAt(schema, 'title');
    const description = stringAt(schema, 'description');
    const defaultValue = schema.get('default');
    if (id === undefined && title === undefined && description === undefined && defaultValue === undefined) return NO_COMMON;
    return { id, title, description, defaultValue };
  }

  private reference(document: SchemaDocument, schema: JsonObject, ref: string, common: Common): ReferenceNode {
    const base = document.baseOf(schema);
    let referred: SchemaNode | undefined;
    return {
      kind: 'reference',
      common,
      target: resolveUri(base, ref),
      referred: () => {
        if (!referred) {
          const found = this.documents.resolve(document, base, ref);
          referred = found ? this.build(found.document, found.value) : { kind: 'empty', common: NO_COMMON };
        }
        return referred;
      },
    };
  }

  private stringNode(schema: JsonObject): StringNode {
    return {
      kind: 'string',
      common: NO_COMMON,
      minLength: countAt(schema, 'minLength'),
      maxLength: countAt(schema, 'maxLength'),
      pattern: stringAt(schema, 'pattern'),
    };
  }

  private numberNode(schema: JsonObject, requiresInteger: boolean): NumberNode {
    return {
      kind: 'number',
      common: NO_COMMON,
      requiresInteger,
      minimum: numberAt(schema, 'minimum'),
      maximum: numberAt(schema, 'maximum'),
      exclusiveMinimum: numberAt(schema, 'exclusiveMinimum'),
      exclusiveMaximum: numberAt(schema, 'exclusiveMaximum'),
      multipleOf: numberAt(schema, 'multipleOf'),
    };
  }

  private objectNode(document: SchemaDocument, schema: JsonObject): ObjectNode {
    const modern = isModernDraft(document.draft);
    const child = (value: JsonValue | undefined): SchemaNode => this.build(document, value ?? true);
    const entries = (keyword: string): Array<[string, JsonValue]> => {
      const value = schema.get(keyword);
      return isJsonObject(value) ? [...value] : [];
    };
    const propertyDependencies = new Map<string, readonly string[]>();
    const schemaDependencies = new Map<string, SchemaNode>();
    const dependencies = [...entries('dependencies'), ...(modern ? entries('dependentRequired') : [])];
    for (const [name, value] of dependencies) {
      if (isJsonArray(value)) propertyDependencies.set(name, stringsOf(value));
      else schemaDependencies.set(name, child(value));
    }
    if (modern) for (const [name, value] of entries('dependentSchemas')) schemaDependencies.set(name, child(value));
    const additional = schema.get('additionalProperties');
    return {
      kind: 'object',
      common: NO_COMMON,
      properties: new Map(entries('properties').map(([name, value]) => [name, child(value)])),
      required: stringsOf(schema.get('required')),
      permitsAdditionalProperties: additional !== false,
      additionalProperties: isJsonObject(additional) ? child(additional) : undefined,
      patternProperties: entries('patternProperties').map(([pattern, value]) => [pattern, child(value)] as const),
      propertyDependencies,
      schemaDependencies,
      minProperties: countAt(schema, 'minProperties'),
      maxProperties: countAt(schema, 'maxProperties'),
      unevaluatedProperties: modern && schema.has('unevaluatedProperties') ? child(schema.get('unevaluatedProperties')) : undefined,
    };
  }

  private arrayNode(document: SchemaDocument, schema: JsonObject): ArrayNode {
    const draft = document.draft;
    const child = (value: JsonValue | undefined): SchemaNode => this.build(document, value ?? true);
    const items = schema.get('items');
    let allItems: SchemaNode | undefined;
    let itemSchemas: SchemaNode[] | undefined;
    let tail: JsonValue | undefined;
    if (draft === '2020-12') {
      // prefixItems is the tuple; `items` then governs the items after it. Without prefixItems, a boolean
      // `items` opens or closes the array and a schema applies to every item (Confluent's SchemaTranslator).
      const prefix = schema.get('prefixItems');
      if (isJsonArray(prefix)) {
        itemSchemas = prefix.map(child);
        tail = items;
      } else if (typeof items === 'boolean') tail = items;
      else if (isJsonObject(items)) allItems = child(items);
    } else {
      if (isJsonArray(items)) itemSchemas = items.map(child);
      else if (items !== undefined) allItems = child(items);
      tail = schema.get('additionalItems');
    }
    return {
      kind: 'array',
      common: NO_COMMON,
      allItems,
      itemSchemas,
      permitsAdditionalItems: tail !== false,
      additionalItems: isJsonObject(tail) ? child(tail) : undefined,
      minItems: countAt(schema, 'minItems'),
      maxItems: countAt(schema, 'maxItems'),
      uniqueItems: schema.get('uniqueItems') === true,
      minContains: countAt(schema, 'minContains'),
      maxContains: countAt(schema, 'maxContains'),
      unevaluatedItems: isModernDraft(draft) && schema.has('unevaluatedItems') ? child(schema.get('unevaluatedItems')) : undefined,
    };
  }
}
