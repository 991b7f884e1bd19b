// The `_schemas` record codec: every key and value type Confluent Schema Registry and Karapace write, read in all
// their variants (docs/architecture.md has worked examples). Reading never throws: what cannot be understood comes
// back as `undefined` and the caller logs and skips it.

export interface Reference {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

export interface SchemaValue {
  readonly subject: string;
  readonly version: number;
  readonly id: number;
  readonly schema: string;
  readonly schemaType: string;
  readonly references: readonly Reference[];
  readonly deleted: boolean;
  /** Confluent 7.4+ data-contract fields, kept verbatim so a rewrite (soft delete) preserves them. */
  readonly metadata?: unknown;
  readonly ruleSet?: unknown;
}

/** A config value: Confluent's fields are kept as they were written; we act on `compatibilityLevel`. */
export interface ConfigValue {
  readonly compatibilityLevel: string;
  readonly [field: string]: unknown;
}

/** One decoded record. `value: null` is a tombstone (a null value, or Karapace's empty value). */
export type LogRecord =
  | { readonly keytype: 'SCHEMA'; readonly subject: string; readonly version: number; readonly value: SchemaValue | null }
  | { readonly keytype: 'CONFIG'; readonly subject: string | null; readonly value: ConfigValue | null }
  | { readonly keytype: 'MODE'; readonly subject: string | null; readonly value: { readonly mode: string } | null }
  | { readonly keytype: 'DELETE_SUBJECT'; readonly subject: string; readonly value: { readonly version: number } | null }
  | { readonly keytype: 'CLEAR_SUBJECT'; readonly subject: string; readonly value: null | object }
  | { readonly keytype: 'CONTEXT'; readonly tenant: string; readonly context: string; readonly value: null | object }
  | { readonly keytype: 'NOOP'; readonly value: null };

export type KeyType = LogRecord['keytype'];

/** How the topic spells keys, learned on replay, so our writes replace earlier records under compaction. */
export interface KeyStyle {
  /** Karapace's DEPRECATED_KARAPACE key mode (karapace/core/key_format.py): old Karapace wrote its keys with
   *  `subject` first (`{"subject":"s","version":1,"magic":1,"keytype":"SCHEMA"}`, `{"subject":null,"magic":0,
   *  "keytype":"CONFIG"}`). One such key on replay and Karapace writes SCHEMA, CONFIG and DELETE_SUBJECT keys that
   *  way for the rest of the run, so that updates and tombstones replace the old records under compaction. */
  legacyOrder: boolean;
  /** Karapace and Confluent before 7.0 write `"subject":null` on global CONFIG/MODE keys; 7.0+ omit it. */
  nullSubject: boolean;
}

export const defaultKeyStyle = (): KeyStyle => ({ legacyOrder: false, nullSubject: false });

type Json = Record<string, unknown>;

/** A JSON object; `null` for a tombstone: no value, an empty one (Karapace's delete), or the JSON `null` or `""`
 *  (Karapace's reader reads both as "no value": schema_reader._parse_message_value). */
function parseObject(bytes: Buffer | null): Json | null | undefined {
  if (bytes === null || bytes.length === 0) return null;
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    if (value === null || value === '') return null;
    return typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const optionalSubject = (v: unknown): string | null | undefined => (v === undefined || v === null ? null : isString(v) ? v : undefined);

function references(value: unknown): Reference[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return undefined;
  const refs: Reference[] = [];
  for (const r of value as unknown[]) {
    if (typeof r !== 'object' || r === null) return undefined;
    const { name, subject, version } = r as Json;
    if (!isString(name) || !isString(subject) || !isInt(version)) return undefined;
    refs.push({ name, subject, version });
  }
  return refs;
}

function schemaValue(v: Json): SchemaValue | undefined {
  const refs = references(v.references);
  if (!isString(v.subject) || !isInt(v.version) || !isInt(v.id) || !isString(v.schema) || !refs) return undefined;
  const schemaType = v.schemaType === undefined || v.schemaType === null ? 'AVRO' : v.schemaType;
  if (!isString(schemaType)) return undefined;
  return {
    subject: v.subject, version: v.version, id: v.id, schema: v.schema, schemaType, references: refs,
    deleted: v.deleted === true,
    ...(v.metadata !== undefined && v.metadata !== null ? { metadata: v.metadata } : {}),
    ...(v.ruleSet !== undefined && v.ruleSet !== null ? { ruleSet: v.ruleSet } : {}),
  };
}

/** True for a key written subject-first, in Karapace's old key mode (DEPRECATED_KARAPACE); a cheap look at the
 *  bytes, for the per-mode record counts Karapace reports. */
export const isSubjectFirstKey = (key: Buffer | null): boolean => key !== null && /^\s*\{\s*"subject"/.test(key.subarray(0, 32).toString('latin1'));

/** Decodes one record, or `undefined` when it is not a record we understand. */
export function decodeRecord(keyBytes: Buffer | null, valueBytes: Buffer | null, style?: KeyStyle): LogRecord | undefined {
  const key = parseObject(keyBytes);
  if (!key) return undefined;
  const value = parseObject(valueBytes);
  if (value === undefined) return undefined;
  const record = decodeFields(key, value, style);
  // Only a key that was understood teaches the style; Confluent's keys always start with "keytype".
  if (record && style && Object.keys(key)[0] === 'subject') style.legacyOrder = true;
  return record;
}

function decodeFields(key: Json, value: Json | null, style?: KeyStyle): LogRecord | undefined {
  switch (key.keytype) {
    case 'SCHEMA': {
      if (!isString(key.subject) || !isInt(key.version)) return undefined;
      if (value === null) return { keytype: 'SCHEMA', subject: key.subject, version: key.version, value: null };
      const schema = schemaValue(value);
      return schema && { keytype: 'SCHEMA', subject: key.subject, version: key.version, value: schema };
    }
    case 'CONFIG': {
      const subject = optionalSubject(key.subject);
      if (subject === undefined) return undefined;
      if (style && subject === null && key.subject === null) style.nullSubject = true;
      if (value === null) return { keytype: 'CONFIG', subject, value: null };
      if (!isString(value.compatibilityLevel)) return undefined;
      const { subject: _s, ...fields } = value;
      return { keytype: 'CONFIG', subject, value: fields as ConfigValue };
    }
    case 'MODE': {
      const subject = optionalSubject(key.subject);
      if (subject === undefined) return undefined;
      if (value === null) return { keytype: 'MODE', subject, value: null };
      return isString(value.mode) ? { keytype: 'MODE', subject, value: { mode: value.mode } } : undefined;
    }
    case 'DELETE_SUBJECT': {
      if (!isString(key.subject)) return undefined;
      if (value === null) return { keytype: 'DELETE_SUBJECT', subject: key.subject, value: null };
      return isInt(value.version) ? { keytype: 'DELETE_SUBJECT', subject: key.subject, value: { version: value.version } } : undefined;
    }
    case 'CLEAR_SUBJECT':
      return isString(key.subject) ? { keytype: 'CLEAR_SUBJECT', subject: key.subject, value } : undefined;
    case 'CONTEXT':
      return isString(key.context)
        ? { keytype: 'CONTEXT', tenant: isString(key.tenant) ? key.tenant : 'default', context: key.context, value }
        : undefined;
    case 'NOOP':
      return { keytype: 'NOOP', value: null };
    default:
      return undefined;
  }
}

function encodeKey(record: LogRecord, style: KeyStyle): string {
  const subjectField = (subject: string | null) =>
    subject === null ? (style.nullSubject ? ',"subject":null' : '') : `,"subject":${JSON.stringify(subject)}`;
  switch (record.keytype) {
    case 'SCHEMA':
      return style.legacyOrder
        ? `{"subject":${JSON.stringify(record.subject)},"version":${record.version},"magic":1,"keytype":"SCHEMA"}`
        : `{"keytype":"SCHEMA","subject":${JSON.stringify(record.subject)},"version":${record.version},"magic":1}`;
    case 'CONFIG':
      // Karapace in its old key mode: {"subject":<s or null>,"magic":0,"keytype":"CONFIG"} (send_config_message).
      return style.legacyOrder
        ? `{"subject":${JSON.stringify(record.subject)},"magic":0,"keytype":"CONFIG"}`
        : `{"keytype":"CONFIG"${subjectField(record.subject)},"magic":0}`;
    case 'MODE':
      // Karapace never writes MODE records: Confluent's order is the only one such keys can have.
      return `{"keytype":"MODE"${subjectField(record.subject)},"magic":0}`;
    case 'DELETE_SUBJECT':
      return style.legacyOrder
        ? `{"subject":${JSON.stringify(record.subject)},"magic":0,"keytype":"DELETE_SUBJECT"}`
        : `{"keytype":"DELETE_SUBJECT","subject":${JSON.stringify(record.subject)},"magic":0}`;
    case 'CLEAR_SUBJECT':
      return `{"keytype":"${record.keytype}","subject":${JSON.stringify(record.subject)},"magic":0}`;
    case 'CONTEXT':
      return `{"keytype":"CONTEXT","tenant":${JSON.stringify(record.tenant)},"context":${JSON.stringify(record.context)},"magic":0}`;
    case 'NOOP':
      return '{"keytype":"NOOP","magic":0}';
  }
}

function encodeValue(record: LogRecord): string | null {
  if (record.value === null) return null;
  switch (record.keytype) {
    case 'SCHEMA': {
      // Confluent 7.x field order; schemaType omitted for AVRO, references when empty (both Confluent 7.x and Karapace).
      const v = record.value;
      const out: Json = { subject: v.subject, version: v.version, id: v.id };
      if (v.schemaType !== 'AVRO') out.schemaType = v.schemaType;
      if (v.references.length > 0) out.references = v.references;
      if (v.metadata !== undefined) out.metadata = v.metadata;
      if (v.ruleSet !== undefined) out.ruleSet = v.ruleSet;
      out.schema = v.schema;
      out.deleted = v.deleted;
      return JSON.stringify(out);
    }
    case 'CONFIG':
      return JSON.stringify(record.subject === null ? record.value : { subject: record.subject, ...record.value });
    case 'MODE':
      return JSON.stringify(record.subject === null ? record.value : { subject: record.subject, ...record.value });
    case 'DELETE_SUBJECT':
      return JSON.stringify({ subject: record.subject, version: record.value.version });
    case 'CLEAR_SUBJECT':
      return JSON.stringify({ subject: record.subject });
    case 'CONTEXT':
      return JSON.stringify({ tenant: record.tenant, context: record.context });
  }
}

/** Encodes a record as Confluent 7.x writes it (in the key style the topic already uses). */
export function encodeRecord(record: LogRecord, style: KeyStyle = defaultKeyStyle()): { key: Buffer; value: Buffer | null } {
  const value = encodeValue(record);
  return { key: Buffer.from(encodeKey(record, style)), value: value === null ? null : Buffer.from(value) };
}
