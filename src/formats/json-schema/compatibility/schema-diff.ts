// The entry point of the comparison (Confluent's SchemaDiff.compare(original, update)). Confluent's BACKWARD
// check is `new.isBackwardCompatible(old)`, which compares original = old with update = new: the old schema
// wrote the data and the new one reads it. So the original is always the writer and the update the reader.
import { jsonEquals } from '../json-text.ts';
import type { SchemaNode } from '../schema-model.ts';
import { compareArrays } from './array-diff.ts';
import { compareCombined } from './combined-diff.ts';
import { DiffContext } from './context.ts';
import type { Difference } from './difference.ts';
import { compareConsts, compareEnums } from './enum-diff.ts';
import { compareNots } from './not-diff.ts';
import { compareNumbers } from './number-diff.ts';
import { compareObjects } from './object-diff.ts';
import { compareStrings } from './string-diff.ts';

/** Every difference between the writer schema (`original`) and the reader schema (`update`). */
export function compareSchemas(original: SchemaNode, update: SchemaNode): Difference[] {
  const ctx = DiffContext.root(compare);
  compare(ctx, original, update);
  return ctx.differences;
}

/** A reference stands for the schema it refers to (SchemaDiff.normalizeSchema), following chains of them. */
function dereference(node: SchemaNode): SchemaNode {
  let current = node;
  for (let hops = 0; current.kind === 'reference'; hops++) {
    if (hops > 64) return { kind: 'empty', common: current.common };
    current = current.referred();
  }
  return current;
}

/** Whether `ctx` can take the findings of comparing `original` with `update` without any incompatibility. */
function tryCompare(ctx: DiffContext, original: SchemaNode, update: SchemaNode): boolean {
  const sub = ctx.subcontext();
  sub.compare(original, update);
  if (!sub.isCompatible()) return false;
  ctx.addAll(sub.differences);
  return true;
}

function compare(ctx: DiffContext, originalIn: SchemaNode | undefined, updateIn: SchemaNode | undefined): void {
  if (!originalIn && !updateIn) return;
  if (!originalIn) return ctx.add('SCHEMA_ADDED');
  if (!updateIn) return ctx.add('SCHEMA_REMOVED');
  const original = dereference(originalIn);
  const update = dereference(updateIn);

  // A plain schema meets a combined one: it may be one of the reader's alternatives (sum type extended), or
  // one of the writer's conjuncts may already be enough for the reader (product type narrowed).
  if (original.kind !== 'combined' && update.kind === 'combined') {
    const [only] = update.subschemas;
    if (update.subschemas.length === 1 && only) {
      if (tryCompare(ctx, original, only)) return;
    } else if (update.criterion === 'anyOf' || update.criterion === 'oneOf') {
      for (const subschema of update.subschemas) {
        if (tryCompare(ctx, original, subschema)) return ctx.add('SUM_TYPE_EXTENDED');
      }
    }
  } else if (original.kind === 'combined' && update.kind !== 'combined') {
    const [only] = original.subschemas;
    if (original.subschemas.length === 1 && only) {
      if (tryCompare(ctx, only, update)) return;
    } else if (original.criterion === 'allOf') {
      for (const subschema of original.subschemas) {
        if (tryCompare(ctx, subschema, update)) return ctx.add('PRODUCT_TYPE_NARROWED');
      }
    }
  }

  if (original.kind !== update.kind) {
    // `false` reads as anything, and anything reads as `true` or `{}` (TrueSchema extends EmptySchema).
    const updateAcceptsAll = update.kind === 'true' || update.kind === 'empty';
    if (original.kind !== 'false' && !updateAcceptsAll) ctx.add('TYPE_CHANGED');
    return;
  }
  ctx.memoized(original, update, (scoped) => compareSameKind(scoped, original, update));
}

function compareSameKind(ctx: DiffContext, original: SchemaNode, update: SchemaNode): void {
  const a = original.common;
  const b = update.common;
  if (a.id !== b.id) ctx.add('ID_CHANGED');
  if (a.title !== b.title) ctx.add('TITLE_CHANGED');
  if (a.description !== b.description) ctx.add('DESCRIPTION_CHANGED');
  if (!jsonEquals(a.defaultValue, b.defaultValue)) ctx.add('DEFAULT_CHANGED');

  if (original.kind === 'string' && update.kind === 'string') compareStrings(ctx, original, update);
  else if (original.kind === 'number' && update.kind === 'number') compareNumbers(ctx, original, update);
  else if (original.kind === 'const' && update.kind === 'const') compareConsts(ctx, original, update);
  else if (original.kind === 'enum' && update.kind === 'enum') compareEnums(ctx, original, update);
  else if (original.kind === 'combined' && update.kind === 'combined') compareCombined(ctx, original, update);
  else if (original.kind === 'not' && update.kind === 'not') compareNots(ctx, original, update);
  else if (original.kind === 'object' && update.kind === 'object') compareObjects(ctx, original, update);
  else if (original.kind === 'array' && update.kind === 'array') compareArrays(ctx, original, update);
}
