// The Protobuf schema format: Confluent's ProtobufSchema behaviour (canonical and normalized printing,
// `format=serialized`, imports through references and bundled well-known files) and its compatibility rules.
import type { Dependency, Incompatibility, ParsedSchema, SchemaFormat } from '../format.ts';
import { compareSchemas } from './compatibility/schema-diff.ts';
import { protobufDeepEquals } from './deep-equals.ts';
import { ProtobufSchema, parseProtobuf } from './schema.ts';
import { protobufSerde } from './serde.ts';

export { ProtobufSchema, parseProtobuf } from './schema.ts';

export const protobufFormat: SchemaFormat = {
  type: 'PROTOBUF',
  parse: (text: string, dependencies: readonly Dependency[]): ProtobufSchema => parseProtobuf(text, dependencies),
  canRead(reader: ParsedSchema, writer: ParsedSchema): readonly Incompatibility[] {
    if (!(reader instanceof ProtobufSchema) || !(writer instanceof ProtobufSchema)) {
      return [{ kind: 'TYPE_MISMATCH', location: '#/', message: 'Both schemas must be Protobuf schemas' }];
    }
    // Confluent's SchemaDiff.compare(original, update) runs as update.isBackwardCompatible(original): the update
    // reads data written with the original. So the writer is the original and the reader the update.
    return compareSchemas(writer, reader);
  },
  deepEquals: protobufDeepEquals,
  serde(schema: ParsedSchema, options?: { messageName?: string }) {
    if (!(schema instanceof ProtobufSchema)) throw new TypeError(`not a Protobuf schema: ${schema.type}`);
    return protobufSerde(schema, options);
  },
};
