// Consumer lag as Confluent's ConsumerLagManagerImpl computes it: one entry per partition the group has committed an
// offset for (partitions without a log end offset are skipped), with the member that holds the partition, if any.
import type { GroupState } from '../kafka/admin-groups.ts';
import type { ConsumerLag } from './v3-resources.ts';

export function consumerLags(
  group: GroupState,
  committed: ReadonlyMap<string, { topic: string; partition: number; offset: number }>,
  logEnd: ReadonlyMap<string, number>,
): ConsumerLag[] {
  const holder = new Map<string, GroupState['members'][number]>();
  for (const member of group.members) for (const a of member.assignments) holder.set(`${a.topic}/${a.partition}`, member);
  const lags: ConsumerLag[] = [];
  for (const [key, c] of committed) {
    const end = logEnd.get(key);
    if (end === undefined) continue;
    const member = holder.get(key);
    lags.push({
      topic: c.topic, partition: c.partition, currentOffset: c.offset, logEndOffset: end,
      consumerId: member?.consumerId ?? '', instanceId: member?.instanceId ?? null, clientId: member?.clientId ?? '',
    });
  }
  return lags.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
}
