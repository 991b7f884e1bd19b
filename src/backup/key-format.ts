// Karapace's restore of v1/v2 backups into the schemas topic rewrites every key in the canonical form, the one
// Confluent Schema Registry writes (compact JSON; fields in the order keytype, subject, version, magic), when the
// topic is `_schemas` or `force_key_correction` is set (backup/api.py `restore_backup`, key_format.py `KeyFormatter`).
// Only keys made of exactly those fields are rewritten; Karapace would drop other fields (e.g. a context key's
// "tenant"/"context") or crash on a key that is no JSON object, so such keys are kept byte for byte instead.
import type { BackupRecord } from './record.ts';

const ORDER = ['keytype', 'subject', 'version', 'magic'] as const;

/** The key in canonical form, or the same bytes when it is not a schemas-topic key of the known shape. */
export function canonicalKey(key: Buffer): Buffer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(key.toString('utf8'));
  } catch {
    return key;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return key;
  const fields = parsed as Record<string, unknown>;
  if (!('keytype' in fields) || !('magic' in fields)) return key;
  if (Object.keys(fields).some((name) => !(ORDER as readonly string[]).includes(name))) return key;
  const canonical: Record<string, unknown> = {};
  for (const name of ORDER) if (name in fields) canonical[name] = fields[name];
  const bytes = Buffer.from(JSON.stringify(canonical), 'utf8');
  return bytes.equals(key) ? key : bytes;
}

/** Karapace's condition for correcting keys on restore. */
export const correctsKeys = (topic: string, forceKeyCorrection: boolean) => topic === '_schemas' || forceKeyCorrection;

export const withCanonicalKey = (record: BackupRecord): BackupRecord =>
  record.key === null ? record : { ...record, key: canonicalKey(record.key) };
