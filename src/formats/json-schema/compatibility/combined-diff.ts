// allOf/anyOf/oneOf against allOf/anyOf/oneOf (Confluent's CombinedSchemaDiff). First the criterion: a reader
// may widen to anyOf, and a single-schema combination may become oneOf (or, both single, allOf). Then the
// subschemas: each writer subschema is tried against each reader subschema, and the compatible pairs must
// match up every subschema of the smaller side (a maximum bipartite matching), else the subschemas changed.
import type { CombinedNode, SchemaNode } from '../schema-model.ts';
import type { DiffContext } from './context.ts';
import type { Difference, DifferenceType } from './difference.ts';
import { maximumMatching } from './matching.ts';
import { nodeKey } from './node-key.ts';

function criterionChange(original: CombinedNode, update: CombinedNode): DifferenceType | undefined {
  if (original.criterion === update.criterion) return undefined;
  if (update.criterion === 'anyOf') return 'COMBINED_TYPE_EXTENDED';
  if (update.criterion === 'oneOf') return original.subschemas.length === 1 ? 'COMBINED_TYPE_EXTENDED' : 'COMBINED_TYPE_CHANGED';
  return original.subschemas.length === 1 && update.subschemas.length === 1 ? 'COMBINED_TYPE_EXTENDED' : 'COMBINED_TYPE_CHANGED';
}

/** The subschemas without duplicates, in order. */
function distinct(subschemas: readonly SchemaNode[]): SchemaNode[] {
  const seen = new Map<string, SchemaNode>();
  for (const subschema of subschemas) {
    const key = nodeKey(subschema);
    if (!seen.has(key)) seen.set(key, subschema);
  }
  return [...seen.values()];
}

export function compareCombined(ctx: DiffContext, original: CombinedNode, update: CombinedNode): void {
  const change = criterionChange(original, update);
  if (change) ctx.add(change);
  if (change === 'COMBINED_TYPE_CHANGED') return;

  const before = distinct(original.subschemas);
  const after = distinct(update.subschemas);
  const product = update.criterion === 'allOf';
  if (before.length < after.length) ctx.add(product ? 'PRODUCT_TYPE_EXTENDED' : 'SUM_TYPE_EXTENDED');
  else if (before.length > after.length) ctx.add(product ? 'PRODUCT_TYPE_NARROWED' : 'SUM_TYPE_NARROWED');

  // compatible[i][j]: what writer subschema i and reader subschema j differ in, when that is all compatible.
  const compatible: Array<Array<readonly Difference[] | undefined>> = before.map((writerSub, i) => {
    const row: Array<readonly Difference[] | undefined> = [];
    ctx.at(`${original.criterion}/${i}`, () => {
      for (const readerSub of after) {
        const sub = ctx.subcontext();
        sub.compare(writerSub, readerSub);
        row.push(sub.isCompatible() ? sub.differences : undefined);
      }
    });
    return row;
  });
  const matching = maximumMatching(before.length, after.length, (i, j) => compatible[i]?.[j] !== undefined);
  for (const [i, j] of matching) ctx.addAll(compatible[i]?.[j] ?? []);
  if (matching.length < Math.min(before.length, after.length)) ctx.add('COMBINED_TYPE_SUBSCHEMAS_CHANGED');
}
