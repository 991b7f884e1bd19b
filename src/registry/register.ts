// Registering a schema under a subject, and looking one up (POST /subjects/{s}/versions, POST /subjects/{s}).
import {
  contractKey, hasDefaultsOrOverrides, resolveContract, validateRuleSet, type Contract, type ContractConfig, type Json,
} from '../core/contracts.ts';
import {
  idConflict, incompatibleSchema, invalidSchema, operationNotPermitted, referenceExists, schemaNotFound, subjectNotFound,
} from '../core/errors.ts';
import { MAX_VERSION } from '../core/ids.ts';
import { isReadOnly } from '../core/mode.ts';
import type { LogRecord } from '../store/records.ts';
import { normalizedOf, type SubjectVersion } from '../store/state.ts';
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
    const answer = (v: SubjectVersion, modified: boolean): RegisterAnswer => (modified ? { id: v.schema.id, version: v } : { id: v.schema.id });

    // Already a live version of this subject, as a lookup finds it (with its own contract, else the one it would
    // inherit): answer its id and write nothing, in any mode (Confluent's registerOrForward). Skipped when the config
    // has contract defaults or overrides, as Confluent skips it. With an explicit version, only that version counts:
    // the same schema sent with another version number is registered there too (IMPORT), as Confluent's register does.
    if (!hasDefaultsOrOverrides(config) && request.schema.trim() !== '') {
      const found = findUnderSubject(registry, live, request, { normalize, latest, config });
      if (found && request.id !== undefined && request.id !== found.schema.id) throw idConflict(found.schema.id, request.id);
      if (found && (request.version === undefined || found.version === request.version)) return answer(found, false);
    }

    const mode = registry.modeOf(subject);
    if (isReadOnly(mode)) throw operationNotPermitted(`Subject ${subject} is in read-only mode`);
    // Confluent's checkRegisterMode: an explicit id needs IMPORT mode, and a new schema without one needs READWRITE
    // (IMPORT takes only schemas that bring their ids).
    if (request.id !== undefined && mode !== 'IMPORT') throw operationNotPermitted(`Subject ${subject} is not in import mode`);
    if (request.id === undefined && mode === 'IMPORT') throw operationNotPermitted(`Subject ${subject} is not in read-write mode`);

    // maybePopulateFromPrevious (not in IMPORT mode): an empty schema is the latest version's, the contract is merged
    // from the request (or the latest version) and the config.
    const completed = mode === 'IMPORT' ? { request, contract: contractOf(request), modified: false } : completeFromPrevious(request, latest, config);
    const schemaRequest = completed.request;
    if (schemaRequest.schema.trim() === '') throw invalidSchema('Empty schema');
    const candidate = parseCandidate(state, schemaRequest, { normalize, contract: contractKey(completed.contract) });
    const identical = findIdentical(state, candidate);
    const holder = identical && live.findLast((v) => v.schema === identical && v.contract === candidate.contract);
    if (holder && request.id !== undefined && request.id !== holder.schema.id) throw idConflict(holder.schema.id, request.id);
    if (holder && (request.version === undefined || holder.version === request.version)) return answer(holder, completed.modified);
    const inlined = sentWithReferencesInlined(candidate, live);
    if (inlined && (request.id === undefined || request.id === inlined.schema.id)) return answer(inlined, completed.modified);

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

    const next = (versions.at(-1)?.version ?? 0) + 1;
    let version = next;
    if (request.version !== undefined) {
      if (mode === 'IMPORT') {
        if (request.version < 1 || request.version > MAX_VERSION) throw invalidSchema(`Invalid version ${request.version}`);
        // An existing version is overwritten, as Confluent's register does in IMPORT mode (a re-import replaces it),
        // unless other schemas reference it: they would silently resolve to the new schema (docs/architecture.md).
        if (state.version(subject, request.version) && liveReferrers(registry, subject, request.version).length > 0) {
          throw referenceExists(subject, request.version);
        }
        version = request.version;
      } else if (request.version !== next) {
        throw invalidSchema('Version is not one more than previous version');
      }
    }

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

/** Confluent's maybePopulateFromPrevious: the schema text (when none was sent) and the contract a registration gets. */
function completeFromPrevious(request: SchemaRequest, latest: SubjectVersion | undefined, config: ContractConfig) {
  const emptySchema = request.schema.trim() === '';
  const resolved = resolveContract(config, request, latest && versionContract(latest));
  const { modified, ...contract } = resolved;
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

/** Confluent's "schema sent with all references resolved" (register and lookUpSchemaUnderSubject): a candidate
 *  without references matches the newest of `versions` that has references and is deepEquals to it once parsed,
 *  e.g. an Avro record whose field type is the referenced record written out, with the same data contract (a parsed
 *  schema carries its metadata and ruleSet in Confluent, and deepEquals compares them). */
function sentWithReferencesInlined(candidate: Candidate, versions: readonly SubjectVersion[]): SubjectVersion | undefined {
  if (candidate.references.length > 0) return undefined;
  return versions.findLast((v) => v.contract === candidate.contract && v.schema.references.length > 0 && v.schema.parsed !== undefined
    && deepEquals(candidate.parsed, v.schema.parsed));
}

/** The version of `subject` holding a schema identical to `request` (newest first, as Confluent's
 *  lookup: with deleted=true, a schema soft-deleted and registered again by a registry that keeps the old version,
 *  such as Karapace, answers its newest version). Identical includes the data contract: first the one the request
 *  carries (none when it sends none), then the one a registration of it would get from the latest version and the
 *  config (Confluent's lookUpSchemaUnderSubject "mimics the additional lookup during schema registration"). No request
 *  (an empty schema) matches nothing: 40401 or 40403, as Confluent answers it (see readLookupRequest). */
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
  const match = findUnderSubject(registry, versions, request, { normalize, latest, config: registry.contractConfigOf(subject) });
  if (!match) throw schemaNotFound();
  return match;
}

/** The newest of `versions` holding `request` with its own contract, else with the contract it would inherit from
 *  `latest` and the config; undefined when neither. */
function findUnderSubject(
  registry: Registry, versions: readonly SubjectVersion[], request: SchemaRequest,
  options: { normalize: boolean; latest: SubjectVersion | undefined; config: ContractConfig },
): SubjectVersion | undefined {
  const own = ownContract(request);
  const found = matchWithContract(registry, versions, request, own, options.normalize);
  if (found || !options.latest) return found;
  const { modified: _, ...inherited } = resolveContract(options.config, request, versionContract(options.latest));
  const key = contractKey(inherited);
  return key === own ? undefined : matchWithContract(registry, versions, request, key, options.normalize);
}

/** The newest of `versions` whose schema is identical to `request` and whose contract key is `contract`. */
function matchWithContract(
  registry: Registry, versions: readonly SubjectVersion[], request: SchemaRequest, contract: string, normalize: boolean,
): SubjectVersion | undefined {
  const { state } = registry;
  // Only the request's own contract is remembered: an inherited one depends on the latest version and the config.
  const remembered = contract === ownContract(request);
  const known = remembered ? registry.recent.get(state, request, normalize) : undefined;
  const fast = known && versions.findLast((v) => v.schema === known && v.contract === contract);
  if (fast) return fast;
  const candidate = parseCandidate(state, request, { normalize, contract });
  const identical = findIdentical(state, candidate);
  if (remembered) registry.recent.set(request, normalize, identical);
  let match = identical && versions.findLast((v) => v.schema === identical && v.contract === contract);
  if (!match && normalize) {
    match = versions.findLast((v) => v.contract === contract && v.schema.type === request.schemaType && normalizedOf(v.schema) === candidate.text);
  }
  return match ?? sentWithReferencesInlined(candidate, versions);
}
