// JSON text as Jackson's generator writes it, which is how Java Avro prints schemas (and so what Confluent
// stores): compact, keys in stored order, Jackson's string escapes, numbers as Java prints them.
import { JsonFloat, type JsonValue } from './json-value.ts';

const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;
const HEX = '0123456789ABCDEF';

/** A JSON string literal as Jackson writes it: only `"`, `\` and control characters escaped, hex in upper case. */
export function quote(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) out += '\\"';
    else if (c === 92) out += '\\\\';
    else if (c >= 32) out += s[i];
    else if (c === 8) out += '\\b';
    else if (c === 9) out += '\\t';
    else if (c === 10) out += '\\n';
    else if (c === 12) out += '\\f';
    else if (c === 13) out += '\\r';
    else out += `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
  }
  return `${out}"`;
}

/** Compact JSON, keys in stored order, numbers as Jackson prints IntNode/LongNode/BigIntegerNode/DoubleNode. */
export function printJson(value: JsonValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string': return quote(value);
    case 'boolean': return value ? 'true' : 'false';
    case 'number': return String(value);
    case 'bigint': return value.toString();
    default: break;
  }
  if (value instanceof JsonFloat) return javaNumberToken(javaDoubleToString(value.value));
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += printJson(value[i] ?? null);
    }
    return `${out}]`;
  }
  let out = '{';
  let first = true;
  for (const [key, item] of value) {
    if (!first) out += ',';
    first = false;
    out += `${quote(key)}:${printJson(item)}`;
  }
  return `${out}}`;
}

/** Jackson quotes NaN and infinities (QUOTE_NON_NUMERIC_NUMBERS is on by default). */
export const javaNumberToken = (text: string): string =>
  text === 'NaN' || text === 'Infinity' || text === '-Infinity' ? `"${text}"` : text;

/** Java's `Double.toString`: shortest digits, plain for 1e-3 <= |d| < 1e7 (at least one fraction digit), else
 *  computerized scientific notation like `1.0E10`, `1.5E-4`. */
export function javaDoubleToString(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Number.POSITIVE_INFINITY) return 'Infinity';
  if (d === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  return formatJava(d, twoDigitsIfCloser(d, d.toExponential(), (x) => x));
}

/** Java (JDK 19+) may print two digits where one would do, when the two-digit decimal is closer to the exact
 *  value (Double.MIN_VALUE is 4.9E-324, not 5.0E-324). */
function twoDigitsIfCloser(value: number, shortest: string, round: (x: number) => number): string {
  if (!/^-?\de/.test(shortest)) return shortest;
  // toExponential(1) is the closest two-digit decimal; ending in 0 it is the one-digit one.
  const two = value.toExponential(1);
  return !/0e/.test(two) && round(Number(two)) === value ? two : shortest;
}

/** Java's `Float.toString` for a float value (given as the double it widens to): the shortest digits that
 *  read back as the same float, formatted as Double.toString formats. */
export function javaFloatToString(f: number): string {
  const value = Math.fround(f);
  if (Number.isNaN(value) || !Number.isFinite(value) || value === 0) return javaDoubleToString(value);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return formatJava(value, twoDigitsIfCloser(value, candidate.toExponential(), Math.fround));
  }
  return formatJava(value, value.toExponential());
}

function formatJava(value: number, exponential: string): string {
  const [mantissa = '', exponentText = '0'] = exponential.split('e');
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const exponent = Number(exponentText);
  const abs = Math.abs(value);
  const sign = negative ? '-' : '';
  if (abs >= 1e-3 && abs < 1e7) {
    if (exponent >= 0) {
      const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
      const fraction = digits.slice(exponent + 1) || '0';
      return `${sign}${whole}.${fraction}`;
    }
    return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  return `${sign}${digits[0] ?? '0'}.${digits.slice(1) || '0'}E${exponent}`;
}
