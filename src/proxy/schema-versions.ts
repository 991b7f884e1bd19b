// Subject versions for the v3 records API, which names schemas by subject and version (`schema_version`) and
// answers the version of the schema it used: from the registry in this process, or over HTTP from
// registry_scheme://registry_host:registry_port (GET /subjects/{s}/versions/{v}, GET /schemas/ids/{id}/versions).
import { basicAuthorization } from '../auth/basic.ts';
import { ApiError } from '../core/errors.ts';
import { getVersion, versionsOfSchema } from '../registry/reads.ts';
import type { Registry } from '../registry/registry.ts';

export interface SchemaVersions {
  /** The schema id of a subject's version (40401/40402 when missing). */
  idOf(subject: string, version: number): Promise<number>;
  /** The version under which `subject` holds schema `id`; null when it does not. */
  versionOf(subject: string, id: number): Promise<number | null>;
}

export class InProcessVersions implements SchemaVersions {
  readonly #registry: Registry;

  constructor(registry: Registry) {
    this.#registry = registry;
  }

  async idOf(subject: string, version: number): Promise<number> {
    return getVersion(this.#registry, subject, version, { deleted: false }).schema.id;
  }

  async versionOf(subject: string, id: number): Promise<number | null> {
    const found = versionsOfSchema(this.#registry, id, { deleted: false }).filter((v) => v.subject === subject).at(-1);
    return found?.version ?? null;
  }
}

export class HttpVersions implements SchemaVersions {
  readonly #base: string;
  readonly #headers: Record<string, string>;

  constructor(options: { url: string; user?: string | null; password?: string | null }) {
    this.#base = options.url.replace(/\/$/, '');
    this.#headers = { accept: 'application/vnd.schemaregistry.v1+json' };
    if (options.user) this.#headers.authorization = basicAuthorization(options.user, options.password);
  }

  async #get(path: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.#base}${path}`, { headers: this.#headers, signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      throw new ApiError(50002, `Kafka error: cannot reach the schema registry: ${(error as Error).message}`);
    }
    const body = (await response.json().catch(() => undefined)) as { error_code?: unknown; message?: unknown } | undefined;
    if (response.status !== 200) {
      throw new ApiError(typeof body?.error_code === 'number' ? body.error_code : response.status,
        typeof body?.message === 'string' ? body.message : `schema registry answered ${response.status}`);
    }
    return body;
  }

  async idOf(subject: string, version: number): Promise<number> {
    return ((await this.#get(`/subjects/${encodeURIComponent(subject)}/versions/${version}`)) as { id: number }).id;
  }

  async versionOf(subject: string, id: number): Promise<number | null> {
    const versions = (await this.#get(`/schemas/ids/${id}/versions`)) as { subject: string; version: number }[];
    return versions.filter((v) => v.subject === subject).at(-1)?.version ?? null;
  }
}
