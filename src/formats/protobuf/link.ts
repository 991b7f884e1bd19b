// Links a parsed file against its imports: names every type and extension, resolves every type reference with
// protoc's scoping rules, and rejects what protoc would (unknown or ambiguous types, duplicate names and field
// numbers, bad map keys). Errors name the element and its line. Imports nothing provides are tolerated, as
// Confluent tolerates them; only the types they would have brought are missing.
import type {
  EnumElement,
  ExtendElement,
  FieldElement,
  GroupElement,
  MessageElement,
  ProtoFile,
  RpcElement,
  TypeElement,
} from './ast.ts';
import { MAX_TAG, SCALAR_TYPES, isMapEntry, mapTypes } from './ast.ts';
import { SchemaParseError } from '../format.ts';
import type { ExtensionInfo, LinkedFile, ResolvedType, TypeInfo } from './symbols.ts';
import { resolveName } from './symbols.ts';

const MAP_KEY_TYPES: ReadonlySet<string> = new Set([
  'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64', 'bool',
  'string',
]);
const SCALARS: ReadonlyMap<string, ResolvedType> = new Map(
  [...SCALAR_TYPES].map((name) => [name, { kind: 'scalar', name }] as const),
);
const INT32_MIN = -2_147_483_648;

/** Names the element an error is about; only called when there is an error. */
type Describe = () => string;
const INT32_MAX = 2_147_483_647;

interface MutableLinkedFile extends LinkedFile {
  readonly types: Map<string, TypeInfo>;
  readonly extensions: Map<string, ExtensionInfo>;
  readonly imports: Map<string, LinkedFile>;
  readonly exported: Map<string, TypeInfo>;
  readonly fieldTypes: Map<FieldElement, ResolvedType>;
  readonly rpcTypes: Map<RpcElement, readonly [string, string]>;
  readonly extendees: Map<ExtendElement, string>;
}

const fail = (message: string, line?: number): SchemaParseError =>
  new SchemaParseError(line === undefined ? message : `${message} (line ${line})`);

/** `findImport` returns the linked file for an import path, or undefined when nothing provides it. */
export function link(file: ProtoFile, findImport: (path: string) => LinkedFile | undefined): LinkedFile {
  const packageName = file.packageName ?? '';
  const linked: MutableLinkedFile = {
    file,
    packageName,
    types: new Map(),
    extensions: new Map(),
    imports: new Map(),
    exported: new Map(),
    fieldTypes: new Map(),
    rpcTypes: new Map(),
    extendees: new Map(),
  };
  for (const path of [...file.imports, ...file.publicImports, ...file.weakImports]) {
    if (linked.imports.has(path)) continue;
    // An import that no reference and no bundled file provides is left out, not rejected: Confluent's
    // ProtobufSchema.toDynamicSchema adds a dependency only for imports it has a file for, so such a schema
    // registers as long as it uses no type from the missing file (e.g. one importing google/api/annotations.proto
    // for its custom options). A type it does use fails below as "not defined", as in protobuf-java.
    const imported = findImport(path);
    if (imported !== undefined) linked.imports.set(path, imported);
  }

  // Types visible to this file: its imports' exported types, then its own.
  const visible = new Map<string, TypeInfo>();
  for (const imported of linked.imports.values()) {
    for (const [name, info] of imported.exported) visible.set(name, info);
  }
  const packageParts = packageName === '' ? [] : packageName.split('.');
  collectTypes(linked, visible, file.types, packageParts, 'the file');
  for (const info of linked.types.values()) {
    linked.exported.set(info.fullName, info);
    visible.set(info.fullName, info);
  }
  for (const path of file.publicImports) {
    const imported = linked.imports.get(path);
    if (imported !== undefined) for (const [name, info] of imported.exported) linked.exported.set(name, info);
  }

  const resolver = new Resolver(linked, visible);
  resolver.extends(file.extendDeclarations, packageParts);
  for (const type of file.types) resolver.type(type, packageParts);
  for (const service of file.services) {
    for (const rpc of service.rpcs) {
      const rpcName = [...packageParts, service.name, rpc.name].join('.');
      linked.rpcTypes.set(rpc, [
        resolver.messageName(rpc.requestType, packageParts, rpcName, rpc.line),
        resolver.messageName(rpc.responseType, packageParts, rpcName, rpc.line),
      ]);
    }
  }
  return linked;
}

function collectTypes(
  linked: MutableLinkedFile,
  visible: ReadonlyMap<string, TypeInfo>,
  types: readonly TypeElement[],
  scope: readonly string[],
  where: string,
): void {
  const names = new Set<string>();
  for (const element of types) {
    if (names.has(element.name)) throw fail(`Type '${element.name}' is defined twice in ${where}`, element.line);
    names.add(element.name);
    const fullName = [...scope, element.name].join('.');
    const other = visible.get(fullName);
    if (other !== undefined && other.origin !== linked) {
      throw fail(`Type '${fullName}' is already defined in an imported file`, element.line);
    }
    const mapEntry = element.kind === 'message' && isMapEntry(element);
    linked.types.set(fullName, { fullName, packageName: linked.packageName, element, mapEntry, origin: linked });
    if (element.kind === 'message') {
      // A group declares a nested message of the same name.
      const nested: TypeElement[] = [...element.nestedTypes, ...groupMessages(element)];
      collectTypes(linked, visible, nested, [...scope, element.name], `message ${fullName}`);
    }
  }
}

/** The nested message types that a message's groups (including those in oneofs) declare. */
export function groupMessages(message: MessageElement): MessageElement[] {
  const groups = [...message.groups, ...message.oneOfs.flatMap((o) => o.groups)];
  return groups.map(groupMessage);
}

export const groupMessage = (group: GroupElement): MessageElement => ({
  kind: 'message',
  name: group.name,
  options: [],
  reserveds: [],
  fields: group.fields,
  oneOfs: [],
  groups: [],
  extensions: [],
  extendDeclarations: [],
  nestedTypes: [],
  line: group.line,
});

class Resolver {
  private readonly linked: MutableLinkedFile;
  private readonly visible: ReadonlyMap<string, TypeInfo>;
  private readonly lookup: (name: string) => TypeInfo | undefined;

  constructor(linked: MutableLinkedFile, visible: ReadonlyMap<string, TypeInfo>) {
    this.linked = linked;
    this.visible = visible;
    this.lookup = (name) => this.visible.get(name);
  }

  type(element: TypeElement, scope: readonly string[]): void {
    const inner = [...scope, element.name];
    const fullName = inner.join('.');
    if (element.kind === 'enum') {
      this.enumeration(element, fullName);
      return;
    }
    this.extends(element.extendDeclarations, inner);
    const numbers = new Map<number, string>();
    const names = new Set<string>();
    const member = (name: string, tag: number, line: number): void => {
      if (names.has(name)) throw fail(`Field '${name}' is defined twice in message ${fullName}`, line);
      names.add(name);
      checkNumber(tag, () => `field '${name}' of message ${fullName}`, line);
      const other = numbers.get(tag);
      if (other !== undefined) {
        throw fail(`Fields '${other}' and '${name}' of message ${fullName} both use number ${tag}`, line);
      }
      numbers.set(tag, name);
    };
    const fields = [...element.fields, ...element.oneOfs.flatMap((o) => o.fields)];
    for (const field of fields) {
      member(field.name, field.tag, field.line);
      this.field(field, inner, () => `field '${field.name}' of message ${fullName}`);
    }
    for (const group of [...element.groups, ...element.oneOfs.flatMap((o) => o.groups)]) {
      member(group.name.toLowerCase(), group.tag, group.line);
    }
    for (const nested of [...element.nestedTypes, ...groupMessages(element)]) this.type(nested, inner);
  }

  private enumeration(element: EnumElement, fullName: string): void {
    const names = new Set<string>();
    for (const constant of element.constants) {
      if (names.has(constant.name)) {
        throw fail(`Enum value '${constant.name}' is defined twice in ${fullName}`, constant.line);
      }
      names.add(constant.name);
      if (constant.tag < INT32_MIN || constant.tag > INT32_MAX) {
        throw fail(`Enum value '${constant.name}' of ${fullName} is out of the int32 range`, constant.line);
      }
    }
  }

  extends(extendDeclarations: readonly ExtendElement[], scope: readonly string[]): void {
    for (const extend of extendDeclarations) {
      const target = resolveName(this.lookup, extend.name, scope);
      if (target === undefined) throw fail(`"${extend.name}" is not defined`, extend.line);
      if (target.value.element.kind !== 'message') throw fail(`"${extend.name}" is not a message type`, extend.line);
      this.linked.extendees.set(extend, target.fullName);
      for (const field of extend.fields) {
        checkNumber(field.tag, () => `extension '${field.name}'`, field.line);
        this.field(field, scope, () => `extension '${field.name}'`);
        const fullName = [...scope, field.name].join('.');
        this.linked.extensions.set(fullName, { fullName, field, extendee: target.fullName });
      }
    }
  }

  private field(field: FieldElement, scope: readonly string[], what: Describe): void {
    const map = mapTypes(field.type);
    let resolved: ResolvedType;
    if (map !== undefined) {
      if (!MAP_KEY_TYPES.has(map.key)) throw fail(`Invalid map key type '${map.key}' for ${what()}`, field.line);
      resolved = { kind: 'map', key: map.key, value: this.reference(map.value, scope, field) };
    } else {
      resolved = this.reference(field.type, scope, field);
    }
    this.linked.fieldTypes.set(field, resolved);
  }

  /** A field's type; unknown types are reported as protobuf-java's DescriptorValidationException words them
   *  (`pkg.Message.field: "Type" is not defined.`), which is what Confluent's details say. */
  private reference(type: string, scope: readonly string[], field: FieldElement): ResolvedType {
    const scalar = SCALARS.get(type);
    if (scalar !== undefined) return scalar;
    const found = resolveName(this.lookup, type, scope);
    if (found === undefined) throw fail(`${[...scope, field.name].join('.')}: "${type}" is not defined`, field.line);
    return { kind: found.value.element.kind, info: found.value };
  }

  /** An rpc's request or response type: `rpcName` is the rpc's full name, as protobuf-java names it. */
  messageName(type: string, scope: readonly string[], rpcName: string, line: number): string {
    const found = resolveName(this.lookup, type, scope);
    if (found === undefined) throw fail(`${rpcName}: "${type}" is not defined`, line);
    if (found.value.element.kind !== 'message') throw fail(`${rpcName}: "${type}" is not a message type`, line);
    return found.fullName;
  }
}

function checkNumber(tag: number, what: Describe, line: number): void {
  if (tag < 1 || tag > MAX_TAG) throw fail(`The number ${tag} of ${what()} is outside 1 to ${MAX_TAG}`, line);
  if (tag >= 19_000 && tag <= 19_999) {
    throw fail(`The number ${tag} of ${what()} is in the range 19000 to 19999 that protobuf reserves`, line);
  }
}
