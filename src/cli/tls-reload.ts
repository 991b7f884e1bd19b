// Reloads the HTTPS certificate from the `server_tls_*` files without a restart (POST /internal/tls/reload, as
// Karapace's TlsContextHolder): operators replace the files in place (a renewed certificate, a rotated CA) and call
// the endpoint. The listener's new handshakes and our calls to the leader use the new files.
import { readFile } from 'node:fs/promises';
import type { Config } from '../config.ts';
import type { ServerTls } from '../http/app.ts';
import type { TlsReloadResult } from '../http/root.ts';

/** Karapace refuses a reload within 5 s of the last successful one (min_reload_interval_seconds). */
const MIN_INTERVAL_MS = 5_000;

type TlsFiles = Pick<Config, 'server_tls_certfile' | 'server_tls_keyfile' | 'server_tls_cafile' | 'server_tls_client_auth'>;

/** Reads the server's TLS material; null when HTTPS is not configured. */
export async function readServerTls(config: TlsFiles): Promise<ServerTls | null> {
  if (!config.server_tls_certfile || !config.server_tls_keyfile) return null;
  const [cert, key, ca] = await Promise.all([
    readFile(config.server_tls_certfile), readFile(config.server_tls_keyfile),
    config.server_tls_cafile ? readFile(config.server_tls_cafile) : undefined,
  ]);
  return { cert, key, clientAuth: config.server_tls_client_auth as ServerTls['clientAuth'], ...(ca ? { ca } : {}) };
}

export class TlsReloader {
  readonly #config: TlsFiles;
  readonly #apply: (tls: ServerTls) => void;
  #reloadedAt: Date | null = null;
  /** One reload at a time (Karapace holds a lock): a second caller waits, then meets the interval. */
  #running: Promise<unknown> = Promise.resolve();

  /** `apply` installs the new material; it throws, leaving the old in place, when the material does not load. */
  constructor(config: TlsFiles, apply: (tls: ServerTls) => void) {
    this.#config = config;
    this.#apply = apply;
  }

  reload(): Promise<TlsReloadResult> {
    const next = this.#running.then(() => this.#reloadOnce());
    this.#running = next.catch(() => undefined);
    return next;
  }

  async #reloadOnce(): Promise<TlsReloadResult> {
    const now = new Date();
    if (this.#reloadedAt && now.getTime() - this.#reloadedAt.getTime() < MIN_INTERVAL_MS) {
      return { ok: false, message: 'TLS reload is requested too frequently', reloadedAt: this.#reloadedAt };
    }
    let tls: ServerTls | null;
    try {
      tls = await readServerTls(this.#config);
      if (tls) this.#apply(tls);
    } catch (error) {
      return { ok: false, message: `Failed to reload TLS context: ${(error as Error).message}`, reloadedAt: this.#reloadedAt };
    }
    // Without HTTPS there is nothing to load; Karapace answers "ok" then too.
    if (!tls) return { ok: true, message: 'TLS is not enabled; nothing to reload', reloadedAt: null };
    this.#reloadedAt = now;
    return { ok: true, message: 'ok', reloadedAt: now };
  }
}
