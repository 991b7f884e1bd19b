// Registering a schema under a subject, and looking one up (POST /subjects/{s}/versions, POST /subjects/{s}).
import {
  contractKey, hasConfluentVersion, hasDefaultsOrOverrides, resolveContract, sameContractIgnoringVersion, validateRuleSet,
  withConfluentVersion, type Contract, type ContractConfig, type Json,
} from '../core/contracts.ts';
import {
  incompatibleSchema, invalidSchema, operationNotPermitted, referenceExists, schemaNotFound, subjectNotFound,
} from '../core/errors.ts';
import { MAX_VERSION } from '../core/ids.ts';
import { isReadOnly } from '../core/mode.ts';
import type { LogRecord, Reference } from '../store/records.ts';
import { normalizedOf, type StoredSchema, type SubjectVersion } from '../store/state.ts';
import { deepEquals } from '../formats/index.ts';
import { findIdentical, ownContract, parseCandidate, type Candidate, type SchemaRequest } from './candidate.ts';
import { incompatibilities, inGroup } from './compatibility.ts';
import { liveReferrers } from './reads.ts';
import type { Registry } from './registry.ts';
import { checkSubject } from './subject-name.ts';

export interface RegisterOptions {
  /** Asked by the request; the subject's config may normalize anyway (Registry.normalizes). */
  readonly normalize: boolean;
}

/** What a registration answers. Confluent 7.4-7.9 answer `{"id":N}`, or the whole schema when the registry changed
 *  what was sent (register's `modifiedSchema`): a data contract came out of the request, the previous version or the
 *  config, or the schema text was the previous version's. `version` is then the version holding it. */
export interface RegisterAnswer {
  readonly id: number;
  readonly version?: SubjectVersion;
}

/** Registers `request` under `subject` and answers its id (Confluent's register semantics, data contracts included: README, Schema Registry API coverage). */
export async function register(registry: Registry, subjectName: string, request: SchemaRequest, options: RegisterOptions): Promise<number> {
  return (await registerSchema(registry, subjectName, request, options)).id;
}

/** Registers `request` under `subject` (Confluent's registerOrForward, then register). */
export function registerSchema(
  registry: Registry, subjectName: string, request: SchemaRequest, options: RegisterOptions,
): Promise<RegisterAnswer> {
  const subject = checkSubject(subjectName);
  // SubjectVersionsResource validates the rule set before anything else: 42210.
  validateRuleSet(request.ruleSet);
  return registry.write(async (append) => {
    const { state } = registry;
    const normalize = options.normalize || registry.normalizes(subject);
    const config = registry.contractConfigOf(subject);
    const versions = state.subject(subject)?.versions ?? [];
    const live = versions.filter((v) => !v.deleted);
    const latest = live.at(-1);
    // Confluent's newVersion: one more than any version the subject ever had, soft-deleted ones included.
    const next = (versions.at(-1)?.version ?? 0) + 1;
    const asked = request.version;
    const answer = (v: SubjectVersion, modified: boolean): RegisterAnswer => (modified ? { id: v.schema.id, version: v } : { id: v.schema.id });

    // Already a live version of this subject: answer its id and write nothing, in any mode (Confluent's
    // registerOrForward). Skipped when the config has contract defaults or overrides, as Confluent skips it.
    if (!hasDefaultsOrOverrides(config) && request.schema.trim() !== '') {
      const existing = existingVersion(registry, live, request, { normalize, latest, config });
      if (existing) return answer(existing, false);
    }

    const mode = registry.modeOf(subject);
    if (isReadOnly(mode)) throw operationNotPermitted(`Subject ${subject} is in read-only mode`);
    // Confluent's checkRegisterMode: an explicit id needs IMPORT mode, and a new schema without one needs READWRITE
    // (IMPORT takes only schemas that bring their ids).
    if (request.id !== undefined && mode !== 'IMPORT') throw operationNotPermitted(`Subject ${subject} is not in import mode`);
    if (request.id === undefined && mode === 'IMPORT') throw operationNotPermitted(`Subject ${subject} is not in read-write mode`);

    // maybePopulateFromPrevious (not in IMPORT mode): an empty schema is the latest version's, the contract is merged
    // from the request (or the latest version) and the config, and gets confluent:version when due.
    const completed = mode === 'IMPORT'
      ? { request, contract: contractOf(request), modified: false }
      : completeFromPrevious(request, latest, config, next);
    const schemaRequest = completed.request;
    if (schemaRequest.schema.trim() === '') throw invalidSchema('Empty schema');
    // A schema without an id is new to Confluent's register (schemaId < 0): its references must be live.
    const liveReferences = request.id === undefined;
    const candidate = parseCandidate(state, schemaRequest, { normalize, contract: contractKey(completed.contract), liveReferences });
    const identical = findIdentical(state, candidate);
    const holder = identical && live.findLast((v) => v.schema === identical && v.contract === candidate.contract);
    const holderId = holder && (request.id === undefined || request.id === holder.schema.id);
    // The same schema and contract under this subject is that version only when no version was asked for (Confluent
    // reuses its id otherwise); an IMPORT of the version that holds it is answered by it as well, unless it brings
    // another id: Confluent's register then skips the existing schema (its id differs from schemaId) and writes the
    // version asked for, or the next one, with that id (RestApiModeTest testImportModeWithSameSchemaDifferentId).
    if (holder && holderId && (asked === undefined || (mode === 'IMPORT' && holder.version === asked))) return answer(holder, completed.modified);
    if (asked === undefined) {
      // register's loop over the live versions: one the candidate "can look up" (references inlined, or equal but for
      // confluent:version) is the answer.
      const similar = live.findLast((v) => canLookup(candidate, completed.contract, v));
      if (similar && (request.id === undefined || request.id === similar.schema.id)) return answer(similar, completed.modified);
    }

    let id = identical?.id;
    if (request.id !== undefined) {
      const holding = state.schemas.get(request.id);
      if (holding && holding !== identical) {
        throw operationNotPermitted(`Overwrite new schema with id ${request.id} in context . is not permitted.`);
      }
      id = request.id;
    }

    if (mode !== 'IMPORT') {
      const compared = inGroup(live, config.compatibilityGroup, completed.contract.metadata);
      const problems = incompatibilities(registry.compatibilityOf(subject), candidate.parsed, compared);
      if (problems.length > 0) throw incompatibleSchema(subject, problems);
    }

    const version = versionToWrite(registry, subject, { asked, next, mode });
    id ??= state.maxId + 1;
    const { metadata, ruleSet } = completed.contract;
    await append([...supersededVersions(versions, id, version), {
      keytype: 'SCHEMA', subject, version,
      value: {
        subject, version, id, schema: identical?.text ?? candidate.text, schemaType: schemaRequest.schemaType,
        references: candidate.references, deleted: false,
        ...(metadata !== undefined ? { metadata } : {}),
        ...(ruleSet !== undefined ? { ruleSet } : {}),
      },
    }]);
    if (candidate.contract === ownContract(request)) registry.recent.set(request, normalize, state.schemas.get(id));
    const written = state.version(subject, version);
    return written ? answer(written, completed.modified) : { id };
  });
}

/** registerOrForward's lookup: the live version a registration is answered by without writing. With no version asked
 *  for, the one a lookup finds (with the request's contract, else the inherited one); with version -1, the latest
 *  version when the request "can look it up"; with a version number, only a match holding the request's own id, at
 *  that version (or the one asked for, when it holds the same schema: an import of one schema under two versions). */
function existingVersion(
  registry: Registry, live: readonly SubjectVersion[], request: SchemaRequest,
  options: { normalize: boolean; latest: SubjectVersion | undefined; config: ContractConfig },
): SubjectVersion | undefined {
  const asked = request.version;
  const latestOnly = asked === -1;
  const found = findUnderSubject(registry, live, request, { ...options, latestOnly, inherit: asked === undefined });
  if (!found) return undefined;
  // Another id than the one the schema has here: Confluent's registerOrForward goes on to register, where outside
  // IMPORT the id itself is refused (42205, not in import mode) and in IMPORT the schema is written again with that
  // id, at the version asked for or (none asked for) at the next one (its register no longer answers 42207 there).
  if (request.id !== undefined && request.id !== found.schema.id) return undefined;
  if (asked === undefined || latestOnly) return found;
  if (request.id === undefined) return undefined;
  if (found.version === asked) return found;
  const older = live.find((v) => v.version === asked);
  return older && older.schema === found.schema && older.contract === found.contract ? older : undefined;
}

/** The version a registration writes: the next one, unless one was asked for: in IMPORT mode that one (an existing
 *  version is overwritten, as Confluent's register does), otherwise it must be the next one (42201). */
function versionToWrite(registry: Registry, subject: string, options: { asked: number | undefined; next: number; mode: string }): number {
  const { asked, next, mode } = options;
  // Version 0 or below (-1: "latest") is the next one, in any mode.
  if (asked === undefined || asked <= 0) return next;
  if (mode !== 'IMPORT') {
    if (asked !== next) throw invalidSchema('Version is not one more than previous version');
    return asked;
  }
  if (asked > MAX_VERSION) throw invalidSchema(`Invalid version ${asked}`);
  // An existing version is not overwritten while other schemas reference it: they would silently resolve to the new
  // schema (docs/architecture.md).
  if (registry.state.version(subject, asked) && liveReferrers(registry, subject, asked).length > 0) {
    throw referenceExists(subject, asked);
  }
  return asked;
}

/** Confluent's maybePopulateFromPrevious: the schema text (when none was sent) and the contract a registration gets.
 *  maybeSetMetadataRuleSet then sets confluent:version to the new version's number when a version was asked for, or
 *  when the merged metadata already has one (so it is kept up to date from version to version). */
function completeFromPrevious(request: SchemaRequest, latest: SubjectVersion | undefined, config: ContractConfig, next: number) {
  const emptySchema = request.schema.trim() === '';
  const resolved = resolveContract(config, request, latest && versionContract(latest));
  const { modified: _, ...merged } = resolved;
  const versioned = request.version !== undefined || hasConfluentVersion(merged.metadata);
  const contract: Contract = versioned ? { ...merged, metadata: withConfluentVersion(merged.metadata, next) } : merged;
  const modified = contract.metadata !== undefined || contract.ruleSet !== undefined;
  if (!emptySchema || !latest) return { request, contract, modified };
  // Only the contract changes: the latest version's schema, type and references are registered again with it.
  const schema = latest.schema;
  return { request: { ...request, schema: schema.text, schemaType: schema.type, references: schema.references }, contract, modified: true };
}

/** The contract a request carries itself. */
const contractOf = (request: SchemaRequest): Contract => ({
  ...(request.metadata !== undefined ? { metadata: request.metadata } : {}),
  ...(request.ruleSet !== undefined ? { ruleSet: request.ruleSet } : {}),
});

/** A stored version's contract, as the objects a merge takes (a record may hold anything there: non-objects count as
 *  none, as in the state's contract key). */
function versionContract(v: SubjectVersion): Contract {
  const object = (x: unknown) => (typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Json) : undefined);
  const metadata = object(v.metadata);
  const ruleSet = object(v.ruleSet);
  return { ...(metadata ? { metadata } : {}), ...(ruleSet ? { ruleSet } : {}) };
}


/** Tombstones for the subject's soft-deleted versions that hold `id` below the new `version`: Confluent's register
 *  removes them when a schema is registered again, so a subject holds one version per schema id (and a lookup with
 *  deleted=true finds the new one). */
function supersededVersions(versions: readonly SubjectVersion[], id: number, version: number): LogRecord[] {
  return versions.filter((v) => v.deleted && v.schema.id === id && v.version < version)
    .map((v) => ({ keytype: 'SCHEMA', subject: v.subject, version: v.version, value: null }));
}

/** Confluent's ParsedSchema.canLookup, used where an exact match (same text, references and contract) failed: a
 *  candidate sent without references matches a version with references that is deepEquals to it once parsed (the
 *  "schema sent with all references resolved"), and one with the same references and schema matches a version whose
 *  contract equals its own but for confluent:version (canLookupIgnoringVersion). */
function canLookup(candidate: Candidate, contract: Contract, v: SubjectVersion): boolean {
  const inlined = candidate.references.length === 0 && v.schema.references.length > 0;
  const sameSchema = inlined
    ? v.schema.parsed !== undefined && deepEquals(candidate.parsed, v.schema.parsed)
    : isSameSchema(candidate, v.schema);
  return sameSchema && sameContractIgnoringVersion(contract, versionContract(v), v.version);
}

/** Same type, references and text (as stored, canonical, or normalized when the candidate was). */
function isSameSchema(candidate: Candidate, schema: StoredSchema): boolean {
  if (schema.type !== candidate.request.schemaType || !sameReferences(schema.references, candidate.references)) return false;
  const forms = new Set([candidate.text, candidate.parsed.canonical, candidate.request.schema]);
  if (forms.has(schema.text) || (schema.parsed !== undefined && forms.has(schema.parsed.canonical))) return true;
  return candidate.normalizedKey !== undefined && normalizedOf(schema) === candidate.text;
}

const sameReferences = (a: readonly Reference[], b: readonly Reference[]) =>
  a.length === b.length && a.every((r, i) => r.name === b[i]!.name && r.subject === b[i]!.subject && r.version === b[i]!.version);

/** The version of `subject` holding a schema identical to `request` (newest first, as Confluent's
 *  lookup: with deleted=true, a schema soft-deleted and registered again by a registry that keeps the old version,
 *  such as Karapace, answers its newest version). Identical includes the data contract: first the one the request
 *  carries (none when it sends none), then the one a registration of it would get from the latest version and the
 *  config (Confluent's lookUpSchemaUnderSubject "mimics the additional lookup during schema registration"); each
 *  also finds a version equal but for confluent:version (canLookup). No request (an empty schema) matches nothing:
 *  40401 or 40403, as Confluent answers it (see readLookupRequest). */
export function lookup(
  registry: Registry, subject: string, request: SchemaRequest | undefined, options: { normalize: boolean; deleted: boolean },
): SubjectVersion {
  registry.assertReady();
  const all = registry.state.subject(subject)?.versions ?? [];
  const versions = all.filter((v) => options.deleted || !v.deleted);
  if (versions.length === 0) throw subjectNotFound(subject);
  if (request === undefined) throw schemaNotFound();
  const normalize = options.normalize || registry.normalizes(subject);
  const latest = all.findLast((v) => !v.deleted);
  const config = registry.contractConfigOf(subject);
  const match = findUnderSubject(registry, versions, request, { normalize, latest, config, latestOnly: false, inherit: true });
  if (!match) throw schemaNotFound();
  return match;
}

interface FindOptions {
  readonly normalize: boolean;
  readonly latest: SubjectVersion | undefined;
  readonly config: ContractConfig;
  /** Version -1 on registration: only the latest version, and only as canLookup finds it. */
  readonly latestOnly: boolean;
  /** Then try again with the contract a registration would inherit (lookups, and registrations without a version). */
  readonly inherit: boolean;
}

/** The newest of `versions` holding `request` with its own contract, else (`inherit`) with the contract it would
 *  inherit from `latest` and the config; undefined when neither. */
function findUnderSubject(
  registry: Registry, versions: readonly SubjectVersion[], request: SchemaRequest, options: FindOptions,
): SubjectVersion | undefined {
  const own = contractOf(request);
  const found = findWithContract(registry, versions, request, own, options);
  if (found || !options.inherit || !options.latest) return found;
  // Without a new version number: maybeSetMetadataRuleSet(config, next, prev, null) sets no confluent:version.
  const { modified: _, ...inherited } = resolveContract(options.config, request, versionContract(options.latest));
  return contractKey(inherited) === contractKey(own) ? undefined : findWithContract(registry, versions, request, inherited, options);
}

/** Confluent's lookUpSchemaUnderSubject(config, subject, schema, normalize, deleted, latestOnly): an identical schema
 *  with this contract (not with latestOnly), else the newest version (or only the latest) it can look up. */
function findWithContract(
  registry: Registry, versions: readonly SubjectVersion[], request: SchemaRequest, contract: Contract, options: FindOptions,
): SubjectVersion | undefined {
  const { state } = registry;
  const key = contractKey(contract);
  // Only the request's own contract is remembered: an inherited one depends on the latest version and the config.
  const remembered = !options.latestOnly && key === ownContract(request);
  const known = remembered ? registry.recent.get(state, request, options.normalize) : undefined;
  const fast = known && versions.findLast((v) => v.schema === known && v.contract === key);
  if (fast) return fast;
  const candidate = parseCandidate(state, request, { normalize: options.normalize, contract: key });
  if (!options.latestOnly) {
    const identical = findIdentical(state, candidate);
    if (remembered) registry.recent.set(request, options.normalize, identical);
    let match = identical && versions.findLast((v) => v.schema === identical && v.contract === key);
    if (!match && options.normalize) {
      match = versions.findLast((v) => v.contract === key && v.schema.type === request.schemaType && normalizedOf(v.schema) === candidate.text);
    }
    if (match) return match;
  }
  const pool = options.latestOnly ? (options.latest ? [options.latest] : []) : versions;
  return pool.findLast((v) => canLookup(candidate, contract, v));
}
