// What went wrong in a Kafka call, in the terms Confluent's REST Proxy maps to HTTP (rest-utils KafkaExceptionMapper
// switches on the Java exception class; each class is one Kafka protocol error, so we switch on the error's name).
import { NetworkError, TimeoutError } from '@platformatic/kafka';

export interface KafkaFailure {
  /** The Kafka protocol error name (e.g. TOPIC_ALREADY_EXISTS); undefined when the call failed for another reason. */
  readonly id: string | undefined;
  /** The broker's own message when it sent one (as the Java client's exception message), else the error's. */
  readonly message: string;
  readonly retriable: boolean;
  /** The cluster could not be reached (connection refused, closed, timed out). */
  readonly unreachable: boolean;
}

interface ErrorShape {
  apiId?: unknown;
  serverErrorMessage?: unknown;
  canRetry?: unknown;
  errors?: unknown;
  cause?: unknown;
  message?: unknown;
}

/** Finds the first protocol error (with its server message) inside the client's nested errors. */
export function kafkaFailure(error: unknown): KafkaFailure {
  const seen = new Set<unknown>();
  let unreachable = false;
  const visit = (e: unknown): KafkaFailure | undefined => {
    if (!e || typeof e !== 'object' || seen.has(e)) return undefined;
    seen.add(e);
    if (e instanceof NetworkError || e instanceof TimeoutError) unreachable = true;
    const shape = e as ErrorShape;
    // The client's own metadata lookup reports a missing topic as a UserError with this text, not a protocol code.
    if (typeof shape.apiId !== 'string' && typeof shape.message === 'string' && shape.message.startsWith('Unknown topic ')) {
      return { id: 'UNKNOWN_TOPIC_OR_PARTITION', message: shape.message, retriable: false, unreachable: false };
    }
    if (typeof shape.apiId === 'string') {
      const server = typeof shape.serverErrorMessage === 'string' && shape.serverErrorMessage !== '' ? shape.serverErrorMessage : undefined;
      return {
        id: shape.apiId, message: server ?? String(shape.message ?? shape.apiId),
        retriable: shape.canRetry === true, unreachable: false,
      };
    }
    if (Array.isArray(shape.errors)) for (const inner of shape.errors) { const found = visit(inner); if (found) return found; }
    return visit(shape.cause);
  };
  const found = visit(error);
  if (found) return found;
  const message = error instanceof Error ? error.message : String(error);
  return { id: undefined, message, retriable: unreachable, unreachable };
}

/** True for Kafka's "unknown topic" answers, wherever the client nests them. */
export function isUnknownTopic(error: unknown): boolean {
  const { id } = kafkaFailure(error);
  return id === 'UNKNOWN_TOPIC_OR_PARTITION' || id === 'UNKNOWN_TOPIC_ID';
}
