// Avro names as Java's Schema.Parser builds them (Schema.Name, NameValidator.UTF_VALIDATOR, which Confluent uses).
import type { AvroName } from './avro-schema.ts';

// UTF_VALIDATOR: the first character a letter (Character.isLetter) or `_`, the rest letters, decimal digits
// (Character.isDigit) or `_`. Java checks UTF-16 units one by one, so a character outside the BMP (a surrogate
// pair) is never a letter there; the surrogate test below keeps that.
const ASCII_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const VALID_NAME = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;
const SURROGATE = /[\uD800-\uDFFF]/;

/** Why `name` is not a valid Avro name, in Java's words, or undefined when it is valid. */
export function nameProblem(name: string): string | undefined {
  if (ASCII_NAME.test(name)) return undefined;
  if (name.length === 0) return 'Empty name';
  if (VALID_NAME.test(name) && !SURROGATE.test(name)) return undefined;
  const first = name[0] ?? '';
  if (!/^[\p{L}_]$/u.test(first) || SURROGATE.test(first)) return `Illegal initial character: ${name}`;
  return `Illegal character in: ${name}`;
}

export class NameError extends Error {
  override readonly name = 'NameError';
}

/** Java's `new Name(name, space)`: a dotted name carries its own namespace; "" means the null namespace.
 *  Validates the name and every namespace part (Avro 1.12's ParseContext does the latter). */
export function makeName(name: string, space: string | null): AvroName {
  const lastDot = name.lastIndexOf('.');
  let short = name;
  let namespace = space;
  if (lastDot >= 0) {
    namespace = name.slice(0, lastDot);
    short = name.slice(lastDot + 1);
  }
  if (namespace === '') namespace = null;
  const problem = nameProblem(short);
  if (problem !== undefined) throw new NameError(`invalid name "${short}": ${problem}`);
  if (namespace !== null) {
    for (const part of namespace.split('.')) {
      const partProblem = nameProblem(part);
      if (partProblem !== undefined) {
        throw new NameError(`invalid namespace "${namespace}": part "${part}" is invalid: ${partProblem}`);
      }
    }
  }
  return { name: short, space: namespace, full: namespace === null ? short : `${namespace}.${short}` };
}

/** The full name a reference `name` means inside `space`, before the null-namespace fallback. */
export function referenceFullName(name: string, space: string | null): string {
  const lastDot = name.lastIndexOf('.');
  if (lastDot === 0) return name.slice(1);
  if (lastDot > 0) return name;
  return space === null ? name : `${space}.${name}`;
}
