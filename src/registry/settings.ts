// Compatibility config and mode, global and per subject (GET/PUT/DELETE /config, /config/{s}, /mode, /mode/{s}).
import { parseLevel } from '../core/compatibility.ts';
import { readMetadata, readRuleSet, validateRuleSet } from '../core/contracts.ts';
import {
  invalidCompatibilityLevel, invalidConfig, invalidMode, operationNotPermitted, subjectCompatibilityNotConfigured, subjectModeNotConfigured,
  subjectNotFound,
} from '../core/errors.ts';
import { parseMode, type Mode } from '../core/mode.ts';
import type { ConfigValue } from '../store/records.ts';
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

export function setMode(registry: Registry, subject: string | null, value: unknown, options: { force: boolean }): Promise<Mode> {
  if (subject !== null) checkSubject(subject);
  const mode = parseMode(value);
  if (!mode) throw invalidMode();
  return registry.write(async (append) => {
    // Entering IMPORT needs an empty registry (or subject) unless forced: imported ids must not collide.
    if (mode === 'IMPORT' && registry.modeOf(subject) !== 'IMPORT' && !options.force) {
      const subjects = subject === null ? [...registry.state.subjects.values()] : [registry.state.subject(subject)];
      if (subjects.some((s) => s?.versions.some((v) => !v.deleted))) throw operationNotPermitted('Cannot import since found existing subjects');
    }
    await append([{ keytype: 'MODE', subject, value: { mode } }]);
    return mode;
  });
}

/** Removes a mode and answers the one removed; a subject's is the one GET /mode/{s} answers (Confluent's deleteSubjectMode
 *  reads it with getMode), 40401 when none. The default context (`:.:`) is not the global mode here: Confluent does
 *  not support deleting it (RestApiTest testDefaultContextConfigAndMode); its name normalizes to the empty subject,
 *  which has no mode: 40401 `Subject '' not found.` */
export function deleteMode(registry: Registry, subject: string | null): Promise<Mode> {
  return registry.write(async (append) => {
    if (subject !== null && isDefaultContext(subject)) throw subjectNotFound('');
    const own = subject === null ? registry.state.modes.get(null) : registry.subjectModeOf(subject);
    if (!own && subject !== null) throw subjectNotFound(subject);
    await append([{ keytype: 'MODE', subject, value: null }]);
    return own ?? 'READWRITE';
  });
}
