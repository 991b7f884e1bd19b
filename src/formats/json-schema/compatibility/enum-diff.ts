// `enum` and `const` (Confluent's EnumSchemaDiff and ConstSchemaDiff). Enum values are compared as sets: a
// reader with more values reads everything the writer wrote (extended), one with fewer may not (narrowed).
import { valueKey } from '../json-text.ts';
import type { ConstNode, EnumNode } from '../schema-model.ts';
import type { DiffContext } from './context.ts';

export function compareEnums(ctx: DiffContext, original: EnumNode, update: EnumNode): void {
  const before = new Set(original.values.map(valueKey));
  const after = new Set(update.values.map(valueKey));
  const afterHasAll = [...before].every((v) => after.has(v));
  const beforeHasAll = [...after].every((v) => before.has(v));
  if (afterHasAll && beforeHasAll) return;
  if (afterHasAll) ctx.addAt('enum', 'ENUM_ARRAY_EXTENDED');
  else if (beforeHasAll) ctx.addAt('enum', 'ENUM_ARRAY_NARROWED');
  else ctx.addAt('enum', 'ENUM_ARRAY_CHANGED');
}

export function compareConsts(ctx: DiffContext, original: ConstNode, update: ConstNode): void {
  if (valueKey(original.value) !== valueKey(update.value)) ctx.addAt('const', 'ENUM_ARRAY_CHANGED');
}
