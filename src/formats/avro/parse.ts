// Parses and validates schema JSON as strictly as Java Avro's Schema.Parser with validateDefaults=true (what
// Confluent runs for a new schema), with messages that say what is wrong and where (a JSON pointer into the
// submitted schema). Name resolution follows Java: a reference is looked up in the current namespace, then in
// the null namespace; a named type is usable only after its definition (its own fields may refer to it).
import { SchemaParseError } from '../format.ts';
import {
  type AvroField, type AvroName, type AvroNode, type FieldOrder, type NamedNode, NO_PROPS, type Props,
  type RecordNode, branchKey, isPrimitiveType,
} from './avro-schema.ts';
import { printSchema } from './canonical.ts';
import { IncompleteRecordError, isValidDefault, parseJavaDouble } from './defaults.ts';
import { printJson } from './json-print.ts';
import { JsonFloat, type JsonObject, JsonSyntaxError, type JsonValue, parseJson } from './json-value.ts';
import { NameError, makeName, nameProblem, referenceFullName } from './names.ts';

export interface ParseOptions {
  /** Check field defaults against their types (Java's validateDefaults; Confluent turns it off for stored
   *  schemas it re-reads, on for new ones). */
  readonly validateDefaults: boolean;
}

export interface ParseResult {
  readonly root: AvroNode;
  /** The named types this text defines, in definition order. */
  readonly defined: readonly NamedNode[];
}

// Reserved attributes per Java's Schema (SCHEMA_RESERVED, ENUM_RESERVED, FIELD_RESERVED): never custom props.
const SCHEMA_RESERVED = new Set(['doc', 'fields', 'items', 'name', 'namespace', 'size', 'symbols', 'values', 'type', 'aliases']);
const ENUM_RESERVED = new Set([...SCHEMA_RESERVED, 'default']);
const FIELD_RESERVED = new Set(['default', 'doc', 'name', 'order', 'type', 'aliases']);
const ORDERS: ReadonlySet<string> = new Set(['ascending', 'descending', 'ignore']);
const INT_MAX = 2 ** 31 - 1;
const NO_NAMES: readonly AvroName[] = [];

/** Parses `text`; `imported` are the named types of the dependencies, by full name. */
export function parseAvro(text: string, imported: ReadonlyMap<string, NamedNode>, options: ParseOptions): ParseResult {
  let json: JsonValue;
  try {
    json = parseJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw new SchemaParseError(`Invalid schema JSON: ${error.message}`);
    throw error;
  }
  const parser = new Parser(imported, options);
  const root = parser.schema(json, null, '');
  return { root, defined: parser.defined };
}

const at = (path: string) => (path === '' ? 'at the top level' : `at ${path}`);
const fail = (message: string): never => {
  throw new SchemaParseError(message);
};

class Parser {
  readonly names: Map<string, NamedNode>;
  readonly options: ParseOptions;
  readonly defined: NamedNode[] = [];
  readonly incomplete = new Set<RecordNode>();

  constructor(imported: ReadonlyMap<string, NamedNode>, options: ParseOptions) {
    this.names = new Map(imported);
    this.options = options;
  }

  schema(json: JsonValue, space: string | null, path: string): AvroNode {
    if (typeof json === 'string') return this.reference(json, space, path);
    if (Array.isArray(json)) return this.union(json, space, path);
    if (json instanceof Map) return this.object(json, space, path);
    return fail(`Not a schema ${at(path)}: ${printJson(json)} (expected a type name, an object with a "type", or a union array)`);
  }

  reference(name: string, space: string | null, path: string): AvroNode {
    if (isPrimitiveType(name)) return { type: name, props: NO_PROPS };
    const found = this.lookup(name, space);
    if (found === undefined) {
      return fail(`Undefined name: "${name}" ${at(path)} (a named type must be defined before it is used, or come from a reference)`);
    }
    return found;
  }

  lookup(name: string, space: string | null): NamedNode | undefined {
    return this.names.get(referenceFullName(name, space)) ?? this.names.get(name);
  }

  object(json: JsonObject, space: string | null, path: string): AvroNode {
    const type = json.get('type');
    if (typeof type !== 'string') {
      return fail(`No type ${at(path)}: a schema object needs "type" to be a string, found ${type === undefined ? 'none' : printJson(type)}`);
    }
    if (isPrimitiveType(type)) return { type, props: props(json, SCHEMA_RESERVED) };
    switch (type) {
      case 'record':
      case 'error':
        return this.record(json, space, path, type === 'error');
      case 'enum':
        return this.enumeration(json, space, path);
      case 'fixed':
        return this.fixed(json, space, path);
      case 'array': {
        const items = json.get('items');
        if (items === undefined) return fail(`Array ${at(path)} has no "items" type`);
        return { type: 'array', items: this.schema(items, space, `${path}/items`), props: props(json, SCHEMA_RESERVED) };
      }
      case 'map': {
        const values = json.get('values');
        if (values === undefined) return fail(`Map ${at(path)} has no "values" type`);
        return { type: 'map', values: this.schema(values, space, `${path}/values`), props: props(json, SCHEMA_RESERVED) };
      }
      default:
        // {"type": "com.acme.Thing"}: a reference by name (Java keeps no props of it).
        return this.reference(type, space, `${path}/type`);
    }
  }

  union(json: JsonValue[], space: string | null, path: string): AvroNode {
    const branches: AvroNode[] = [];
    const seen = new Set<string>();
    json.forEach((item, i) => {
      const branchPath = `${path}/${i}`;
      const branch = this.schema(item, space, branchPath);
      if (branch.type === 'union') fail(`Nested union ${at(branchPath)}: a union may not directly contain another union`);
      const key = branchKey(branch);
      if (seen.has(key)) fail(`Duplicate in union ${at(branchPath)}: "${key}" appears twice (a union holds one schema per type or name)`);
      seen.add(key);
      branches.push(branch);
    });
    return { type: 'union', branches };
  }

  name(json: JsonObject, space: string | null, path: string, kind: string): AvroName {
    const name = json.get('name');
    if (typeof name !== 'string') return fail(`No name in ${kind} ${at(path)}: "name" must be a string`);
    const declared = json.get('namespace');
    let result: AvroName;
    try {
      result = makeName(name, typeof declared === 'string' ? declared : space);
    } catch (error) {
      if (error instanceof NameError) return fail(`Invalid ${kind} name ${at(path)}: ${error.message}`);
      throw error;
    }
    if (isPrimitiveType(result.full)) return fail(`Schemas may not be named after primitives: ${result.full} (${kind} ${at(path)})`);
    return result;
  }

  define(node: NamedNode, path: string): void {
    if (this.names.has(node.name.full)) {
      fail(`Can't redefine: ${node.name.full} (defined again ${at(path)}; define a named type once, then refer to it by name)`);
    }
    this.names.set(node.name.full, node);
    this.defined.push(node);
  }

  record(json: JsonObject, space: string | null, path: string, isError: boolean): RecordNode {
    const name = this.name(json, space, path, 'record');
    const node: RecordNode = {
      type: 'record', isError, name, doc: text(json, 'doc'), fields: [], fieldsByName: new Map(), props: NO_PROPS, aliases: [],
    };
    this.define(node, path);
    const fieldsJson = json.get('fields');
    if (!Array.isArray(fieldsJson)) return fail(`Record "${name.full}" ${at(path)} has no "fields" array`);
    this.incomplete.add(node);
    const fields: AvroField[] = [];
    const byName = new Map<string, AvroField>();
    fieldsJson.forEach((fieldJson, i) => {
      const field = this.field(fieldJson, node, `${path}/fields/${i}`);
      if (byName.has(field.name)) fail(`Duplicate field "${field.name}" in record "${name.full}" ${at(`${path}/fields/${i}`)}`);
      byName.set(field.name, field);
      fields.push(field);
    });
    this.incomplete.delete(node);
    node.fields = fields;
    node.fieldsByName = byName;
    node.props = props(json, SCHEMA_RESERVED);
    node.aliases = this.aliases(json, name, path);
    return node;
  }

  field(json: JsonValue, record: RecordNode, path: string): AvroField {
    const where = () => `record "${record.name.full}" ${at(path)}`;
    const name = json instanceof Map ? json.get('name') : undefined;
    if (!(json instanceof Map) || typeof name !== 'string') return fail(`No field name in ${where()}: a field is an object with a string "name"`);
    const problem = nameProblem(name);
    if (problem !== undefined) fail(`Invalid field name "${name}" in ${where()}: ${problem}`);
    const typeJson = json.get('type');
    if (typeJson === undefined) fail(`No field type for field "${name}" in ${where()}`);
    // Java Avro words an undefined field type its own way; Confluent's 42201 carries that text, clients match on it.
    if (typeof typeJson === 'string' && !isPrimitiveType(typeJson) && this.lookup(typeJson, record.name.space) === undefined) {
      fail(`"${typeJson}" is not a defined name. The type of the "${name}" field must be a defined name or a {"type": ...} expression. (${at(`${path}/type`)})`);
    }
    const type = this.schema(typeJson ?? null, record.name.space, `${path}/type`);
    const order = this.order(json.get('order'), name, where);
    let value = json.get('default');
    // Java reads a string default of a float/double field as a number (Double.parseDouble).
    if (typeof value === 'string' && (type.type === 'float' || type.type === 'double')) {
      const parsed = parseJavaDouble(value);
      if (parsed === undefined) fail(`Field "${name}" in ${where()}: default ${printJson(value)} is not a valid "${type.type}"`);
      value = new JsonFloat(parsed ?? 0);
    }
    if (value !== undefined && this.options.validateDefaults) this.checkDefault(type, value, name, where);
    return {
      name, type, doc: text(json, 'doc'), default: value, order, aliases: fieldAliases(json, path), props: props(json, FIELD_RESERVED),
    };
  }

  order(json: JsonValue | undefined, field: string, where: () => string): FieldOrder {
    if (json === undefined) return 'ascending';
    const order = typeof json === 'string' ? json.toLowerCase() : '';
    if (!ORDERS.has(order)) fail(`Field "${field}" in ${where()}: invalid order ${printJson(json)} (expected "ascending", "descending" or "ignore")`);
    return order as FieldOrder;
  }

  checkDefault(type: AvroNode, value: JsonValue, field: string, where: () => string): void {
    let valid: boolean;
    try {
      valid = isValidDefault(type, value, this.incomplete);
    } catch (error) {
      if (error instanceof IncompleteRecordError) return fail(`Field "${field}" in ${where()}: default ${printJson(value)} cannot be checked: it needs ${error.message}`);
      throw error;
    }
    if (!valid) fail(`Field "${field}" in ${where()}: default ${printJson(value)} is not a valid ${printSchema(type, this.names.keys())}`);
  }

  enumeration(json: JsonObject, space: string | null, path: string): NamedNode {
    const name = this.name(json, space, path, 'enum');
    const symbolsJson = json.get('symbols');
    if (!Array.isArray(symbolsJson)) return fail(`Enum "${name.full}" ${at(path)} has no "symbols" array`);
    const symbols: string[] = [];
    const seen = new Set<string>();
    symbolsJson.forEach((symbol, i) => {
      const where = `Enum "${name.full}" ${at(`${path}/symbols/${i}`)}`;
      if (typeof symbol !== 'string') fail(`${where}: symbol ${printJson(symbol)} is not a string`);
      const text = String(symbol);
      const problem = nameProblem(text);
      if (problem !== undefined) fail(`${where}: invalid symbol "${text}": ${problem}`);
      if (seen.has(text)) fail(`${where}: duplicate symbol "${text}"`);
      seen.add(text);
      symbols.push(text);
    });
    // Java reads the default with textValue(): a non-string default is ignored, not an error.
    const defaultJson = json.get('default');
    const defaultSymbol = typeof defaultJson === 'string' ? defaultJson : undefined;
    if (defaultSymbol !== undefined && !seen.has(defaultSymbol)) {
      fail(`Enum "${name.full}" ${at(path)}: default "${defaultSymbol}" is not one of its symbols [${symbols.join(', ')}]`);
    }
    const node: NamedNode = {
      type: 'enum', name, doc: text(json, 'doc'), symbols, default: defaultSymbol, props: props(json, ENUM_RESERVED), aliases: this.aliases(json, name, path),
    };
    this.define(node, path);
    return node;
  }

  fixed(json: JsonObject, space: string | null, path: string): NamedNode {
    const name = this.name(json, space, path, 'fixed');
    const size = json.get('size');
    if (typeof size !== 'number' || size < 0 || size > INT_MAX) {
      return fail(`Fixed "${name.full}" ${at(path)}: invalid or no "size" ${size === undefined ? '' : `${printJson(size)} `}(needs a non-negative integer)`);
    }
    const node: NamedNode = {
      type: 'fixed', name, doc: text(json, 'doc'), size, props: props(json, SCHEMA_RESERVED), aliases: this.aliases(json, name, path),
    };
    this.define(node, path);
    return node;
  }

  /** Aliases of a named type: names relative to its namespace (Java validates the last part only). */
  aliases(json: JsonObject, owner: AvroName, path: string): readonly AvroName[] {
    if (!json.has('aliases')) return NO_NAMES;
    const result: AvroName[] = [];
    const seen = new Set<string>();
    for (const alias of aliasStrings(json, path)) {
      const lastDot = alias.lastIndexOf('.');
      const short = lastDot >= 0 ? alias.slice(lastDot + 1) : alias;
      const space = lastDot >= 0 ? alias.slice(0, lastDot) || null : owner.space;
      const problem = nameProblem(short);
      if (problem !== undefined) fail(`Invalid alias "${alias}" of "${owner.full}" ${at(path)}: ${problem}`);
      const full = space === null ? short : `${space}.${short}`;
      if (seen.has(full)) continue;
      seen.add(full);
      result.push({ name: short, space, full });
    }
    return result;
  }
}

const NO_ALIASES: readonly string[] = [];

function fieldAliases(json: JsonObject, path: string): readonly string[] {
  if (!json.has('aliases')) return NO_ALIASES;
  return [...new Set(aliasStrings(json, path))];
}

function aliasStrings(json: JsonObject, path: string): string[] {
  const aliases = json.get('aliases');
  if (aliases === undefined) return [];
  if (!Array.isArray(aliases)) return fail(`"aliases" ${at(path)} is not an array`);
  return aliases.map((alias) => (typeof alias === 'string' ? alias : fail(`Alias ${printJson(alias)} ${at(path)} is not a string`)));
}

/** Java's getOptionalText: a non-string value counts as absent. */
function text(json: JsonObject, key: string): string | undefined {
  const value = json.get(key);
  return typeof value === 'string' ? value : undefined;
}

function props(json: JsonObject, reserved: ReadonlySet<string>): Props {
  let result: Map<string, JsonValue> | undefined;
  for (const [key, value] of json) {
    if (reserved.has(key)) continue;
    result ??= new Map();
    result.set(key, value);
  }
  return result ?? NO_PROPS;
}
