// Registering a schema under a subject, and looking one up (POST /subjects/{s}/versions, POST /subjects/{s}).
import {
  idConflict, incompatibleSchema, invalidSchema, operationNotPermitted, referenceExists, schemaNotFound, subjectNotFound,
} from '../core/errors.ts';
import { MAX_VERSION } from '../core/ids.ts';
import { isReadOnly } from '../core/mode.ts';
import type { LogRecord } from '../store/records.ts';
import { normalizedOf, type StoredSchema, type SubjectVersion } from '../store/state.ts';
import { deepEquals } from '../formats/index.ts';
import { findIdentical, parseCandidate, type Candidate, type SchemaRequest } from './candidate.ts';
import { incompatibilities } from './compatibility.ts';
import { liveReferrers } from './reads.ts';
import type { Registry } from './registry.ts';
import { checkSubject } from './subject-name.ts';

export interface RegisterOptions {
  /** Asked by the request; the subject's config may normalize anyway (Registry.normalizes). */
  readonly normalize: boolean;
}

/** Registers `request` under `subject` and answers its id (Confluent's register semantics, see docs/api.md). */
export function register(registry: Registry, subjectName: string, request: SchemaRequest, options: RegisterOptions): Promise<number> {
  const subject = checkSubject(subjectName);
  return registry.write(async (append) => {
    const { state } = registry;
    const normalize = options.normalize || registry.normalizes(subject);
    const versions = state.subject(subject)?.versions ?? [];
    const live = versions.filter((v) => !v.deleted);
    // Already a live version of this subject: answer its id and write nothing, in any mode (Confluent's
    // registerOrForward). With an explicit version, only that version counts: the same schema sent with another
    // version number is registered there too (IMPORT), as Confluent's register does.
    const alreadyLive = (schema: StoredSchema | undefined) => {
      const holding = schema ? live.filter((v) => v.schema === schema) : [];
      if (holding[0] && request.id !== undefined && request.id !== holding[0].schema.id) throw idConflict(holding[0].schema.id, request.id);
      return holding.find((v) => request.version === undefined || v.version === request.version)?.schema.id;
    };
    const known = alreadyLive(registry.recent.get(state, request, normalize));
    if (known !== undefined) return known;

    const candidate = parseCandidate(state, request, { normalize });
    const identical = findIdentical(state, candidate);
    registry.recent.set(request, normalize, identical);
    const existing = alreadyLive(identical);
    if (existing !== undefined) return existing;
    const inlined = sentWithReferencesInlined(candidate, live);
    if (inlined && (request.id === undefined || request.id === inlined.schema.id)) return inlined.schema.id;

    const mode = registry.modeOf(subject);
    if (isReadOnly(mode)) throw operationNotPermitted(`Subject ${subject} is in read-only mode`);
    // Confluent's checkRegisterMode: an explicit id needs IMPORT mode, and a new schema without one needs READWRITE
    // (IMPORT takes only schemas that bring their ids).
    if (request.id !== undefined && mode !== 'IMPORT') throw operationNotPermitted(`Subject ${subject} is not in import mode`);
    if (request.id === undefined && mode === 'IMPORT') throw operationNotPermitted(`Subject ${subject} is not in read-write mode`);

    let id = identical?.id;
    if (request.id !== undefined) {
      const holder = state.schemas.get(request.id);
      if (holder && holder !== identical) {
        throw operationNotPermitted(`Overwrite new schema with id ${request.id} in context . is not permitted.`);
      }
      id = request.id;
    }

    if (mode !== 'IMPORT') {
      const problems = incompatibilities(registry.compatibilityOf(subject), candidate.parsed, live);
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
    await append([...supersededVersions(versions, id, version), {
      keytype: 'SCHEMA', subject, version,
      value: {
        subject, version, id, schema: identical?.text ?? candidate.text, schemaType: request.schemaType,
        references: candidate.references, deleted: false,
        ...(request.metadata !== undefined ? { metadata: request.metadata } : {}),
        ...(request.ruleSet !== undefined ? { ruleSet: request.ruleSet } : {}),
      },
    }]);
    registry.recent.set(request, normalize, state.schemas.get(id));
    return id;
  });
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
 *  e.g. an Avro record whose field type is the referenced record written out. Metadata plays no part, as in our
 *  identical-schema matching. */
function sentWithReferencesInlined(candidate: Candidate, versions: readonly SubjectVersion[]): SubjectVersion | undefined {
  if (candidate.references.length > 0) return undefined;
  return versions.findLast((v) => v.schema.references.length > 0 && v.schema.parsed !== undefined && deepEquals(candidate.parsed, v.schema.parsed));
}

/** The version of `subject` holding a schema identical to `request` (newest first, as Confluent's
 *  lookup: with deleted=true, a schema soft-deleted and registered again by a registry that keeps the old version,
 *  such as Karapace, answers its newest version). No request (an empty schema) matches nothing: 40401 or 40403, as Confluent answers it (see readLookupRequest). */
export function lookup(
  registry: Registry, subject: string, request: SchemaRequest | undefined, options: { normalize: boolean; deleted: boolean },
): SubjectVersion {
  registry.assertReady();
  const { state } = registry;
  const versions = state.subject(subject)?.versions.filter((v) => options.deleted || !v.deleted) ?? [];
  if (versions.length === 0) throw subjectNotFound(subject);
  if (request === undefined) throw schemaNotFound();
  const normalize = options.normalize || registry.normalizes(subject);
  const known = registry.recent.get(state, request, normalize);
  const fast = known && versions.findLast((v) => v.schema === known);
  if (fast) return fast;
  const candidate = parseCandidate(state, request, { normalize });
  const identical = findIdentical(state, candidate);
  registry.recent.set(request, normalize, identical);
  let match = identical && versions.findLast((v) => v.schema === identical);
  if (!match && normalize) {
    match = versions.findLast((v) => v.schema.type === request.schemaType && normalizedOf(v.schema) === candidate.text);
  }
  match ??= sentWithReferencesInlined(candidate, versions);
  if (!match) throw schemaNotFound();
  return match;
}
