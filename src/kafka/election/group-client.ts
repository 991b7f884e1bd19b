// The raw group-membership calls the election needs (FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup)
// with any protocol type, on @platformatic/kafka's client base so bootstrap, TLS, SASL and API-version
// negotiation are the library's. Its high-level Consumer hardcodes protocol type "consumer"; we need "sr".
import {
  Base, FindCoordinatorKeyTypes, kGetApi, kGetBootstrapConnection, kGetConnection, ResponseError,
  type BaseOptions, type Broker, type Connection,
  type findCoordinatorV6, type heartbeatV4, type joinGroupV9, type leaveGroupV5, type syncGroupV5,
} from '@platformatic/kafka';

type ApiOf<M extends { api: unknown }> = M['api'];

export interface JoinResult {
  readonly memberId: string;
  readonly generationId: number;
  readonly leader: string;
  readonly protocolName: string | null;
  readonly members: readonly { memberId: string; metadata: Buffer }[];
}

/** A Kafka protocol error by name (e.g. REBALANCE_IN_PROGRESS), with the response that carried it. */
export class GroupError extends Error {
  override readonly name = 'GroupError';
  readonly apiId: string;
  readonly response: unknown;
  constructor(apiId: string, message: string, response: unknown) {
    super(message);
    this.apiId = apiId;
    this.response = response;
  }
}

function translate(error: unknown): never {
  if (error instanceof ResponseError) {
    const inner = error.errors[0] as { apiId?: string; message?: string } | undefined;
    throw new GroupError(inner?.apiId ?? 'UNKNOWN', inner?.message ?? error.message, (error as { response?: unknown }).response);
  }
  throw error;
}

export class GroupClient extends Base<BaseOptions> {
  #coordinator: Broker | undefined;

  #api<A>(name: string): Promise<A> {
    return new Promise((resolve, reject) => {
      this[kGetApi](name, (error, api) => (error ? reject(error) : resolve(api as A)));
    });
  }

  #bootstrap(): Promise<Connection> {
    return new Promise((resolve, reject) => {
      this[kGetBootstrapConnection]((error, connection) => (error ? reject(error) : resolve(connection!)));
    });
  }

  async #coordinatorConnection(groupId: string): Promise<Connection> {
    if (!this.#coordinator) {
      const find = await this.#api<ApiOf<typeof findCoordinatorV6>>('FindCoordinator');
      const response = await find.async(await this.#bootstrap(), FindCoordinatorKeyTypes.GROUP, [groupId]).catch(translate);
      const found = response.coordinators.find((c) => c.key === groupId) ?? response.coordinators[0];
      if (!found || found.errorCode !== 0) throw new GroupError('COORDINATOR_NOT_AVAILABLE', 'The group coordinator is not available', response);
      this.#coordinator = { host: found.host, port: found.port };
    }
    const broker = this.#coordinator;
    return new Promise((resolve, reject) => {
      this[kGetConnection](broker, (error, connection) => (error ? reject(error) : resolve(connection!)));
    });
  }

  /** Forget the coordinator (after NOT_COORDINATOR or a network error), so the next call looks it up again. */
  resetCoordinator(): void {
    this.#coordinator = undefined;
  }

  async join(request: {
    groupId: string; memberId: string; sessionTimeoutMs: number; rebalanceTimeoutMs: number;
    protocolType: string; protocols: { name: string; metadata: Buffer }[];
  }): Promise<JoinResult> {
    const api = await this.#api<ApiOf<typeof joinGroupV9>>('JoinGroup');
    const connection = await this.#coordinatorConnection(request.groupId);
    const response = await api.async(connection, request.groupId, request.sessionTimeoutMs, request.rebalanceTimeoutMs,
      request.memberId, null, request.protocolType, request.protocols, null).catch(translate);
    return {
      memberId: response.memberId, generationId: response.generationId, leader: response.leader,
      protocolName: response.protocolName ?? null,
      members: response.members.map((m) => ({ memberId: m.memberId, metadata: m.metadata })),
    };
  }

  async sync(request: {
    groupId: string; generationId: number; memberId: string; protocolType: string; protocolName: string;
    assignments: { memberId: string; assignment: Buffer }[];
  }): Promise<Buffer> {
    const api = await this.#api<ApiOf<typeof syncGroupV5>>('SyncGroup');
    const connection = await this.#coordinatorConnection(request.groupId);
    const response = await api.async(connection, request.groupId, request.generationId, request.memberId, null,
      request.protocolType, request.protocolName, request.assignments).catch(translate);
    return response.assignment;
  }

  async heartbeat(request: { groupId: string; generationId: number; memberId: string }): Promise<void> {
    const api = await this.#api<ApiOf<typeof heartbeatV4>>('Heartbeat');
    const connection = await this.#coordinatorConnection(request.groupId);
    await api.async(connection, request.groupId, request.generationId, request.memberId, null).catch(translate);
  }

  async leave(request: { groupId: string; memberId: string }): Promise<void> {
    const api = await this.#api<ApiOf<typeof leaveGroupV5>>('LeaveGroup');
    const connection = await this.#coordinatorConnection(request.groupId);
    await api.async(connection, request.groupId, [{ memberId: request.memberId }]).catch(translate);
  }
}
