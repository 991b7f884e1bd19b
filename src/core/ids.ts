// The registry's identifiers. Branded so a schema id can never be passed where a version is meant.

export type SchemaId = number & { readonly __brand: 'SchemaId' };
export type Version = number & { readonly __brand: 'Version' };

export const schemaId = (n: number) => n as SchemaId;
export const version = (n: number) => n as Version;

/** Highest version number Confluent accepts (a Java int). */
export const MAX_VERSION = 2 ** 31 - 1;
