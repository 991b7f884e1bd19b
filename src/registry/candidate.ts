// A schema as a client sends it (register, lookup, compatibility), checked and parsed with its references resolved.
import { contractKey, readMetadata, readRuleSet, type Json } from '../core/contracts.ts';
import { ApiError, invalidSchema, malformedBody } from '../core/errors.ts';
import { MAX_VERSION } from '../core/ids.ts';
import type { Dependency, ParsedSchema, SchemaType } from '../formats/format.ts';
import { SchemaParseError } from '../formats/format.ts';
import { parseSchema, schemaTypeOf } from '../formats/index.ts';
import type { Reference } from '../store/records.ts';
import { schemaKey, type RegistryState, type StoredSchema, type SubjectVersion } from '../store/state.ts';

export interface SchemaRequest {
  readonly schema: string;
  readonly schemaType: SchemaType;
  readonly references: readonly Reference[];
  /** IMPORT mode only: the id to register under. */
  readonly id?: number;
  /** The version asked for (Confluent's RegisterSchemaRequest.version; absent or 0 = none): the next one (any mode),
   *  or the one to overwrite (IMPORT); -1 = whatever the latest version is. Any version given sets confluent:version. */
  readonly version?: number;
  /** The data contract as sent; absent and `null` both mean "none given" (then inherited on registration). */
  readonly metadata?: Json;
  readonly ruleSet?: Json;
}

export interface Candidate {
  readonly request: SchemaRequest;
  readonly parsed: ParsedSchema;
  /** References with `latest` (-1) resolved to a version number. */
  readonly references: readonly Reference[];
  /** The text to store: canonical, or normalized when asked. */
  readonly text: string;
  /** The identity key of the data contract the candidate is matched with (contracts.ts contractKey). */
  readonly contract: string;
  /** Keys under which an identical stored schema is indexed (its text or canonical form, with the contract). */
  readonly keys: readonly string[];
  /** With normalize=true: the key of the normalized form, matched against stored schemas' normalized forms. */
  readonly normalizedKey: string | undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates the JSON shape of a register/compatibility body (wrong types are 400, as Jackson answers); an empty or
 *  absent schema is 42201 `Empty schema`. */
export function readSchemaRequest(body: unknown): SchemaRequest {
  const request = readFields(body);
  if (request.schema.trim() === '') throw invalidSchema('Empty schema');
  return request;
}

/** A register body (POST /subjects/{s}/versions): an empty or absent schema is allowed there, Confluent's register
 *  takes the latest version's (to give it another data contract), or answers 42201 `Empty schema` without one. */
export function readRegisterRequest(body: unknown): SchemaRequest {
  return readFields(body);
}

/** A lookup body (POST /subjects/{s}); undefined when its schema is empty or absent. Confluent's
 *  lookUpSchemaUnderSubject parses nothing then and answers as for a schema it does not know: 40401 for an unknown
 *  subject, else 40403 (Karapace answers 40401 too for an unknown subject). */
export function readLookupRequest(body: unknown): SchemaRequest | undefined {
  const request = readFields(body);
  return request.schema.trim() === '' ? undefined : request;
}

function readFields(body: unknown): SchemaRequest {
  if (!isObject(body)) throw malformedBody('expected a JSON object');
  const { schemaType, references, id, version } = body;
  const schema = body.schema ?? '';
  const metadata = readMetadata(body.metadata);
  const ruleSet = readRuleSet(body.ruleSet ?? body.ruleset);
  if (typeof schema !== 'string') throw malformedBody('"schema" must be a string');
  let type: SchemaType = 'AVRO';
  if (schemaType !== undefined && schemaType !== null) {
    if (typeof schemaType !== 'string') throw malformedBody('"schemaType" must be a string');
    const known = schemaTypeOf(schemaType);
    if (!known) throw invalidSchema(`Invalid schema type ${schemaType}`);
    type = known;
  }
  const refs: Reference[] = [];
  if (references !== undefined && references !== null) {
    if (!Array.isArray(references)) throw malformedBody('"references" must be an array');
    for (const r of references as unknown[]) {
      if (!isObject(r) || typeof r.name !== 'string' || typeof r.subject !== 'string' || !Number.isInteger(r.version)) {
        throw malformedBody('each reference needs "name" and "subject" strings and an integer "version"');
      }
      refs.push({ name: r.name, subject: r.subject, version: r.version as number });
    }
  }
  for (const [field, value] of [['id', id], ['version', version]] as const) {
    if (value !== undefined && value !== null && !Number.isInteger(value)) throw malformedBody(`"${field}" must be an integer`);
  }
  return {
    schema, schemaType: type, references: refs,
    ...(typeof id === 'number' && id >= 0 ? { id } : {}),
    // Version 0 means none was given, as Confluent's Schema(subject, request) reads it.
    ...(typeof version === 'number' && version !== 0 ? { version } : {}),
    ...(metadata !== undefined ? { metadata } : {}),
    ...(ruleSet !== undefined ? { ruleSet } : {}),
  };
}

// The detail is Confluent's own (AbstractSchemaProvider.resolveReferences), which its clients surface verbatim.
const missingReference = (request: SchemaRequest, ref: Reference) =>
  invalidSchema(`Invalid schema of type ${request.schemaType}, details: No schema reference found for subject "${ref.subject}" and version ${ref.version}`);

/** With an auth file: a reference to a subject the caller may not read is answered as a missing one (42201), before
 *  anything else looks at the references, so nothing about that subject shows. */
export function hideReferences(request: SchemaRequest, visible: ((subject: string) => boolean) | undefined): SchemaRequest {
  const hidden = visible && request.references.find((ref) => !visible(ref.subject));
  if (hidden) throw missingReference(request, hidden);
  return request;
}

/** The identity key of the contract a request carries itself. */
export const ownContract = (request: SchemaRequest): string => contractKey(request);

export interface CandidateOptions {
  readonly normalize: boolean;
  /** The contract key the candidate is matched with; the request's own unless given. */
  readonly contract?: string;
  /** A new schema (a registration that brings no id): its references, and theirs, must be live versions. Confluent's
   *  resolveReferences looks up soft-deleted versions only for schemas that are not new (lookups, imports), so a
   *  schema cannot be registered again on a reference that was deleted under it (RestApiTest
   *  testDeleteAndCreateWithDanglingReference, testReviveSchemaWithDanglingReference). */
  readonly liveReferences?: boolean;
}

/** Parses a request's schema; an invalid schema or reference is 42201 with what is wrong. */
export function parseCandidate(state: RegistryState, request: SchemaRequest, options: CandidateOptions): Candidate {
  const references: Reference[] = [];
  const dependencies: Dependency[] = [];
  for (const ref of request.references) {
    const subject = state.subject(ref.subject);
    const version = ref.version === -1
      ? subject?.versions.findLast((v) => !v.deleted)
      : ref.version >= 1 && ref.version <= MAX_VERSION ? state.version(ref.subject, ref.version) : undefined;
    if (!version) throw missingReference(request, ref);
    if (options.liveReferences) {
      const deleted = deletedReference(state, version, ref);
      if (deleted) throw missingReference(request, deleted);
    }
    if (!version.schema.parsed) throw invalidSchema(`Invalid schema of type ${request.schemaType}, details: referenced schema "${ref.name}" cannot be parsed`);
    references.push({ name: ref.name, subject: ref.subject, version: version.version });
    dependencies.push({ name: ref.name, schema: version.schema.parsed });
  }
  let parsed: ParsedSchema;
  let text: string;
  try {
    parsed = parseSchema(request.schemaType, request.schema, dependencies);
    // Normalizing can fail too (a schema Confluent cannot normalize either): that is an invalid schema, not a 500.
    text = options.normalize ? parsed.normalized : parsed.canonical;
  } catch (error) {
    if (error instanceof SchemaParseError) throw invalidSchema(`Invalid schema of type ${request.schemaType}, details: ${error.message}`);
    if (error instanceof ApiError) throw error;
    throw invalidSchema(`Invalid schema of type ${request.schemaType}, details: ${(error as Error).message}`);
  }
  const contract = options.contract ?? ownContract(request);
  const keys = [...new Set([text, parsed.canonical, request.schema])].map((t) => schemaKey(request.schemaType, t, references, contract));
  const normalizedKey = options.normalize ? schemaKey(request.schemaType, text, references, contract) : undefined;
  return { request, parsed, references, text, contract, keys, normalizedKey };
}

/** The first reference on the way down from `ref` (itself included) that names a soft-deleted version, or one no
 *  longer stored at all (both are missing to Confluent's resolveReferences for a new schema). */
function deletedReference(state: RegistryState, version: SubjectVersion, ref: Reference, seen = new Set<string>()): Reference | undefined {
  if (version.deleted) return ref;
  for (const inner of version.schema.references) {
    const key = `${inner.subject}\u0000${inner.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const next = state.version(inner.subject, inner.version);
    const deleted = next ? deletedReference(state, next, inner, seen) : inner;
    if (deleted) return deleted;
  }
  return undefined;
}

/** The stored schema identical to the candidate, if any: by stored text or canonical form, and, only when the
 *  candidate was normalized, by normalized form (Confluent compares normalized forms only when asked to). */
export function findIdentical(state: RegistryState, candidate: Candidate) {
  for (const key of candidate.keys) {
    const found = state.schemasByKey.get(key);
    if (found) return found;
  }
  return candidate.normalizedKey === undefined ? undefined : state.schemasByNormalizedKey.get(candidate.normalizedKey);
}

/** Remembers which stored schema a request's exact text and own contract turned out to be, so that the same text sent again (as
 *  serializers do on every start) skips parsing. Bounded; an entry counts only while its schema is still stored. */
export class RecentSchemas {
  private readonly entries = new Map<string, StoredSchema>();
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  private key(request: SchemaRequest, normalize: boolean): string | undefined {
    // `latest` references may point elsewhere next time: such requests are not remembered.
    if (request.references.some((r) => r.version === -1)) return undefined;
    return `${normalize ? 'N' : 'C'}${schemaKey(request.schemaType, request.schema, request.references, ownContract(request))}`;
  }

  get(state: RegistryState, request: SchemaRequest, normalize: boolean): StoredSchema | undefined {
    const key = this.key(request, normalize);
    const found = key === undefined ? undefined : this.entries.get(key);
    return found && state.schemas.get(found.id) === found ? found : undefined;
  }

  set(request: SchemaRequest, normalize: boolean, schema: StoredSchema | undefined): void {
    const key = this.key(request, normalize);
    if (key === undefined || schema === undefined) return;
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, schema);
  }
}
