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
  return lags.sort(byLagThenPartition);
}

const lagOf = (l: ConsumerLag) => l.logEndOffset - l.currentOffset;

/** ConsumerLagsResource.listConsumerLags: the largest lag first, then by topic name and partition id. */
export function byLagThenPartition(a: ConsumerLag, b: ConsumerLag): number {
  return lagOf(b) - lagOf(a) || byPartition(a, b);
}

/** Topic name (Java's String.compareTo, by UTF-16 code units), then partition id. */
export function byPartition(a: { topic: string; partition: number }, b: { topic: string; partition: number }): number {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  return a.partition - b.partition;
}
