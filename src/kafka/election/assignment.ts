// The `sr` group protocol's JSON, as Confluent Schema Registry and Karapace speak it (reference/kafka-runtime.md §2):
// member metadata is a node's identity; the member the broker makes group leader computes one assignment naming the
// registry leader. Pure functions: no Kafka here.

/** A node's identity as it travels in JoinGroup metadata. Confluent writes version 1, Karapace version 2 with a
 *  `karapace_version`; unknown fields are kept, so the chosen member's own JSON can be sent back verbatim. */
export interface Identity {
  readonly version?: number;
  readonly host: string;
  readonly port: number;
  readonly scheme: string;
  readonly master_eligibility: boolean;
  readonly [field: string]: unknown;
}

export interface Member {
  readonly memberId: string;
  readonly metadata: Buffer;
}

export type Strategy = 'lowest' | 'highest';

/** Confluent's SchemaRegistryProtocol.Assignment error codes. */
export const NO_ERROR = 0;
export const DUPLICATE_URLS = 1;

export const urlOf = (identity: Pick<Identity, 'scheme' | 'host' | 'port'>): string => `${identity.scheme}://${identity.host}:${identity.port}`;

/** Our own metadata: Confluent's v1 identity, so Confluent nodes parse it as one of theirs. */
export function ownMetadata(identity: { host: string; port: number; scheme: string; eligible: boolean }): Buffer {
  return Buffer.from(JSON.stringify({
    version: 1, host: identity.host, port: identity.port, master_eligibility: identity.eligible, scheme: identity.scheme,
  }));
}

export function parseIdentity(metadata: Buffer | string): Identity | undefined {
  try {
    const value = JSON.parse(typeof metadata === 'string' ? metadata : metadata.toString('utf8')) as Record<string, unknown>;
    if (typeof value !== 'object' || value === null) return undefined;
    const { host, port, scheme } = value;
    if (typeof host !== 'string' || typeof scheme !== 'string' || (typeof port !== 'number' && typeof port !== 'string')) return undefined;
    return { ...value, host, port: Number(port), scheme, master_eligibility: value.master_eligibility !== false } as Identity;
  } catch {
    return undefined;
  }
}

const isKarapace = (identity: Identity | undefined) => identity !== undefined && 'karapace_version' in identity;

/**
 * Computes every member's assignment. The registry leader is the eligible member with the lowest (or highest)
 * `scheme://host:port`, compared as Java's String.compareTo does (UTF-16 code units, ports as text). Its own metadata
 * JSON is copied verbatim into `master_identity`, so a Confluent node compares it equal to itself and knows it leads.
 * Two eligible members with one URL: error 1 (Confluent's DUPLICATE_URLS) and no leader. No eligible member: no
 * leader; Confluent members get `{"version":1,"error":0}`, Karapace members their own form, which names an
 * ineligible member (Karapace needs `master_identity` present, and treats an ineligible one as "no leader").
 */
export function assign(members: readonly Member[], strategy: Strategy): Map<string, Buffer> {
  const identities = members.map((m) => ({ member: m, identity: parseIdentity(m.metadata) }));
  const eligible = identities
    .filter((m): m is { member: Member; identity: Identity } => m.identity !== undefined && m.identity.master_eligibility)
    .map((m) => ({ ...m, url: urlOf(m.identity) }))
    .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  if (strategy === 'highest') eligible.reverse();

  const result = new Map<string, Buffer>();
  const urls = new Set(eligible.map((e) => e.url));
  if (urls.size < eligible.length) {
    const body = Buffer.from(JSON.stringify({ version: 1, error: DUPLICATE_URLS }));
    for (const m of members) result.set(m.memberId, body);
    return result;
  }
  const chosen = eligible[0];
  if (chosen) {
    const body = Buffer.from(
      `{"version":1,"error":${NO_ERROR},"master":${JSON.stringify(chosen.member.memberId)},"master_identity":${chosen.member.metadata.toString('utf8').trim()}}`,
    );
    for (const m of members) result.set(m.memberId, body);
    return result;
  }
  const anyone = identities.find((m) => m.identity !== undefined);
  for (const { member, identity } of identities) {
    result.set(member.memberId, Buffer.from(isKarapace(identity) && anyone
      ? `{"master":${JSON.stringify(anyone.member.memberId)},"master_identity":${anyone.member.metadata.toString('utf8').trim()},"error":${NO_ERROR}}`
      : JSON.stringify({ version: 1, error: NO_ERROR })));
  }
  return result;
}

export interface Outcome {
  /** The leader's URL, or null when there is none (no eligible member, duplicate URLs, unreadable assignment). */
  readonly leaderUrl: string | null;
  /** True when the assignment names this member and this member is eligible. */
  readonly isLeader: boolean;
  readonly error: number;
}

/** Reads an assignment in Confluent's or Karapace's form (`version` and `master_identity` may be missing). */
export function readAssignment(assignment: Buffer, self: { memberId: string; eligible: boolean }): Outcome {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(assignment.toString('utf8')) as Record<string, unknown>;
  } catch {
    return { leaderUrl: null, isLeader: false, error: -1 };
  }
  const error = typeof value.error === 'number' ? value.error : NO_ERROR;
  if (error !== NO_ERROR || typeof value.master !== 'string') return { leaderUrl: null, isLeader: false, error };
  const identity = value.master_identity === undefined ? undefined : parseIdentity(JSON.stringify(value.master_identity));
  // An ineligible identity means "nobody leads" (Karapace names one when no member is eligible).
  if (!identity || !identity.master_eligibility) return { leaderUrl: null, isLeader: false, error };
  const isLeader = value.master === self.memberId && self.eligible;
  return { leaderUrl: urlOf(identity), isLeader, error };
}
