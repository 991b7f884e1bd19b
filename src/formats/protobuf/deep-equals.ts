// Confluent's ParsedSchema.deepEquals for Protobuf compares the parsed file elements (rawSchema()): imports, options
// and declarations as written. A file that imports its dependencies never equals one that declares the same
// messages itself, so deep equality is equality of the canonical texts (the references play no part).
import type { ParsedSchema } from '../format.ts';

export const protobufDeepEquals = (a: ParsedSchema, b: ParsedSchema): boolean => a.canonical === b.canonical;
