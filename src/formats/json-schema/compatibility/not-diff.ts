// `not` (Confluent's NotSchemaDiff): the reader rejects less when what it forbids is narrower, so the forbidden
// schemas are compared the other way round — reader's forbidden schema as the writer of the writer's one.
import type { NotNode } from '../schema-model.ts';
import type { DiffContext } from './context.ts';

export function compareNots(ctx: DiffContext, original: NotNode, update: NotNode): void {
  ctx.at('not', () => {
    const sub = ctx.subcontext();
    sub.compare(update.mustNotMatch, original.mustNotMatch);
    ctx.add(sub.isCompatible() ? 'NOT_TYPE_NARROWED' : 'NOT_TYPE_EXTENDED');
  });
}
