// Number keywords and integer-versus-number (Confluent's NumberSchemaDiff). Two deliberate departures, both
// where Confluent's code misbehaves rather than decides: multipleOf is compared exactly (Confluent takes
// intValue(), which turns 0.5 into 0 and then divides by zero), and EXCLUSIVE_MAXIMUM_DECREASED compares the
// two exclusive maximums (Confluent compares against the reader's `maximum`, which may be absent).
import type { JsonNumber } from '../json-text.ts';
import type { NumberNode } from '../schema-model.ts';
import type { DiffContext } from './context.ts';
import { compareBound } from './bounds.ts';

interface Decimal {
  readonly unscaled: bigint;
  readonly scale: number;
}

/** The exact value of a number's text (e.g. 1.5E+3 → 15 × 10^2, i.e. unscaled 15, scale -2). */
function decimalOf(n: JsonNumber): Decimal {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:E([+-]?\d+))?$/i.exec(n.text);
  if (!match) return { unscaled: 0n, scale: 0 };
  const fraction = match[3] ?? '';
  const digits = BigInt(`${match[1] ?? ''}${match[2] ?? '0'}${fraction}`);
  return { unscaled: digits, scale: fraction.length - Number(match[4] ?? '0') };
}

/** Whether `a` is an integer multiple of `b` (both exact decimals). */
function isMultipleOf(a: JsonNumber, b: JsonNumber): boolean {
  const x = decimalOf(a);
  const y = decimalOf(b);
  if (y.unscaled === 0n) return false;
  const scale = Math.max(x.scale, y.scale);
  const ax = x.unscaled * 10n ** BigInt(scale - x.scale);
  const by = y.unscaled * 10n ** BigInt(scale - y.scale);
  return ax % by === 0n;
}

export function compareNumbers(ctx: DiffContext, original: NumberNode, update: NumberNode): void {
  compareBound(ctx, 'maximum', original.maximum?.value, update.maximum?.value, {
    added: 'MAXIMUM_ADDED', removed: 'MAXIMUM_REMOVED', increased: 'MAXIMUM_INCREASED', decreased: 'MAXIMUM_DECREASED',
  });
  compareBound(ctx, 'minimum', original.minimum?.value, update.minimum?.value, {
    added: 'MINIMUM_ADDED', removed: 'MINIMUM_REMOVED', increased: 'MINIMUM_INCREASED', decreased: 'MINIMUM_DECREASED',
  });
  compareBound(ctx, 'exclusiveMaximum', original.exclusiveMaximum?.value, update.exclusiveMaximum?.value, {
    added: 'EXCLUSIVE_MAXIMUM_ADDED', removed: 'EXCLUSIVE_MAXIMUM_REMOVED',
    increased: 'EXCLUSIVE_MAXIMUM_INCREASED', decreased: 'EXCLUSIVE_MAXIMUM_DECREASED',
  });
  compareBound(ctx, 'exclusiveMinimum', original.exclusiveMinimum?.value, update.exclusiveMinimum?.value, {
    added: 'EXCLUSIVE_MINIMUM_ADDED', removed: 'EXCLUSIVE_MINIMUM_REMOVED',
    increased: 'EXCLUSIVE_MINIMUM_INCREASED', decreased: 'EXCLUSIVE_MINIMUM_DECREASED',
  });

  const before = original.multipleOf;
  const after = update.multipleOf;
  if (before === undefined && after !== undefined) ctx.addAt('multipleOf', 'MULTIPLE_OF_ADDED');
  else if (before !== undefined && after === undefined) ctx.addAt('multipleOf', 'MULTIPLE_OF_REMOVED');
  else if (before !== undefined && after !== undefined && before.value !== after.value) {
    // A reader multiple of the writer's step accepts fewer values (expanded); a divisor accepts more (reduced).
    if (isMultipleOf(after, before)) ctx.addAt('multipleOf', 'MULTIPLE_OF_EXPANDED');
    else if (isMultipleOf(before, after)) ctx.addAt('multipleOf', 'MULTIPLE_OF_REDUCED');
    else ctx.addAt('multipleOf', 'MULTIPLE_OF_CHANGED');
  }

  if (original.requiresInteger !== update.requiresInteger) {
    ctx.add(original.requiresInteger ? 'TYPE_EXTENDED' : 'TYPE_NARROWED');
  }
}
