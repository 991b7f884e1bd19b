// The JSON Schema format: parse (json-schema.ts), and Confluent's compatibility rules (compatibility/).
import type { Incompatibility, ParsedSchema, SchemaFormat } from '../format.ts';
import { isCompatibleChange, messageFor, pathString } from './compatibility/difference.ts';
import { compareSchemas } from './compatibility/schema-diff.ts';
import { jsonSchemaDeepEquals } from './deep-equals.ts';
import { JsonSchema, parseJsonSchema } from './json-schema.ts';
import { jsonSchemaSerde } from './serde.ts';

function canRead(reader: ParsedSchema, writer: ParsedSchema): readonly Incompatibility[] {
  if (!(reader instanceof JsonSchema) || !(writer instanceof JsonSchema)) {
    return [{ kind: 'TYPE_CHANGED', location: '#/', message: 'Incompatible because of different schema type' }];
  }
  // Confluent's SchemaDiff.compare(original, update) with the writer as original, the reader as update.
  const incompatibilities: Incompatibility[] = [];
  for (const difference of compareSchemas(writer.root(), reader.root())) {
    if (isCompatibleChange(difference.type)) continue;
    const location = pathString(difference.path);
    incompatibilities.push({ kind: difference.type, location, message: messageFor(difference.type, location) });
  }
  return incompatibilities;
}

export const jsonSchemaFormat: SchemaFormat = {
  type: 'JSON',
  parse: parseJsonSchema,
  canRead,
  deepEquals: jsonSchemaDeepEquals,
  serde(schema: ParsedSchema) {
    if (!(schema instanceof JsonSchema)) throw new TypeError(`not a JSON schema: ${schema.type}`);
    return jsonSchemaSerde(schema);
  },
};

export { JsonSchema } from './json-schema.ts';
export type { JsonValidationError, JsonValidationResult } from './validator.ts';
