// POST /compatibility/subjects/{s}/versions[/{v}]: would this schema be accepted, and if not, why.
import { type CompatibilityLevel, isTransitive } from '../core/compatibility.ts';
import { groupValue, resolveContract, type Json } from '../core/contracts.ts';
import { ApiError, versionNotFound } from '../core/errors.ts';
import type { ParsedSchema } from '../formats/format.ts';
import type { SubjectVersion } from '../store/state.ts';
import { checkCompatibility, type PreviousVersion } from '../formats/compatibility.ts';
import { formatOf } from '../formats/index.ts';
import { parseCandidate, type SchemaRequest } from './candidate.ts';
import type { Registry } from './registry.ts';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
import type { VersionSpec } from './versions.ts';

export interface CompatibilityAnswer {
  readonly compatible: boolean;
  readonly messages: readonly string[];
}

export interface CheckOptions {
  readonly normalize: boolean;
  readonly verbose: boolean;
  /** With an auth file: a subject the caller may not read is answered as a missing one. */
  readonly visible?: (subject: string) => boolean;
}

/** Against one version (`spec`), or against the versions the subject's level names (`spec` undefined). */
export function testCompatibility(
  registry: Registry, subject: string, spec: VersionSpec | undefined, request: SchemaRequest, options: CheckOptions,
): CompatibilityAnswer {
  registry.assertReady();
  const { state } = registry;
  const level = registry.compatibilityOf(subject);
  const hidden = options.visible !== undefined && !options.visible(subject);
  const live = (hidden ? undefined : state.subject(subject))?.versions.filter((v) => !v.deleted) ?? [];
  // Confluent (CompatibilityResource): a numbered version must be a live version, else 40402 `Version N not found.`,
  // even when the subject is unknown (never 40401). An unknown subject with `latest` (or no version) is compared with
  // nothing, but the schema is still parsed and validated first (isCompatible with no previous schemas): an
  // invalid one is 42201, a valid one compatible.
  let against = live;
  if (spec === 'latest') {
    against = live.slice(-1);
  } else if (spec !== undefined) {
    // A subject the caller may not read answers as one that does not exist: 40402 for its numbered version, so that
    // it cannot be told apart from a missing subject (`live` is empty for it).
    const version = live.find((v) => v.version === spec);
    if (!version) throw versionNotFound(spec);
    against = [version];
  }
  let candidate;
  try {
    candidate = parseCandidate(state, request, { normalize: options.normalize || registry.normalizes(subject) });
  } catch (error) {
    if (options.verbose && error instanceof ApiError && error.code === 42201) return { compatible: false, messages: [error.message] };
    throw error;
  }
  // With a compatibilityGroup, only versions of the candidate's group count (Confluent's isCompatibleWithPrevious);
  // the candidate's metadata is the one a registration would give it. With one named version the
  // transitive/non-transitive distinction vanishes: compare against it alone.
  const config = registry.contractConfigOf(subject);
  if (config.compatibilityGroup !== undefined) {
    const latest = live.at(-1);
    const { metadata } = resolveContract(config, request, latest && { ...(isObject(latest.metadata) ? { metadata: latest.metadata } : {}) });
    against = [...inGroup(against, config.compatibilityGroup, metadata)];
  }
  const messages = incompatibilities(level, candidate.parsed, against);
  return { compatible: messages.length === 0, messages };
}

/** Why `candidate` may not follow `versions` (live, oldest first) at `level`; empty when it may. Used by register
 *  and by the compatibility endpoints alike. */
export function incompatibilities(level: CompatibilityLevel, candidate: ParsedSchema, versions: readonly SubjectVersion[]): string[] {
  if (level === 'NONE') return [];
  const compared = isTransitive(level) ? versions : versions.slice(-1);
  const messages: string[] = [];
  const previous: PreviousVersion[] = [];
  for (const v of compared) {
    // A schema of another type can never read or be read by the candidate.
    if (v.schema.type !== candidate.type) {
      messages.push(`{errorType:'TYPE_MISMATCH', description:'schema type ${candidate.type} differs from the type ${v.schema.type} of version ${v.version}'}`);
    } else if (v.schema.parsed) {
      previous.push({ version: v.version, schema: v.schema.parsed });
    }
  }
  messages.push(...checkCompatibility(formatOf(candidate.type), level, candidate, previous));
  return messages;
}

/** With a compatibilityGroup config: only the versions whose metadata property of that name has the candidate's value
 *  (null matching null) are compared (Confluent's isCompatibleWithPrevious). */
export function inGroup(versions: readonly SubjectVersion[], group: string | undefined, metadata: unknown): readonly SubjectVersion[] {
  if (group === undefined) return versions;
  const value = groupValue(metadata, group);
  return versions.filter((v) => groupValue(v.metadata, group) === value);
}
