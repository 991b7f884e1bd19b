// The Avro schema format: parsing and validation as Java Avro's Schema.Parser, the canonical text as
// Schema.toString(), normalization as Confluent's AvroSchema.normalize(), compatibility as
// SchemaCompatibility.checkReaderWriterCompatibility.
import type { Dependency, Incompatibility, ParsedSchema, ParseOptions as FormatParseOptions, SchemaFormat } from '../format.ts';
import { checkCompatibility } from './compatibility.ts';
import { avroDeepEquals } from './deep-equals.ts';
import { AvroParsedSchema } from './parsed-schema.ts';
import type { ParseOptions } from './parse.ts';
import { avroSerde } from './serde.ts';

export { AvroParsedSchema } from './parsed-schema.ts';
export type { ParseOptions } from './parse.ts';

/** Parses with options: `validateDefaults: false` is how Confluent re-reads schemas it already stored
 *  (AvroSchema's parser validates defaults only for new schemas), e.g. when replaying the schemas topic. */
export function parseAvroSchema(text: string, dependencies: readonly Dependency[], options: ParseOptions): AvroParsedSchema {
  return new AvroParsedSchema(text, dependencies, options);
}

function asAvro(schema: ParsedSchema): AvroParsedSchema {
  if (!(schema instanceof AvroParsedSchema)) throw new TypeError(`not an Avro schema: ${schema.type}`);
  return schema;
}

export const avroFormat: SchemaFormat = {
  type: 'AVRO',
  parse(text: string, dependencies: readonly Dependency[], options: FormatParseOptions = {}): ParsedSchema {
    return new AvroParsedSchema(text, dependencies, { validateDefaults: !options.stored });
  },
  canRead(reader: ParsedSchema, writer: ParsedSchema): readonly Incompatibility[] {
    return checkCompatibility(asAvro(reader).root, asAvro(writer).root);
  },
  deepEquals: (a: ParsedSchema, b: ParsedSchema) => avroDeepEquals(asAvro(a).root, asAvro(b).root),
  serde: (schema: ParsedSchema) => avroSerde(asAvro(schema)),
};
