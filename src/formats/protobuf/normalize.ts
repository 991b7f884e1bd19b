// The pieces of Confluent's `ProtobufSchema.normalize()` (ProtobufSchemaUtils.FormatContext with normalize=true):
// custom option names resolved to their full extension names and merged, options sorted by name, numbers
// re-spelled with java.text.DecimalFormat's defaults, reserved and extension ranges flattened and sorted.
import type { OptionElement, OptionValue, TagRange } from './ast.ts';
import type { ExtensionInfo } from './symbols.ts';
import { resolveName } from './symbols.ts';

export type ExtensionLookup = (fullName: string) => ExtensionInfo | undefined;

/**
 * Confluent's FormatContext.filterOptions when normalizing: qualify custom option names, turn `(a).b = v` into
 * `(a) = { b: v }`, sort by name, and merge same-named options of a non-repeated extension into one map.
 */
export function normalizeOptions(
  options: readonly OptionElement[],
  lookup: ExtensionLookup,
  scope: readonly string[],
): OptionElement[] {
  const qualified = options.map((option): OptionElement & { repeated?: boolean } => {
    if (!option.parenthesized) return option;
    const found = resolveName(lookup, option.name, scope);
    if (found === undefined) return option;
    const value = option.path === undefined ? option.value : nest(option.path.split('.'), option.value);
    return { name: found.fullName, parenthesized: true, value, repeated: found.value.field.label === 'repeated' };
  });
  qualified.sort((a, b) => compareStrings(a.name, b.name));
  const result: OptionElement[] = [];
  for (let i = 0; i < qualified.length; ) {
    let j = i;
    while (j < qualified.length && qualified[j]?.name === qualified[i]?.name) j++;
    const group = qualified.slice(i, j);
    const first = group[0];
    if (first !== undefined && first.repeated === false) {
      result.push(group.reduce((merged, next) => mergeOption(merged, next)));
    } else {
      result.push(...group.map(({ name, parenthesized, path, value }) =>
        path === undefined ? { name, parenthesized, value } : { name, parenthesized, path, value }));
    }
    i = j;
  }
  return result;
}

function nest(path: readonly string[], value: OptionValue): OptionValue {
  let result = value;
  for (let i = path.length - 1; i >= 0; i--) result = { kind: 'map', entries: new Map([[path[i] ?? '', result]]) };
  return result;
}

/** ProtobufSchema.merge: two maps merge key by key (repeated keys collect distinct values); else the later wins. */
function mergeOption(existing: OptionElement, replacement: OptionElement): OptionElement {
  if (existing.value.kind !== 'map' || replacement.value.kind !== 'map') {
    return { name: replacement.name, parenthesized: replacement.parenthesized, value: replacement.value };
  }
  const entries = new Map(existing.value.entries);
  for (const [key, value] of replacement.value.entries) {
    const previous = entries.get(key);
    if (previous === undefined) {
      entries.set(key, value);
      continue;
    }
    const items: OptionValue[] = [];
    const seen = new Set<string>();
    for (const item of [previous, value].flatMap((v) => (v.kind === 'list' ? v.items : [v]))) {
      const id = valueKey(item);
      if (!seen.has(id)) {
        seen.add(id);
        items.push(item);
      }
    }
    entries.set(key, { kind: 'list', items });
  }
  return { name: replacement.name, parenthesized: replacement.parenthesized, value: { kind: 'map', entries } };
}

const valueKey = (value: OptionValue): string =>
  JSON.stringify(value, (_, v: unknown) => (v instanceof Map ? [...(v as Map<string, unknown>)] : v));

/** Map entries for printing: keys sorted, empty lists dropped, `[ext]` keys qualified. */
export function normalizeMapEntries(
  entries: ReadonlyMap<string, OptionValue>,
  lookup: ExtensionLookup,
  scope: readonly string[],
): [string, OptionValue][] {
  const result = new Map<string, OptionValue>();
  for (const [key, value] of entries) {
    if (value.kind === 'list' && value.items.length === 0) continue;
    let name = key;
    if (key.startsWith('[') && key.endsWith(']')) {
      const found = resolveName(lookup, key.slice(1, -1), scope);
      if (found !== undefined) name = `[${found.fullName}]`;
    }
    if (!result.has(name)) result.set(name, value);
  }
  return [...result].sort(([a], [b]) => compareStrings(a, b));
}

/** Java's String.compareTo (UTF-16 code units), which is also JavaScript's default ordering. */
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A number as Confluent's normalizer prints it: NumberUtils.createNumber, then DecimalFormat() without grouping
 * (integers exactly, decimals rounded half-even to at most three places). Text that is no number (inf, nan)
 * stays as written.
 */
export function formatNumber(text: string): string {
  const integer = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]+|[0-9]+)$/.exec(text);
  if (integer) {
    const digits = integer[2] ?? '0';
    const magnitude = /^0[0-7]+$/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
    return (integer[1] === '-' ? -magnitude : magnitude).toString();
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return text;
  const parsed = Number(text);
  // createNumber prefers a Float when the value fits one.
  const single = Math.fround(parsed);
  const value = Number.isFinite(single) && (single !== 0 || parsed === 0) ? single : parsed;
  if (!Number.isFinite(value)) return text;
  if (Math.abs(value) >= 1e21) return BigInt(value).toString();
  const scaled = value * 1000;
  let rounded: string;
  if (Math.abs(scaled - Math.trunc(scaled)) === 0.5) {
    const down = Math.trunc(scaled);
    const even = down % 2 === 0 ? down : down + Math.sign(scaled);
    rounded = (even / 1000).toFixed(3);
  } else {
    rounded = value.toFixed(3);
  }
  const trimmed = rounded.includes('.') ? rounded.replace(/0+$/, '').replace(/\.$/, '') : rounded;
  return trimmed === '-0' ? '-0' : trimmed;
}

/** One reserved/extensions value per element, ordered by start (names last), then by Kotlin's toString. */
export function flattenRanges<T extends number | string | TagRange>(
  elements: readonly { readonly values: readonly T[] }[],
): T[] {
  const start = (v: T): number => (typeof v === 'number' ? v : typeof v === 'string' ? Number.MAX_SAFE_INTEGER : v[0]);
  const text = (v: T): string => (typeof v === 'object' ? `${v[0]}..${v[1]}` : String(v));
  return elements.flatMap((e) => e.values).sort((a, b) => start(a) - start(b) || compareStrings(text(a), text(b)));
}
