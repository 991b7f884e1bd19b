// Compatibility config and mode, global and per subject (GET/PUT/DELETE /config, /config/{s}, /mode, /mode/{s}).
import { parseLevel, type CompatibilityLevel } from '../core/compatibility.ts';
import {
  invalidCompatibilityLevel, invalidMode, operationNotPermitted, subjectCompatibilityNotConfigured, subjectModeNotConfigured,
  subjectNotFound,
} from '../core/errors.ts';
import { parseMode, type Mode } from '../core/mode.ts';
import type { ConfigValue } from '../store/records.ts';
import type { Registry } from './registry.ts';
import { checkSubject } from './subject-name.ts';

/** The stored config of a subject (or global with null); falls back as Confluent's defaultToGlobal. */
export function getConfig(registry: Registry, subject: string | null, options: { defaultToGlobal: boolean }): ConfigValue {
  registry.assertReady();
  const own = registry.state.configs.get(subject);
  if (own) return own;
  if (subject !== null && !options.defaultToGlobal) throw subjectCompatibilityNotConfigured(subject);
  return registry.state.configs.get(null) ?? { compatibilityLevel: registry.options.defaultCompatibility };
}

export function setConfig(registry: Registry, subject: string | null, body: Record<string, unknown>): Promise<CompatibilityLevel> {
  if (subject !== null) checkSubject(subject);
  const level = parseLevel(body.compatibility ?? body.compatibilityLevel);
  if (!level) throw invalidCompatibilityLevel();
  return registry.write(async (append) => {
    const previous = registry.state.configs.get(subject);
    await append([{ keytype: 'CONFIG', subject, value: { ...previous, compatibilityLevel: level } }]);
    return level;
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

export function getMode(registry: Registry, subject: string | null, options: { defaultToGlobal: boolean }): Mode {
  registry.assertReady();
  const own = registry.state.modes.get(subject);
  if (own) return own;
  if (subject !== null && !options.defaultToGlobal) throw subjectModeNotConfigured(subject);
  return registry.state.modes.get(null) ?? 'READWRITE';
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

export function deleteMode(registry: Registry, subject: string | null): Promise<Mode> {
  return registry.write(async (append) => {
    const own = registry.state.modes.get(subject);
    if (!own && subject !== null) throw subjectNotFound(subject);
    await append([{ keytype: 'MODE', subject, value: null }]);
    return own ?? 'READWRITE';
  });
}
