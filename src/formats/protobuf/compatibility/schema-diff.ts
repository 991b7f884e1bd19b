// File-level comparison (Confluent's SchemaDiff): the package, then the messages and enums declared at each level,
// matched by name. Moving a message (changing its index) is allowed: message indexes in the wire format always
// refer to the schema version the record was written with.
import type { Incompatibility } from '../../format.ts';
import type { EnumElement, MessageElement, TypeElement } from '../ast.ts';
import { isMapEntry } from '../ast.ts';
import type { ProtobufSchema } from '../schema.ts';
import { DiffContext, sideTypes, union } from './context.ts';
import type { Difference } from './difference.ts';
import { COMPATIBLE_CHANGES } from './difference.ts';
import { compareEnums } from './enum-diff.ts';
import { compareMessages } from './message-diff.ts';

/** Every difference between the writer's (`original`) and the reader's (`update`) schema. */
export function diffSchemas(original: ProtobufSchema, update: ProtobufSchema): Difference[] {
  const ctx = new DiffContext(sideTypes(original.linked), sideTypes(update.linked));
  const before = original.linked.packageName;
  const after = update.linked.packageName;
  if (before !== after) {
    ctx.add('PACKAGE_CHANGED', `The package is '${after}' in the reader schema but '${before}' in the writer schema`);
  }
  compareTypes(ctx, original.linked.file.types, update.linked.file.types);
  return ctx.differences;
}

/** Why a reader with schema `update` cannot read data written with schema `original`. */
export function compareSchemas(original: ProtobufSchema, update: ProtobufSchema): Incompatibility[] {
  const seen = new Set<string>();
  const result: Incompatibility[] = [];
  for (const d of diffSchemas(original, update)) {
    const key = `${d.kind} ${d.path}`;
    if (COMPATIBLE_CHANGES.has(d.kind) || seen.has(key)) continue;
    seen.add(key);
    result.push({ kind: d.kind, location: d.path, message: d.message });
  }
  return result;
}

interface Declared<T> {
  readonly element: T;
  readonly index: number;
}

export function compareTypes(ctx: DiffContext, original: readonly TypeElement[], update: readonly TypeElement[]): void {
  const before = declared(original);
  const after = declared(update);
  for (const name of union(before.messages.keys(), after.messages.keys())) {
    ctx.within(name, () => {
      const o = before.messages.get(name);
      const u = after.messages.get(name);
      if (u === undefined) {
        if (o !== undefined && !isMapEntry(o.element)) {
          ctx.add('MESSAGE_REMOVED', `The reader schema has no message '${name}', which the writer schema has`);
        }
      } else if (o === undefined) {
        if (!isMapEntry(u.element)) ctx.add('MESSAGE_ADDED', `The reader schema adds the message '${name}'`);
      } else {
        compareMessages(ctx, o.element, u.element);
        if (o.index !== u.index) {
          ctx.add('MESSAGE_MOVED', `The message '${name}' moved from position ${o.index} to ${u.index}`);
        }
      }
    }, true);
  }
  for (const name of union(before.enums.keys(), after.enums.keys())) {
    ctx.within(name, () => {
      const o = before.enums.get(name);
      const u = after.enums.get(name);
      if (u === undefined) ctx.add('ENUM_REMOVED', `The reader schema has no enum '${name}'`);
      else if (o === undefined) ctx.add('ENUM_ADDED', `The reader schema adds the enum '${name}'`);
      else compareEnums(ctx, o.element, u.element);
    }, true);
  }
}

function declared(types: readonly TypeElement[]): {
  messages: Map<string, Declared<MessageElement>>;
  enums: Map<string, Declared<EnumElement>>;
} {
  const messages = new Map<string, Declared<MessageElement>>();
  const enums = new Map<string, Declared<EnumElement>>();
  let index = 0;
  for (const type of types) {
    if (type.kind === 'message') messages.set(type.name, { element: type, index: index++ });
    else enums.set(type.name, { element: type, index: 0 });
  }
  return { messages, enums };
}
