// Where the REST proxy gets schemas: the registry in this process, or a registry over HTTP when the proxy runs
// alone (`registry_scheme://registry_host:registry_port`). Parsed schemas and their serdes are cached by id.
import { basicAuthorization } from '../auth/basic.ts';
import { ApiError } from '../core/errors.ts';
import type { ParsedSchema, SchemaType, Serde } from '../formats/format.ts';
import { parseSchema, schemaTypeOf, serdeOf } from '../formats/index.ts';
import { readSchemaRequest } from '../registry/candidate.ts';
import { getVersion } from '../registry/reads.ts';
import { register } from '../registry/register.ts';
import { NotLeader, type Registry } from '../registry/registry.ts';

export interface SchemaSource {
  /** The schema with this id; 40403 when there is none. */
  byId(id: number): Promise<ParsedSchema>;
  /** Registers (or finds) `text` under `subject`; answers its id. Registry errors pass through. */
  register(subject: string, type: SchemaType, text: string): Promise<number>;
  /** The latest version of a subject: its id. */
  latestId(subject: string): Promise<number>;
}

/** Caches serdes per schema id (and Protobuf message), so records are encoded without re-parsing anything. */
export class SerdeCache {
  readonly #source: SchemaSource;
  readonly #serdes = new Map<string, Serde>();

  constructor(source: SchemaSource) {
    this.#source = source;
  }

  async serde(id: number, messageName?: string): Promise<Serde> {
    const key = messageName === undefined ? String(id) : `${id}:${messageName}`;
    let serde = this.#serdes.get(key);
    if (!serde) {
      serde = serdeOf(await this.#source.byId(id), messageName === undefined ? {} : { messageName });
      if (this.#serdes.size > 10_000) this.#serdes.clear();
      this.#serdes.set(key, serde);
    }
    return serde;
  }
}

/** Registers a schema on the leader (POST /subjects/{subject}/versions there); answers its status and JSON body. */
export type RegisterOnLeader = (leaderUrl: string, subject: string, body: { schema: string; schemaType: SchemaType }) =>
  Promise<{ status: number; body: unknown }>;

/** A JSON call to a registry: a GET without `init.method`, else that method with `init.body`. */
async function jsonCall(url: string, init?: { method?: string; body?: unknown; authorization?: string }): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { accept: 'application/vnd.schemaregistry.v1+json' };
  if (init?.authorization) headers.authorization = init.authorization;
  const sendsBody = init?.method !== undefined;
  if (sendsBody) headers['content-type'] = 'application/vnd.schemaregistry.v1+json';
  let response: Response;
  try {
    response = await fetch(url, {
      method: init?.method ?? 'GET', headers, signal: AbortSignal.timeout(30_000),
      ...(sendsBody ? { body: JSON.stringify(init?.body) } : {}),
    });
  } catch (error) {
    throw new ApiError(50002, `Kafka error: cannot reach the schema registry: ${(error as Error).message}`);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body };
}

/** A registry error answer becomes the same error here. */
function passThrough(answer: { status: number; body: unknown }): never {
  const { error_code: code, message } = (answer.body ?? {}) as { error_code?: unknown; message?: unknown };
  throw new ApiError(typeof code === 'number' ? code : answer.status, typeof message === 'string' ? message : `schema registry answered ${answer.status}`);
}

export class InProcessSchemas implements SchemaSource {
  readonly #registry: Registry;
  readonly #registerOnLeader: RegisterOnLeader;

  /** `registerOnLeader` is how a follower has the leader register (src/http/forward.ts, with the leader's TLS). */
  constructor(registry: Registry, registerOnLeader: RegisterOnLeader) {
    this.#registry = registry;
    this.#registerOnLeader = registerOnLeader;
  }

  async byId(id: number): Promise<ParsedSchema> {
    const schema = this.#registry.state.schemas.get(id);
    if (!schema) throw new ApiError(40403, `Schema ${id} not found`);
    if (!schema.parsed) throw new ApiError(42205, `Invalid schema: schema ${id} cannot be parsed`);
    return schema.parsed;
  }

  async register(subject: string, type: SchemaType, text: string): Promise<number> {
    const request = readSchemaRequest({ schema: text, schemaType: type });
    try {
      return await register(this.#registry, subject, request, { normalize: false });
    } catch (error) {
      if (!(error instanceof NotLeader)) throw error;
      // A follower: the leader registers it, as the registry's own routes forward; then read it back here.
      if (!error.leaderUrl) throw new ApiError(50004, 'Leader not known.');
      const answer = await this.#registerOnLeader(error.leaderUrl, subject, { schema: text, schemaType: type });
      if (answer.status !== 200) passThrough(answer);
      await this.#registry.catchUp();
      return (answer.body as { id: number }).id;
    }
  }

  async latestId(subject: string): Promise<number> {
    return getVersion(this.#registry, subject, 'latest', { deleted: false }).schema.id;
  }
}

export class HttpSchemas implements SchemaSource {
  readonly #base: string;
  readonly #authorization: string | undefined;
  readonly #parsed = new Map<number, ParsedSchema>();

  constructor(options: { url: string; user?: string | null; password?: string | null }) {
    this.#base = options.url.replace(/\/$/, '');
    this.#authorization = options.user ? basicAuthorization(options.user, options.password) : undefined;
  }

  #get(path: string) {
    return jsonCall(`${this.#base}${path}`, this.#authorization ? { authorization: this.#authorization } : undefined);
  }

  async byId(id: number): Promise<ParsedSchema> {
    const cached = this.#parsed.get(id);
    if (cached) return cached;
    const answer = await this.#get(`/schemas/ids/${id}`);
    if (answer.status !== 200) passThrough(answer);
    const parsed = await this.#parse(answer.body as SchemaAnswer, 0);
    this.#parsed.set(id, parsed);
    return parsed;
  }

  async #parse(answer: SchemaAnswer, depth: number): Promise<ParsedSchema> {
    if (depth > 32) throw new ApiError(42205, 'Invalid schema: references nest too deep');
    const dependencies = [];
    for (const ref of answer.references ?? []) {
      const version = await this.#get(`/subjects/${encodeURIComponent(ref.subject)}/versions/${ref.version}`);
      if (version.status !== 200) passThrough(version);
      dependencies.push({ name: ref.name, schema: await this.#parse(version.body as SchemaAnswer, depth + 1) });
    }
    try {
      return parseSchema(schemaTypeOf(answer.schemaType ?? 'AVRO') ?? 'AVRO', answer.schema, dependencies, { stored: true });
    } catch (error) {
      throw new ApiError(42205, `Invalid schema: ${(error as Error).message}`);
    }
  }

  async register(subject: string, type: SchemaType, text: string): Promise<number> {
    const answer = await jsonCall(`${this.#base}/subjects/${encodeURIComponent(subject)}/versions`, {
      method: 'POST', body: { schema: text, schemaType: type }, ...(this.#authorization ? { authorization: this.#authorization } : {}),
    });
    if (answer.status !== 200) passThrough(answer);
    return (answer.body as { id: number }).id;
  }

  async latestId(subject: string): Promise<number> {
    const answer = await this.#get(`/subjects/${encodeURIComponent(subject)}/versions/latest`);
    if (answer.status !== 200) passThrough(answer);
    return (answer.body as { id: number }).id;
  }
}

interface SchemaAnswer {
  readonly schema: string;
  readonly schemaType?: string;
  readonly references?: readonly { name: string; subject: string; version: number }[];
}
