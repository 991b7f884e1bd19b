// Raw records in a registry's storage topic, for tests that write what Confluent or Karapace wrote (or worse) and
// read back what the registry wrote.
import assert from 'node:assert/strict';
import { Admin, Consumer, Producer } from '@platformatic/kafka';
import { kafkaBootstrap } from './harness.ts';

/** A record's key and value as text; a null value is a tombstone, "" an empty value (Karapace's delete). */
export type RawRecord = readonly [key: string | null, value: string | null];

/** Creates `topic` as the registry would (one compacted partition), unless it exists, and writes the records one per
 *  send, so their order is kept. */
export async function produceRaw(topic: string, records: readonly RawRecord[]): Promise<void> {
  const bootstrap = await kafkaBootstrap();
  const admin = new Admin({ clientId: 'raw-admin', bootstrapBrokers: [bootstrap] });
  await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1, configs: [{ name: 'cleanup.policy', value: 'compact' }] })
    .catch(() => undefined);
  await admin.close();
  const producer = new Producer({ clientId: 'raw-producer', bootstrapBrokers: [bootstrap] });
  try {
    for (const [key, value] of records) {
      await producer.send({
        messages: [{ topic, partition: 0, key: key === null ? undefined : Buffer.from(key), value: value === null ? undefined : Buffer.from(value) }],
      });
    }
  } finally {
    await producer.close();
  }
}

/** Every record of `topic` (its first MiB) as text. */
export async function readRaw(topic: string): Promise<RawRecord[]> {
  const bootstrap = await kafkaBootstrap();
  const consumer = new Consumer({ clientId: 'raw-reader', groupId: `raw-${topic}`, bootstrapBrokers: [bootstrap] });
  try {
    const metadata = await consumer.metadata({ topics: [topic] });
    const t = metadata.topics.get(topic);
    assert.ok(t);
    const response = await consumer.fetch({
      node: t.partitions[0]?.leader ?? 1,
      topics: [{ topicId: t.id, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0n, lastFetchedEpoch: -1, partitionMaxBytes: 1 << 20 }] }],
    });
    return (response.responses[0]?.partitions[0]?.records ?? [])
      .flatMap((b) => b.records.map((r): RawRecord => [r.key?.toString() ?? null, r.value?.toString() ?? null]));
  } finally {
    await consumer.close(true);
  }
}
