// Confluent's AvroSchema.deepEquals: the two Java Avro Schema objects are equal (Schema.equals), whatever text or
// references they were parsed from. Java's equality is structural: types, full names, fields (name, type, default,
// order, custom properties), symbols, sizes and custom properties; docs and aliases do not count. Named types
// reached through a reference are the same nodes as written inline, so a schema sent with its references inlined
// equals the registered one that names them.
import type { AvroField, AvroNode, Props } from './avro-schema.ts';
import { JsonFloat, type JsonValue } from './json-value.ts';

export function avroDeepEquals(a: AvroNode, b: AvroNode): boolean {
  return new Comparison().nodes(a, b);
}

class Comparison {
  /** Pairs of records already being compared: a recursive record equals itself there (Java's SEEN_EQUALS). */
  private readonly seen = new Map<AvroNode, Set<AvroNode>>();

  nodes(a: AvroNode, b: AvroNode): boolean {
    if (a === b) return true;
    if (a.type !== b.type) return false;
    switch (a.type) {
      case 'union': {
        const other = b as typeof a;
        return a.branches.length === other.branches.length && a.branches.every((branch, i) => this.nodes(branch, other.branches[i]!));
      }
      case 'array': {
        const other = b as typeof a;
        return propsEqual(a.props, other.props) && this.nodes(a.items, other.items);
      }
      case 'map': {
        const other = b as typeof a;
        return propsEqual(a.props, other.props) && this.nodes(a.values, other.values);
      }
      case 'enum': {
        const other = b as typeof a;
        return a.name.full === other.name.full && sameList(a.symbols, other.symbols) && a.default === other.default
          && propsEqual(a.props, other.props);
      }
      case 'fixed': {
        const other = b as typeof a;
        return a.name.full === other.name.full && a.size === other.size && propsEqual(a.props, other.props);
      }
      case 'record': {
        const other = b as typeof a;
        if (a.name.full !== other.name.full || !propsEqual(a.props, other.props)) return false;
        if (a.fields.length !== other.fields.length) return false;
        const pairs = this.seen.get(a) ?? new Set<AvroNode>();
        if (pairs.has(other)) return true;
        pairs.add(other);
        this.seen.set(a, pairs);
        return a.fields.every((field, i) => this.fields(field, other.fields[i]!));
      }
      default:
        return propsEqual(a.props, (b as typeof a).props);
    }
  }

  private fields(a: AvroField, b: AvroField): boolean {
    return a.name === b.name && a.order === b.order && optionalJsonEquals(a.default, b.default) && propsEqual(a.props, b.props)
      && this.nodes(a.type, b.type);
  }
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Java's JsonProperties.propsEqual: the same keys with equal values, in any order. */
function propsEqual(a: Props, b: Props): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) {
    if (!b.has(key) || !jsonEquals(value, b.get(key)!)) return false;
  }
  return true;
}

function optionalJsonEquals(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return jsonEquals(a, b);
}

/** Jackson's JsonNode.equals: objects compare as maps, integer and floating literals differ (IntNode vs DoubleNode).
 *  NaN defaults equal each other, as Avro's Field.defaultValueEquals makes them. */
function jsonEquals(a: JsonValue, b: JsonValue): boolean {
  if (a instanceof JsonFloat) return b instanceof JsonFloat && (a.value === b.value || (Number.isNaN(a.value) && Number.isNaN(b.value)));
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEquals(x, b[i]!));
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [key, value] of a) if (!b.has(key) || !jsonEquals(value, b.get(key)!)) return false;
    return true;
  }
  return a === b;
}
