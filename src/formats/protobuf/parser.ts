// .proto text → syntax tree. A hand-written recursive-descent parser: protobufjs's parser keeps neither the
// syntax statement nor per-file structure (imports by kind, reserved ranges, option spelling, declaration order),
// all of which Confluent's canonical form prints.
import type {
  ExtendElement,
  ExtensionsElement,
  FieldElement,
  GroupElement,
  Label,
  MessageElement,
  OneOfElement,
  OptionElement,
  ProtoFile,
  ReservedElement,
  ServiceElement,
  Syntax,
  TagRange,
  TypeElement,
} from './ast.ts';
import { readEnum, readRanges, readService } from './declarations-reader.ts';
import { readBracketedOptions, readOption } from './options-reader.ts';
import { Reader } from './reader.ts';

const LABELS: ReadonlySet<string> = new Set(['optional', 'required', 'repeated']);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function parseProto(text: string): ProtoFile {
  return new Parser(text).file();
}

class Parser {
  private readonly r: Reader;
  private syntax: Syntax | undefined;

  constructor(text: string) {
    this.r = new Reader(text);
  }

  file(): ProtoFile {
    const r = this.r;
    let packageName: string | undefined;
    const imports: string[] = [];
    const publicImports: string[] = [];
    const weakImports: string[] = [];
    const types: TypeElement[] = [];
    const services: ServiceElement[] = [];
    const extendDeclarations: ExtendElement[] = [];
    const options: OptionElement[] = [];
    let first = true;
    while (!r.exhausted()) {
      if (r.tryChar(';')) continue;
      const line = r.line;
      const word = r.readWord('a declaration');
      switch (word) {
        case 'syntax': {
          if (!first) throw r.error("'syntax' must be the first statement of the file", line);
          r.require('=');
          const value = r.readQuotedString();
          if (value !== 'proto2' && value !== 'proto3') throw r.error(`unknown syntax "${value}"`, line);
          this.syntax = value;
          r.require(';');
          break;
        }
        case 'edition':
          throw r.error('editions are not supported; use syntax = "proto2" or "proto3"', line);
        case 'package':
          if (packageName !== undefined) throw r.error('a file can have only one package statement', line);
          packageName = r.readFullIdentifier('a package name');
          r.require(';');
          break;
        case 'import': {
          const next = r.peekChar();
          let list = imports;
          if (next !== '"' && next !== "'") {
            const modifier = r.readWord("'public', 'weak' or a quoted file name");
            if (modifier === 'public') list = publicImports;
            else if (modifier === 'weak') list = weakImports;
            else throw r.error(`expected 'public', 'weak' or a quoted file name but found '${modifier}'`);
          }
          list.push(r.readQuotedString());
          r.require(';');
          break;
        }
        case 'option':
          options.push(readOption(r));
          r.require(';');
          break;
        case 'message':
          types.push(this.message(line));
          break;
        case 'enum':
          types.push(readEnum(r, line));
          break;
        case 'service':
          services.push(readService(r, line));
          break;
        case 'extend':
          extendDeclarations.push(this.extend(line));
          break;
        default:
          throw r.error(`unexpected '${word}' at the top level of the file`, line);
      }
      first = false;
    }
    const file: ProtoFile = {
      packageName,
      imports,
      publicImports,
      weakImports,
      types,
      services,
      extendDeclarations,
      options,
    };
    return this.syntax === undefined ? file : { syntax: this.syntax, ...file };
  }

  private message(line: number): MessageElement {
    const r = this.r;
    const name = r.readIdentifier('a message name');
    const options: OptionElement[] = [];
    const reserveds: ReservedElement[] = [];
    const fields: FieldElement[] = [];
    const oneOfs: OneOfElement[] = [];
    const groups: GroupElement[] = [];
    const extensions: ExtensionsElement[] = [];
    const extendDeclarations: ExtendElement[] = [];
    const nestedTypes: TypeElement[] = [];
    r.require('{');
    while (!r.tryChar('}')) {
      if (r.tryChar(';')) continue;
      const at = r.line;
      const word = r.readWord('a field or declaration');
      switch (word) {
        case 'option':
          options.push(readOption(r));
          r.require(';');
          break;
        case 'reserved':
          reserveds.push({ values: readRanges(r, true) });
          r.require(';');
          break;
        case 'extensions': {
          const values = readRanges(r, false);
          extensions.push({ values: values as (number | TagRange)[], options: readBracketedOptions(r) });
          r.require(';');
          break;
        }
        case 'message':
          nestedTypes.push(this.message(at));
          break;
        case 'enum':
          nestedTypes.push(readEnum(r, at));
          break;
        case 'extend':
          extendDeclarations.push(this.extend(at));
          break;
        case 'oneof':
          oneOfs.push(this.oneOf(at));
          break;
        default: {
          const member = this.member(word, at);
          if ('fields' in member) groups.push(member);
          else fields.push(member);
        }
      }
    }
    return {
      kind: 'message',
      name,
      options,
      reserveds,
      fields,
      oneOfs,
      groups,
      extensions,
      extendDeclarations,
      nestedTypes,
      line,
    };
  }

  /** A field or group of a message or extend block, starting after its first word. */
  private member(word: string, line: number): FieldElement | GroupElement {
    const r = this.r;
    let label: Label | undefined;
    let type = word;
    if (LABELS.has(word)) {
      label = word as Label;
      if (label === 'required' && this.syntax === 'proto3') throw r.error("'required' is not allowed in proto3", line);
      type = r.readWord('a field type');
    } else if (!(word === 'map' && r.peekChar() === '<') && this.syntax !== 'proto3') {
      throw r.error(`expected a label (optional, required or repeated) before '${word}'`, line);
    }
    if (type === 'group') return this.group(label, line);
    return this.field(label, type, line);
  }

  private field(label: Label | undefined, word: string, line: number): FieldElement {
    const r = this.r;
    let type: string;
    if (word === 'map' && r.peekChar() === '<') {
      if (label !== undefined) throw r.error('map fields cannot have a label', line);
      r.require('<');
      const key = r.readTypeName('a map key type');
      r.require(',');
      const value = r.readTypeName('a map value type');
      r.require('>');
      type = `map<${key}, ${value}>`;
    } else {
      type = r.readTypeName('a field type', word);
    }
    const name = r.readIdentifier('a field name');
    r.require('=');
    const tag = r.readInt('a field number');
    const all = readBracketedOptions(r);
    r.require(';');
    // Wire takes `default` and `json_name` out of the options; Confluent prints them back last.
    let defaultValue: string | undefined;
    let jsonName: string | undefined;
    const options: OptionElement[] = all.length === 0 ? all : [];
    for (const option of all) {
      const special = !option.parenthesized && option.path === undefined;
      if (special && option.name === 'default') defaultValue = this.primitive(option, line);
      else if (special && option.name === 'json_name') jsonName = this.primitive(option, line);
      else options.push(option);
    }
    const field: Mutable<FieldElement> = { type, name, tag, options, line };
    if (label !== undefined) field.label = label;
    if (defaultValue !== undefined) field.defaultValue = defaultValue;
    if (jsonName !== undefined) field.jsonName = jsonName;
    return field;
  }

  private primitive(option: OptionElement, line: number): string {
    const value = option.value;
    if (value.kind === 'map' || value.kind === 'list') {
      throw this.r.error(`the '${option.name}' option takes a single value`, line);
    }
    return value.value;
  }

  private group(label: Label | undefined, line: number): GroupElement {
    const r = this.r;
    if (this.syntax === 'proto3') throw r.error('groups are not allowed in proto3', line);
    const name = r.readIdentifier('a group name');
    if (!/^[A-Z]/.test(name)) throw r.error(`group names must start with a capital letter: '${name}'`, line);
    r.require('=');
    const tag = r.readInt('a field number');
    const fields: FieldElement[] = [];
    r.require('{');
    while (!r.tryChar('}')) {
      if (r.tryChar(';')) continue;
      const at = r.line;
      const member = this.member(r.readWord('a field'), at);
      if ('fields' in member) throw r.error('groups nested in groups are not supported', at);
      fields.push(member);
    }
    return { ...(label === undefined ? {} : { label }), name, tag, fields, line };
  }

  private oneOf(line: number): OneOfElement {
    const r = this.r;
    const name = r.readIdentifier('a oneof name');
    const fields: FieldElement[] = [];
    const groups: GroupElement[] = [];
    const options: OptionElement[] = [];
    r.require('{');
    while (!r.tryChar('}')) {
      if (r.tryChar(';')) continue;
      const at = r.line;
      const word = r.readWord('a oneof field');
      if (word === 'option') {
        options.push(readOption(r));
        r.require(';');
      } else if (LABELS.has(word)) {
        throw r.error(`fields in a oneof cannot have a label ('${word}')`, at);
      } else if (word === 'map' && r.peekChar() === '<') {
        throw r.error('map fields are not allowed in a oneof', at);
      } else if (word === 'group') {
        groups.push(this.group(undefined, at));
      } else {
        fields.push(this.field(undefined, word, at));
      }
    }
    return { name, fields, groups, options, line };
  }

  private extend(line: number): ExtendElement {
    const r = this.r;
    const name = r.readTypeName('the name of the extended message');
    const fields: FieldElement[] = [];
    r.require('{');
    while (!r.tryChar('}')) {
      if (r.tryChar(';')) continue;
      const at = r.line;
      const member = this.member(r.readWord('an extension field'), at);
      if ('fields' in member) throw r.error('groups in extend blocks are not supported', at);
      fields.push(member);
    }
    return { name, fields, line };
  }
}
