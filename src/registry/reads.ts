// Read use cases: schemas by id, subjects, versions, references. All answered from memory.
import { hasRulesWithType } from '../core/contracts.ts';
import { schemaNotFound } from '../core/errors.ts';
import type { StoredSchema, SubjectVersion } from '../store/state.ts';
import type { Registry } from './registry.ts';
import { existingSubject, findVersion, type VersionSpec } from './versions.ts';

export interface Page {
  readonly offset: number;
  /** 0 or less = no limit: Confluent's normalizeLimit replaces a limit that is not positive by its default (all of
   *  a list as long as ours; we set no maximum). */
  readonly limit: number;
}

export const page = <T>(items: readonly T[], { offset, limit }: Page): T[] =>
  items.slice(offset, limit <= 0 ? undefined : offset + limit);

/** The subjects a caller may read (an auth file's ACL); every subject when absent. */
export type SubjectVisibility = ((subject: string) => boolean) | undefined;

/** A schema by id; with `visible`, only one that some version of a visible subject uses (40403 otherwise). */
export function schemaById(registry: Registry, id: number, visible?: SubjectVisibility): StoredSchema {
  registry.assertReady();
  const schema = registry.state.schemas.get(id);
  if (!schema) throw schemaNotFound(id);
  if (visible && ![...schema.usedBy.values()].some((v) => visible(v.subject))) throw schemaNotFound(id);
  return schema;
}

/** The subject version whose data contract (metadata, ruleSet) an id's SchemaString carries: the first registration
 *  of the schema. Confluent hashes metadata and ruleSet into a schema's identity (MD5.ofSchema), so all versions of an
 *  id carry the same contract and GET /schemas/ids/{id} answers it; so do ours since contracts are part of identity
 *  (register.ts). A topic written by an older registry may share one id between contracts: the first registration is
 *  then the answer that does not change as later versions come and go. */
export function contractSource(schema: StoredSchema): SubjectVersion | undefined {
  return schema.usedBy.values().next().value;
}

/** The subject versions that use schema `id` (live only unless `deleted`), by subject then version. An id whose
 *  versions are all soft-deleted still exists: Confluent's listVersionsForId answers it with an empty list (Karapace
 *  too), 40403 only for an unknown id (or, with `visible`, one no visible subject uses). */
export function versionsOfSchema(registry: Registry, id: number, options: { deleted: boolean; visible?: SubjectVisibility }): SubjectVersion[] {
  const { visible } = options;
  const schema = schemaById(registry, id, visible);
  const found = [...schema.usedBy.values()].filter((v) => (options.deleted || !v.deleted) && (!visible || visible(v.subject)));
  return found.sort((a, b) => (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : a.version - b.version));
}

export function subjectsOfSchema(registry: Registry, id: number, options: { deleted: boolean; visible?: SubjectVisibility }): string[] {
  return [...new Set(versionsOfSchema(registry, id, options).map((v) => v.subject))];
}

export interface SubjectFilter {
  readonly prefix: string;
  readonly deleted: boolean;
  readonly deletedOnly: boolean;
  readonly visible?: SubjectVisibility;
}

/** Subject names, sorted. A subject whose versions are all soft-deleted is listed only with deleted/deletedOnly. */
export function listSubjects(registry: Registry, filter: SubjectFilter): string[] {
  registry.assertReady();
  const names: string[] = [];
  for (const subject of registry.state.subjects.values()) {
    if (!subject.name.startsWith(filter.prefix) || (filter.visible && !filter.visible(subject.name))) continue;
    const live = subject.versions.some((v) => !v.deleted);
    const include = filter.deletedOnly ? !live : filter.deleted || live;
    if (include) names.push(subject.name);
  }
  return names.sort();
}

export function listVersions(registry: Registry, subject: string, options: { deleted: boolean; deletedOnly: boolean }): number[] {
  const found = existingSubject(registry, subject, { deleted: options.deleted || options.deletedOnly });
  return found.versions
    .filter((v) => (options.deletedOnly ? v.deleted : options.deleted || !v.deleted))
    .map((v) => v.version);
}

export interface SchemaFilter extends SubjectFilter {
  readonly latestOnly: boolean;
  /** Only versions whose ruleSet has a rule of this type (Confluent 7.4 `ruleType`), applied after `latestOnly`. */
  readonly ruleType?: string;
}

/** GET /schemas: every (live, unless deleted) subject version whose subject starts with the prefix. */
export function listSchemas(registry: Registry, filter: SchemaFilter): SubjectVersion[] {
  registry.assertReady();
  const out: SubjectVersion[] = [];
  const subjects = [...registry.state.subjects.values()].filter((s) => s.name.startsWith(filter.prefix) && (!filter.visible || filter.visible(s.name)));
  subjects.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const subject of subjects) {
    const versions = subject.versions.filter((v) => (filter.deletedOnly ? v.deleted : filter.deleted || !v.deleted));
    if (filter.latestOnly) {
      const last = versions.at(-1);
      if (last) out.push(last);
    } else {
      out.push(...versions);
    }
  }
  const { ruleType } = filter;
  return ruleType === undefined ? out : out.filter((v) => hasRulesWithType(v.ruleSet, ruleType));
}

export function getVersion(registry: Registry, subject: string, spec: VersionSpec, options: { deleted: boolean }): SubjectVersion {
  return findVersion(registry, subject, spec, options);
}

/** Ids of live schemas that reference the given version (with `visible`, those used by a visible subject). */
export function referencedBy(registry: Registry, subject: string, spec: VersionSpec, visible?: SubjectVisibility): number[] {
  const target = findVersion(registry, subject, spec, { deleted: true });
  const ids = liveReferrers(registry, target.subject, target.version);
  if (!visible) return ids;
  return ids.filter((id) => [...(registry.state.schemas.get(id)?.usedBy.values() ?? [])].some((v) => !v.deleted && visible(v.subject)));
}

export function liveReferrers(registry: Registry, subject: string, version: number): number[] {
  const { state } = registry;
  return state.referencesTo(subject, version).filter((id) => {
    const schema = state.schemas.get(id);
    return schema !== undefined && [...schema.usedBy.values()].some((v) => !v.deleted);
  });
}

/** The newest version whose metadata properties hold every `wanted` pair (Confluent's GET /subjects/{s}/metadata):
 *  40401 for an unknown subject, 40403 when no version matches. */
export function latestWithMetadata(registry: Registry, name: string, wanted: ReadonlyMap<string, string>, options: { deleted: boolean }): SubjectVersion {
  const subject = existingSubject(registry, name, options);
  for (let i = subject.versions.length - 1; i >= 0; i--) {
    const v = subject.versions[i]!;
    if (v.deleted && !options.deleted) continue;
    const properties = (v.metadata as { properties?: unknown } | undefined)?.properties;
    const has = (key: string, value: string) => typeof properties === 'object' && properties !== null && (properties as Record<string, unknown>)[key] === value;
    if ([...wanted].every(([key, value]) => has(key, value))) return v;
  }
  throw schemaNotFound();
}
