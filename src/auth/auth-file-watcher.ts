// Keeps the auth file current: reloaded when it changes (fs.watch on its directory, which also sees a file replaced
// by rename, plus a stat at most once a second from the request path in case the watch misses an event, as it can
// on network file systems). A file that fails to load keeps the last good one in force and logs why.
import { readFileSync, stat, statSync, watch, type FSWatcher, type Stats } from 'node:fs';
import { basename, dirname } from 'node:path';
import { AuthFileError, parseAuthFile, type AuthData } from './auth-file.ts';

export interface AuthFileLog {
  info(detail: Record<string, unknown>, message: string): void;
  warn(detail: Record<string, unknown>, message: string): void;
}

const STAT_INTERVAL_MS = 1_000;
const DEBOUNCE_MS = 50;

const signature = (s: Stats) => `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;

/** Reads and parses the file; an unreadable or invalid file is an AuthFileError saying why. */
export function readAuthFile(path: string): { data: AuthData; signature: string } {
  let text: string;
  let stats: Stats;
  try {
    stats = statSync(path);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AuthFileError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return { data: parseAuthFile(text), signature: signature(stats) };
  } catch (error) {
    throw error instanceof AuthFileError ? new AuthFileError(`${path}: ${error.message}`) : error;
  }
}

export class AuthFileWatcher {
  private readonly path: string;
  private readonly log: AuthFileLog;
  private readonly onLoad: (data: AuthData) => void;
  private loaded: string;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastStat = Date.now();
  private statting = false;
  /** The signature of the last file that failed to load, so that a broken file is reported once. */
  private failed: string | undefined;

  /** Loads the file now (throws AuthFileError when it cannot: a server does not start on a broken auth file). */
  constructor(options: { path: string; log: AuthFileLog; onLoad: (data: AuthData) => void }) {
    this.path = options.path;
    this.log = options.log;
    this.onLoad = options.onLoad;
    const first = readAuthFile(this.path);
    this.loaded = first.signature;
    this.onLoad(first.data);
    this.logLoaded(first.data, 'auth file loaded');
  }

  start(): void {
    const name = basename(this.path);
    try {
      this.watcher = watch(dirname(this.path), { persistent: false }, (_event, file) => {
        if (file === null || file === name) this.schedule();
      });
      this.watcher.on('error', (error) => this.log.warn({ err: error.message }, 'auth file watch failed; relying on periodic checks'));
    } catch (error) {
      this.log.warn({ err: (error as Error).message }, 'cannot watch the auth file; relying on periodic checks');
    }
  }

  /** Cheap enough for every request: at most one asynchronous stat a second. */
  poll(): void {
    const now = Date.now();
    if (this.statting || now - this.lastStat < STAT_INTERVAL_MS) return;
    this.lastStat = now;
    this.statting = true;
    stat(this.path, (error, stats) => {
      this.statting = false;
      if (!error && signature(stats) !== this.loaded) this.schedule();
    });
  }

  close(): void {
    this.watcher?.close();
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(): void {
    // Editors and `mv` produce several events per change: load once they settle.
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.reload();
    }, DEBOUNCE_MS);
    this.timer.unref();
  }

  /** Loads the file if it changed since the last load (also the last failed attempt, to log a broken file once). */
  reload(): void {
    let next;
    try {
      next = readAuthFile(this.path);
    } catch (error) {
      if (!(error instanceof AuthFileError)) throw error;
      let current: string | undefined;
      try {
        current = signature(statSync(this.path));
      } catch {
        current = undefined;
      }
      if (current !== undefined && current === this.failed) return;
      this.failed = current;
      this.log.warn({ reason: error.message }, 'auth file not reloaded; the last good one stays in force');
      return;
    }
    this.failed = undefined;
    if (next.signature === this.loaded) return;
    this.loaded = next.signature;
    this.onLoad(next.data);
    this.logLoaded(next.data, 'auth file reloaded');
  }

  private logLoaded(data: AuthData, message: string): void {
    // Names and rules only: salts and hashes stay out of the logs.
    this.log.info({
      users: [...data.users.keys()],
      permissions: data.permissions.map((p) => ({ username: p.username, operation: p.operation, resource: p.pattern })),
    }, message);
  }
}
