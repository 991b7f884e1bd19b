// Confluent's ParsedSchema.deepEquals for JSON Schema compares the loaded schema objects (rawSchema()). A `$ref` to a
// referenced schema loads as a reference node, never as the inlined subschema, so a schema sent with its references
// written inline does not equal the registered one that names them; two schemas are deep-equal when they are the
// same document, i.e. when their canonical texts are equal (the references then play no part).
import type { ParsedSchema } from '../format.ts';

export const jsonSchemaDeepEquals = (a: ParsedSchema, b: ParsedSchema): boolean => a.canonical === b.canonical;
