// Where records go. The Kafka log (src/kafka/schema-log.ts) is the real one; the in-memory log applies records
// through the same codec at once, so registry logic can be tested fast and without Kafka.
import { decodeRecord, encodeRecord, type LogRecord } from './records.ts';
import type { RegistryState } from './state.ts';

export interface SchemaLog {
  /** Appends the records in order; resolves once this node's state has applied all of them. */
  append(records: readonly LogRecord[]): Promise<void>;
  /** Resolves once this node's state holds every record on the log now (after a write another node made). */
  catchUp(): Promise<void>;
}

/** Who may append: the one leader of the registry group (src/kafka/election implements it). */
export interface Leadership {
  readonly isLeader: boolean;
  /** The leader's URL (this node's own when it leads), or null when no leader is known. */
  readonly leaderUrl: string | null;
  /** Changes whenever leadership changes, so a new leader knows to read the log to its end before writing. */
  readonly generation: number;
}

/** A single node with nobody to share the log with (tests on the in-memory log). */
export const SOLE_LEADER: Leadership = { isLeader: true, leaderUrl: null, generation: 0 };

export class MemorySchemaLog implements SchemaLog {
  /** Every record as it would be on the topic. */
  readonly records: { key: Buffer; value: Buffer | null }[] = [];
  private readonly state: RegistryState;

  constructor(state: RegistryState) {
    this.state = state;
  }

  async append(records: readonly LogRecord[]): Promise<void> {
    for (const record of records) {
      const bytes = encodeRecord(record, this.state.keyStyle);
      this.records.push(bytes);
      const decoded = decodeRecord(bytes.key, bytes.value, this.state.keyStyle);
      if (!decoded) throw new Error(`record does not round-trip: ${bytes.key.toString()}`);
      this.state.apply(decoded, this.records.length - 1, Date.now());
    }
  }

  async catchUp(): Promise<void> {}
}
