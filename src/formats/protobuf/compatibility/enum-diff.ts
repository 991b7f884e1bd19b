// Enum comparison (Confluent's EnumSchemaDiff): constants matched by number. Adding, removing or renaming a
// constant is allowed (unknown numbers are kept as unrecognized values).
import type { EnumConstantElement, EnumElement } from '../ast.ts';
import { type DiffContext, union } from './context.ts';

export function compareEnums(ctx: DiffContext, original: EnumElement, update: EnumElement): void {
  const before = byNumber(original.constants);
  const after = byNumber(update.constants);
  for (const tag of union(before.keys(), after.keys()).sort((a, b) => a - b)) {
    ctx.within(tag, () => {
      const o = before.get(tag);
      const u = after.get(tag);
      if (u === undefined) ctx.add('ENUM_CONST_REMOVED', `The reader schema removes the enum constant ${o?.name} = ${tag}`);
      else if (o === undefined) ctx.add('ENUM_CONST_ADDED', `The reader schema adds the enum constant ${u.name} = ${tag}`);
      else if (o.name !== u.name) {
        ctx.add('ENUM_CONST_CHANGED', `The enum constant ${tag} is named ${u.name} in the reader schema but ${o.name} in the writer schema`);
      }
    });
  }
}

function byNumber(constants: readonly EnumConstantElement[]): Map<number, EnumConstantElement> {
  const map = new Map<number, EnumConstantElement>();
  // With allow_alias several constants share a number; Confluent's map keeps the last one.
  for (const constant of constants) map.set(constant.tag, constant);
  return map;
}
