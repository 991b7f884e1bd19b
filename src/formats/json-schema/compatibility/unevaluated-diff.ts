// `unevaluatedItems` (Confluent's ArraySchemaDiff#compareUnevaluatedItems) and, by the same rule,
// `unevaluatedProperties` (2019-09 and later). Absent or `true`/`{}` lets everything through; `false` nothing.
import type { SchemaNode } from '../schema-model.ts';
import type { DiffContext } from './context.ts';
import type { DifferenceType } from './difference.ts';

interface UnevaluatedTypes {
  readonly added: DifferenceType;
  readonly removed: DifferenceType;
  readonly extended: DifferenceType;
  readonly narrowed: DifferenceType;
}

const acceptsAll = (node: SchemaNode): boolean => node.kind === 'true' || node.kind === 'empty';

export function compareUnevaluated(
  ctx: DiffContext,
  keyword: string,
  original: SchemaNode | undefined,
  update: SchemaNode | undefined,
  types: UnevaluatedTypes,
): void {
  if (!original && !update) return;
  ctx.at(keyword, () => {
    if (!original) ctx.add(update?.kind === 'false' ? types.removed : types.narrowed);
    else if (!update) ctx.add(original.kind === 'false' ? types.added : types.extended);
    else if (original.kind === 'false' && update.kind !== 'false') ctx.add(types.added);
    else if (original.kind !== 'false' && update.kind === 'false') ctx.add(types.removed);
    else if (acceptsAll(original) && !acceptsAll(update)) ctx.add(types.narrowed);
    else if (!acceptsAll(original) && acceptsAll(update)) ctx.add(types.extended);
    else ctx.compare(original, update);
  });
}
