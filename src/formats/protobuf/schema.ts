// A parsed and linked Protobuf schema: what the registry stores (canonical, normalized, formatted) and what the
// REST proxy needs (protobufjs types by full name, Confluent message indexes).
import protobuf from 'protobufjs';
import { type Dependency, type ParsedSchema, SchemaParseError } from '../format.ts';
import type { ProtoFile } from './ast.ts';
import { fileDescriptorBytes } from './descriptor.ts';
import { protoFileFromBase64 } from './from-descriptor.ts';
import { link } from './link.ts';
import { firstTypeName, messageIndexes, messageNameAt } from './message-indexes.ts';
import { parseProto } from './parser.ts';
import { printFile } from './printer.ts';
import { buildRoot } from './protobufjs-root.ts';
import type { ExtensionInfo, LinkedFile } from './symbols.ts';
import { reachableFiles } from './symbols.ts';
import { wellKnownSource } from './well-known/index.ts';

export class ProtobufSchema implements ParsedSchema {
  readonly type = 'PROTOBUF';
  readonly linked: LinkedFile;
  readonly dependencies: readonly Dependency[];
  #canonical: string | undefined;
  #normalized: string | undefined;
  #extensions: ReadonlyMap<string, ExtensionInfo> | undefined;
  #root: protobuf.Root | undefined;

  constructor(linked: LinkedFile, dependencies: readonly Dependency[]) {
    this.linked = linked;
    this.dependencies = dependencies;
  }

  /** Confluent's canonicalString(): the file re-printed in its layout. */
  get canonical(): string {
    this.#canonical ??= printFile(this.linked, { normalize: false, ignoreExtensions: false }, this.#lookupExtension);
    return this.#canonical;
  }

  /** Confluent's normalize(): sorted imports and options, fields by number, fully qualified type names. */
  get normalized(): string {
    this.#normalized ??= printFile(this.linked, { normalize: true, ignoreExtensions: false }, this.#lookupExtension);
    return this.#normalized;
  }

  /** `serialized`: base64 FileDescriptorProto; `ignore_extensions`: canonical without custom options/extensions. */
  formatted(format: string): string {
    switch (format.trim().toLowerCase()) {
      case 'serialized':
        return Buffer.from(fileDescriptorBytes(this.linked)).toString('base64');
      case 'ignore_extensions':
        return printFile(this.linked, { normalize: false, ignoreExtensions: true }, this.#lookupExtension);
      default:
        return this.canonical;
    }
  }

  /** The FileDescriptorProto of this file, encoded. */
  fileDescriptor(): Uint8Array {
    return fileDescriptorBytes(this.linked);
  }

  /** Full name of the first message (else the first enum), as Confluent's ProtobufSchema.name(). */
  get name(): string | undefined {
    return firstTypeName(this.linked.file);
  }

  get recordName(): string | undefined {
    return this.name;
  }

  /** Confluent message indexes of a message of this file, by full name; undefined when it has no such message. */
  messageIndexes(fullName: string): number[] | undefined {
    return messageIndexes(this.linked.file, fullName);
  }

  /** The full name of the message at the given message indexes, or undefined. */
  messageNameAt(indexes: readonly number[]): string | undefined {
    return messageNameAt(this.linked.file, indexes);
  }

  /** A protobufjs Root with this file's types and those of every file it imports (built once, on first use). */
  get root(): protobuf.Root {
    this.#root ??= buildRoot(reachableFiles(this.linked));
    return this.#root;
  }

  /** The protobufjs Type of a message by full name (this file's or an imported one), or undefined. */
  lookupType(fullName: string): protobuf.Type | undefined {
    const name = fullName.startsWith('.') ? fullName : `.${fullName}`;
    const found = this.root.lookup(name, [protobuf.Type]);
    return found instanceof protobuf.Type ? found : undefined;
  }

  readonly #lookupExtension = (fullName: string): ExtensionInfo | undefined => {
    if (this.#extensions === undefined) {
      const all = new Map<string, ExtensionInfo>();
      // Confluent resolves option names against every bundled file too, imported or not (its normalizer's
      // context holds all KNOWN_DEPENDENCIES); of those only confluent/meta.proto declares extensions.
      const files = [bundledFile('confluent/meta.proto')?.linked, ...reachableFiles(this.linked)];
      for (const file of files) if (file !== undefined) for (const [name, info] of file.extensions) all.set(name, info);
      this.#extensions = all;
    }
    return this.#extensions.get(fullName);
  };
}

const bundled = new Map<string, ProtobufSchema>();

/** A bundled well-known file, parsed once per process. */
function bundledFile(path: string): ProtobufSchema | undefined {
  const cached = bundled.get(path);
  if (cached !== undefined) return cached;
  const source = wellKnownSource(path);
  if (source === undefined) return undefined;
  const schema = parseProtobuf(source, []);
  bundled.set(path, schema);
  return schema;
}

/** Parses and links `text`; imports resolve through `dependencies` (by import path), then the bundled files. */
export function parseProtobuf(text: string, dependencies: readonly Dependency[]): ProtobufSchema {
  let file: ProtoFile;
  try {
    file = parseProto(text);
  } catch (error) {
    // As Confluent does, take text that is no .proto but base64 of a FileDescriptorProto as that descriptor.
    const fromDescriptor = error instanceof SchemaParseError ? protoFileFromBase64(text) : undefined;
    if (fromDescriptor === undefined) throw error;
    file = fromDescriptor;
  }
  const linked = link(file, (path) => {
    const dependency = dependencies.find((d) => d.name === path);
    if (dependency !== undefined) {
      if (!(dependency.schema instanceof ProtobufSchema)) {
        throw new SchemaParseError(`The reference "${path}" is not a Protobuf schema`);
      }
      return dependency.schema.linked;
    }
    return bundledFile(path)?.linked;
  });
  return new ProtobufSchema(linked, dependencies);
}
