// Array keywords (Confluent's ArraySchemaDiff). Tuples (`items` as an array, 2020-12 `prefixItems`) have a
// content model like objects: open when any further item is allowed and unconstrained, closed with
// `additionalItems: false`, partially open when further items must match a schema.
import type { ArrayNode, SchemaNode } from '../schema-model.ts';
import type { DiffContext } from './context.ts';
import { compareBound } from './bounds.ts';
import { compareUnevaluated } from './unevaluated-diff.ts';

const acceptsAll = (node: SchemaNode | undefined): boolean => node?.kind === 'true' || node?.kind === 'empty';

function isOpen(schema: ArrayNode): boolean {
  if (!schema.permitsAdditionalItems || schema.additionalItems) return false;
  return schema.unevaluatedItems === undefined || acceptsAll(schema.unevaluatedItems);
}

/** The schema further items must match when the model is partially open. */
function partialSchema(schema: ArrayNode): SchemaNode | undefined {
  if (schema.additionalItems) return schema.additionalItems;
  const unevaluated = schema.unevaluatedItems;
  if (schema.permitsAdditionalItems && unevaluated && unevaluated.kind !== 'false' && !acceptsAll(unevaluated)) {
    return unevaluated;
  }
  return undefined;
}

function itemRemoved(ctx: DiffContext, writerItem: SchemaNode, update: ArrayNode): void {
  if (isOpen(update)) return ctx.add('ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL');
  const partial = partialSchema(update);
  if (partial) {
    const sub = ctx.subcontext();
    sub.compare(writerItem, partial);
    ctx.addAll(sub.differences);
    return ctx.add(sub.isCompatible()
      ? 'ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
      : 'ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL');
  }
  ctx.add(writerItem.kind === 'false' ? 'ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL' : 'ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL');
}

function itemAdded(ctx: DiffContext, readerItem: SchemaNode, original: ArrayNode): void {
  if (isOpen(original)) {
    return ctx.add(acceptsAll(readerItem) ? 'ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL' : 'ITEM_ADDED_TO_OPEN_CONTENT_MODEL');
  }
  const partial = partialSchema(original);
  if (!partial) return ctx.add('ITEM_ADDED_TO_CLOSED_CONTENT_MODEL');
  const sub = ctx.subcontext();
  sub.compare(partial, readerItem);
  ctx.addAll(sub.differences);
  ctx.add(sub.isCompatible()
    ? 'ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
    : 'ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL');
}

function compareTuples(ctx: DiffContext, original: ArrayNode, update: ArrayNode): void {
  const before = original.itemSchemas ?? [];
  const after = update.itemSchemas ?? [];
  const length = Math.max(before.length, after.length);
  for (let i = 0; i < length; i++) {
    const writerItem = before[i];
    const readerItem = after[i];
    ctx.at(`items/${i}`, () => {
      if (writerItem && readerItem) ctx.compare(writerItem, readerItem);
      else if (writerItem) itemRemoved(ctx, writerItem, update);
      else if (readerItem) itemAdded(ctx, readerItem, original);
    });
  }
}

function compareAdditionalItems(ctx: DiffContext, original: ArrayNode, update: ArrayNode): void {
  ctx.at('additionalItems', () => {
    if (original.permitsAdditionalItems !== update.permitsAdditionalItems) {
      ctx.add(original.permitsAdditionalItems ? 'ADDITIONAL_ITEMS_REMOVED' : 'ADDITIONAL_ITEMS_ADDED');
    } else if (!original.additionalItems && update.additionalItems) {
      ctx.add('ADDITIONAL_ITEMS_NARROWED');
    } else if (original.additionalItems && !update.additionalItems) {
      ctx.add('ADDITIONAL_ITEMS_EXTENDED');
    } else {
      ctx.compare(original.additionalItems, update.additionalItems);
    }
  });
}

export function compareArrays(ctx: DiffContext, original: ArrayNode, update: ArrayNode): void {
  ctx.at('items', () => ctx.compare(original.allItems, update.allItems));
  compareTuples(ctx, original, update);
  compareAdditionalItems(ctx, original, update);
  compareUnevaluated(ctx, 'unevaluatedItems', original.unevaluatedItems, update.unevaluatedItems, {
    added: 'UNEVALUATED_ITEMS_ADDED', removed: 'UNEVALUATED_ITEMS_REMOVED',
    extended: 'UNEVALUATED_ITEMS_EXTENDED', narrowed: 'UNEVALUATED_ITEMS_NARROWED',
  });
  compareBound(ctx, 'maxItems', original.maxItems, update.maxItems, {
    added: 'MAX_ITEMS_ADDED', removed: 'MAX_ITEMS_REMOVED', increased: 'MAX_ITEMS_INCREASED', decreased: 'MAX_ITEMS_DECREASED',
  });
  compareBound(ctx, 'minItems', original.minItems, update.minItems, {
    added: 'MIN_ITEMS_ADDED', removed: 'MIN_ITEMS_REMOVED', increased: 'MIN_ITEMS_INCREASED', decreased: 'MIN_ITEMS_DECREASED',
  });
  if (original.uniqueItems !== update.uniqueItems) {
    ctx.addAt('uniqueItems', original.uniqueItems ? 'UNIQUE_ITEMS_REMOVED' : 'UNIQUE_ITEMS_ADDED');
  }
  compareBound(ctx, 'maxContains', original.maxContains, update.maxContains, {
    added: 'MAX_CONTAINS_ADDED', removed: 'MAX_CONTAINS_REMOVED', increased: 'MAX_CONTAINS_INCREASED', decreased: 'MAX_CONTAINS_DECREASED',
  });
  compareBound(ctx, 'minContains', original.minContains, update.minContains, {
    added: 'MIN_CONTAINS_ADDED', removed: 'MIN_CONTAINS_REMOVED', increased: 'MIN_CONTAINS_INCREASED', decreased: 'MIN_CONTAINS_DECREASED',
  });
}
