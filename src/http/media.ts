// Content negotiation. Each route belongs to one API profile (the registry, the REST proxy's v2 or v3 API) and
// answers in that profile's media types: Confluent's registry answers application/vnd.schemaregistry.v1+json, the
// REST proxy's v2 API application/vnd.kafka.v2+json (or the embedded-format type a consumer asks for), v3 JSON.
import { notAcceptable } from '../core/errors.ts';

export const SCHEMA_REGISTRY_V1 = 'application/vnd.schemaregistry.v1+json';
export const KAFKA_V2 = 'application/vnd.kafka.v2+json';
export const JSON_TYPE = 'application/json';

/** The API a route belongs to; set per route as `config: { api: 'proxy-v2' }`, the registry by default.
 *  `text`: a route that answers its own type whatever the client accepts (GET /metrics). */
export type Api = 'registry' | 'proxy-v2' | 'proxy-v3' | 'text';

/** The v2 embedded-format media types, e.g. application/vnd.kafka.avro.v2+json. */
export const EMBEDDED_FORMATS = ['binary', 'json', 'avro', 'jsonschema', 'protobuf'] as const;
export type EmbeddedFormat = (typeof EMBEDDED_FORMATS)[number];
export const embeddedType = (format: EmbeddedFormat) => `application/vnd.kafka.${format}.v2+json`;

const RESPONSE_TYPES: Record<Api, readonly string[]> = {
  registry: [SCHEMA_REGISTRY_V1, 'application/vnd.schemaregistry+json', JSON_TYPE],
  'proxy-v2': [KAFKA_V2, 'application/vnd.kafka+json', JSON_TYPE, ...EMBEDDED_FORMATS.map(embeddedType)],
  'proxy-v3': [JSON_TYPE],
  text: ['text/plain'],
};

/** Request bodies we parse as JSON: the registry's four types, and the REST proxy's v2 types. */
export const REQUEST_TYPES = [
  SCHEMA_REGISTRY_V1, 'application/vnd.schemaregistry+json', JSON_TYPE, 'application/octet-stream',
  KAFKA_V2, 'application/vnd.kafka+json', ...EMBEDDED_FORMATS.map(embeddedType),
];

/** The response media type for an Accept header; 406 when it names none the route's API can send. */
export function negotiate(accept: string | undefined, api: Api = 'registry'): string {
  const types = RESPONSE_TYPES[api];
  const preferred = types[0]!;
  if (api === 'text') return preferred;
  if (accept === undefined || accept === '' || accept === '*/*' || accept === preferred) return preferred;
  let best: string | undefined;
  let bestQ = 0;
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.trim().split(';');
    const type = mediaRange(range);
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!(q > 0)) continue;
    const match = type.startsWith('*/') || type === 'application/*' ? preferred : types.find((t) => t === type);
    if (match && (q > bestQ || (q === bestQ && best !== undefined && types.indexOf(match) < types.indexOf(best)))) {
      best = match;
      bestQ = q;
    }
  }
  if (!best) throw notAcceptable(accept);
  return best;
}

/** A media range as Jersey reads it: a type without a subtype means any subtype (so a lone star, which some clients
 *  send, is the full wildcard); a wildcard type then matches any type whatever subtype follows it (Jersey's
 *  MediaType.isCompatible). */
function mediaRange(text: string): string {
  const range = text.trim().toLowerCase();
  return range.includes('/') ? range : `${range}/*`;
}

/** The text of a JSON request body. Confluent reads bodies with Jackson, which ignores the `charset` parameter and
 *  detects the encoding from the bytes (ByteSourceJsonBootstrapper, as RFC 4627 describes): a byte-order mark, else
 *  where the zero bytes of the first four fall; UTF-8 otherwise. So `charset=utf-16` with a BOM, `utf-16le` or
 *  `utf-16be` without one, and an unknown charset all read as Confluent reads them. */
export function jsonBodyText(bytes: Buffer): string {
  const [b0, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return bytes.toString('utf8', 3);
  if (b0 === 0x00 && b1 === 0x00 && b2 === 0xfe && b3 === 0xff) return utf32(bytes.subarray(4), false);
  if (b0 === 0xff && b1 === 0xfe && b2 === 0x00 && b3 === 0x00) return utf32(bytes.subarray(4), true);
  if (b0 === 0xfe && b1 === 0xff) return utf16be(bytes.subarray(2));
  if (b0 === 0xff && b1 === 0xfe) return bytes.toString('utf16le', 2);
  if (bytes.length >= 4) {
    if (b0 === 0 && b1 === 0 && b2 === 0 && b3 !== 0) return utf32(bytes, false);
    if (b0 !== 0 && b1 === 0 && b2 === 0 && b3 === 0) return utf32(bytes, true);
    if (b0 === 0 && b1 !== 0 && b2 === 0 && b3 !== 0) return utf16be(bytes);
    if (b0 !== 0 && b1 === 0 && b2 !== 0 && b3 === 0) return bytes.toString('utf16le');
  }
  return bytes.toString('utf8');
}

function utf16be(bytes: Buffer): string {
  const swapped = Buffer.from(bytes.subarray(0, bytes.length & ~1));
  return swapped.swap16().toString('utf16le');
}

function utf32(bytes: Buffer, littleEndian: boolean): string {
  let text = '';
  for (let i = 0; i + 4 <= bytes.length; i += 4) {
    const code = littleEndian ? bytes.readUInt32LE(i) : bytes.readUInt32BE(i);
    text += code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
  }
  return text;
}
