// Consumer groups for the REST proxy's v3 API: listing, describing (members and their assignments), the group
// coordinator, and committed offsets, on the proxy's admin client. Groups are described with the raw
// DescribeGroups request: the library's describeGroups decodes every member's metadata as the consumer protocol and
// throws outside any callback (killing the process) on other protocols, such as the registry's "sr" group.
import {
  decodeConsumerProtocolAssignment, FindCoordinatorKeyTypes, kGetApi, kGetConnection,
  type Admin, type Connection, type describeGroupsV5,
} from '@platformatic/kafka';

type DescribeGroupsApi = (typeof describeGroupsV5)['api'];
type RawGroup = describeGroupsV5.DescribeGroupsResponseGroup;

export interface GroupMemberState {
  readonly consumerId: string;
  readonly instanceId: string | null;
  readonly clientId: string;
  readonly host: string;
  readonly assignments: readonly { topic: string; partition: number }[];
}

export interface GroupState {
  readonly id: string;
  /** Java's ConsumerGroupDescription.isSimpleConsumerGroup(): a group with an empty protocol type (offsets only). */
  readonly simple: boolean;
  readonly assignor: string;
  /** Confluent's ConsumerGroup.State names: STABLE, EMPTY, DEAD, PREPARING_REBALANCE, COMPLETING_REBALANCE, UNKNOWN. */
  readonly state: string;
  readonly coordinator: number | null;
  readonly members: readonly GroupMemberState[];
}

const STATES: Record<string, string> = {
  Stable: 'STABLE', Empty: 'EMPTY', Dead: 'DEAD', PreparingRebalance: 'PREPARING_REBALANCE',
  CompletingRebalance: 'COMPLETING_REBALANCE', Assigning: 'ASSIGNING', Reconciling: 'RECONCILING',
};

/** Groups of the consumer protocol: Java's listConsumerGroups leaves out groups of other protocols (e.g. the
 *  registry's "sr" election group). */
const isConsumerGroup = (protocolType: string) => protocolType === 'consumer' || protocolType === '';

/** A member's partitions from its consumer-protocol assignment; none when it has none yet or it does not decode. */
function assignmentsOf(bytes: Buffer | null | undefined): { topic: string; partition: number }[] {
  if (!bytes || bytes.length === 0) return [];
  try {
    return decodeConsumerProtocolAssignment(bytes).assignedPartitions
      .flatMap((a) => a.partitions.map((partition) => ({ topic: a.topic, partition })))
      .sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
  } catch {
    return [];
  }
}

export class GroupAdmin {
  readonly #admin: () => Admin;

  constructor(admin: () => Admin) {
    this.#admin = admin;
  }

  async list(): Promise<string[]> {
    const groups = await this.#admin().listGroups({ types: ['classic', 'consumer'] });
    return [...groups.values()].filter((g) => isConsumerGroup(g.protocolType)).map((g) => g.id).sort();
  }

  async #coordinators(ids: readonly string[]): Promise<Map<string, { nodeId: number; host: string; port: number }>> {
    if (ids.length === 0) return new Map();
    const found = await this.#admin().findCoordinator({ keyType: FindCoordinatorKeyTypes.GROUP, keys: [...ids] });
    return new Map(found.map((c) => [c.key, { nodeId: c.nodeId, host: c.host, port: c.port }]));
  }

  async #rawDescribe(coordinator: { host: string; port: number }, ids: string[]): Promise<RawGroup[]> {
    const admin = this.#admin();
    const api = await new Promise<DescribeGroupsApi>((resolve, reject) => {
      admin[kGetApi]('DescribeGroups', (error, found) => (error ? reject(error) : resolve(found as DescribeGroupsApi)));
    });
    const connection = await new Promise<Connection>((resolve, reject) => {
      admin[kGetConnection](coordinator, (error, found) => (error ? reject(error) : resolve(found!)));
    });
    return (await api.async(connection, ids, false)).groups;
  }

  /** The named groups that exist; Kafka describes an unknown id as a Dead group with no protocol type, which
   *  Confluent (ConsumerGroupManagerImpl) treats as absent. */
  async describe(ids: readonly string[]): Promise<GroupState[]> {
    if (ids.length === 0) return [];
    const coordinators = await this.#coordinators(ids);
    // One DescribeGroups per coordinator, for the groups it coordinates.
    const byCoordinator = new Map<string, { broker: { host: string; port: number }; ids: string[] }>();
    for (const id of ids) {
      const c = coordinators.get(id);
      if (!c) continue;
      const key = `${c.host}:${c.port}`;
      const entry = byCoordinator.get(key) ?? { broker: { host: c.host, port: c.port }, ids: [] };
      entry.ids.push(id);
      byCoordinator.set(key, entry);
    }
    const answers = await Promise.all([...byCoordinator.values()].map((e) => this.#rawDescribe(e.broker, e.ids)));
    const raw = new Map(answers.flat().map((g) => [g.groupId, g]));
    const out: GroupState[] = [];
    for (const id of ids) {
      const group = raw.get(id);
      if (!group || group.errorCode !== 0 || !isConsumerGroup(group.protocolType)) continue;
      if (group.protocolType === '' && group.groupState === 'Dead') continue;
      out.push({
        id, simple: group.protocolType === '', assignor: group.protocolData ?? '', state: STATES[group.groupState] ?? 'UNKNOWN',
        coordinator: coordinators.get(id)?.nodeId ?? null,
        members: group.members.map((m) => ({
          consumerId: m.memberId, instanceId: m.groupInstanceId ?? null, clientId: m.clientId, host: m.clientHost,
          assignments: assignmentsOf(m.memberAssignment),
        })).sort((a, b) => (a.consumerId < b.consumerId ? -1 : a.consumerId > b.consumerId ? 1 : 0)),
      });
    }
    return out;
  }

  /** Committed offsets of a group (OffsetFetch for all its partitions), keyed `topic/partition`; partitions with no
   *  committed offset (-1) are left out, as the Java admin client leaves them out. */
  async committedOffsets(id: string): Promise<Map<string, { topic: string; partition: number; offset: number }>> {
    const [group] = await this.#admin().listConsumerGroupOffsets({ groups: [id] });
    const result = new Map<string, { topic: string; partition: number; offset: number }>();
    for (const topic of group?.topics ?? []) {
      for (const p of topic.partitions) {
        if (p.committedOffset < 0n) continue;
        result.set(`${topic.name}/${p.partitionIndex}`, { topic: topic.name, partition: p.partitionIndex, offset: Number(p.committedOffset) });
      }
    }
    return result;
  }
}
