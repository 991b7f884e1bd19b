// Java Avro's `Schema.toString()` (Schema.toJson with a set of known names), which is what Confluent stores and
// returns (`AvroSchema.canonicalString()` = `toString(referencedSchemas, false)`). Property order per type:
//   record: type, name, namespace?, doc?, fields, <props>, aliases?
//   field:  name, type, doc?, default?, order? (unless ascending), aliases?, <props>
//   enum:   type, name, namespace?, doc?, symbols, default?, <props>, aliases?
//   fixed:  type, name, namespace?, doc?, size, <props>, aliases?
//   array:  type, items, <props>;  map: type, values, <props>;  union: [branches]
//   primitive: "int", or {"type":"int",<props>} when it has props.
// A named type prints in full the first time and by name afterwards; the namespace prints only where it differs
// from the enclosing one (Name.writeName), `"namespace":""` for a null namespace inside a non-null one.
import {
  type AvroField, type AvroName, type AvroNode, type NamedNode, type Props, qualifiedName,
} from './avro-schema.ts';
import { printJson, quote } from './json-print.ts';

/** Prints `root`; named types whose full name is in `known` print as names (they come from dependencies). */
export function printSchema(root: AvroNode, known: Iterable<string> = []): string {
  return new SchemaPrinter(new Set(known)).node(root, null);
}

class SchemaPrinter {
  readonly known: Set<string>;

  constructor(known: Set<string>) {
    this.known = known;
  }

  node(node: AvroNode, space: string | null): string {
    switch (node.type) {
      case 'array':
        return `{"type":"array","items":${this.node(node.items, space)}${props(node.props)}}`;
      case 'map':
        return `{"type":"map","values":${this.node(node.values, space)}${props(node.props)}}`;
      case 'union':
        return `[${node.branches.map((branch) => this.node(branch, space)).join(',')}]`;
      case 'record':
      case 'enum':
      case 'fixed':
        return this.named(node, space);
      default:
        return node.props.size === 0 ? `"${node.type}"` : `{"type":"${node.type}"${props(node.props)}}`;
    }
  }

  named(node: NamedNode, space: string | null): string {
    if (this.known.has(node.name.full)) return quote(qualifiedName(node.name, space));
    this.known.add(node.name.full);
    const kind = node.type === 'record' && node.isError ? 'error' : node.type;
    let out = `{"type":"${kind}"${nameAndSpace(node.name, space)}`;
    if (node.doc !== undefined) out += `,"doc":${quote(node.doc)}`;
    switch (node.type) {
      case 'record':
        out += `,"fields":[${node.fields.map((field) => this.field(field, node.name.space)).join(',')}]`;
        break;
      case 'enum':
        out += `,"symbols":[${node.symbols.map(quote).join(',')}]`;
        if (node.default !== undefined) out += `,"default":${quote(node.default)}`;
        break;
      case 'fixed':
        out += `,"size":${node.size}`;
        break;
    }
    out += props(node.props);
    if (node.aliases.length > 0) {
      out += `,"aliases":[${node.aliases.map((alias) => quote(qualifiedName(alias, node.name.space))).join(',')}]`;
    }
    return `${out}}`;
  }

  field(field: AvroField, space: string | null): string {
    let out = `{"name":${quote(field.name)},"type":${this.node(field.type, space)}`;
    if (field.doc !== undefined) out += `,"doc":${quote(field.doc)}`;
    if (field.default !== undefined) out += `,"default":${printJson(field.default)}`;
    if (field.order !== 'ascending') out += `,"order":"${field.order}"`;
    if (field.aliases.length > 0) out += `,"aliases":[${field.aliases.map(quote).join(',')}]`;
    return `${out}${props(field.props)}}`;
  }
}

function nameAndSpace(name: AvroName, space: string | null): string {
  let out = `,"name":${quote(name.name)}`;
  if (name.space !== null) {
    if (name.space !== space) out += `,"namespace":${quote(name.space)}`;
  } else if (space !== null) {
    out += ',"namespace":""';
  }
  return out;
}

function props(values: Props): string {
  let out = '';
  for (const [key, value] of values) out += `,${quote(key)}:${printJson(value)}`;
  return out;
}
