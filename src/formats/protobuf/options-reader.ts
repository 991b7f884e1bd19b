// Reads option statements and values: `name = value`, `(ext).path = value`, bracketed field options, and the
// protobuf text-format aggregates (`{ key: value, ... }`, `[a, b]`) that custom options may carry.
import type { OptionElement, OptionValue } from './ast.ts';
import type { Reader } from './reader.ts';

/** Reads `name = value` (without the trailing `;`). */
export function readOption(r: Reader): OptionElement {
  let name: string;
  let parenthesized = false;
  if (r.tryChar('(')) {
    parenthesized = true;
    name = r.readTypeName('an option name');
    r.require(')');
  } else {
    name = r.readFullIdentifier('an option name');
  }
  let path: string | undefined;
  if (r.tryChar('.')) path = r.readFullIdentifier('an option field name');
  r.require('=');
  const value = readValue(r);
  return path === undefined ? { name, parenthesized, value } : { name, parenthesized, path, value };
}

/** `[a = 1, (b) = 2]` after a field or enum value; empty when there is no `[`. */
export function readBracketedOptions(r: Reader): OptionElement[] {
  if (!r.tryChar('[')) return [];
  const options: OptionElement[] = [];
  for (;;) {
    options.push(readOption(r));
    if (r.tryChar(']')) return options;
    r.require(',');
  }
}

export function readValue(r: Reader): OptionValue {
  const c = r.peekChar();
  if (c === '{') return readMap(r);
  if (c === '[') return readList(r);
  if (c === '"' || c === "'") return { kind: 'string', value: r.readQuotedString() };
  const word = r.readWord('an option value');
  if (/^[-+]?[0-9.]/.test(word) || word.startsWith('-')) return { kind: 'number', value: word };
  if (word === 'true' || word === 'false') return { kind: 'boolean', value: word };
  return { kind: 'enum', value: word };
}

function readMap(r: Reader): OptionValue {
  r.require('{');
  const entries = new Map<string, OptionValue>();
  while (!r.tryChar('}')) {
    let key: string;
    if (r.tryChar('[')) {
      key = `[${r.readTypeName('an extension name')}]`;
      r.require(']');
    } else {
      key = r.readFullIdentifier('a field name');
    }
    // In text format the ':' may be left out before a message value.
    if (!r.tryChar(':') && r.peekChar() !== '{') r.require(':');
    addEntry(entries, key, readValue(r));
    if (!r.tryChar(',')) r.tryChar(';');
  }
  return { kind: 'map', entries };
}

/** A repeated key collects its values into a list, as Wire's option reader does. */
function addEntry(entries: Map<string, OptionValue>, key: string, value: OptionValue): void {
  const previous = entries.get(key);
  if (previous === undefined) {
    entries.set(key, value);
    return;
  }
  const items = previous.kind === 'list' ? [...previous.items] : [previous];
  if (value.kind === 'list') items.push(...value.items);
  else items.push(value);
  entries.set(key, { kind: 'list', items });
}

function readList(r: Reader): OptionValue {
  r.require('[');
  const items: OptionValue[] = [];
  while (!r.tryChar(']')) {
    items.push(readValue(r));
    if (!r.tryChar(',')) {
      r.require(']');
      break;
    }
  }
  return { kind: 'list', items };
}
