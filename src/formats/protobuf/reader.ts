// A character reader for .proto text: skips whitespace and comments, reads words, numbers and quoted strings, and
// knows the line and column it is at, so every syntax error names its place.
import { SchemaParseError } from '../format.ts';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FULL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const TYPE_NAME = /^\.?[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

const isWordChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45 || c === 43;

export class Reader {
  private pos = 0;
  private lineNumber = 1;
  private lineStart = 0;
  private readonly data: string;

  constructor(data: string) {
    this.data = data;
  }

  get line(): number {
    return this.lineNumber;
  }

  /** An error at the current position, or at `line` (and `column`) when given. */
  error(message: string, line?: number, column?: number): SchemaParseError {
    if (line === undefined) {
      line = this.lineNumber;
      column = this.pos - this.lineStart + 1;
    }
    const where = column === undefined ? `line ${line}` : `line ${line}, column ${column}`;
    return new SchemaParseError(`Syntax error at ${where}: ${message}`);
  }

  /** True when only whitespace and comments remain. */
  exhausted(): boolean {
    this.skipWhitespace();
    return this.pos >= this.data.length;
  }

  peekChar(): string {
    this.skipWhitespace();
    if (this.pos >= this.data.length) throw this.error('unexpected end of file');
    return this.data.charAt(this.pos);
  }

  /** Consumes `c` when it is the next non-blank character. */
  tryChar(c: string): boolean {
    if (this.peekChar() !== c) return false;
    this.pos++;
    return true;
  }

  require(c: string): void {
    const found = this.peekChar();
    if (found !== c) throw this.error(`expected '${c}' but found '${found}'`);
    this.pos++;
  }

  /** A run of letters, digits, `_`, `.`, `-` and `+`: identifiers, dotted names and numbers. */
  readWord(what = 'a word'): string {
    this.skipWhitespace();
    const start = this.pos;
    while (this.pos < this.data.length && isWordChar(this.data.charCodeAt(this.pos))) this.pos++;
    if (start === this.pos) {
      const found = this.pos < this.data.length ? `'${this.data.charAt(this.pos)}'` : 'end of file';
      throw this.error(`expected ${what} but found ${found}`);
    }
    return this.data.slice(start, this.pos);
  }

  /** The next word without consuming it, or undefined when the next character starts no word. */
  peekWord(): string | undefined {
    const save = this.pos;
    this.skipWhitespace();
    const start = this.pos;
    let end = start;
    while (end < this.data.length && isWordChar(this.data.charCodeAt(end))) end++;
    this.pos = save;
    return end > start ? this.data.slice(start, end) : undefined;
  }

  readIdentifier(what: string): string {
    const column = this.columnOfNext();
    const word = this.readWord(what);
    if (!IDENTIFIER.test(word)) throw this.error(`expected ${what} but found '${word}'`, this.lineNumber, column);
    return word;
  }

  /** A dotted name such as a package (`a.b.c`). */
  readFullIdentifier(what: string): string {
    const column = this.columnOfNext();
    const word = this.readWord(what);
    if (!FULL_IDENTIFIER.test(word)) throw this.error(`expected ${what} but found '${word}'`, this.lineNumber, column);
    return word;
  }

  /** A type reference, possibly fully qualified with a leading dot. */
  readTypeName(what = 'a type name', word?: string): string {
    const column = this.columnOfNext();
    const name = word ?? this.readWord(what);
    if (!TYPE_NAME.test(name)) throw this.error(`expected ${what} but found '${name}'`, this.lineNumber, column);
    return name;
  }

  /** A decimal, hexadecimal or octal integer, possibly negative. */
  readInt(what: string): number {
    const column = this.columnOfNext();
    const word = this.readWord(what);
    const value = parseInteger(word);
    if (value === undefined) throw this.error(`expected ${what} but found '${word}'`, this.lineNumber, column);
    return value;
  }

  /** A single- or double-quoted string with C escapes; adjacent strings are joined, as in protoc. */
  readQuotedString(): string {
    let quote = this.peekChar();
    if (quote !== '"' && quote !== "'") throw this.error(`expected a quoted string but found '${quote}'`);
    this.pos++;
    let result = '';
    for (;;) {
      if (this.pos >= this.data.length) throw this.error('unterminated string');
      const c = this.data.charAt(this.pos++);
      if (c === quote) {
        const next = this.exhausted() ? '' : this.data.charAt(this.pos);
        if (next === '"' || next === "'") {
          quote = next;
          this.pos++;
          continue;
        }
        return result;
      }
      if (c === '\n') throw this.error('string literals cannot span lines');
      result += c === '\\' ? this.readEscape() : c;
    }
  }

  private readEscape(): string {
    if (this.pos >= this.data.length) throw this.error('unterminated string');
    const c = this.data.charAt(this.pos++);
    switch (c) {
      case 'a': return '\x07';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case 'v': return '\v';
      case 'x': case 'X': return String.fromCharCode(this.readDigits(16, 2));
      case 'u': return String.fromCodePoint(this.readDigits(16, 4, 4));
      case 'U': return String.fromCodePoint(this.readDigits(16, 8, 8));
      default:
        if (c >= '0' && c <= '7') {
          this.pos--;
          return String.fromCharCode(this.readDigits(8, 3));
        }
        return c; // \\ \' \" \? and anything else stand for themselves
    }
  }

  private readDigits(radix: number, max: number, min = 1): number {
    let value = 0;
    let count = 0;
    while (count < max && this.pos < this.data.length) {
      const digit = parseInt(this.data.charAt(this.pos), radix);
      if (Number.isNaN(digit)) break;
      value = value * radix + digit;
      this.pos++;
      count++;
    }
    if (count < min) throw this.error(`expected ${min} digit(s) in an escape sequence`);
    if (radix === 16 && max === 8 && value > 0x10ffff) throw this.error('escape sequence out of range');
    return value;
  }

  private columnOfNext(): number {
    this.skipWhitespace();
    return this.pos - this.lineStart + 1;
  }

  private skipWhitespace(): void {
    const data = this.data;
    while (this.pos < data.length) {
      const c = data.charCodeAt(this.pos);
      if (c === 10) {
        this.pos++;
        this.lineNumber++;
        this.lineStart = this.pos;
      } else if (c === 32 || c === 9 || c === 13 || c === 11 || c === 12 || c === 0xfeff) {
        this.pos++;
      } else if (c === 47 && data.charCodeAt(this.pos + 1) === 47) {
        const end = data.indexOf('\n', this.pos);
        this.pos = end < 0 ? data.length : end;
      } else if (c === 47 && data.charCodeAt(this.pos + 1) === 42) {
        const end = data.indexOf('*/', this.pos + 2);
        if (end < 0) throw this.error('unterminated comment');
        for (let i = this.pos; i < end; i++) {
          if (data.charCodeAt(i) === 10) {
            this.lineNumber++;
            this.lineStart = i + 1;
          }
        }
        this.pos = end + 2;
      } else {
        return;
      }
    }
  }
}

/** Integer literal (decimal, 0x hex, 0 octal, optional sign) as a safe number, or undefined. */
export function parseInteger(word: string): number | undefined {
  if (/^[1-9][0-9]{0,14}$/.test(word)) return Number(word);
  const match = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(word);
  if (!match) return undefined;
  const digits = match[2] ?? '';
  const magnitude = digits.length > 1 && digits.startsWith('0') && !/^0[xX]/.test(digits)
    ? parseInt(digits, 8)
    : Number(digits);
  const value = match[1] === '-' ? -magnitude : magnitude;
  return Number.isSafeInteger(value) ? value : undefined;
}
