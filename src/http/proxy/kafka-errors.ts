// Kafka failures in REST proxy requests, as Confluent's REST Proxy maps them (KafkaExceptionMapper).
import { ApiError, kafkaError, partitionNotFound, topicNotFound } from '../../core/errors.ts';
import { isUnknownTopic, kafkaFailure } from '../../kafka/kafka-failure.ts';

export function proxyError(error: unknown, options: { partition?: boolean } = {}): ApiError {
  if (error instanceof ApiError) return error;
  if (isUnknownTopic(error)) return options.partition ? partitionNotFound() : topicNotFound();
  const name = kafkaFailure(error).id;
  if (name === 'LEADER_NOT_AVAILABLE' || name === 'NOT_LEADER_OR_FOLLOWER') return new ApiError(50003, `Kafka error: ${name}`);
  return kafkaError(error instanceof Error ? error.message : String(error));
}

/** Runs `work`, turning Kafka failures into catalogue errors. */
export async function withKafka<T>(work: () => Promise<T>, options: { partition?: boolean } = {}): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw proxyError(error, options);
  }
}
