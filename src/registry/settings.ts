// Compatibility config and mode, global and per subject (GET/PUT/DELETE /config, /config/{s}, /mode, /mode/{s}).
import { parseLevel } from '../core/compatibility.ts';
import { readMetadata, readRuleSet, validateRuleSet } from '../core/contracts.ts';
import {
  invalidCompatibilityLevel, invalidConfig, invalidMode, operationNotPermitted, referenceExists, subjectCompatibilityNotConfigured,
  subjectModeNotConfigured, subjectNotFound,
} from '../core/errors.ts';
import { isReadOnly, parseMode, type Mode } from '../core/mode.ts';
import type { ConfigValue, LogRecord } from '../store/records.ts';
import { liveReferrers } from './reads.ts';
import type { Registry } from './registry.ts';
import { checkSubject, isDefaultContext } from './subject-name.ts';

/** The stored config of a subject (or global with null); falls back as Confluent's defaultToGlobal. */
export function getConfig(registry: Registry, subject: string | null, options: { defaultToGlobal: boolean }): ConfigValue {
  registry.assertReady();
  const own = registry.state.configs.get(subject);
  if (own) return own;
  if (subject !== null && !options.defaultToGlobal) throw subjectCompatibilityNotConfigured(subject);
  return registry.state.configs.get(null) ?? { compatibilityLevel: registry.options.defaultCompatibility };
}

/** Confluent's config fields besides the level, with the JSON type each must have. We act on `normalize`,
 *  `compatibilityGroup` and the default/override metadata and rule sets (register.ts); the others are stored and
 *  answered as given (aliases and field validation are not built). */
const CONFIG_FIELDS = {
  normalize: 'boolean', validateFields: 'boolean', alias: 'string', compatibilityGroup: 'string',
  defaultMetadata: 'object', overrideMetadata: 'object', defaultRuleSet: 'object', overrideRuleSet: 'object',
} as const;

/** The data-contract fields of a config must bind as Confluent's Metadata and RuleSet (400 otherwise), and its rule
 *  sets must validate (ConfigResource: 42210 with RuleSet.validate's message). */
function checkContracts(fields: Record<string, unknown>): void {
  readMetadata(fields.defaultMetadata, 'defaultMetadata');
  readMetadata(fields.overrideMetadata, 'overrideMetadata');
  validateRuleSet(readRuleSet(fields.defaultRuleSet, 'defaultRuleSet'));
  validateRuleSet(readRuleSet(fields.overrideRuleSet, 'overrideRuleSet'));
}

/** Confluent's updateConfig and deleteSubjectConfig refuse under a read-only mode in force for the scope, with the
 *  register message (42205); the global scope is named `null` there, as Java prints it. */
function checkConfigWritable(registry: Registry, subject: string | null): void {
  if (isReadOnly(registry.modeOf(subject))) throw operationNotPermitted(`Subject ${subject} is in read-only mode`);
}

/** Sets a config (Confluent's ConfigUpdateRequest): fields given replace the stored ones; the level may be left out
 *  when another field is given (the level in force is then kept). Answers the request as Confluent echoes it. */
export async function setConfig(registry: Registry, subject: string | null, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  if (subject !== null) checkSubject(subject);
  const given = body.compatibility ?? body.compatibilityLevel;
  const level = given === undefined || given === null ? undefined : parseLevel(given);
  const fields: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(CONFIG_FIELDS)) {
    const value = body[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== type || Array.isArray(value)) throw invalidConfig(`${name} must be a ${type}`);
    fields[name] = value;
  }
  if (level === undefined && (given !== undefined && given !== null || Object.keys(fields).length === 0)) throw invalidCompatibilityLevel();
  checkContracts(fields);
  return registry.write(async (append) => {
    checkConfigWritable(registry, subject);
    const previous = registry.state.configs.get(subject);
    const compatibilityLevel = level ?? previous?.compatibilityLevel ?? registry.compatibilityOf(subject);
    await append([{ keytype: 'CONFIG', subject, value: { ...previous, ...fields, compatibilityLevel } }]);
    return { ...(level ? { compatibility: level } : {}), ...fields };
  });
}

/** Removes a config and answers the one removed (global: the one in force before). */
export function deleteConfig(registry: Registry, subject: string | null): Promise<ConfigValue> {
  return registry.write(async (append) => {
    const own = registry.state.configs.get(subject);
    if (!own && subject !== null) throw subjectNotFound(subject);
    checkConfigWritable(registry, subject);
    await append([{ keytype: 'CONFIG', subject, value: null }]);
    return own ?? { compatibilityLevel: registry.options.defaultCompatibility };
  });
}

/** GET /mode[/{s}] (Confluent's ModeResource.getMode): a subject's own mode, or with defaultToGlobal the mode in
 *  force; a subject without its own is 40409, unless the global mode is READONLY_OVERRIDE, which every subject
 *  answers. */
export function getMode(registry: Registry, subject: string | null, options: { defaultToGlobal: boolean }): Mode {
  registry.assertReady();
  if (subject === null) return registry.modeOf(null);
  const mode = options.defaultToGlobal ? registry.modeOf(subject) : registry.subjectModeOf(subject);
  if (!mode) throw subjectModeNotConfigured(subject);
  return mode;
}

/** PUT /mode[/{s}] (Confluent's setMode): answers the mode set, or null when the body names none (absent or null):
 *  that removes the mode of the scope, as Confluent's optional ModeUpdateRequest.mode does (RestApiModeTest
 *  testClearMode: the global mode is READWRITE again). */
export function setMode(registry: Registry, subject: string | null, value: unknown, options: { force: boolean }): Promise<Mode | null> {
  if (subject !== null) checkSubject(subject);
  const mode = value === undefined || value === null ? null : parseMode(value);
  if (mode === undefined) throw invalidMode();
  return registry.write(async (append) => {
    const entering = mode === 'IMPORT' && registry.modeOf(subject) !== 'IMPORT' && !options.force;
    const cleared = entering ? importTombstones(registry, subject) : [];
    await append([...cleared, { keytype: 'MODE', subject, value: mode === null ? null : { mode } }]);
    return mode;
  });
}

/** Entering IMPORT needs an empty registry (or subject) unless forced, so imported ids cannot collide with live ones
 *  (42205). What is left, soft-deleted versions, is removed for good first, as Confluent's setMode hard-deletes them
 *  (and clears its caches) before writing the mode: an import may then reuse their ids and versions with another
 *  contract (RestApiModeTest testRegisterSchemaWithSameIdButWithMetadataAfterImport). A version still referenced
 *  by a live schema stops it (42206), as there. */
function importTombstones(registry: Registry, subject: string | null): LogRecord[] {
  const { state } = registry;
  const scope = subject === null ? [...state.subjects.values()] : [state.subject(subject)].filter((s) => s !== undefined);
  if (scope.some((s) => s.versions.some((v) => !v.deleted))) throw operationNotPermitted('Cannot import since found existing subjects');
  const tombstones: LogRecord[] = [];
  for (const s of scope) {
    for (const v of s.versions) {
      if (liveReferrers(registry, s.name, v.version).length > 0) throw referenceExists(s.name, v.version);
      tombstones.push({ keytype: 'SCHEMA', subject: s.name, version: v.version, value: null });
    }
  }
  return tombstones;
}

/** Removes a mode and answers the one removed; a subject's is the one GET /mode/{s} answers (Confluent's deleteSubjectMode
 *  reads it with getMode), 40401 when none. The default context (`:.:`) is not the global mode here: Confluent does
 *  not support deleting it (RestApiTest testDefaultContextConfigAndMode); its name normalizes to the empty subject,
 *  which has no mode: 40401 `Subject '' not found.` With `recursive` (Confluent 7.9.x), removing the global mode
 *  removes every subject's own mode too (RestApiModeTest testRecursiveDeleteGlobalMode); a subject has nothing
 *  under it. */
export function deleteMode(registry: Registry, subject: string | null, options: { recursive: boolean } = { recursive: false }): Promise<Mode> {
  return registry.write(async (append) => {
    if (subject !== null && isDefaultContext(subject)) throw subjectNotFound('');
    const own = subject === null ? registry.state.modes.get(null) : registry.subjectModeOf(subject);
    if (!own && subject !== null) throw subjectNotFound(subject);
    const below: LogRecord[] = subject === null && options.recursive
      ? [...registry.state.modes.keys()].filter((s) => s !== null).map((s) => ({ keytype: 'MODE', subject: s, value: null }))
      : [];
    await append([...below, { keytype: 'MODE', subject, value: null }]);
    return own ?? 'READWRITE';
  });
}
