// The one interface every schema format implements. The registry never looks inside a schema: it asks its
// format to parse it, print it, and say whether one schema can read data written with another.

export type SchemaType = 'AVRO' | 'JSON' | 'PROTOBUF';

/** A schema the parsed one depends on (a registry reference), under the name the dependent schema uses:
 *  Avro: the full name of a named type it defines; JSON Schema: the `$ref` URL; Protobuf: the import path. */
export interface Dependency {
  readonly name: string;
  readonly schema: ParsedSchema;
}

export interface ParsedSchema {
  readonly type: SchemaType;
  /** The form the registry stores and returns, and by which two registrations are "the same schema". */
  readonly canonical: string;
  /** The normalized form (`normalize=true`): schemas that mean the same print the same. */
  readonly normalized: string;
  readonly dependencies: readonly Dependency[];
  /** The name the record name strategies put in a subject (Confluent's ParsedSchema.name()): Avro's full name of a
   *  named root type, a JSON Schema's `title`, Protobuf's first message (else first enum); undefined when there is
   *  none. */
  readonly recordName: string | undefined;
  /** The text for a `format` query parameter (Avro `resolved`; Protobuf `serialized`, `ignore_extensions`).
   *  Formats a type does not know give `canonical`, as Confluent ignores them. */
  formatted(format: string): string;
}

/** One reason a reader schema cannot read data written with a writer schema. */
export interface Incompatibility {
  /** The kind of change, in Confluent's vocabulary, e.g. TYPE_MISMATCH, READER_FIELD_MISSING_DEFAULT_VALUE. */
  readonly kind: string;
  /** Where, as a JSON pointer into the reader schema, e.g. `/fields/1/type`. */
  readonly location: string;
  /** What, in words a user understands. */
  readonly message: string;
}

/** Thrown by `parse` for text that is not a valid schema; the message says what is wrong and where. */
export class SchemaParseError extends Error {
  override readonly name = 'SchemaParseError';
}

export interface ParseOptions {
  /** The text comes from the log, not from a client: parse it as leniently as Confluent re-reads stored schemas
   *  (e.g. Avro field defaults are not checked), so old registrations keep working. */
  readonly stored?: boolean;
}

/** Data in a schema's encoding, for the REST proxy: JSON values in, the bytes that follow Confluent's 5-byte wire
 *  header out (Protobuf's message indexes included), and back. Both throw DataError for data that does not fit. */
export interface Serde {
  encode(value: unknown): Buffer;
  decode(payload: Buffer): unknown;
}

/** Data that does not match its schema, or bytes that do not decode with it. */
export class DataError extends Error {
  override readonly name = 'DataError';
}

export interface SchemaFormat {
  readonly type: SchemaType;
  /** Parses and fully validates `text`, resolving names through `dependencies`. Throws SchemaParseError. */
  parse(text: string, dependencies: readonly Dependency[], options?: ParseOptions): ParsedSchema;
  /** Why `reader` cannot read data written with `writer`; empty when it can. Both were made by this format's parse. */
  canRead(reader: ParsedSchema, writer: ParsedSchema): readonly Incompatibility[];
  /** Confluent's ParsedSchema.deepEquals: whether two schemas of this format are the same once parsed, whatever
   *  text and references they came from (e.g. an Avro schema sent with its referenced types written inline, and
   *  the registered one that names them through references). */
  deepEquals(a: ParsedSchema, b: ParsedSchema): boolean;
  /** Encodes and decodes data with `schema` (made by this format's parse); Protobuf: with `messageName`, or the
   *  schema's first message. */
  serde(schema: ParsedSchema, options?: { messageName?: string }): Serde;
}
