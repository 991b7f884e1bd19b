// Response bodies shaped as Confluent 7.x sends them (schemaType omitted for AVRO, references when empty).
// The common answers are rendered once per schema or version and kept: a read is a map lookup and a write.
import { contractSource } from '../../registry/reads.ts';
import type { RegisterAnswer } from '../../registry/register.ts';
import type { StoredSchema, SubjectVersion } from '../../store/state.ts';

/** Keyed by the version that lends the body its data contract (a new object whenever that record changes), or by the
 *  schema when no version does. */
const byIdBodies = new WeakMap<StoredSchema | SubjectVersion, Buffer>();
const versionBodies = new WeakMap<SubjectVersion, Buffer>();

/** The schema text for a `format` query parameter (the stored text when there is none or it does not apply). */
export function schemaText(schema: StoredSchema, format: string | undefined): string {
  return format && schema.parsed ? schema.parsed.formatted(format) : schema.text;
}

/** GET /schemas/ids/{id} (SchemaString): with the id's `metadata` and `ruleSet` (Confluent 7.4+; its clients hand
 *  them back as the schema's SchemaInfo). */
export function schemaStringBody(schema: StoredSchema, options: { format?: string; maxId?: number } = {}): Buffer | string {
  const plain = options.format === undefined && options.maxId === undefined;
  const source = contractSource(schema);
  const cacheKey = source && (source.metadata !== undefined || source.ruleSet !== undefined) ? source : schema;
  if (plain) {
    const cached = byIdBodies.get(cacheKey);
    if (cached) return cached;
  }
  const body: Record<string, unknown> = {};
  if (schema.type !== 'AVRO') body.schemaType = schema.type;
  body.schema = schemaText(schema, options.format);
  if (schema.references.length > 0) body.references = schema.references;
  if (source?.metadata !== undefined) body.metadata = source.metadata;
  if (source?.ruleSet !== undefined) body.ruleSet = source.ruleSet;
  if (options.maxId !== undefined) body.maxId = options.maxId;
  const text = JSON.stringify(body);
  if (!plain) return text;
  const bytes = Buffer.from(text);
  byIdBodies.set(cacheKey, bytes);
  return bytes;
}

/** The Schema entity of a subject version (GET version, lookup, GET /schemas). */
export function versionObject(v: SubjectVersion, format?: string): Record<string, unknown> {
  const body: Record<string, unknown> = { subject: v.subject, version: v.version, id: v.schema.id };
  if (v.schema.type !== 'AVRO') body.schemaType = v.schema.type;
  if (v.schema.references.length > 0) body.references = v.schema.references;
  if (v.metadata !== undefined) body.metadata = v.metadata;
  if (v.ruleSet !== undefined) body.ruleSet = v.ruleSet;
  body.schema = schemaText(v.schema, format);
  return body;
}

export function versionBody(v: SubjectVersion, format?: string, options: { deletedFlag?: boolean } = {}): Buffer | string {
  // Asked with ?deleted=true, the version says whether it is soft-deleted (Karapace's test_deleted_flag; newer
  // Confluent versions send `deleted` too). Rare, so rendered each time.
  if (options.deletedFlag) return JSON.stringify({ ...versionObject(v, format), deleted: v.deleted });
  if (format !== undefined) return JSON.stringify(versionObject(v, format));
  const cached = versionBodies.get(v);
  if (cached) return cached;
  const bytes = Buffer.from(JSON.stringify(versionObject(v)));
  versionBodies.set(v, bytes);
  return bytes;
}

/** POST /subjects/{s}/versions: `{"id":N}`, or, when the registry changed what was sent (a data contract merged in,
 *  or the previous version's schema), Confluent 7.4-7.9's RegisterSchemaResponse of the version holding it: id,
 *  version, schemaType (omitted for AVRO), references (omitted when empty), metadata, ruleSet, schema. */
export function registerBody(answer: RegisterAnswer): string {
  const v = answer.version;
  if (!v) return `{"id":${answer.id}}`;
  const body: Record<string, unknown> = { id: answer.id, version: v.version };
  if (v.schema.type !== 'AVRO') body.schemaType = v.schema.type;
  if (v.schema.references.length > 0) body.references = v.schema.references;
  if (v.metadata !== undefined) body.metadata = v.metadata;
  if (v.ruleSet !== undefined) body.ruleSet = v.ruleSet;
  body.schema = v.schema.text;
  return JSON.stringify(body);
}
