// A registry node's whole state: a synchronous, pure fold of the `_schemas` records. Schemas are parsed once, here,
// when their record is applied; requests only read these maps.
import type { Mode } from '../core/mode.ts';
import { parseMode } from '../core/mode.ts';
import type { ParsedSchema, SchemaType } from '../formats/format.ts';
import { parseSchema, schemaTypeOf } from '../formats/index.ts';
import { contractKey, type Json } from '../core/contracts.ts';
import type { ConfigValue, KeyStyle, LogRecord, Reference, SchemaValue } from './records.ts';
import { defaultKeyStyle } from './records.ts';

/** One schema, shared by every subject version that registered the same text under the same id (with the same data
 *  contract, when we or Confluent 7.4+ wrote it: the contract is part of the identity). */
export interface StoredSchema {
  readonly id: number;
  readonly type: SchemaType;
  /** The text as stored in the log (Confluent's canonical form when Confluent or we wrote it). */
  readonly text: string;
  readonly references: readonly Reference[];
  /** Undefined when the stored text could not be parsed (logged at apply); reads still serve the text. */
  readonly parsed: ParsedSchema | undefined;
  /** Subject versions (soft-deleted included) that use this schema, by `subject\0version`; when none is left the
   *  id is gone. */
  readonly usedBy: Map<string, SubjectVersion>;
}

export interface SubjectVersion {
  readonly subject: string;
  readonly version: number;
  readonly schema: StoredSchema;
  readonly deleted: boolean;
  readonly metadata?: unknown;
  readonly ruleSet?: unknown;
  /** The identity key of its data contract (contracts.ts contractKey); schemas are found by text and contract. */
  readonly contract: string;
  /** Kafka record timestamp, ms. */
  readonly timestamp: number;
}

export interface Subject {
  readonly name: string;
  /** Sorted by version, soft-deleted included. */
  readonly versions: SubjectVersion[];
}

export type StateWarning = (message: string, detail?: Record<string, unknown>) => void;

const refsKey = (refs: readonly Reference[]) =>
  refs.length === 0 ? '' : refs.map((r) => `${r.name}\u0001${r.subject}\u0001${r.version}`).join('\u0002');
/** The identity of a schema for id reuse: same type, same text (canonical or as stored), same references, same data
 *  contract (Confluent's MD5 of a schema covers metadata and ruleSet: Schema.updateHash). */
export const schemaKey = (type: SchemaType, text: string, refs: readonly Reference[], contract: string) =>
  `${type}\u0000${text}\u0000${refsKey(refs)}\u0000${contract}`;
const referenceKey = (subject: string, version: number) => `${subject}\u0000${version}`;

export class RegistryState {
  readonly subjects = new Map<string, Subject>();
  readonly schemas = new Map<number, StoredSchema>();
  /** schemaKey (of the stored text and the canonical form, with the contract of each version using the schema) ->
   *  schema: what any lookup or registration matches. */
  readonly schemasByKey = new Map<string, StoredSchema>();
  /** schemaKey of the normalized form -> schema: matched only by requests with normalize=true (as Confluent). */
  readonly schemasByNormalizedKey = new Map<string, StoredSchema>();
  /** `${subject}\0${version}` -> ids of schemas that reference that version. */
  readonly referencedBy = new Map<string, Set<number>>();
  /** Compatibility configs; key null is the global one. */
  readonly configs = new Map<string | null, ConfigValue>();
  readonly modes = new Map<string | null, Mode>();
  readonly keyStyle: KeyStyle = defaultKeyStyle();
  maxId = 0;
  /** Offset of the last record applied; -1 before any. */
  offset = -1;
  private readonly warn: StateWarning;

  constructor(options: { warn?: StateWarning } = {}) {
    this.warn = options.warn ?? (() => {});
  }

  apply(record: LogRecord, offset: number, timestamp: number): void {
    this.offset = offset;
    switch (record.keytype) {
      case 'SCHEMA':
        if (record.value === null) this.removeVersion(record.subject, record.version);
        else this.putVersion(record.value, timestamp);
        return;
      case 'CONFIG':
        if (record.value === null) this.configs.delete(record.subject);
        else this.configs.set(record.subject, record.value);
        return;
      case 'MODE': {
        const mode = record.value && parseMode(record.value.mode);
        if (record.value === null) this.modes.delete(record.subject);
        else if (mode) this.modes.set(record.subject, mode);
        else this.warn('skipping MODE record with an unknown mode', { offset, mode: record.value.mode });
        return;
      }
      case 'DELETE_SUBJECT':
        if (record.value !== null) this.softDeleteUpTo(record.subject, record.value.version);
        return;
      case 'CLEAR_SUBJECT':
        this.clearDeleted(record.subject);
        return;
      case 'CONTEXT':
      case 'NOOP':
        return;
    }
  }

  subject(name: string): Subject | undefined {
    return this.subjects.get(name);
  }

  private putVersion(value: SchemaValue, timestamp: number): void {
    const subject = this.subjects.get(value.subject) ?? { name: value.subject, versions: [] };
    this.subjects.set(value.subject, subject);
    const index = findIndex(subject.versions, value.version);
    const previous = index >= 0 ? subject.versions[index] : undefined;
    const schema = previous && previous.schema.id === value.id && previous.schema.text === value.schema
      ? previous.schema
      : this.schemaFor(value);
    const entry: SubjectVersion = {
      subject: value.subject, version: value.version, schema, deleted: value.deleted, timestamp,
      ...(value.metadata !== undefined ? { metadata: value.metadata } : {}),
      ...(value.ruleSet !== undefined ? { ruleSet: value.ruleSet } : {}),
      contract: contractOf(value),
    };
    if (previous) {
      subject.versions[index] = entry;
      if (previous.schema !== schema) this.release(previous);
    } else {
      subject.versions.splice(-index - 1, 0, entry);
    }
    schema.usedBy.set(referenceKey(entry.subject, entry.version), entry);
    if (previous && previous.schema === schema && previous.contract !== entry.contract) this.unindex(schema, previous.contract);
    this.index(schema, entry.contract);
    for (const ref of schema.references) {
      const key = referenceKey(ref.subject, ref.version);
      const ids = this.referencedBy.get(key) ?? new Set<number>();
      ids.add(schema.id);
      this.referencedBy.set(key, ids);
    }
  }

  /** The shared schema object for a record, reusing the one already known under its id. */
  private schemaFor(value: SchemaValue): StoredSchema {
    const type = schemaTypeOf(value.schemaType);
    const known = this.schemas.get(value.id);
    if (known && known.text === value.schema && known.type === (type ?? known.type)) return known;
    if (known) this.warn('schema id reused for a different schema; the newer record wins', { id: value.id, subject: value.subject });
    let parsed: ParsedSchema | undefined;
    if (!type) {
      this.warn('schema of an unknown type kept unparsed', { id: value.id, schemaType: value.schemaType });
    } else {
      try {
        parsed = parseSchema(type, value.schema, this.dependencies(value.references), { stored: true });
      } catch (error) {
        this.warn('stored schema does not parse; serving its text only', { id: value.id, subject: value.subject, error: (error as Error).message });
      }
    }
    const schema: StoredSchema = { id: value.id, type: type ?? 'AVRO', text: value.schema, references: value.references, parsed, usedBy: new Map() };
    this.schemas.set(value.id, schema);
    if (value.id > this.maxId) this.maxId = value.id;
    return schema;
  }

  /** Makes `schema` findable with `contract` (the first schema indexed under a key keeps it, as before). Confluent
   *  indexes every record's hash, so an id written by an older registry for several contracts is found by each. */
  private index(schema: StoredSchema, contract: string): void {
    for (const key of indexKeys(schema, contract)) if (!this.schemasByKey.has(key)) this.schemasByKey.set(key, schema);
    const normalized = normalizedKey(schema, contract);
    if (normalized !== undefined && !this.schemasByNormalizedKey.has(normalized)) this.schemasByNormalizedKey.set(normalized, schema);
  }

  /** Forgets `schema` under `contract` once no version using the schema has that contract any more. */
  private unindex(schema: StoredSchema, contract: string): void {
    for (const v of schema.usedBy.values()) if (v.contract === contract) return;
    for (const key of indexKeys(schema, contract)) if (this.schemasByKey.get(key) === schema) this.schemasByKey.delete(key);
    const normalized = normalizedKey(schema, contract);
    if (normalized !== undefined && this.schemasByNormalizedKey.get(normalized) === schema) this.schemasByNormalizedKey.delete(normalized);
  }

  /** Parsed schemas for references, in order; a reference whose target is unknown is skipped (parse then reports it). */
  dependencies(refs: readonly Reference[]): { name: string; schema: ParsedSchema }[] {
    const out: { name: string; schema: ParsedSchema }[] = [];
    for (const ref of refs) {
      const target = this.version(ref.subject, ref.version);
      if (target?.schema.parsed) out.push({ name: ref.name, schema: target.schema.parsed });
    }
    return out;
  }

  version(subject: string, version: number): SubjectVersion | undefined {
    const versions = this.subjects.get(subject)?.versions;
    if (!versions) return undefined;
    const index = findIndex(versions, version);
    return index >= 0 ? versions[index] : undefined;
  }

  private removeVersion(subjectName: string, version: number): void {
    const subject = this.subjects.get(subjectName);
    if (!subject) return;
    const index = findIndex(subject.versions, version);
    const entry = index >= 0 ? subject.versions[index] : undefined;
    if (!entry) return;
    subject.versions.splice(index, 1);
    this.release(entry);
    if (subject.versions.length === 0) this.subjects.delete(subjectName);
  }

  private release(entry: SubjectVersion): void {
    const schema = entry.schema;
    schema.usedBy.delete(referenceKey(entry.subject, entry.version));
    this.unindex(schema, entry.contract);
    if (schema.usedBy.size > 0) return;
    // No subject version uses this schema any more (all hard-deleted): its id is gone, as in Confluent.
    this.schemas.delete(schema.id);
    for (const ref of schema.references) {
      const key = referenceKey(ref.subject, ref.version);
      const ids = this.referencedBy.get(key);
      ids?.delete(schema.id);
      if (ids?.size === 0) this.referencedBy.delete(key);
    }
  }

  private softDeleteUpTo(subjectName: string, upTo: number): void {
    const subject = this.subjects.get(subjectName);
    if (!subject) return;
    subject.versions.forEach((v, i) => {
      if (v.version > upTo || v.deleted) return;
      const deleted = { ...v, deleted: true };
      subject.versions[i] = deleted;
      v.schema.usedBy.set(referenceKey(v.subject, v.version), deleted);
    });
  }

  private clearDeleted(subjectName: string): void {
    const subject = this.subjects.get(subjectName);
    if (!subject) return;
    for (const v of subject.versions.filter((x) => x.deleted)) this.removeVersion(subjectName, v.version);
  }

  /** Ids of live schemas that reference `subject` `version`. */
  referencesTo(subject: string, version: number): number[] {
    return [...(this.referencedBy.get(referenceKey(subject, version)) ?? [])].sort((a, b) => a - b);
  }
}

/** The contract key of a record: its metadata and ruleSet as Confluent hashes them (objects only; anything else was
 *  not written by a registry that knows contracts and counts as none). */
function contractOf(value: SchemaValue): string {
  const object = (v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined);
  const metadata = object(value.metadata);
  const ruleSet = object(value.ruleSet);
  return contractKey({ ...(metadata ? { metadata } : {}), ...(ruleSet ? { ruleSet } : {}) });
}

/** The keys any request finds a schema by: its stored text, and its canonical form when it parsed, with a contract. */
function indexKeys(schema: StoredSchema, contract: string): string[] {
  const forms = schema.parsed && schema.parsed.canonical !== schema.text ? [schema.text, schema.parsed.canonical] : [schema.text];
  return forms.map((form) => schemaKey(schema.type, form, schema.references, contract));
}

/** A stored schema's normalized form, or undefined when it has none: unparsed, or not normalizable (Confluent fails
 *  on such schemas too; they are found by their other forms). */
export function normalizedOf(schema: StoredSchema): string | undefined {
  try {
    return schema.parsed?.normalized;
  } catch {
    return undefined;
  }
}

/** The key requests with normalize=true find a schema by. */
function normalizedKey(schema: StoredSchema, contract: string): string | undefined {
  const normalized = normalizedOf(schema);
  return normalized === undefined ? undefined : schemaKey(schema.type, normalized, schema.references, contract);
}

/** Binary search by version: the index, or -(insertion point) - 1. */
function findIndex(versions: readonly SubjectVersion[], version: number): number {
  let lo = 0;
  let hi = versions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = (versions[mid] as SubjectVersion).version;
    if (v === version) return mid;
    if (v < version) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}
