// The only place that switches on schema type.
import { avroFormat } from './avro/index.ts';
import type { Dependency, ParsedSchema, SchemaFormat, SchemaType } from './format.ts';
import { jsonSchemaFormat } from './json-schema/index.ts';
import { protobufFormat } from './protobuf/index.ts';

const FORMATS: Readonly<Record<SchemaType, SchemaFormat>> = {
  AVRO: avroFormat,
  JSON: jsonSchemaFormat,
  PROTOBUF: protobufFormat,
};

/** In the order Confluent lists them at GET /schemas/types. */
export const SCHEMA_TYPES: readonly SchemaType[] = ['JSON', 'PROTOBUF', 'AVRO'];

/** The schema type named by a `schemaType` field (case-insensitive, as Confluent), or undefined. */
export function schemaTypeOf(name: string): SchemaType | undefined {
  const upper = name.toUpperCase();
  return Object.hasOwn(FORMATS, upper) ? (upper as SchemaType) : undefined;
}

export const formatOf = (type: SchemaType): SchemaFormat => FORMATS[type];

export const parseSchema = (type: SchemaType, text: string, dependencies: readonly Dependency[]): ParsedSchema =>
  FORMATS[type].parse(text, dependencies);
