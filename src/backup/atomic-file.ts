// Backups appear whole or not at all: data goes to a temporary file (or, for v3, a staging directory) next to the
// target, is fsynced, and is renamed into place only when complete. Temporaries in progress are tracked so that
// an interrupted run (Ctrl-C, SIGTERM, an error) removes them: no partial backup is ever left behind.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readdirSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { BackupError } from './errors.ts';

const pending = new Set<string>();

/** Removes every temporary file or directory still in progress (for signal handlers: synchronous). */
export function removePendingTemporaries(): void {
  for (const path of pending) rmSync(path, { recursive: true, force: true });
  pending.clear();
}

export interface Sink {
  write(chunk: Buffer | string): Promise<void> | void;
}

const FLUSH_AT = 1 << 20;

function fsyncDirectory(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function refuseExisting(target: string, overwrite: boolean, kind: 'file' | 'directory'): void {
  if (!existsSync(target)) return;
  if (!overwrite) throw new BackupError(`${target} already exists; pass --overwrite to replace it`);
  const isDirectory = statSync(target).isDirectory();
  if (kind === 'file' && isDirectory) throw new BackupError(`${target} is a directory; it cannot be overwritten with a backup file`);
  if (kind === 'directory') {
    if (!isDirectory) throw new BackupError(`${target} is a file; a v3 backup is a directory and does not replace a file`);
    const foreign = readdirSync(target).filter((name) => !name.endsWith('.metadata') && !name.endsWith('.data'));
    if (foreign.length > 0) throw new BackupError(`${target} holds files that are not part of a v3 backup (${foreign.slice(0, 3).join(', ')}); not replacing it`);
  }
}

/** A file written to a temporary name and renamed onto `target` by `commit()`. */
export class AtomicFile implements Sink {
  readonly target: string;
  private readonly temporary: string;
  private readonly overwrite: boolean;
  private fd: number | undefined;
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(target: string, options: { overwrite: boolean }) {
    this.target = resolve(target);
    this.overwrite = options.overwrite;
    refuseExisting(this.target, options.overwrite, 'file');
    mkdirSync(dirname(this.target), { recursive: true });
    this.temporary = join(dirname(this.target), `.${basename(this.target)}.tmp-${randomBytes(4).toString('hex')}`);
    this.fd = openSync(this.temporary, 'wx');
    pending.add(this.temporary);
  }

  write(chunk: Buffer | string): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.chunks.push(bytes);
    this.buffered += bytes.length;
    if (this.buffered >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.fd === undefined) throw new Error('the file is closed');
    const bytes = Buffer.concat(this.chunks);
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written);
    this.chunks = [];
    this.buffered = 0;
  }

  /** Flushes, fsyncs and renames the file into place. */
  commit(): void {
    this.flush();
    if (this.fd === undefined) throw new Error('the file is closed');
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
    // Checked again: the target may have appeared while we were writing.
    refuseExisting(this.target, this.overwrite, 'file');
    renameSync(this.temporary, this.target);
    pending.delete(this.temporary);
    fsyncDirectory(dirname(this.target));
  }

  /** Closes and removes the temporary file. */
  abort(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    if (pending.delete(this.temporary)) {
      try {
        unlinkSync(this.temporary);
      } catch {
        // already gone
      }
    }
  }
}

/** A directory (v3) assembled under a temporary name next to `target` and renamed into place by `commit()`. */
export class StagingDirectory {
  readonly target: string;
  readonly path: string;
  private readonly overwrite: boolean;

  constructor(target: string, options: { overwrite: boolean }) {
    this.target = resolve(target);
    this.overwrite = options.overwrite;
    refuseExisting(this.target, options.overwrite, 'directory');
    mkdirSync(dirname(this.target), { recursive: true });
    this.path = mkdtempSync(join(dirname(this.target), `.${basename(this.target)}.tmp-`));
    pending.add(this.path);
  }

  /** A file inside the staging directory. */
  file(name: string): AtomicFile {
    return new AtomicFile(join(this.path, name), { overwrite: false });
  }

  commit(): void {
    fsyncDirectory(this.path);
    refuseExisting(this.target, this.overwrite, 'directory');
    if (existsSync(this.target)) {
      const old = `${this.path}.old`;
      renameSync(this.target, old);
      pending.add(old);
      renameSync(this.path, this.target);
      pending.delete(this.path);
      rmSync(old, { recursive: true, force: true });
      pending.delete(old);
    } else {
      renameSync(this.path, this.target);
      pending.delete(this.path);
    }
    fsyncDirectory(dirname(this.target));
  }

  abort(): void {
    if (pending.delete(this.path)) rmSync(this.path, { recursive: true, force: true });
  }
}

/** `--location -`: the backup goes to standard output (v2 only), respecting back-pressure. */
export class StdoutSink implements Sink {
  private chunks: Buffer[] = [];
  private buffered = 0;

  async write(chunk: Buffer | string): Promise<void> {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.chunks.push(bytes);
    this.buffered += bytes.length;
    if (this.buffered >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    const bytes = Buffer.concat(this.chunks);
    this.chunks = [];
    this.buffered = 0;
    if (bytes.length === 0) return;
    await new Promise<void>((done, fail) => process.stdout.write(bytes, (error) => (error ? fail(error) : done())));
  }
}
