// Kafka failures in REST proxy requests, as Confluent's REST Proxy maps them (KafkaExceptionMapper).
import {
  ApiError, kafkaAuthenticationFailed, kafkaAuthorizationFailed, kafkaError, partitionNotFound, topicNotFound,
} from '../../core/errors.ts';
import { isUnknownTopic, kafkaFailure } from '../../kafka/kafka-failure.ts';

export function proxyError(error: unknown, options: { partition?: boolean } = {}): ApiError {
  if (error instanceof ApiError) return error;
  const { id: name, message } = kafkaFailure(error);
  // A topic the caller may not describe is not found, as Karapace answers it under rest_authorization (v2 only:
  // the v3 API answers 403, as Confluent's).
  if (isUnknownTopic(error) || name === 'TOPIC_AUTHORIZATION_FAILED') return options.partition ? partitionNotFound() : topicNotFound();
  // KafkaExceptionMapper: AuthenticationException 401, other AuthorizationExceptions 403 (groups, the cluster).
  if (name === 'SASL_AUTHENTICATION_FAILED' || name === 'ILLEGAL_SASL_STATE') return kafkaAuthenticationFailed(message);
  if (name?.endsWith('_AUTHORIZATION_FAILED')) return kafkaAuthorizationFailed(message);
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
