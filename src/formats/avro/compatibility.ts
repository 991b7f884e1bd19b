// Avro schema resolution as Java's SchemaCompatibility.checkReaderWriterCompatibility, which Confluent's
// AvroSchema.isBackwardCompatible calls: every incompatibility, with Avro's type, message and location.
// Mirrored details that show in results:
// - pairs are memoized by node identity; a pair met again reuses the first result (and its locations), a pair
//   still being checked counts as compatible (this is what ends recursion);
// - a writer branch against a reader union, and a reader union branch against a writer, are checked from a
//   fresh root location; only the MISSING_UNION_BRANCH itself carries the current location;
// - record names match on the unqualified name or a reader alias equal to the writer's full name;
// - a reader field missing in the writer with no default but an enum type that has a default is checked as
//   that enum against the writer record (Java reports a TYPE_MISMATCH there).
import type { Incompatibility } from '../format.ts';
import type { AvroField, AvroNode, EnumNode, FixedNode, NamedNode, RecordNode } from './avro-schema.ts';

export type IncompatibilityKind =
  | 'NAME_MISMATCH' | 'FIXED_SIZE_MISMATCH' | 'MISSING_ENUM_SYMBOLS' | 'READER_FIELD_MISSING_DEFAULT_VALUE'
  | 'TYPE_MISMATCH' | 'MISSING_UNION_BRANCH';

interface Found {
  readonly kind: IncompatibilityKind;
  readonly message: string;
  /** Root first; the first element is the root token and is not printed. */
  readonly location: readonly string[];
}

type State = 'COMPATIBLE' | 'INCOMPATIBLE' | 'RECURSION_IN_PROGRESS';

interface Result {
  readonly state: State;
  readonly found: readonly Found[];
}

const COMPATIBLE: Result = { state: 'COMPATIBLE', found: [] };
const IN_PROGRESS: Result = { state: 'RECURSION_IN_PROGRESS', found: [] };

function merged(a: Result, b: Result): Result {
  if (a === COMPATIBLE) return b;
  if (b === COMPATIBLE) return a;
  return { state: a.state === 'COMPATIBLE' ? b.state : 'INCOMPATIBLE', found: [...a.found, ...b.found] };
}

const incompatible = (kind: IncompatibilityKind, message: string, location: readonly string[]): Result => ({
  state: 'INCOMPATIBLE', found: [{ kind, message, location: [...location] }],
});

/** Java throws here (Confluent then reports "Unexpected exception during compatibility check: ..."). */
class AmbiguousFieldError extends Error {
  override readonly name = 'AmbiguousFieldError';
  readonly location: readonly string[];
  constructor(message: string, location: readonly string[]) {
    super(message);
    this.location = [...location];
  }
}

/** Why `reader` cannot read what `writer` wrote; empty when it can. */
export function checkCompatibility(reader: AvroNode, writer: AvroNode): Incompatibility[] {
  try {
    return new Checker().check(reader, writer).found.map((found) => ({
      kind: found.kind, location: pointer(found.location), message: found.message,
    }));
  } catch (error) {
    if (!(error instanceof AmbiguousFieldError)) throw error;
    return [{ kind: 'NAME_MISMATCH', location: pointer(error.location), message: error.message }];
  }
}

/** A JSON pointer from the location tokens, skipping the root token (Incompatibility.getLocation). */
function pointer(location: readonly string[]): string {
  return `/${location.slice(1).map((token) => token.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;
}

const typeName = (node: AvroNode) => node.type.toUpperCase();

class Checker {
  readonly memo = new Map<AvroNode, Map<AvroNode, Result>>();

  /** Java's public getCompatibility(reader, writer): from a fresh root location. */
  check(reader: AvroNode, writer: AvroNode): Result {
    return this.compatibility('', reader, writer, []);
  }

  compatibility(token: string, reader: AvroNode, writer: AvroNode, location: string[]): Result {
    location.push(token);
    let byWriter = this.memo.get(reader);
    if (byWriter === undefined) {
      byWriter = new Map();
      this.memo.set(reader, byWriter);
    }
    let result = byWriter.get(writer);
    if (result !== undefined) {
      if (result.state === 'RECURSION_IN_PROGRESS') result = COMPATIBLE;
    } else {
      byWriter.set(writer, IN_PROGRESS);
      result = this.calculate(reader, writer, location);
      byWriter.set(writer, result);
    }
    location.pop();
    return result;
  }

  calculate(reader: AvroNode, writer: AvroNode, location: string[]): Result {
    if (reader.type === writer.type) return this.sameType(reader, writer, location);
    if (writer.type === 'union') {
      let result = COMPATIBLE;
      writer.branches.forEach((branch, i) => {
        result = merged(result, this.compatibility(String(i), reader, branch, location));
      });
      return result;
    }
    switch (reader.type) {
      case 'long':
        return writer.type === 'int' ? COMPATIBLE : this.typeMismatch(reader, writer, location);
      case 'float':
        return writer.type === 'int' || writer.type === 'long' ? COMPATIBLE : this.typeMismatch(reader, writer, location);
      case 'double':
        return writer.type === 'int' || writer.type === 'long' || writer.type === 'float'
          ? COMPATIBLE
          : this.typeMismatch(reader, writer, location);
      case 'bytes':
        return writer.type === 'string' ? COMPATIBLE : this.typeMismatch(reader, writer, location);
      case 'string':
        return writer.type === 'bytes' ? COMPATIBLE : this.typeMismatch(reader, writer, location);
      case 'union': {
        for (const branch of reader.branches) {
          if (this.check(branch, writer).state === 'COMPATIBLE') return COMPATIBLE;
        }
        return incompatible('MISSING_UNION_BRANCH', `reader union lacking writer type: ${typeName(writer)}`, location);
      }
      default:
        return this.typeMismatch(reader, writer, location);
    }
  }

  sameType(reader: AvroNode, writer: AvroNode, location: string[]): Result {
    switch (reader.type) {
      case 'array':
        return writer.type === 'array' ? this.compatibility('items', reader.items, writer.items, location) : COMPATIBLE;
      case 'map':
        return writer.type === 'map' ? this.compatibility('values', reader.values, writer.values, location) : COMPATIBLE;
      case 'fixed':
        if (writer.type !== 'fixed') return COMPATIBLE;
        return merged(this.names(reader, writer, location), this.fixedSize(reader, writer, location));
      case 'enum':
        if (writer.type !== 'enum') return COMPATIBLE;
        return merged(this.names(reader, writer, location), this.enumSymbols(reader, writer, location));
      case 'record':
        if (writer.type !== 'record') return COMPATIBLE;
        return merged(this.names(reader, writer, location), this.recordFields(reader, writer, location));
      case 'union': {
        if (writer.type !== 'union') return COMPATIBLE;
        let result = COMPATIBLE;
        writer.branches.forEach((branch, i) => {
          location.push(String(i));
          if (this.check(reader, branch).state === 'INCOMPATIBLE') {
            const message = `reader union lacking writer type: ${typeName(branch)}`;
            result = merged(result, incompatible('MISSING_UNION_BRANCH', message, location));
          }
          location.pop();
        });
        return result;
      }
      default:
        return COMPATIBLE;
    }
  }

  recordFields(reader: RecordNode, writer: RecordNode, location: string[]): Result {
    let result = COMPATIBLE;
    location.push('fields');
    reader.fields.forEach((readerField, i) => {
      location.push(String(i));
      const writerField = lookupWriterField(writer, readerField, location);
      if (writerField !== undefined) {
        result = merged(result, this.compatibility('type', readerField.type, writerField.type, location));
      } else if (readerField.default === undefined) {
        if (readerField.type.type === 'enum' && readerField.type.default !== undefined) {
          result = merged(result, this.compatibility('type', readerField.type, writer, location));
        } else {
          result = merged(result, incompatible('READER_FIELD_MISSING_DEFAULT_VALUE', readerField.name, location));
        }
      }
      location.pop();
    });
    location.pop();
    return result;
  }

  enumSymbols(reader: EnumNode, writer: EnumNode, location: string[]): Result {
    const readerSymbols = new Set(reader.symbols);
    const missing = [...new Set(writer.symbols)].filter((symbol) => !readerSymbols.has(symbol));
    if (missing.length === 0 || reader.default !== undefined) return COMPATIBLE;
    missing.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    location.push('symbols');
    const result = incompatible('MISSING_ENUM_SYMBOLS', `[${missing.join(', ')}]`, location);
    location.pop();
    return result;
  }

  fixedSize(reader: FixedNode, writer: FixedNode, location: string[]): Result {
    if (reader.size === writer.size) return COMPATIBLE;
    location.push('size');
    const result = incompatible('FIXED_SIZE_MISMATCH', `expected: ${writer.size}, found: ${reader.size}`, location);
    location.pop();
    return result;
  }

  names(reader: NamedNode, writer: NamedNode, location: string[]): Result {
    if (reader.name.name === writer.name.name) return COMPATIBLE;
    if (reader.aliases.some((alias) => alias.full === writer.name.full)) return COMPATIBLE;
    location.push('name');
    const result = incompatible('NAME_MISMATCH', `expected: ${writer.name.full}`, location);
    location.pop();
    return result;
  }

  typeMismatch(reader: AvroNode, writer: AvroNode, location: string[]): Result {
    const message = `reader type: ${typeName(reader)} not compatible with writer type: ${typeName(writer)}`;
    return incompatible('TYPE_MISMATCH', message, location);
  }
}

/** The writer field a reader field reads: by its name or one of its aliases; more than one match is an error. */
function lookupWriterField(writer: RecordNode, readerField: AvroField, location: readonly string[]): AvroField | undefined {
  const matches: AvroField[] = [];
  const direct = writer.fieldsByName.get(readerField.name);
  if (direct !== undefined) matches.push(direct);
  for (const alias of readerField.aliases) {
    const byAlias = writer.fieldsByName.get(alias);
    if (byAlias !== undefined) matches.push(byAlias);
  }
  if (matches.length > 1) {
    throw new AmbiguousFieldError(
      `Reader record field ${readerField.name} matches multiple fields in writer record schema ${writer.name.full}`,
      location,
    );
  }
  return matches[0];
}
