// The schema text as Confluent's Jackson sees it. Confluent keeps a schema as a Jackson tree
// (`objectMapper.readTree`, with USE_BIG_DECIMAL_FOR_FLOATS and exact BigDecimals) and prints it back with
// `writeValueAsString` (JsonSchema.canonicalString). Two things JSON.parse/JSON.stringify get wrong for that:
// object keys keep their textual order even when they look like integers ("10" before "2"), and numbers keep
// their decimal form (`1.0` stays `1.0`, `1e2` prints as BigDecimal's `1E+2`). So we parse into our own tree.

/** A JSON number: its value, and the text Jackson prints for it. */
export class JsonNumber {
  readonly value: number;
  /** Jackson's printed form: integers as BigInteger prints them, decimals as BigDecimal.toString(). */
  readonly text: string;
  /** True when written without fraction or exponent (Jackson's IntNode/LongNode/BigIntegerNode). */
  readonly lexicalInteger: boolean;

  constructor(lexeme: string) {
    this.value = Number(lexeme);
    this.lexicalInteger = !/[.eE]/.test(lexeme);
    this.text = this.lexicalInteger ? integerText(lexeme) : bigDecimalText(lexeme);
  }
}

export type JsonObject = ReadonlyMap<string, JsonValue>;
export type JsonArray = readonly JsonValue[];
export type JsonValue = null | boolean | string | JsonNumber | JsonArray | JsonObject;

export const isJsonObject = (value: JsonValue | undefined): value is JsonObject => value instanceof Map;
export const isJsonArray = (value: JsonValue | undefined): value is JsonArray => Array.isArray(value);

/** Thrown for text that is not JSON; the message says where. */
export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
}

function integerText(lexeme: string): string {
  // JSON forbids leading zeros, so the only non-canonical integer is negative zero.
  return /^-0+$/.test(lexeme) ? '0' : lexeme;
}

/** java.math.BigDecimal#toString of `new BigDecimal(lexeme)`. */
function bigDecimalText(lexeme: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(lexeme);
  if (!match) return lexeme;
  const negative = match[1] === '-';
  const fraction = match[3] ?? '';
  const exponent = Number(match[4] ?? '0');
  const coefficient = ((match[2] ?? '') + fraction).replace(/^0+(?=\d)/, '');
  const scale = fraction.length - exponent;
  const adjusted = -scale + (coefficient.length - 1);
  const sign = negative && coefficient !== '0' ? '-' : '';
  if (scale === 0) return sign + coefficient;
  if (scale > 0 && adjusted >= -6) {
    if (coefficient.length > scale) {
      const point = coefficient.length - scale;
      return `${sign}${coefficient.slice(0, point)}.${coefficient.slice(point)}`;
    }
    return `${sign}0.${'0'.repeat(scale - coefficient.length)}${coefficient}`;
  }
  const mantissa = coefficient.length > 1 ? `${coefficient[0]}.${coefficient.slice(1)}` : coefficient;
  return adjusted === 0 ? sign + mantissa : `${sign}${mantissa}E${adjusted > 0 ? '+' : ''}${adjusted}`;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t',
};

/** Parses strict JSON (RFC 8259) into an ordered tree; duplicate keys keep their first position, last value. */
export function parseJsonText(text: string): JsonValue {
  let pos = 0;

  const fail = (what: string): never => {
    const before = text.slice(0, pos);
    const line = before.split('\n').length;
    const column = pos - before.lastIndexOf('\n');
    throw new JsonSyntaxError(`${what} at line ${line}, column ${column}`);
  };
  const skipWhitespace = (): void => {
    while (pos < text.length && WHITESPACE.has(text.charAt(pos))) pos++;
  };
  const describe = (): string => (pos >= text.length ? 'unexpected end of input' : `unexpected character '${text.charAt(pos)}'`);

  const parseString = (): string => {
    pos++; // opening quote
    let out = '';
    let start = pos;
    for (;;) {
      if (pos >= text.length) fail('unterminated string');
      const code = text.charCodeAt(pos);
      if (code === 0x22) break;
      if (code < 0x20) fail('control character in string');
      if (code !== 0x5c) {
        pos++;
        continue;
      }
      out += text.slice(start, pos);
      const escape = text.charAt(pos + 1);
      if (escape === 'u') {
        const hex = text.slice(pos + 2, pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('invalid unicode escape');
        out += String.fromCharCode(parseInt(hex, 16));
        pos += 6;
      } else {
        const decoded = ESCAPES[escape];
        if (decoded === undefined) fail('invalid escape');
        out += decoded;
        pos += 2;
      }
      start = pos;
    }
    out += text.slice(start, pos);
    pos++; // closing quote
    return out;
  };

  const parseNumber = (): JsonNumber => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(pos, pos + 400));
    if (!match) return fail(describe());
    pos += match[0].length;
    return new JsonNumber(match[0]);
  };

  const parseLiteral = <T>(word: string, value: T): T => {
    if (text.startsWith(word, pos)) {
      pos += word.length;
      return value;
    }
    return fail(describe());
  };

  const parseValue = (depth: number): JsonValue => {
    if (depth > 1000) fail('nesting too deep');
    skipWhitespace();
    const c = text.charAt(pos);
    if (c === '{') {
      pos++;
      const entries = new Map<string, JsonValue>();
      skipWhitespace();
      if (text.charAt(pos) === '}') {
        pos++;
        return entries;
      }
      for (;;) {
        skipWhitespace();
        if (text.charAt(pos) !== '"') fail(`expected a property name, ${describe()}`);
        const key = parseString();
        skipWhitespace();
        if (text.charAt(pos) !== ':') fail(`expected ':', ${describe()}`);
        pos++;
        entries.set(key, parseValue(depth + 1));
        skipWhitespace();
        const next = text.charAt(pos++);
        if (next === '}') return entries;
        if (next !== ',') {
          pos--;
          fail(`expected ',' or '}', ${describe()}`);
        }
      }
    }
    if (c === '[') {
      pos++;
      const items: JsonValue[] = [];
      skipWhitespace();
      if (text.charAt(pos) === ']') {
        pos++;
        return items;
      }
      for (;;) {
        items.push(parseValue(depth + 1));
        skipWhitespace();
        const next = text.charAt(pos++);
        if (next === ']') return items;
        if (next !== ',') {
          pos--;
          fail(`expected ',' or ']', ${describe()}`);
        }
      }
    }
    if (c === '"') return parseString();
    if (c === 't') return parseLiteral('true', true);
    if (c === 'f') return parseLiteral('false', false);
    if (c === 'n') return parseLiteral('null', null);
    return parseNumber();
  };

  const value = parseValue(0);
  skipWhitespace();
  if (pos < text.length) fail(describe());
  return value;
}

const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string as Jackson's generator writes it: standard escapes, other control characters as uppercase \uXXXX. */
function quote(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    let escaped: string | undefined;
    if (code === 0x22) escaped = '\\"';
    else if (code === 0x5c) escaped = '\\\\';
    else if (code < 0x20) {
      escaped = code === 0x08 ? '\\b' : code === 0x09 ? '\\t' : code === 0x0a ? '\\n' : code === 0x0c ? '\\f'
        : code === 0x0d ? '\\r' : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      // A lone surrogate cannot be written as UTF-8; keep valid pairs, escape the rest.
      const pair = code <= 0xdbff ? s.charCodeAt(i + 1) : s.charCodeAt(i - 1);
      const paired = code <= 0xdbff ? pair >= 0xdc00 && pair <= 0xdfff : pair >= 0xd800 && pair <= 0xdbff;
      if (!paired) escaped = `\\u${code.toString(16)}`;
    }
    if (escaped !== undefined) {
      out += s.slice(start, i) + escaped;
      start = i + 1;
    }
  }
  return `${out}${s.slice(start)}"`;
}

/** Compact JSON as Jackson prints it; with `sortKeys`, object keys in String.compareTo order at every level. */
export function printJson(value: JsonValue, options: { readonly sortKeys: boolean }): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return quote(value);
  if (value instanceof JsonNumber) return value.text;
  let out: string;
  if (isJsonArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + printJson(value[i] ?? null, options);
    return `${out}]`;
  }
  const keys = [...value.keys()];
  if (options.sortKeys) keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] ?? '';
    out += `${i > 0 ? ',' : ''}${quote(key)}:${printJson(value.get(key) ?? null, options)}`;
  }
  return `${out}}`;
}

/** A string that is equal for equal JSON values: keys sorted, numbers compared by value (1 and 1.0 are equal). */
export function valueKey(value: JsonValue | undefined): string {
  if (value === undefined) return '';
  if (value instanceof JsonNumber) return `n${value.value}`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (isJsonArray(value)) return `[${value.map(valueKey).join(',')}]`;
  const keys = [...value.keys()].sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${valueKey(value.get(key))}`).join(',')}}`;
}

export const jsonEquals = (a: JsonValue | undefined, b: JsonValue | undefined): boolean => valueKey(a) === valueKey(b);
