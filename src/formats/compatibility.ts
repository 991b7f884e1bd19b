// The compatibility levels, derived once from one directional check. BACKWARD: the new schema reads data written
// with the old; FORWARD: the old reads the new; FULL: both. TRANSITIVE: against every live version, else the latest.
import { type CompatibilityLevel, isTransitive } from '../core/compatibility.ts';
import type { Incompatibility, ParsedSchema, SchemaFormat } from './format.ts';

export interface PreviousVersion {
  readonly version: number;
  readonly schema: ParsedSchema;
}

/** Messages in Confluent's verbose style for the newest previous version that the new schema fails against: like
 *  Confluent's CompatibilityChecker, a transitive check stops at the first (newest) version it fails. */
export function checkCompatibility(
  format: SchemaFormat,
  level: CompatibilityLevel,
  candidate: ParsedSchema,
  previous: readonly PreviousVersion[],
): string[] {
  if (level === 'NONE' || previous.length === 0) return [];
  const against = isTransitive(level) ? previous : previous.slice(-1);
  const backward = level.startsWith('BACKWARD') || level.startsWith('FULL');
  const forward = level.startsWith('FORWARD') || level.startsWith('FULL');
  const messages: string[] = [];
  // Newest first, as Confluent checks them.
  for (let i = against.length - 1; i >= 0; i--) {
    const old = against[i];
    if (!old) continue;
    const found: Incompatibility[] = [];
    if (backward) found.push(...format.canRead(candidate, old.schema));
    if (forward) found.push(...format.canRead(old.schema, candidate));
    if (found.length === 0) continue;
    for (const f of found) {
      messages.push(`{errorType:'${f.kind}', description:'${f.message}', additionalInfo:'location: ${f.location}'}`);
    }
    messages.push(`{oldSchemaVersion: ${old.version}}`);
    messages.push(`{oldSchema: '${old.schema.canonical}'}`);
    messages.push(`{compatibility: '${level}'}`);
    break;
  }
  return messages;
}
