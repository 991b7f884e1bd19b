// Numeric keywords that bound a value from one side (maxLength, minimum, maxItems...): Confluent writes the same
// four-way comparison for each of them in StringSchemaDiff, NumberSchemaDiff, ObjectSchemaDiff and ArraySchemaDiff.
import type { DiffContext } from './context.ts';
import type { DifferenceType } from './difference.ts';

interface BoundTypes {
  readonly added: DifferenceType;
  readonly removed: DifferenceType;
  readonly increased: DifferenceType;
  readonly decreased: DifferenceType;
}

/** Adds ADDED/REMOVED/INCREASED/DECREASED for a numeric keyword that differs between writer and reader. */
export function compareBound(
  ctx: DiffContext,
  keyword: string,
  original: number | undefined,
  update: number | undefined,
  types: BoundTypes,
): void {
  if (original === update) return;
  if (original === undefined) ctx.addAt(keyword, types.added);
  else if (update === undefined) ctx.addAt(keyword, types.removed);
  else if (original < update) ctx.addAt(keyword, types.increased);
  else if (original > update) ctx.addAt(keyword, types.decreased);
}
