// Data contracts (Confluent 7.4+): a version's `metadata` and `ruleSet`. They are part of a schema's identity
// (Confluent's Schema.updateHash feeds them into the MD5 that finds an existing id), a registration without them
// inherits the subject's latest ones, merged with the config's defaults and overrides (maybeSetMetadataRuleSet), and
// the config's `compatibilityGroup` names the metadata property that splits a subject into compatibility groups.
// Values are kept as clients sent them; only merged results are built here (in Confluent's sorted, non-empty shape).
import { invalidRuleSet, malformedBody } from './errors.ts';

export type Json = Record<string, unknown>;

export interface Contract {
  readonly metadata?: Json;
  readonly ruleSet?: Json;
}

/** The config fields that act on contracts (ConfigValue: compatibilityGroup, default/override Metadata/RuleSet). */
export interface ContractConfig {
  readonly compatibilityGroup?: string;
  readonly defaultMetadata?: Json;
  readonly overrideMetadata?: Json;
  readonly defaultRuleSet?: Json;
  readonly overrideRuleSet?: Json;
}

const RULE_KINDS = new Set(['TRANSFORM', 'CONDITION']);
const MIGRATION_MODES = new Set(['UPGRADE', 'DOWNGRADE', 'UPDOWN']);
const DOMAIN_MODES = new Set(['WRITE', 'READ', 'WRITEREAD']);
const RULE_LISTS = ['migrationRules', 'domainRules', 'encodingRules'] as const;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isStringMap = (v: unknown): v is Record<string, string> => isObject(v) && Object.values(v).every((s) => typeof s === 'string');
const absent = (v: unknown) => v === undefined || v === null;

// ---- Reading request bodies: what Jackson cannot bind to Metadata / RuleSet is a malformed body (400). ----

export function readMetadata(value: unknown, field = 'metadata'): Json | undefined {
  if (absent(value)) return undefined;
  if (!isObject(value)) throw malformedBody(`"${field}" must be an object`);
  const { tags, properties, sensitive } = value;
  if (!absent(tags) && !(isObject(tags) && Object.values(tags).every((t) => absent(t) || isStringArray(t)))) {
    throw malformedBody(`"${field}.tags" must map paths to arrays of strings`);
  }
  if (!absent(properties) && !isStringMap(properties)) throw malformedBody(`"${field}.properties" must map names to strings`);
  if (!absent(sensitive) && !isStringArray(sensitive)) throw malformedBody(`"${field}.sensitive" must be an array of strings`);
  return value;
}

export function readRuleSet(value: unknown, field = 'ruleSet'): Json | undefined {
  if (absent(value)) return undefined;
  if (!isObject(value)) throw malformedBody(`"${field}" must be an object`);
  for (const list of RULE_LISTS) {
    const rules = value[list];
    if (absent(rules)) continue;
    if (!Array.isArray(rules) || !rules.every(isObject)) throw malformedBody(`"${field}.${list}" must be an array of rules`);
    for (const rule of rules as Json[]) readRule(rule, `${field}.${list}`);
  }
  return value;
}

function readRule(rule: Json, where: string): void {
  for (const name of ['name', 'doc', 'type', 'expr', 'onSuccess', 'onFailure'] as const) {
    if (!absent(rule[name]) && typeof rule[name] !== 'string') throw malformedBody(`"${where}[].${name}" must be a string`);
  }
  if (!absent(rule.kind) && !RULE_KINDS.has(rule.kind as string)) throw malformedBody(`"${where}[].kind" must be TRANSFORM or CONDITION`);
  if (!absent(rule.mode) && !MIGRATION_MODES.has(rule.mode as string) && !DOMAIN_MODES.has(rule.mode as string)) {
    throw malformedBody(`"${where}[].mode" must be one of UPGRADE, DOWNGRADE, UPDOWN, WRITE, READ, WRITEREAD`);
  }
  if (!absent(rule.tags) && !isStringArray(rule.tags)) throw malformedBody(`"${where}[].tags" must be an array of strings`);
  if (!absent(rule.params) && !isStringMap(rule.params)) throw malformedBody(`"${where}[].params" must map names to strings`);
  if (!absent(rule.disabled) && typeof rule.disabled !== 'boolean') throw malformedBody(`"${where}[].disabled" must be a boolean`);
}

// ---- Validation: Confluent's RuleSet.validate / Rule.validate, answered 42210 with their messages. ----

const RULE_NAME_MAX = 64;
const LETTER = /^\p{L}$/u;
const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}]$/u;

function ruleNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'Missing rule name';
  if (name.length === 0) return 'Empty rule name';
  if (name.length > RULE_NAME_MAX) return 'Rule name too long';
  const [first, ...rest] = name;
  if (!(LETTER.test(first!) || first === '_')) return `Illegal initial character in rule name: ${name}`;
  if (!rest.every((c) => LETTER_OR_DIGIT.test(c) || c === '_' || c === '-')) return `Illegal character in rule name: ${name}`;
  return undefined;
}

/** Multiple actions ("none,error") only with the two-way modes WRITEREAD and UPDOWN. */
const actionProblem = (mode: string, action: unknown) =>
  mode !== 'WRITEREAD' && mode !== 'UPDOWN' && typeof action === 'string' && action.includes(',')
    ? 'Multiple actions only valid with WRITEREAD and UPDOWN' : undefined;

/** Throws 42210 for the first problem, in Confluent's order: duplicate name, the rule itself, then its mode. */
export function validateRuleSet(ruleSet: Json | undefined): void {
  if (ruleSet === undefined) return;
  const names = new Set<string>();
  const phases = [
    ['migrationRules', MIGRATION_MODES, 'Migration rules can only be UPGRADE, DOWNGRADE, UPDOWN'],
    ['domainRules', DOMAIN_MODES, 'Domain rules can only be WRITE, READ, WRITEREAD'],
    ['encodingRules', DOMAIN_MODES, 'Encoding rules can only be WRITE, READ, WRITEREAD'],
  ] as const;
  for (const [list, modes, wrongMode] of phases) {
    for (const rule of (ruleSet[list] as Json[] | null | undefined) ?? []) {
      const name = rule.name as string;
      if (names.has(name)) throw invalidRuleSet(`Found rule with duplicate name '${name}'`);
      names.add(name);
      const mode = (rule.mode as string | undefined) ?? 'WRITEREAD';
      const problem = ruleNameProblem(rule.name)
        ?? (absent(rule.type) ? 'Missing rule type' : undefined)
        ?? actionProblem(mode, rule.onSuccess) ?? actionProblem(mode, rule.onFailure)
        ?? (modes.has(mode) ? undefined : wrongMode);
      if (problem) throw invalidRuleSet(problem);
    }
  }
}

// ---- Identity: the canonical form Confluent hashes (sorted maps and sets, rule defaults filled in). ----

const sortedMap = <T>(m: Record<string, T> | null | undefined, f: (v: T) => unknown = (v) => v) =>
  Object.fromEntries(Object.keys(m ?? {}).sort().map((k) => [k, f((m as Record<string, T>)[k]!)]));
const sortedSet = (s: readonly string[] | null | undefined) => [...new Set(s ?? [])].sort();

function canonicalMetadata(m: Json): unknown {
  return [sortedMap(m.tags as Record<string, string[]> | undefined, (t) => sortedSet(t)), sortedMap(m.properties as Record<string, string>), sortedSet(m.sensitive as string[])];
}

function canonicalRule(r: Json): unknown {
  return [r.name ?? null, r.doc ?? null, r.kind ?? 'TRANSFORM', r.mode ?? 'WRITEREAD', r.type ?? null, sortedSet(r.tags as string[]),
    sortedMap(r.params as Record<string, string>), r.expr ?? null, r.onSuccess ?? null, r.onFailure ?? null, r.disabled === true];
}

/** A key equal for contracts Confluent considers equal: an absent metadata (or ruleSet) differs from an empty one,
 *  key order and duplicates in sets do not matter. */
export function contractKey(contract: Contract): string {
  return JSON.stringify([
    contract.metadata === undefined ? null : canonicalMetadata(contract.metadata),
    contract.ruleSet === undefined ? null : RULE_LISTS.map((l) => ((contract.ruleSet![l] as Json[] | null | undefined) ?? []).map(canonicalRule)),
  ]);
}

/** The key of a schema registered with no contract at all. */
export const NO_CONTRACT = contractKey({});

// ---- Merging: Confluent's Metadata.mergeMetadata and RuleSet.mergeRuleSets. ----

/** Later maps win key by key; an empty side gives way to the other. */
function mergeMaps<T>(older: Record<string, T> | undefined, newer: Record<string, T> | undefined): Record<string, T> | undefined {
  if (!older || Object.keys(older).length === 0) return newer;
  if (!newer || Object.keys(newer).length === 0) return older;
  return sortedMap({ ...older, ...newer }) as Record<string, T>;
}

function mergeSets(older: string[] | undefined, newer: string[] | undefined): string[] | undefined {
  if (!older || older.length === 0) return newer;
  if (!newer || newer.length === 0) return older;
  return sortedSet([...older, ...newer]);
}

const nonEmpty = (entries: [string, unknown][]): Json =>
  Object.fromEntries(entries.filter(([, v]) => v !== undefined && v !== null && (Array.isArray(v) ? v.length > 0 : !isObject(v) || Object.keys(v).length > 0)));

export function mergeMetadata(older: Json | undefined, newer: Json | undefined): Json | undefined {
  if (older === undefined) return newer;
  if (newer === undefined) return older;
  return nonEmpty([
    ['tags', mergeMaps(older.tags as Record<string, string[]>, newer.tags as Record<string, string[]>)],
    ['properties', mergeMaps(older.properties as Record<string, string>, newer.properties as Record<string, string>)],
    ['sensitive', mergeSets(older.sensitive as string[], newer.sensitive as string[])],
  ]);
}

/** Per phase: the newer rules, after the older ones whose names they do not reuse. */
function mergeRules(older: Json[] | undefined, newer: Json[] | undefined): Json[] | undefined {
  if (!older || older.length === 0) return newer;
  if (!newer || newer.length === 0) return older;
  const names = new Set(newer.map((r) => r.name));
  return [...older.filter((r) => !names.has(r.name)), ...newer];
}

export function mergeRuleSets(older: Json | undefined, newer: Json | undefined): Json | undefined {
  if (older === undefined) return newer;
  if (newer === undefined) return older;
  return nonEmpty(RULE_LISTS.map((l) => [l, mergeRules(older[l] as Json[] | undefined, newer[l] as Json[] | undefined)]));
}

/**
 * The contract a registration gets (Confluent's maybeSetMetadataRuleSet): its own metadata and ruleSet, or, for each
 * one it leaves out, the previous version's; then the config's defaults under it and overrides over it. `modified`
 * says Confluent would answer the whole schema rather than `{"id":N}`: any contract at all came out.
 */
export function resolveContract(config: ContractConfig, own: Contract, previous: Contract | undefined): Contract & { modified: boolean } {
  const metadata = mergeMetadata(mergeMetadata(config.defaultMetadata, own.metadata ?? previous?.metadata), config.overrideMetadata);
  const ruleSet = mergeRuleSets(mergeRuleSets(config.defaultRuleSet, own.ruleSet ?? previous?.ruleSet), config.overrideRuleSet);
  return { ...(metadata !== undefined ? { metadata } : {}), ...(ruleSet !== undefined ? { ruleSet } : {}), modified: metadata !== undefined || ruleSet !== undefined };
}

/** Confluent's Config.hasDefaultsOrOverrides: registration then skips its lookup shortcut. */
export const hasDefaultsOrOverrides = (c: ContractConfig): boolean =>
  c.defaultMetadata !== undefined || c.overrideMetadata !== undefined || c.defaultRuleSet !== undefined || c.overrideRuleSet !== undefined;

/** The compatibility group a contract belongs to: its metadata property named by the config (null when absent). */
export function groupValue(metadata: unknown, group: string): string | null {
  const properties = isObject(metadata) ? metadata.properties : undefined;
  const value = isObject(properties) ? properties[group] : undefined;
  return typeof value === 'string' ? value : null;
}

/** Whether a ruleSet has a rule of `type` in any phase (RuleSet.hasRulesWithType, GET /schemas?ruleType=). */
export function hasRulesWithType(ruleSet: unknown, type: string): boolean {
  if (!isObject(ruleSet)) return false;
  return RULE_LISTS.some((l) => Array.isArray(ruleSet[l]) && (ruleSet[l] as unknown[]).some((r) => isObject(r) && r.type === type));
}

// ---- confluent:version (Confluent 7.6+): the version number a registration writes into its own metadata. ----

/** The metadata property holding a version's own number, written by a registration that names a version (or whose
 *  merged metadata already has it): KafkaSchemaRegistry.CONFLUENT_VERSION. */
export const CONFLUENT_VERSION = 'confluent:version';

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** Whether the metadata has the property at all (Metadata.getConfluentVersion() != null). */
export function hasConfluentVersion(metadata: Json | undefined): boolean {
  const properties = metadata?.properties;
  return isObject(properties) && typeof properties[CONFLUENT_VERSION] === 'string';
}

/** The property as a number (Metadata.getConfluentVersionNumber): undefined when absent or not a Java int. */
export function confluentVersionNumber(metadata: Json | undefined): number | undefined {
  const value = isObject(metadata?.properties) ? (metadata!.properties as Json)[CONFLUENT_VERSION] : undefined;
  if (typeof value !== 'string' || !/^[+-]?\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n >= INT_MIN && n <= INT_MAX ? n : undefined;
}

/** Metadata.setConfluentVersion: the metadata with the property set to `version`, merged like any other property. */
export function withConfluentVersion(metadata: Json | undefined, version: number): Json {
  return mergeMetadata(metadata, { properties: { [CONFLUENT_VERSION]: String(version) } })!;
}

/** Metadata.removeConfluentVersion: the same metadata without the property (still a metadata, maybe an empty one). */
export function withoutConfluentVersion(metadata: Json | undefined): Json | undefined {
  if (metadata === undefined || !isObject(metadata.properties)) return metadata;
  const { [CONFLUENT_VERSION]: _, ...properties } = metadata.properties;
  return { ...metadata, properties };
}

/**
 * Confluent's canLookupIgnoringVersion (AbstractSchemaProvider), for the contract half of "the same schema": when only
 * one side has a numeric confluent:version, it is left out of the comparison (and a missing metadata counts as an
 * empty one); a confluent:version on the request side must then be the other version's own number. Otherwise the
 * contracts must be equal, confluent:version included.
 */
export function sameContractIgnoringVersion(current: Contract, previous: Contract, previousVersion: number): boolean {
  const ours = confluentVersionNumber(current.metadata);
  const theirs = confluentVersionNumber(previous.metadata);
  const key = (metadata: Json | undefined, ruleSet: Json | undefined) =>
    contractKey({ ...(metadata !== undefined ? { metadata } : {}), ...(ruleSet !== undefined ? { ruleSet } : {}) });
  if (ours === undefined && theirs !== undefined) {
    return key(current.metadata ?? {}, current.ruleSet) === key(withoutConfluentVersion(previous.metadata), previous.ruleSet);
  }
  if (ours !== undefined && theirs === undefined) {
    return ours === previousVersion
      && key(withoutConfluentVersion(current.metadata), current.ruleSet) === key(previous.metadata ?? {}, previous.ruleSet);
  }
  return key(current.metadata, current.ruleSet) === key(previous.metadata, previous.ruleSet);
}
