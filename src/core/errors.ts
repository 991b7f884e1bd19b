// The one error catalogue. Every error the server answers is made here, with Confluent's error_code and message;
// the HTTP status is derived from the code (first three digits), and one handler in src/http renders it.

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: number;
  readonly status: number;

  constructor(code: number, message: string) {
    super(message);
    this.code = code;
    this.status = code < 1000 ? code : Number(String(code).slice(0, 3));
  }
}

const quote = (s: string) => `'${s}'`;

// Generic HTTP errors (Confluent's rest-utils: error_code equals the status).
export const routeNotFound = () => new ApiError(404, 'HTTP 404 Not Found');
export const methodNotAllowed = () => new ApiError(405, 'HTTP 405 Method Not Allowed');
export const malformedBody = (detail: string) => new ApiError(400, `Unrecognized request body: ${detail}`);
export const missingBody = () => new ApiError(422, 'Request body is missing or empty');
// Jersey's bare status texts, as rest-utils answers them (Karapace's test_http_headers checks them verbatim): the
// refused header value is not part of the message.
export const notAcceptable = (_accept?: string) => new ApiError(406, 'HTTP 406 Not Acceptable');
export const unsupportedMediaType = (_type?: string) => new ApiError(415, 'HTTP 415 Unsupported Media Type');
export const bodyTooLarge = (limit: number) => new ApiError(413, `Request body is larger than ${limit} bytes`);
export const internalError = () => new ApiError(500, 'Internal Server Error');
export const unauthorized = () => new ApiError(401, 'Unauthorized');
export const forbidden = () => new ApiError(403, 'Forbidden');
export const notReady = () => new ApiError(503, 'The registry is still reading its schemas topic; try again shortly');

// Schema Registry (io.confluent.kafka.schemaregistry.rest.exceptions.Errors).
export const subjectNotFound = (subject: string) => new ApiError(40401, `Subject ${quote(subject)} not found.`);
export const versionNotFound = (version: number | string) => new ApiError(40402, `Version ${version} not found.`);
export const schemaNotFound = (id?: number) => new ApiError(40403, id === undefined ? 'Schema not found' : `Schema ${id} not found`);
export const subjectSoftDeleted = (subject: string) =>
  new ApiError(40404, `Subject ${quote(subject)} was soft deleted.Set permanent=true to delete permanently`);
export const subjectNotSoftDeleted = (subject: string) =>
  new ApiError(40405, `Subject ${quote(subject)} was not deleted first before being permanently deleted`);
export const versionSoftDeleted = (subject: string, version: number) =>
  new ApiError(40406, `Subject ${quote(subject)} Version ${version} was soft deleted.Set permanent=true to delete permanently`);
export const versionNotSoftDeleted = (subject: string, version: number) =>
  new ApiError(40407, `Subject ${quote(subject)} Version ${version} was not deleted first before being permanently deleted`);
export const subjectCompatibilityNotConfigured = (subject: string) =>
  new ApiError(40408, `Subject ${quote(subject)} does not have subject-level compatibility configured`);
export const subjectModeNotConfigured = (subject: string) =>
  new ApiError(40409, `Subject ${quote(subject)} does not have subject-level mode configured`);
export const incompatibleSchema = (subject: string, details: readonly string[]) =>
  new ApiError(409, `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [${details.join(', ')}]`);
export const invalidSchema = (message: string) => new ApiError(42201, message);
export const invalidVersion = (version: string) =>
  new ApiError(42202, `The specified version '${version}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`);
export const invalidCompatibilityLevel = () =>
  new ApiError(42203, 'Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive');
export const invalidConfig = (detail: string) => new ApiError(42203, `Invalid config: ${detail}`);
export const invalidMode = () => new ApiError(42204, 'Invalid mode. Valid values are READWRITE, READONLY, READONLY_OVERRIDE, and IMPORT.');
export const operationNotPermitted = (message: string) => new ApiError(42205, message);
export const referenceExists = (subject: string, version: number) =>
  new ApiError(42206, `One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=${subject},version=${version}}.`);
export const invalidSubject = (subject: string) => new ApiError(42208, `The specified subject '${subject}' is not a valid.`);
export const schemaTooLarge = () => new ApiError(42209, 'Register operation failed because schema is too large');
/** RestInvalidRuleSetException: the message is RuleSet.validate's own (e.g. `Missing rule type`). */
export const invalidRuleSet = (message: string) => new ApiError(42210, message);
export const storeError = (what: string) => new ApiError(50001, `Error while ${what} in the backend Kafka store`);
export const storeTimeout = (what: string) => new ApiError(50002, `${what} operation timed out`);
export const forwardingFailed = () => new ApiError(50003, 'Error while forwarding the request to the leader');
export const leaderUnknown = () => new ApiError(50004, 'Leader not known.');

// Kafka REST Proxy, v2 API (io.confluent.kafkarest.Errors, rest-utils' KafkaExceptionMapper). The v3 API sends
// the HTTP status as error_code, e.g. new ApiError(404, `Topic ${t} cannot be found.`); its factories sit below.
export const topicNotFound = () => new ApiError(40401, 'Topic not found.');
export const partitionNotFound = () => new ApiError(40402, 'Partition not found.');
export const consumerInstanceNotFound = () => new ApiError(40403, 'Consumer instance not found.');
export const leaderNotAvailable = () => new ApiError(40404, 'Leader not available.');
export const consumerGroupNotFound = () => new ApiError(40405, 'Consumer group id not found.');
export const consumerFormatMismatch = () =>
  new ApiError(40601, 'The requested embedded data format does not match the deserializer for this consumer instance');
export const consumerAlreadyExists = () =>
  new ApiError(40902, 'Consumer with specified consumer ID already exists in the specified consumer group.');
export const consumerConfigConstraint = (detail: string) => new ApiError(40001, detail);
export const kafkaBadRequest = (detail: string) => new ApiError(40002, detail);
export const serializationFailed = (detail: string) => new ApiError(40801, detail);
export const alreadySubscribed = (detail: string) => new ApiError(40901, detail);
export const illegalState = (detail: string) => new ApiError(40903, `Illegal state: ${detail}`);
export const keySchemaMissing = () => new ApiError(42201, 'Request includes keys but does not include key schema');
export const valueSchemaMissing = () => new ApiError(42202, 'Request includes values but does not include value schema');
export const jsonConversionFailed = (detail: string) => new ApiError(42203, `Conversion of JSON to Object failed: ${detail}`);
export const invalidConsumerConfig = (detail: string) => new ApiError(42204, `Invalid consumer configuration: ${detail}`);
export const invalidProxySchema = (detail: string) => new ApiError(42205, `Invalid schema: ${detail}`);
export const payloadError = (detail: string) => new ApiError(42206, `Payload error. ${detail}`);
export const messageSerializationFailed = (detail: string) => new ApiError(42207, `Error serializing message. ${detail}`);
export const kafkaError = (detail: string) => new ApiError(50002, `Kafka error: ${detail}`);
export const kafkaRetriable = (detail: string) => new ApiError(50003, detail);
export const brokerNotAvailable = () => new ApiError(50302, 'Broker not available.');

// REST Proxy v3 (io.confluent.kafkarest.resources.v3): a missing resource answers 404 with error_code 404 (rest-utils'
// WebApplicationExceptionMapper; a bare NotFoundException says "HTTP 404 Not Found"), the managers' own messages
// where they check a parent first (Entities.checkEntityExists). Kafka failures keep KafkaExceptionMapper's codes:
// 40002 bad request, 40101, 40301, 40403 unknown topic or partition, 50002, 50003 retriable, 50302.
export const v3NotFound = () => new ApiError(404, 'HTTP 404 Not Found');
export const v3ClusterNotFound = (cluster: string) => new ApiError(404, `Cluster ${cluster} cannot be found.`);
/** ConsumerGroupManagerImpl and the lag managers spell it differently from the other managers. */
export const v3ClusterCouldNotBeFound = (cluster: string) => new ApiError(404, `Cluster ${cluster} could not be found.`);
export const v3BrokerNotFound = (broker: number | string) => new ApiError(404, `Broker ${broker} cannot be found.`);
export const v3ConfigNotFound = (name: string, type: 'TOPIC' | 'BROKER', resource: string, cluster: string) =>
  new ApiError(404, `Config ${name} cannot be found for ${type} ${resource} in cluster ${cluster}.`);
export const v3ConsumerGroupNotFound = (group: string) => new ApiError(404, `Consumer Group ${group} could not be found.`);
export const v3ConsumerGroupOffsetsNotFound = () => new ApiError(404, 'Consumer group offsets could not be found.');
/** UnknownTopicOrPartitionException through KafkaExceptionMapper: 404 with Kafka's own message. */
export const v3UnknownTopicOrPartition = (message = 'This server does not host this topic-partition.') => new ApiError(40403, message);
export const v3BadRequest = (message: string) => new ApiError(400, message);
export const kafkaAuthenticationFailed = (message: string) => new ApiError(40101, message);
export const kafkaAuthorizationFailed = (message: string) => new ApiError(40301, message);
/** Any other Kafka failure in the v3 API: KafkaExceptionMapper's 50002 with the exception's own message. */
export const v3KafkaError = (message: string) => new ApiError(50002, message);

// Karapace's operator endpoint POST /internal/tls/reload (karapace/api/routers/tls.py), as our JSON errors.
export const tlsReloadTokenNotConfigured = () => new ApiError(503, 'TLS reload token is not configured');
export const tlsReloadTokenInvalid = () => new ApiError(403, 'Invalid TLS reload token');
export const tlsReloadFailed = (message: string) => new ApiError(500, message || 'Failed to reload TLS context');
