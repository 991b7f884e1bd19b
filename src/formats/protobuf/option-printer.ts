// Prints options and their values the way Confluent's ProtobufSchemaUtils does: strings escaped with its
// escapeChars, aggregates as indented `{ key: value }` blocks, several field options as an indented list.
import type { OptionElement, OptionValue } from './ast.ts';
import { formatNumber } from './normalize.ts';

export interface ValueStyle {
  readonly normalize: boolean;
  /** Orders and qualifies the entries of an aggregate value (normalized form only). */
  readonly mapEntries: (entries: ReadonlyMap<string, OptionValue>) => Iterable<readonly [string, OptionValue]>;
}

/** `name = value`, `(name) = value`, `(name).path = value`. */
export function optionText(style: ValueStyle, option: OptionElement): string {
  const name = option.parenthesized ? `(${option.name})` : option.name;
  const target = option.path === undefined ? name : `${name}.${option.path}`;
  const value = option.value;
  switch (value.kind) {
    case 'string':
      return `${target} = "${escapeChars(value.value)}"`;
    case 'number':
      return `${target} = ${style.normalize ? formatNumber(value.value) : value.value}`;
    case 'boolean':
    case 'enum':
      return `${target} = ${value.value}`;
    case 'map':
      return `${target} = {\n${mapBody(style, value.entries)}}`;
    case 'list':
      return `${target} = ${bracketed(value.items.map((item) => valueText(style, item)))}`;
  }
}

/** `[a]` for one item, else one item per indented line. */
export function bracketed(items: readonly string[]): string {
  if (items.length === 1) return `[${items[0]}]`;
  let text = '[\n';
  items.forEach((item, i) => {
    text += indent(i < items.length - 1 ? `${item},` : item);
  });
  return `${text}]`;
}

function mapBody(style: ValueStyle, entries: ReadonlyMap<string, OptionValue>): string {
  const list = [...style.mapEntries(entries)];
  let text = '';
  list.forEach(([key, value], i) => {
    text += indent(`${key}: ${valueText(style, value)}${i < list.length - 1 ? ',' : ''}`);
  });
  return text;
}

function valueText(style: ValueStyle, value: OptionValue): string {
  switch (value.kind) {
    case 'string':
      return `"${escapeChars(value.value)}"`;
    case 'number':
      return style.normalize ? formatNumber(value.value) : value.value;
    case 'boolean':
    case 'enum':
      return value.value;
    case 'map':
      return `{\n${mapBody(style, value.entries)}}`;
    case 'list': {
      if (style.normalize && value.items.length === 1 && value.items[0] !== undefined) {
        return valueText(style, value.items[0]);
      }
      let text = '[\n';
      value.items.forEach((item, i) => {
        text += indent(`${valueText(style, item)}${i < value.items.length - 1 ? ',' : ''}`);
      });
      return `${text}]`;
    }
  }
}

/**
 * Confluent's appendIndented: two spaces before every line of `text`. Like Java's String.split("\n") it drops
 * trailing empty lines but keeps inner ones, which become lines of two spaces.
 */
export function indent(text: string): string {
  const lines = text.split('\n');
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  let out = '';
  for (const line of lines) out += `  ${line}\n`;
  return out;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v',
  '\\': '\\\\', "'": "\\'", '"': '\\"',
};

/** ProtobufSchemaUtils.escapeChars: C escapes for these characters only; everything else is written as is. */
export function escapeChars(text: string): string {
  return text.replace(/[\x07\b\f\n\r\t\v\\'"]/g, (c) => ESCAPES[c] ?? c);
}
