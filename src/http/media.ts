// Content negotiation as Confluent's registry does it: four request types, all JSON; responses in
// application/vnd.schemaregistry.v1+json unless the client only accepts one of the other JSON types.
import { notAcceptable } from '../core/errors.ts';

export const SCHEMA_REGISTRY_V1 = 'application/vnd.schemaregistry.v1+json';
const RESPONSE_TYPES = [SCHEMA_REGISTRY_V1, 'application/vnd.schemaregistry+json', 'application/json'] as const;
export type ResponseType = (typeof RESPONSE_TYPES)[number];

export const REQUEST_TYPES = [
  'application/vnd.schemaregistry.v1+json', 'application/vnd.schemaregistry+json', 'application/json', 'application/octet-stream',
];

/** The response media type for an Accept header; 406 when it names none we can send. */
export function negotiate(accept: string | undefined): ResponseType {
  if (accept === undefined || accept === '' || accept === '*/*' || accept === SCHEMA_REGISTRY_V1) return SCHEMA_REGISTRY_V1;
  let best: ResponseType | undefined;
  let bestQ = 0;
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.trim().split(';');
    const type = range.trim().toLowerCase();
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!(q > 0)) continue;
    const match = type === '*/*' || type === 'application/*'
      ? SCHEMA_REGISTRY_V1
      : RESPONSE_TYPES.find((t) => t === type);
    if (match && (q > bestQ || (q === bestQ && best !== undefined && RESPONSE_TYPES.indexOf(match) < RESPONSE_TYPES.indexOf(best)))) {
      best = match;
      bestQ = q;
    }
  }
  if (!best) throw notAcceptable(accept);
  return best;
}
