// Synchronous, chunked reading of backup files: exact-size reads for the length-prefixed v3 records and
// newline-terminated lines for v2 and console dumps. Backups can be larger than memory, so nothing reads a whole
// file except the v1 reader (whose format is one JSON document).
import { closeSync, openSync, readSync } from 'node:fs';

const CHUNK = 1 << 20;

/** One line of a file: its bytes without the "\n", its number (from 1) and the byte offset where it starts. */
export interface Line {
  readonly bytes: Buffer;
  readonly number: number;
  readonly offset: number;
  readonly terminated: boolean;
}

export class ChunkedFile {
  readonly path: string;
  private readonly fd: number;
  private buffer = Buffer.alloc(0);
  private start = 0;
  private eof = false;
  /** Byte offset in the file of the next unread byte. */
  position = 0;

  constructor(path: string) {
    this.path = path;
    this.fd = openSync(path, 'r');
  }

  private fill(wanted: number): void {
    while (!this.eof && this.buffer.length - this.start < wanted) {
      const chunk = Buffer.allocUnsafe(Math.max(CHUNK, wanted));
      const read = readSync(this.fd, chunk, 0, chunk.length, null);
      if (read === 0) {
        this.eof = true;
        break;
      }
      this.buffer = Buffer.concat([this.buffer.subarray(this.start), chunk.subarray(0, read)]);
      this.start = 0;
    }
  }

  /** Up to `size` bytes; fewer only at the end of the file. */
  read(size: number): Buffer {
    this.fill(size);
    const end = Math.min(this.start + size, this.buffer.length);
    const out = this.buffer.subarray(this.start, end);
    this.start = end;
    this.position += out.length;
    return out;
  }

  /** True when every byte has been read. */
  atEnd(): boolean {
    this.fill(1);
    return this.buffer.length - this.start === 0;
  }

  /** Lines split on "\n" (the "\n" not included); `terminated` is false for a last line with no newline. */
  *lines(): Generator<Line> {
    let number = 0;
    for (;;) {
      let newline = this.buffer.indexOf(10, this.start);
      while (newline < 0 && !this.eof) {
        this.fill(this.buffer.length - this.start + CHUNK);
        newline = this.buffer.indexOf(10, this.start);
      }
      if (newline < 0) {
        if (this.buffer.length - this.start === 0) return;
        number++;
        const offset = this.position;
        yield { bytes: this.read(this.buffer.length - this.start), number, offset, terminated: false };
        return;
      }
      number++;
      const offset = this.position;
      const bytes = this.buffer.subarray(this.start, newline);
      this.position += newline + 1 - this.start;
      this.start = newline + 1;
      yield { bytes, number, offset, terminated: true };
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** The first `size` bytes of a file (fewer if it is shorter). */
export function readHead(path: string, size: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(size);
    const read = readSync(fd, head, 0, size, 0);
    return head.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
