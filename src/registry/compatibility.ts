// POST /compatibility/subjects/{s}/versions[/{v}]: would this schema be accepted, and if not, why.
import { ApiError } from '../core/errors.ts';
import { checkCompatibility, type PreviousVersion } from '../formats/compatibility.ts';
import { formatOf } from '../formats/index.ts';
import { parseCandidate, type SchemaRequest } from './candidate.ts';
import type { Registry } from './registry.ts';
import { findVersion, type VersionSpec } from './versions.ts';

export interface CompatibilityAnswer {
  readonly compatible: boolean;
  readonly messages: readonly string[];
}

export interface CheckOptions {
  readonly normalize: boolean;
  readonly verbose: boolean;
}

/** Against one version (`spec`), or against the versions the subject's level names (`spec` undefined). */
export function testCompatibility(
  registry: Registry, subject: string, spec: VersionSpec | undefined, request: SchemaRequest, options: CheckOptions,
): CompatibilityAnswer {
  registry.assertReady();
  const { state } = registry;
  const level = registry.compatibilityOf(subject);
  const live = state.subject(subject)?.versions.filter((v) => !v.deleted) ?? [];
  // Confluent: an unknown subject with `latest` (or no version) is compatible; a numbered version must exist (40402).
  let against = live;
  if (spec !== undefined) {
    if (spec === 'latest' && live.length === 0) return { compatible: true, messages: [] };
    against = [findVersion(registry, subject, spec, { deleted: false })];
  }
  let candidate;
  try {
    candidate = parseCandidate(state, request, options);
  } catch (error) {
    if (options.verbose && error instanceof ApiError && error.code === 42201) return { compatible: false, messages: [error.message] };
    throw error;
  }
  const previous: PreviousVersion[] = [];
  const messages: string[] = [];
  for (const v of against) {
    if (v.schema.type !== request.schemaType) {
      if (level !== 'NONE') messages.push(`Incompatible schema type: ${request.schemaType} cannot be compared with version ${v.version} of type ${v.schema.type}`);
    } else if (v.schema.parsed) {
      previous.push({ version: v.version, schema: v.schema.parsed });
    }
  }
  // With one named version the transitive/non-transitive distinction vanishes: compare against it alone.
  messages.push(...checkCompatibility(formatOf(request.schemaType), level, candidate.parsed, previous));
  return { compatible: messages.length === 0, messages };
}
