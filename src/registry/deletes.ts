// Soft and permanent deletes of subjects and versions (Confluent: a permanent delete needs a soft delete first).
import {
  operationNotPermitted, referenceExists, subjectNotFound, subjectNotSoftDeleted, subjectSoftDeleted, versionNotFound,
  versionNotSoftDeleted, versionSoftDeleted,
} from '../core/errors.ts';
import { isReadOnly } from '../core/mode.ts';
import type { LogRecord } from '../store/records.ts';
import { liveReferrers } from './reads.ts';
import type { Registry } from './registry.ts';
import type { VersionSpec } from './versions.ts';

function checkWritable(registry: Registry, subject: string): void {
  if (isReadOnly(registry.modeOf(subject))) throw operationNotPermitted(`Subject ${subject} is in read-only mode`);
}

/** Tombstones for a subject's own config and mode. Confluent's deleteSubject and deleteSchemaVersion write them on a
 *  soft delete that leaves the subject without live versions (GET /config/{s} is then 40408, /mode/{s} 40409); a
 *  permanent delete leaves settings alone (they were removed by the soft delete before it, or set again since). */
function settingsTombstones(registry: Registry, subject: string): LogRecord[] {
  const out: LogRecord[] = [];
  if (registry.state.configs.has(subject)) out.push({ keytype: 'CONFIG', subject, value: null });
  if (registry.state.modes.has(subject)) out.push({ keytype: 'MODE', subject, value: null });
  return out;
}

/** DELETE /subjects/{s}: answers the versions deleted. */
export function deleteSubject(registry: Registry, subject: string, options: { permanent: boolean }): Promise<number[]> {
  return registry.write(async (append) => {
    const versions = registry.state.subject(subject)?.versions ?? [];
    if (versions.length === 0) throw subjectNotFound(subject);
    checkWritable(registry, subject);
    const live = versions.filter((v) => !v.deleted);
    if (options.permanent && live.length > 0) throw subjectNotSoftDeleted(subject);
    if (!options.permanent && live.length === 0) throw subjectSoftDeleted(subject);
    for (const v of versions) {
      if (liveReferrers(registry, subject, v.version).some((id) => id !== v.schema.id)) throw referenceExists(subject, v.version);
    }
    if (!options.permanent) {
      const latest = live.at(-1)?.version ?? 0;
      await append([{ keytype: 'DELETE_SUBJECT', subject, value: { version: latest } }, ...settingsTombstones(registry, subject)]);
      return live.map((v) => v.version);
    }
    const all = versions.map((v) => v.version);
    const tombstones: LogRecord[] = [...all].reverse().map((version) => ({ keytype: 'SCHEMA', subject, version, value: null }));
    await append(tombstones);
    return all;
  });
}

/** DELETE /subjects/{s}/versions/{v}: answers the version deleted. */
export function deleteVersion(registry: Registry, subject: string, spec: VersionSpec, options: { permanent: boolean }): Promise<number> {
  return registry.write(async (append) => {
    const versions = registry.state.subject(subject)?.versions ?? [];
    if (versions.length === 0) throw subjectNotFound(subject);
    checkWritable(registry, subject);
    // Confluent resolves `latest` to the newest live version, permanent or not (so a permanent delete of `latest`
    // meets a live version: 40407); with none live it is VersionId -1: `Version -1 not found.`
    const target = spec === 'latest' ? versions.filter((v) => !v.deleted).at(-1) : versions.find((v) => v.version === spec);
    if (!target) throw versionNotFound(spec === 'latest' ? -1 : spec);
    if (!options.permanent && target.deleted) throw versionSoftDeleted(subject, target.version);
    if (options.permanent && !target.deleted) throw versionNotSoftDeleted(subject, target.version);
    if (liveReferrers(registry, subject, target.version).length > 0) throw referenceExists(subject, target.version);
    if (!options.permanent) {
      const s = target.schema;
      const lastLive = !versions.some((v) => !v.deleted && v !== target);
      await append([{
        keytype: 'SCHEMA', subject, version: target.version,
        value: {
          subject, version: target.version, id: s.id, schema: s.text, schemaType: s.type, references: s.references, deleted: true,
          ...(target.metadata !== undefined ? { metadata: target.metadata } : {}),
          ...(target.ruleSet !== undefined ? { ruleSet: target.ruleSet } : {}),
        },
      }, ...(lastLive ? settingsTombstones(registry, subject) : [])]);
      return target.version;
    }
    await append([{ keytype: 'SCHEMA', subject, version: target.version, value: null }]);
    return target.version;
  });
}
