// The only place that switches on schema type.
import { avroFormat } from './avro/index.ts';
import type { Dependency, ParsedSchema, ParseOptions, SchemaFormat, SchemaType, Serde } from './format.ts';
import { jsonSchemaFormat } from './json-schema/index.ts';
import { protobufFormat } from './protobuf/index.ts';

const FORMATS: Partial<Record<SchemaType, SchemaFormat>> = {
  AVRO: avroFormat,
  JSON: jsonSchemaFormat,
  PROTOBUF: protobufFormat,
};

/** In the order Confluent lists them at GET /schemas/types. */
export const SCHEMA_TYPES: readonly SchemaType[] = (['JSON', 'PROTOBUF', 'AVRO'] as const).filter((t) => FORMATS[t]);

/** The schema type named by a `schemaType` field (case-insensitive, as Confluent), or undefined. */
export function schemaTypeOf(name: string): SchemaType | undefined {
  const upper = name.toUpperCase() as SchemaType;
  return FORMATS[upper] ? upper : undefined;
}

export function formatOf(type: SchemaType): SchemaFormat {
  const format = FORMATS[type];
  if (!format) throw new Error(`no format for schema type ${type}`);
  return format;
}

/** Encodes and decodes data with a parsed schema (the REST proxy's embedded formats). */
export const serdeOf = (schema: ParsedSchema, options?: { messageName?: string }): Serde => formatOf(schema.type).serde(schema, options);

export const parseSchema = (type: SchemaType, text: string, dependencies: readonly Dependency[], options?: ParseOptions): ParsedSchema =>
  formatOf(type).parse(text, dependencies, options);

/** Confluent's ParsedSchema.deepEquals: two parsed schemas of one type that are the same whatever their text and
 *  references (schemas of different types never are). */
export const deepEquals = (a: ParsedSchema, b: ParsedSchema): boolean => a.type === b.type && formatOf(a.type).deepEquals(a, b);
