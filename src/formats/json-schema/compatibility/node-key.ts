// A string equal for schemas that are the same. Confluent collapses duplicate subschemas of allOf/anyOf/oneOf
// by putting them in a set of JsonSchema, whose equality is that of the printed schema; this plays that part.
// References are keyed by where they point, so recursive schemas need no descent.
import { valueKey } from '../json-text.ts';
import type { SchemaNode } from '../schema-model.ts';

const keys = new WeakMap<SchemaNode, string>();

export function nodeKey(node: SchemaNode): string {
  let key = keys.get(node);
  if (key === undefined) {
    key = JSON.stringify([node.kind, node.common.id, node.common.title, node.common.description,
      valueKey(node.common.defaultValue), ...details(node)]);
    keys.set(node, key);
  }
  return key;
}

const optionalKey = (node: SchemaNode | undefined): string | null => (node ? nodeKey(node) : null);

function details(node: SchemaNode): unknown[] {
  switch (node.kind) {
    case 'string':
      return [node.minLength, node.maxLength, node.pattern];
    case 'number':
      return [node.requiresInteger, node.minimum?.value, node.maximum?.value, node.exclusiveMinimum?.value,
        node.exclusiveMaximum?.value, node.multipleOf?.value];
    case 'enum':
      return [...new Set(node.values.map(valueKey))].sort();
    case 'const':
      return [valueKey(node.value)];
    case 'not':
      return [nodeKey(node.mustNotMatch)];
    case 'combined':
      return [node.criterion, ...node.subschemas.map(nodeKey)];
    case 'reference':
      return [node.target];
    case 'object':
      return [
        [...node.properties].map(([name, schema]) => [name, nodeKey(schema)]).sort(),
        [...node.required].sort(),
        node.permitsAdditionalProperties,
        optionalKey(node.additionalProperties),
        node.patternProperties.map(([pattern, schema]) => [pattern, nodeKey(schema)]),
        [...node.propertyDependencies].map(([name, names]) => [name, [...names].sort()]).sort(),
        [...node.schemaDependencies].map(([name, schema]) => [name, nodeKey(schema)]).sort(),
        node.minProperties, node.maxProperties, optionalKey(node.unevaluatedProperties),
      ];
    case 'array':
      return [
        optionalKey(node.allItems), node.itemSchemas?.map(nodeKey) ?? null, node.permitsAdditionalItems,
        optionalKey(node.additionalItems), node.minItems, node.maxItems, node.uniqueItems, node.minContains,
        node.maxContains, optionalKey(node.unevaluatedItems),
      ];
    default:
      return [];
  }
}
