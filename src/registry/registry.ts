// The registry's use cases share this context: the state they read, the log they write to, and the settings.
// Writes run one at a time so that "next id" and "next version" are decided on a state no other write is changing.
import type { CompatibilityLevel } from '../core/compatibility.ts';
import { parseLevel } from '../core/compatibility.ts';
import type { ContractConfig, Json } from '../core/contracts.ts';
import { notReady } from '../core/errors.ts';
import type { Mode } from '../core/mode.ts';
import { SOLE_LEADER, type Leadership, type SchemaLog } from '../store/log.ts';
import type { LogRecord } from '../store/records.ts';
import type { RegistryState } from '../store/state.ts';
import { RecentSchemas } from './candidate.ts';

/** Thrown instead of writing on a node that does not lead; the HTTP layer forwards the request to the leader. */
export class NotLeader extends Error {
  override readonly name = 'NotLeader';
  readonly leaderUrl: string | null;
  constructor(leaderUrl: string | null) {
    super(leaderUrl ? `the leader is ${leaderUrl}` : 'no leader is known');
    this.leaderUrl = leaderUrl;
  }
}

export interface RegistryOptions {
  /** The compatibility level when none is stored (config key `compatibility`). */
  readonly defaultCompatibility: CompatibilityLevel;
  /** Whether this node has caught up with the log; before that, requests answer 503. */
  readonly isReady?: () => boolean;
  /** Whether this node leads; a sole leader when absent. */
  readonly leadership?: Leadership;
}

export class Registry {
  readonly state: RegistryState;
  readonly options: RegistryOptions;
  readonly recent = new RecentSchemas(10_000);
  private readonly log: SchemaLog;
  private queue: Promise<unknown> = Promise.resolve();
  /** The leadership generation whose write barrier has run (a sole leader needs none). */
  private barrier: number;

  constructor(state: RegistryState, log: SchemaLog, options: RegistryOptions) {
    this.state = state;
    this.log = log;
    this.options = options;
    this.barrier = options.leadership ? -1 : SOLE_LEADER.generation;
  }

  assertReady(): void {
    if (this.options.isReady && !this.options.isReady()) throw notReady();
  }

  get leadership(): Leadership {
    return this.options.leadership ?? SOLE_LEADER;
  }

  /**
   * Runs `work` after every earlier write finished; `work` decides on the current state and appends records.
   * Only the leader appends: elsewhere `append` throws NotLeader, after the local checks ran (so an answer that needs
   * no write, like an already registered schema, comes from this node). A new leader first appends a NOOP and waits
   * until it has read it back, so it decides ids and versions on everything the previous leader wrote.
   */
  write<T>(work: (append: (records: readonly LogRecord[]) => Promise<void>) => Promise<T>): Promise<T> {
    this.assertReady();
    const run = this.queue.then(async () => {
      const { leadership } = this;
      if (leadership.isLeader && this.barrier !== leadership.generation) {
        await this.log.append([{ keytype: 'NOOP', value: null }]);
        this.barrier = leadership.generation;
      }
      return work((records) => {
        if (!this.leadership.isLeader) throw new NotLeader(this.leadership.leaderUrl);
        return this.log.append(records);
      });
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** After another node wrote for us (a forwarded request): wait until this node has read that write. */
  catchUp(): Promise<void> {
    return this.log.catchUp();
  }

  compatibilityOf(subject: string | null): CompatibilityLevel {
    const own = subject === null ? undefined : this.state.configs.get(subject);
    const value = own ?? this.state.configs.get(null);
    return parseLevel(value?.compatibilityLevel) ?? this.options.defaultCompatibility;
  }

  /** A config field in force for `subject`: the subject's own, else the global one. Field by field, as Confluent's
   *  getConfigInScope merges its tiers (RestApiCompatibilityTest testGlobalNormalizeInheritedWhenSubjectConfigSet:
   *  a subject config that sets only a level keeps the global `normalize`). */
  private configField(subject: string, field: string): unknown {
    return this.state.configs.get(subject)?.[field] ?? this.state.configs.get(null)?.[field];
  }

  /** Whether schemas under `subject` are normalized without being asked (Confluent's config `normalize`). */
  normalizes(subject: string): boolean {
    return this.configField(subject, 'normalize') === true;
  }

  /** The config fields acting on data contracts under `subject`: compatibilityGroup, default/override metadata and
   *  ruleSet (stored as PUT /config validated them). */
  contractConfigOf(subject: string): ContractConfig {
    const text = (field: string) => this.configField(subject, field) as string | undefined;
    const object = (field: string) => this.configField(subject, field) as Json | undefined;
    return {
      compatibilityGroup: text('compatibilityGroup'),
      defaultMetadata: object('defaultMetadata'), overrideMetadata: object('overrideMetadata'),
      defaultRuleSet: object('defaultRuleSet'), overrideRuleSet: object('overrideRuleSet'),
    };
  }

  /** The mode in force (Confluent's getModeInScope): a global READONLY_OVERRIDE overrides every subject's own mode;
   *  otherwise the subject's own, else the global one. */
  modeOf(subject: string | null): Mode {
    const global = this.state.modes.get(null) ?? 'READWRITE';
    if (subject === null || global === 'READONLY_OVERRIDE') return global;
    return this.state.modes.get(subject) ?? global;
  }

  /** A subject's mode without falling back (Confluent's getMode): its own, or undefined; but a global
   *  READONLY_OVERRIDE is answered for every subject, with or without a mode of its own. */
  subjectModeOf(subject: string): Mode | undefined {
    const global = this.state.modes.get(null);
    return global === 'READONLY_OVERRIDE' ? global : this.state.modes.get(subject);
  }
}
