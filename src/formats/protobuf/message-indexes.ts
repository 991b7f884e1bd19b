// Confluent's wire format names the message a record was written with by its "message indexes": the position of
// each message among the messages (enums do not count) of its parent, outermost first. The first message of a
// file is [0]; the second nested message of the first message is [0, 1] (ProtobufSchema.toMessageIndexes).
import type { MessageElement, ProtoFile, TypeElement } from './ast.ts';

const messagesOf = (types: readonly TypeElement[]): MessageElement[] =>
  types.filter((t): t is MessageElement => t.kind === 'message');

/** The indexes of a message given by full name (with or without the package, with or without a leading dot). */
export function messageIndexes(file: ProtoFile, name: string): number[] | undefined {
  let local = name.startsWith('.') ? name.slice(1) : name;
  const packageName = file.packageName;
  if (packageName !== undefined && local.startsWith(`${packageName}.`)) local = local.slice(packageName.length + 1);
  const indexes: number[] = [];
  let types = file.types;
  for (const part of local.split('.')) {
    const messages = messagesOf(types);
    const index = messages.findIndex((m) => m.name === part);
    const message = messages[index];
    if (message === undefined) return undefined;
    indexes.push(index);
    types = message.nestedTypes;
  }
  return indexes;
}

/** The full name of the message at `indexes`, or undefined when they point at no message. */
export function messageNameAt(file: ProtoFile, indexes: readonly number[]): string | undefined {
  if (indexes.length === 0) return undefined;
  const names: string[] = [];
  let types = file.types;
  for (const index of indexes) {
    const message = messagesOf(types)[index];
    if (message === undefined) return undefined;
    names.push(message.name);
    types = message.nestedTypes;
  }
  const local = names.join('.');
  return file.packageName === undefined ? local : `${file.packageName}.${local}`;
}

/** The full name of the first message, else the first enum: the type Confluent's `ProtobufSchema.name()` means. */
export function firstTypeName(file: ProtoFile): string | undefined {
  const first = file.types.find((t) => t.kind === 'message') ?? file.types[0];
  if (first === undefined) return undefined;
  return file.packageName === undefined ? first.name : `${file.packageName}.${first.name}`;
}
