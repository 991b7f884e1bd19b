// Consumer groups for the REST proxy's v3 API: listing, describing (members and their assignments), the group
// coordinator, and committed offsets, on the proxy's shared admin client.
import { FindCoordinatorKeyTypes, type Admin } from '@platformatic/kafka';

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

export class GroupAdmin {
  readonly #admin: () => Admin;

  constructor(admin: () => Admin) {
    this.#admin = admin;
  }

  async list(): Promise<string[]> {
    const groups = await this.#admin().listGroups({ types: ['classic', 'consumer'] });
    return [...groups.values()].filter((g) => isConsumerGroup(g.protocolType)).map((g) => g.id).sort();
  }

  async #coordinators(ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const found = await this.#admin().findCoordinator({ keyType: FindCoordinatorKeyTypes.GROUP, keys: [...ids] });
    return new Map(found.map((c) => [c.key, c.nodeId]));
  }

  /** The named groups that exist; Kafka describes an unknown id as a Dead group with no protocol type, which
   *  Confluent (ConsumerGroupManagerImpl) treats as absent. */
  async describe(ids: readonly string[]): Promise<GroupState[]> {
    if (ids.length === 0) return [];
    const [groups, coordinators] = await Promise.all([
      this.#admin().describeGroups({ groups: [...ids] }), this.#coordinators(ids),
    ]);
    const out: GroupState[] = [];
    for (const id of ids) {
      const group = groups.get(id);
      if (!group || !isConsumerGroup(group.protocolType)) continue;
      if (group.protocolType === '' && group.state === 'Dead') continue;
      out.push({
        id, simple: group.protocolType === '', assignor: group.protocol ?? '', state: STATES[group.state] ?? 'UNKNOWN',
        coordinator: coordinators.get(id) ?? null,
        members: [...group.members.values()].map((m) => ({
          consumerId: m.id, instanceId: m.groupInstanceId ?? null, clientId: m.clientId, host: m.clientHost,
          assignments: [...(m.assignments?.values() ?? [])]
            .flatMap((a) => a.partitions.map((partition) => ({ topic: a.topic, partition })))
            .sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1)),
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
