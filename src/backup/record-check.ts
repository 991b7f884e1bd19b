// v1, v2 and console dumps hold only `_schemas` records (Karapace wrote them for nothing else), and they carry no
// checksum. Checking that every key is a JSON object and every value a JSON object (or a tombstone) is the one
// integrity check they allow: a flipped or lost byte in their JSON is refused instead of restored.
import type { BackupRecord } from './record.ts';

function jsonObjectProblem(bytes: Buffer): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return `is not valid JSON (${(error as Error).message})`;
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? undefined : 'is not a JSON object';
}

/** Why this record is not a schemas-topic record, or undefined when it is one. */
export function schemasRecordProblem(record: BackupRecord): string | undefined {
  if (record.key === null) return 'the key is missing (every schemas-topic record has a JSON key)';
  const key = jsonObjectProblem(record.key);
  if (key) return `the key ${key}`;
  if (record.value === null || record.value.length === 0) return undefined;
  const value = jsonObjectProblem(record.value);
  return value && `the value ${value}`;
}
