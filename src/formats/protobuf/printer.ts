// Prints a linked file in Confluent's layout (ProtobufSchemaUtils.toString / toFormattedString): the canonical form
// every registration is stored and compared by, its `ignore_extensions` variant, and the normalized form.
// Order: syntax, package, imports, options, messages then enums, extends, services; inside a message: reserved,
// options, fields, oneofs, groups, extension ranges, extends, nested messages then nested enums.
import type {
  EnumConstantElement,
  EnumElement,
  ExtendElement,
  FieldElement,
  GroupElement,
  MessageElement,
  OneOfElement,
  OptionElement,
  RpcElement,
  ServiceElement,
  TagRange,
  TypeElement,
} from './ast.ts';
import { MAX_TAG, SCALAR_TYPES } from './ast.ts';
import type { ExtensionLookup } from './normalize.ts';
import { flattenRanges, normalizeMapEntries, normalizeOptions } from './normalize.ts';
import type { ValueStyle } from './option-printer.ts';
import { bracketed, indent, optionText } from './option-printer.ts';
import type { LinkedFile, ResolvedType } from './symbols.ts';

export interface PrintMode {
  readonly normalize: boolean;
  readonly ignoreExtensions: boolean;
}

export function printFile(linked: LinkedFile, mode: PrintMode, extensions: ExtensionLookup): string {
  return new Printer(linked, mode, extensions).file();
}

const CONFLUENT_PREFIX = 'confluent.';
const NUMERIC = new Set([...SCALAR_TYPES].filter((t) => t !== 'bool' && t !== 'string' && t !== 'bytes'));

class Printer {
  private readonly linked: LinkedFile;
  private readonly normalize: boolean;
  private readonly ignoreExtensions: boolean;
  private readonly extensions: ExtensionLookup;
  /** Package parts, then the names of the enclosing types: the scope custom option names resolve in. */
  private readonly scope: string[];
  private readonly style: ValueStyle;

  constructor(linked: LinkedFile, mode: PrintMode, extensions: ExtensionLookup) {
    this.linked = linked;
    this.normalize = mode.normalize;
    this.ignoreExtensions = mode.ignoreExtensions;
    this.extensions = extensions;
    this.scope = linked.packageName === '' ? [] : linked.packageName.split('.');
    this.style = {
      normalize: mode.normalize,
      mapEntries: (entries) => (this.normalize ? normalizeMapEntries(entries, this.extensions, this.scope) : entries),
    };
  }

  file(): string {
    const file = this.linked.file;
    let out = '';
    // The normalized form leaves out `syntax = "proto2"`, proto2 being the default.
    if (file.syntax !== undefined && (!this.normalize || file.syntax === 'proto3')) {
      out += `syntax = "${file.syntax}";\n`;
    }
    if (file.packageName !== undefined) out += `package ${file.packageName};\n`;
    if (file.imports.length + file.publicImports.length + file.weakImports.length > 0) {
      out += '\n';
      const order = (list: readonly string[]): readonly string[] => (this.normalize ? [...new Set(list)].sort() : list);
      for (const path of order(file.imports)) out += `import "${path}";\n`;
      for (const path of order(file.publicImports)) out += `import public "${path}";\n`;
      for (const path of order(file.weakImports)) out += `import weak "${path}";\n`;
    }
    const options = this.filterOptions(file.options);
    if (options.length > 0) {
      out += '\n';
      for (const option of options) out += this.optionStatement(option);
    }
    const types = this.filterTypes(file.types);
    if (types.length > 0) {
      out += '\n';
      out += this.types(types, (text) => text);
    }
    if (!this.ignoreExtensions && file.extendDeclarations.length > 0) {
      out += '\n';
      for (const extend of this.extendBlocks(file.extendDeclarations)) out += extend;
    }
    if (file.services.length > 0) {
      out += '\n';
      for (const service of file.services) out += this.service(service);
    }
    return out;
  }

  /** Messages first, then enums: message order matters, as message indexes count messages only. */
  private types(types: readonly TypeElement[], wrap: (text: string) => string): string {
    let out = '';
    for (const kind of ['message', 'enum'] as const) {
      for (const type of types) {
        if (type.kind !== kind) continue;
        this.scope.push(type.name);
        out += wrap(type.kind === 'message' ? this.message(type) : this.enumeration(type));
        this.scope.pop();
      }
    }
    return out;
  }

  private filterTypes(types: readonly TypeElement[]): readonly TypeElement[] {
    if (!this.normalize) return types;
    // The normalized form drops hand-written map entry messages: their fields print as map<K, V>.
    const prefix = this.scope.join('.');
    const isMapEntry = (name: string): boolean =>
      this.linked.types.get(prefix === '' ? name : `${prefix}.${name}`)?.mapEntry === true;
    return types.filter((t) => t.kind !== 'message' || !isMapEntry(t.name));
  }

  private message(message: MessageElement): string {
    let out = `message ${message.name} {`;
    if (message.reserveds.length > 0) {
      out += '\n';
      out += this.reserved(message.reserveds);
    }
    const options = this.filterOptions(message.options);
    if (options.length > 0) {
      out += '\n';
      for (const option of options) out += indent(this.optionStatement(option));
    }
    if (message.fields.length > 0) {
      out += '\n';
      for (const field of this.byTag(message.fields)) out += indent(this.field(field));
    }
    if (message.oneOfs.length > 0) {
      out += '\n';
      for (const oneOf of this.sortOneOfs(message.oneOfs)) out += indent(this.oneOf(oneOf));
    }
    if (message.groups.length > 0) {
      out += '\n';
      for (const group of this.byTag(message.groups)) out += indent(this.group(group));
    }
    if (!this.ignoreExtensions && message.extensions.length > 0) {
      out += '\n';
      const elements = this.normalize
        ? flattenRanges(message.extensions).map((v) => ({ values: [v] }))
        : message.extensions;
      for (const element of elements) out += indent(`extensions ${this.rangeList(element.values)};\n`);
    }
    if (!this.ignoreExtensions && message.extendDeclarations.length > 0) {
      out += '\n';
      for (const extend of this.extendBlocks(message.extendDeclarations)) out += indent(extend);
    }
    const nested = this.filterTypes(message.nestedTypes);
    if (nested.length > 0) {
      out += '\n';
      out += this.types(nested, indent);
    }
    return `${out}}\n`;
  }

  private reserved(reserveds: MessageElement['reserveds']): string {
    const elements = this.normalize ? flattenRanges(reserveds).map((v) => ({ values: [v] })) : reserveds;
    let out = '';
    for (const element of elements) out += indent(`reserved ${this.rangeList(element.values)};\n`);
    return out;
  }

  private rangeList(values: readonly (number | string | TagRange)[]): string {
    return values
      .map((v) => {
        if (typeof v === 'string') return `"${v}"`;
        if (typeof v === 'number') return String(v);
        if (this.normalize && v[0] === v[1]) return String(v[0]);
        return `${v[0]} to ${v[1] < MAX_TAG ? v[1] : 'max'}`;
      })
      .join(', ');
  }

  private enumeration(element: EnumElement): string {
    let out = `enum ${element.name} {`;
    if (element.reserveds.length > 0) {
      out += '\n';
      out += this.reserved(element.reserveds);
    }
    // Confluent starts the body on a new line only here when there is no reserved line.
    if (element.reserveds.length === 0 && (element.options.length > 0 || element.constants.length > 0)) out += '\n';
    for (const option of this.filterOptions(element.options)) out += indent(this.optionStatement(option));
    const constants = this.normalize
      ? [...element.constants].sort((a, b) => a.tag - b.tag || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      : element.constants;
    for (const constant of constants) out += indent(this.constant(constant));
    return `${out}}\n`;
  }

  private constant(constant: EnumConstantElement): string {
    const options = this.filterOptions(constant.options);
    return `${constant.name} = ${constant.tag}${options.length > 0 ? ` ${this.optionList(options)}` : ''};\n`;
  }

  private oneOf(oneOf: OneOfElement): string {
    let out = `oneof ${oneOf.name} {`;
    const options = this.filterOptions(oneOf.options);
    if (options.length > 0) {
      out += '\n';
      for (const option of options) out += indent(this.optionStatement(option));
    }
    if (oneOf.fields.length > 0) {
      out += '\n';
      for (const field of this.byTag(oneOf.fields)) out += indent(this.field(field));
    }
    if (oneOf.groups.length > 0) {
      out += '\n';
      for (const group of this.byTag(oneOf.groups)) out += indent(this.group(group));
    }
    return `${out}}\n`;
  }

  private sortOneOfs(oneOfs: readonly OneOfElement[]): readonly OneOfElement[] {
    if (!this.normalize) return oneOfs;
    return oneOfs
      .filter((o) => o.fields.length > 0)
      .map((o) => ({ ...o, fields: this.byTag(o.fields) }))
      .sort((a, b) => (a.fields[0]?.tag ?? 0) - (b.fields[0]?.tag ?? 0));
  }

  private group(group: GroupElement): string {
    let out = `${group.label === undefined ? '' : `${group.label} `}group ${group.name} = ${group.tag} {`;
    if (group.fields.length > 0) {
      out += '\n';
      for (const field of this.byTag(group.fields)) out += indent(this.field(field));
    }
    return `${out}}\n`;
  }

  /** Extend blocks; normalized, they are regrouped by the full name of the extended message. */
  private extendBlocks(extendDeclarations: readonly ExtendElement[]): string[] {
    let blocks: { name: string; fields: readonly FieldElement[] }[] = extendDeclarations.map((e) => ({
      name: e.name,
      fields: e.fields,
    }));
    if (this.normalize) {
      const byName = new Map<string, FieldElement[]>();
      for (const extend of extendDeclarations) {
        const name = `.${this.linked.extendees.get(extend) ?? extend.name.replace(/^\./, '')}`;
        byName.set(name, [...(byName.get(name) ?? []), ...extend.fields]);
      }
      blocks = [...byName].map(([name, fields]) => ({ name, fields: this.byTag(fields) }));
    }
    return blocks.map(({ name, fields }) => {
      let out = `extend ${name} {`;
      if (fields.length > 0) {
        out += '\n';
        for (const field of fields) out += indent(this.field(field));
      }
      return `${out}}\n`;
    });
  }

  private field(field: FieldElement): string {
    let label = field.label;
    let type = field.type;
    if (this.normalize) {
      const resolved = this.linked.fieldTypes.get(field);
      if (resolved !== undefined) {
        const printed = this.normalizedType(resolved);
        type = printed.type;
        if (printed.map) label = undefined;
      }
    }
    const options: OptionElement[] = [...field.options];
    if (field.defaultValue !== undefined) {
      const simple = field.type.slice(field.type.lastIndexOf('.') + 1);
      // Confluent's toKind(ProtoType): string quoted, numbers and bool as written, anything else an enum name.
      // bytes defaults are strings too (Confluent prints them unquoted, which no parser reads back).
      const kind = simple === 'string' || simple === 'bytes' ? 'string'
        : simple === 'bool' ? 'boolean' : NUMERIC.has(simple) ? 'number' : 'enum';
      options.push({ name: 'default', parenthesized: false, value: { kind, value: field.defaultValue } });
    }
    if (field.jsonName !== undefined) {
      options.push({ name: 'json_name', parenthesized: false, value: { kind: 'string', value: field.jsonName } });
    }
    const filtered = this.filterOptions(options);
    const suffix = filtered.length > 0 ? ` ${this.optionList(filtered)}` : '';
    return `${label === undefined ? '' : `${label} `}${type} ${field.name} = ${field.tag}${suffix};\n`;
  }

  /** A field type as the normalized form prints it: fully qualified with a leading dot, map entries as map<K, V>. */
  private normalizedType(resolved: ResolvedType): { type: string; map: boolean } {
    switch (resolved.kind) {
      case 'scalar':
        return { type: resolved.name, map: false };
      case 'map':
        return { type: `map<${resolved.key}, ${this.normalizedType(resolved.value).type}>`, map: true };
      default: {
        const element = resolved.info.element;
        if (resolved.info.mapEntry && element.kind === 'message') {
          const key = element.fields.find((f) => f.name === 'key');
          const value = element.fields.find((f) => f.name === 'value');
          const valueType = value === undefined ? undefined : this.linked.fieldTypes.get(value);
          if (key !== undefined && value !== undefined) {
            const printed = valueType === undefined ? value.type : this.normalizedType(valueType).type;
            return { type: `map<${key.type}, ${printed}>`, map: true };
          }
        }
        return { type: `.${resolved.info.fullName}`, map: false };
      }
    }
  }

  private service(service: ServiceElement): string {
    let out = `service ${service.name} {`;
    const options = this.filterOptions(service.options);
    if (options.length > 0) {
      out += '\n';
      for (const option of options) out += indent(this.optionStatement(option));
    }
    if (service.rpcs.length > 0) {
      out += '\n';
      for (const rpc of service.rpcs) out += indent(this.rpc(rpc));
    }
    return `${out}}\n`;
  }

  private rpc(rpc: RpcElement): string {
    const types = this.normalize ? this.linked.rpcTypes.get(rpc) : undefined;
    const request = types === undefined ? rpc.requestType : `.${types[0]}`;
    const response = types === undefined ? rpc.responseType : `.${types[1]}`;
    let out = `rpc ${rpc.name} (${rpc.requestStreaming ? 'stream ' : ''}${request}) returns (`;
    out += `${rpc.responseStreaming ? 'stream ' : ''}${response})`;
    const options = this.filterOptions(rpc.options);
    if (options.length > 0) {
      out += ' {\n';
      for (const option of options) out += indent(this.optionStatement(option));
      out += '}';
    }
    return `${out};\n`;
  }

  private filterOptions(options: readonly OptionElement[]): readonly OptionElement[] {
    let result = options;
    if (this.ignoreExtensions) result = result.filter((o) => !o.parenthesized || o.name.startsWith(CONFLUENT_PREFIX));
    if (this.normalize && result.length > 0) result = normalizeOptions(result, this.extensions, this.scope);
    return result;
  }

  private optionStatement(option: OptionElement): string {
    return `option ${optionText(this.style, option)};\n`;
  }

  private optionList(options: readonly OptionElement[]): string {
    return bracketed(options.map((o) => optionText(this.style, o)));
  }

  private byTag<T extends { readonly tag: number }>(items: readonly T[]): readonly T[] {
    return this.normalize ? [...items].sort((a, b) => a.tag - b.tag) : items;
  }
}
