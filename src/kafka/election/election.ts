// Leader election in the registry group (`group_id`, protocol type "sr", protocol "v0"), as an equal member beside
// Confluent Schema Registry and Karapace nodes. One loop: join, (as group leader) assign, sync, heartbeat until the
// group rebalances, and again. While a rebalance runs nobody is leader here, as in Confluent (onRevoked clears it).
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { Leadership } from '../../store/log.ts';
import { connectionOptions } from '../connection.ts';
import { assign, DUPLICATE_URLS, ownMetadata, readAssignment, urlOf, type Strategy } from './assignment.ts';
import { GroupClient, GroupError } from './group-client.ts';

const PROTOCOL_TYPE = 'sr';
const PROTOCOL_NAME = 'v0';

type ElectionConfig = Pick<Config, 'group_id' | 'session_timeout_ms' | 'heartbeat_interval_ms' | 'rebalance_timeout_ms'
  | 'master_eligibility' | 'master_election_strategy' | 'advertised_hostname' | 'advertised_port' | 'advertised_protocol'>
  & Parameters<typeof connectionOptions>[0];

/** Pause before joining again after Kafka or the coordinator failed. */
const RETRY_BACKOFF_MS = 500;

export class Election implements Leadership {
  isLeader = false;
  leaderUrl: string | null = null;
  /** Counts completed elections this node took part in; a change tells the registry to run its write barrier. */
  generation = 0;
  /** The group generation of the last completed join (Karapace's coordinator_generation_id). */
  groupGeneration = -1;
  readonly eligible: boolean;
  readonly ownUrl: string;

  readonly #config: ElectionConfig;
  readonly #logger: Logger;
  readonly #client: GroupClient;
  readonly #metadata: Buffer;
  #memberId = '';
  #running = false;
  #closed = false;
  #wake = new AbortController();
  #loop: Promise<void> = Promise.resolve();
  readonly #firstAssignment = Promise.withResolvers<void>();

  constructor(options: { config: ElectionConfig; logger: Logger }) {
    const { config } = options;
    this.#config = config;
    this.#logger = options.logger;
    this.eligible = config.master_eligibility;
    const identity = {
      host: config.advertised_hostname ?? '127.0.0.1', port: config.advertised_port ?? 8081, scheme: config.advertised_protocol,
    };
    this.ownUrl = urlOf(identity);
    this.#metadata = ownMetadata({ ...identity, eligible: this.eligible });
    // JoinGroup blocks until the rebalance completes, which may take up to the rebalance timeout.
    // Our client id is `client_id` itself, as Confluent's (client.id, sr-1) and Karapace's coordinators use theirs:
    // members then show as `sr-1-<uuid>` beside theirs.
    const base = connectionOptions(config);
    this.#client = new GroupClient({ ...base, requestTimeout: config.rebalance_timeout_ms + 5_000, retries: 0 });
  }

  /** Resolves when the first election completed (whoever won), or after `timeoutMs`; false on timeout. */
  async elected(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    return Promise.race([this.#firstAssignment.promise.then(() => true), timeout]).finally(() => clearTimeout(timer));
  }

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    this.#loop = this.#run();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#wake.abort();
    this.#set(false, null);
    if (this.#memberId) {
      // Leave at once, so the others need not wait a session timeout to elect a new leader.
      await this.#client.leave({ groupId: this.#config.group_id, memberId: this.#memberId }).catch(() => undefined);
    }
    await this.#client.close().catch(() => undefined);
    await this.#loop;
  }

  async #run(): Promise<void> {
    this.#running = true;
    while (!this.#closed) {
      try {
        await this.#joinAndServe();
      } catch (error) {
        if (this.#closed) break;
        this.#set(false, null);
        if (error instanceof GroupError) {
          if (error.apiId === 'MEMBER_ID_REQUIRED') {
            // KIP-394: the broker gives us a member id and wants the join repeated with it.
            this.#memberId = (error.response as { memberId?: string } | undefined)?.memberId ?? '';
            continue;
          }
          if (error.apiId === 'REBALANCE_IN_PROGRESS') continue;
          if (error.apiId === 'UNKNOWN_MEMBER_ID' || error.apiId === 'ILLEGAL_GENERATION' || error.apiId === 'FENCED_INSTANCE_ID') {
            this.#memberId = '';
            continue;
          }
          this.#logger.warn({ error: error.apiId, message: error.message }, 'leader election: group error, joining again');
        } else {
          this.#logger.warn({ err: error }, 'leader election: Kafka unreachable, joining again');
        }
        this.#client.resetCoordinator();
        await this.#sleep(RETRY_BACKOFF_MS);
      }
    }
    this.#running = false;
  }

  async #joinAndServe(): Promise<void> {
    const config = this.#config;
    const joined = await this.#client.join({
      groupId: config.group_id, memberId: this.#memberId, sessionTimeoutMs: config.session_timeout_ms,
      rebalanceTimeoutMs: config.rebalance_timeout_ms, protocolType: PROTOCOL_TYPE,
      protocols: [{ name: PROTOCOL_NAME, metadata: this.#metadata }],
    });
    this.#memberId = joined.memberId;
    const assignments = joined.leader === joined.memberId
      ? [...assign(joined.members, config.master_election_strategy as Strategy)].map(([memberId, assignment]) => ({ memberId, assignment }))
      : [];
    const assignment = await this.#client.sync({
      groupId: config.group_id, generationId: joined.generationId, memberId: joined.memberId,
      protocolType: PROTOCOL_TYPE, protocolName: joined.protocolName ?? PROTOCOL_NAME, assignments,
    });
    const outcome = readAssignment(assignment, { memberId: joined.memberId, eligible: this.eligible });
    if (outcome.error === DUPLICATE_URLS) {
      this.#logger.error({ url: this.ownUrl }, 'leader election: two eligible members advertise the same URL; nobody leads until that is fixed');
    }
    this.groupGeneration = joined.generationId;
    this.#set(outcome.isLeader, outcome.leaderUrl);
    this.#firstAssignment.resolve();
    this.#logger.info({ leader: outcome.leaderUrl, isLeader: outcome.isLeader, generation: joined.generationId, members: joined.members.length || undefined },
      'leader election: assignment received');

    while (!this.#closed) {
      await this.#sleep(config.heartbeat_interval_ms);
      if (this.#closed) return;
      await this.#client.heartbeat({ groupId: config.group_id, generationId: joined.generationId, memberId: joined.memberId });
    }
  }

  #set(isLeader: boolean, leaderUrl: string | null): void {
    if (isLeader !== this.isLeader || leaderUrl !== this.leaderUrl) this.generation += 1;
    this.isLeader = isLeader;
    this.leaderUrl = isLeader ? this.ownUrl : leaderUrl;
  }

  #sleep(ms: number): Promise<void> {
    if (this.#wake.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const signal = this.#wake.signal;
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
  }
}
