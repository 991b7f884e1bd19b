// String keywords (Confluent's StringSchemaDiff). `format` is not compared, as in Confluent.
import type { StringNode } from '../schema-model.ts';
import { compareBound } from './bounds.ts';
import type { DiffContext } from './context.ts';

export function compareStrings(ctx: DiffContext, original: StringNode, update: StringNode): void {
  compareBound(ctx, 'maxLength', original.maxLength, update.maxLength, {
    added: 'MAX_LENGTH_ADDED', removed: 'MAX_LENGTH_REMOVED', increased: 'MAX_LENGTH_INCREASED', decreased: 'MAX_LENGTH_DECREASED',
  });
  compareBound(ctx, 'minLength', original.minLength, update.minLength, {
    added: 'MIN_LENGTH_ADDED', removed: 'MIN_LENGTH_REMOVED', increased: 'MIN_LENGTH_INCREASED', decreased: 'MIN_LENGTH_DECREASED',
  });
  if (original.pattern === undefined && update.pattern !== undefined) ctx.addAt('pattern', 'PATTERN_ADDED');
  else if (original.pattern !== undefined && update.pattern === undefined) ctx.addAt('pattern', 'PATTERN_REMOVED');
  else if (original.pattern !== update.pattern) ctx.addAt('pattern', 'PATTERN_CHANGED');
}
