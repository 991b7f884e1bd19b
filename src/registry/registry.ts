// The registry's use cases share this context: the state they read, the log they write to, and the settings.
// Writes run one at a time so that "next id" and "next version" are decided on a state no other write is changing.
import type { CompatibilityLevel } from '../core/compatibility.ts';
import { parseLevel } from '../core/compatibility.ts';
import { notReady } from '../core/errors.ts';
import type { Mode } from '../core/mode.ts';
import type { SchemaLog } from '../store/log.ts';
import type { LogRecord } from '../store/records.ts';
import type { RegistryState } from '../store/state.ts';
import { RecentSchemas } from './candidate.ts';

export interface RegistryOptions {
  /** The compatibility level when none is stored (config key `compatibility`). */
  readonly defaultCompatibility: CompatibilityLevel;
  /** Whether this node has caught up with the log; before that, requests answer 503. */
  readonly isReady?: () => boolean;
}

export class Registry {
  readonly state: RegistryState;
  readonly options: RegistryOptions;
  readonly recent = new RecentSchemas(10_000);
  private readonly log: SchemaLog;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(state: RegistryState, log: SchemaLog, options: RegistryOptions) {
    this.state = state;
    this.log = log;
    this.options = options;
  }

  assertReady(): void {
    if (this.options.isReady && !this.options.isReady()) throw notReady();
  }

  /** Runs `work` after every earlier write finished; `work` decides on the current state and appends records. */
  write<T>(work: (append: (records: readonly LogRecord[]) => Promise<void>) => Promise<T>): Promise<T> {
    this.assertReady();
    const run = this.queue.then(() => work((records) => this.log.append(records)));
    this.queue = run.catch(() => undefined);
    return run;
  }

  compatibilityOf(subject: string | null): CompatibilityLevel {
    const own = subject === null ? undefined : this.state.configs.get(subject);
    const value = own ?? this.state.configs.get(null);
    return parseLevel(value?.compatibilityLevel) ?? this.options.defaultCompatibility;
  }

  modeOf(subject: string | null): Mode {
    return (subject === null ? undefined : this.state.modes.get(subject)) ?? this.state.modes.get(null) ?? 'READWRITE';
  }
}
