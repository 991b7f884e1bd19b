// A JSON model that keeps what Jackson keeps and JSON.parse loses, because Java Avro prints schemas through
// Jackson and Confluent stores that text: integer vs floating literals (`1` vs `1.0`, Jackson's IntNode vs
// DoubleNode), integers beyond 2^53 (LongNode/BigIntegerNode), and object key order even for keys like "10"
// (JS objects would move those first). Comments are accepted because Avro's JsonFactory enables ALLOW_COMMENTS.

/** A JSON number written with a fraction or exponent: Jackson reads it as a double and prints it as Java does. */
export class JsonFloat {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
}

/** `number` holds integer literals within ±2^53; `bigint` the larger ones; JsonFloat the floating literals. */
export type JsonValue = null | boolean | number | bigint | string | JsonFloat | JsonValue[] | JsonObject;
export type JsonObject = Map<string, JsonValue>;

export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
}

/** Parses one JSON document (comments allowed, nothing but whitespace or comments after it). */
export function parseJson(text: string): JsonValue {
  const reader = new JsonReader(text);
  reader.skipSpace();
  const value = reader.value();
  reader.skipSpace();
  if (reader.pos < text.length) reader.fail('unexpected content after the end of the schema');
  return value;
}

class JsonReader {
  readonly text: string;
  pos = 0;

  constructor(text: string) {
    this.text = text;
  }

  fail(what: string): never {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < this.pos && i < this.text.length; i++) {
      if (this.text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    throw new JsonSyntaxError(`${what} at line ${line} column ${this.pos - lineStart + 1}`);
  }

  unexpected(): never {
    if (this.pos >= this.text.length) this.fail('unexpected end of input');
    this.fail(`unexpected character ${JSON.stringify(this.text[this.pos])}`);
  }

  skipSpace(): void {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) {
        this.pos++;
      } else if (c === 47) {
        const next = text.charCodeAt(this.pos + 1);
        if (next === 42) {
          const end = text.indexOf('*/', this.pos + 2);
          if (end < 0) {
            this.pos = text.length;
            this.fail('unterminated comment');
          }
          this.pos = end + 2;
        } else if (next === 47) {
          let i = this.pos + 2;
          while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
          this.pos = i;
        } else {
          return;
        }
      } else {
        return;
      }
    }
  }

  value(): JsonValue {
    const c = this.text.charCodeAt(this.pos);
    if (c === 34) return this.string();
    if (c === 123) return this.object();
    if (c === 91) return this.array();
    if (c === 45 || (c >= 48 && c <= 57)) return this.number();
    if (this.text.startsWith('true', this.pos)) return this.word(4, true);
    if (this.text.startsWith('false', this.pos)) return this.word(5, false);
    if (this.text.startsWith('null', this.pos)) return this.word(4, null);
    return this.unexpected();
  }

  word<T>(length: number, value: T): T {
    this.pos += length;
    const c = this.text.charCodeAt(this.pos);
    // Jackson rejects `truex`, `nullnull` as one bad token.
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95) this.unexpected();
    return value;
  }

  object(): JsonObject {
    const result: JsonObject = new Map();
    this.pos++;
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 125) {
      this.pos++;
      return result;
    }
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== 34) this.unexpected();
      const key = this.string();
      this.skipSpace();
      if (this.text.charCodeAt(this.pos) !== 58) this.unexpected();
      this.pos++;
      this.skipSpace();
      // A repeated key keeps its first position and takes the last value, as Jackson's ObjectNode does.
      result.set(key, this.value());
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === 125) return result;
      if (c !== 44) {
        this.pos--;
        this.unexpected();
      }
      this.skipSpace();
    }
  }

  array(): JsonValue[] {
    const result: JsonValue[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) === 93) {
      this.pos++;
      return result;
    }
    for (;;) {
      result.push(this.value());
      this.skipSpace();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === 93) return result;
      if (c !== 44) {
        this.pos--;
        this.unexpected();
      }
      this.skipSpace();
    }
  }

  string(): string {
    const text = this.text;
    const start = this.pos + 1;
    let i = start;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        this.pos = i + 1;
        return text.slice(start, i);
      }
      if (c === 92) break;
      if (c < 32 || Number.isNaN(c)) {
        this.pos = i;
        if (Number.isNaN(c)) this.fail('unterminated string');
        this.fail('control character in string must be escaped');
      }
      i++;
    }
    let out = text.slice(start, i);
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        this.pos = i + 1;
        return out;
      }
      if (Number.isNaN(c)) {
        this.pos = i;
        this.fail('unterminated string');
      }
      if (c < 32) {
        this.pos = i;
        this.fail('control character in string must be escaped');
      }
      if (c !== 92) {
        out += text[i];
        i++;
        continue;
      }
      const e = text[i + 1];
      i += 2;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          const hex = text.slice(i, i + 4);
          if (!/^[0-9A-Fa-f]{4}$/.test(hex)) {
            this.pos = i;
            this.fail('invalid \\u escape');
          }
          out += String.fromCharCode(Number.parseInt(hex, 16));
          i += 4;
          break;
        }
        default:
          this.pos = i - 1;
          this.fail('invalid escape in string');
      }
    }
  }

  number(): number | bigint | JsonFloat {
    const text = this.text;
    const start = this.pos;
    let i = start;
    if (text.charCodeAt(i) === 45) i++;
    const first = text.charCodeAt(i);
    if (first === 48) {
      i++;
      const next = text.charCodeAt(i);
      if (next >= 48 && next <= 57) {
        this.pos = i;
        this.fail('leading zeroes are not allowed in numbers');
      }
    } else if (first >= 49 && first <= 57) {
      while (isDigit(text.charCodeAt(i))) i++;
    } else {
      this.pos = i;
      this.unexpected();
    }
    let floating = false;
    if (text.charCodeAt(i) === 46) {
      floating = true;
      i++;
      if (!isDigit(text.charCodeAt(i))) {
        this.pos = i;
        this.fail('a decimal point must be followed by digits');
      }
      while (isDigit(text.charCodeAt(i))) i++;
    }
    const e = text.charCodeAt(i);
    if (e === 101 || e === 69) {
      floating = true;
      i++;
      const sign = text.charCodeAt(i);
      if (sign === 43 || sign === 45) i++;
      if (!isDigit(text.charCodeAt(i))) {
        this.pos = i;
        this.fail('an exponent must have digits');
      }
      while (isDigit(text.charCodeAt(i))) i++;
    }
    this.pos = i;
    const literal = text.slice(start, i);
    if (floating) return new JsonFloat(Number(literal));
    const n = Number(literal);
    return Number.isSafeInteger(n) ? n : BigInt(literal);
  }
}

const isDigit = (c: number) => c >= 48 && c <= 57;
