// Resolving the `{version}` path parameter: an integer in [1, 2^31-1], `latest` (any case) or -1 (Confluent's VersionId).
import { invalidVersion, subjectNotFound, versionNotFound } from '../core/errors.ts';
import { MAX_VERSION } from '../core/ids.ts';
import type { Subject, SubjectVersion } from '../store/state.ts';
import type { Registry } from './registry.ts';

export type VersionSpec = number | 'latest';

export function parseVersion(text: string): VersionSpec {
  if (text.toLowerCase() === 'latest' || text === '-1') return 'latest';
  if (!/^\d{1,10}$/.test(text)) throw invalidVersion(text);
  const n = Number(text);
  if (n < 1 || n > MAX_VERSION) throw invalidVersion(text);
  return n;
}

/** A subject that has a live version, or any version when `deleted`; 40401 otherwise. */
export function existingSubject(registry: Registry, name: string, options: { deleted: boolean }): Subject {
  registry.assertReady();
  const subject = registry.state.subject(name);
  if (!subject || (!options.deleted && !latestVisible(subject, options))) throw subjectNotFound(name);
  return subject;
}

/** The newest version, live only unless `deleted`. A hot path: no allocation. */
function latestVisible(subject: Subject, options: { deleted: boolean }): SubjectVersion | undefined {
  for (let i = subject.versions.length - 1; i >= 0; i--) {
    const v = subject.versions[i];
    if (v && (options.deleted || !v.deleted)) return v;
  }
  return undefined;
}

/** The version a path names; `latest` is the newest live one (newest of all when `deleted`). 40401/40402. */
export function findVersion(registry: Registry, subjectName: string, spec: VersionSpec, options: { deleted: boolean }): SubjectVersion {
  const subject = existingSubject(registry, subjectName, options);
  const found = spec === 'latest' ? latestVisible(subject, options) : registry.state.version(subjectName, spec);
  if (!found || (found.deleted && !options.deleted)) throw versionNotFound(spec);
  return found;
}
