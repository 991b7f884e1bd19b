// The baseline of `npm run bench:rest`: the same Kafka client the proxy uses (@platformatic/kafka), in this process,
// producing the same record bytes with the same concurrency as the HTTP connections, so the ratio shows what the
// REST layer costs and nothing else.
import { Producer } from '@platformatic/kafka';

export interface DirectRecord {
  readonly key: Buffer | undefined;
  readonly value: Buffer;
}

/** Records per second a producer reaches sending `batch` repeatedly from `concurrency` loops for `seconds`. */
export async function directThroughput(options: {
  bootstrap: string; topic: string; batch: readonly DirectRecord[]; concurrency: number; seconds: number;
}): Promise<number> {
  // The proxy's defaults: acks=1 (producer_acks), no compression, no linger.
  const producer = new Producer({ clientId: 'bench-direct', bootstrapBrokers: [options.bootstrap], acks: 1, autocreateTopics: false });
  const messages = options.batch.map((r) => ({ topic: options.topic, key: r.key, value: r.value }));
  try {
    await producer.send({ messages, acks: 1 }); // connect and warm up
    const deadline = Date.now() + options.seconds * 1000;
    let sent = 0;
    const loop = async () => {
      while (Date.now() < deadline) {
        await producer.send({ messages, acks: 1 });
        sent += messages.length;
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: options.concurrency }, loop));
    return sent / ((Date.now() - started) / 1000);
  } finally {
    await producer.close();
  }
}
