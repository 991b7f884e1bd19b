// Which format a backup is in, from its content (never its name): "/V3\n" opens a v3 metadata file, "/V2\n" a v2
// file, "[" a v1 JSON array, and `key<TAB>value` lines with a JSON or null key are a console-consumer dump. A
// directory is a v3 backup when it holds exactly one metadata file.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BackupError, CorruptBackupError } from './errors.ts';
import { readHead } from './file-reader.ts';
import { recordType, V3_MARKER } from './v3/schema.ts';

export type BackupFormat = 'v1' | 'v2' | 'v3' | 'console';

export interface DetectedBackup {
  readonly format: BackupFormat;
  /** The file to read: for v3, the metadata file. */
  readonly file: string;
}

function looksLikeV3DataFile(file: string, head: Buffer, size: number): boolean {
  if (head.length < 4) return false;
  const length = head.readUInt32BE(0);
  if (length === 0 || 4 + length > size || 4 + length > 1 << 20) return false;
  try {
    recordType.fromBuffer(readHead(file, 4 + length).subarray(4));
    return true;
  } catch {
    return false;
  }
}

export function detectBackup(location: string): DetectedBackup {
  if (location === '-' || location === '') throw new BackupError('reading a backup from standard input is not supported; pass --location with a file or directory');
  const path = resolve(location);
  if (!existsSync(path)) throw new BackupError(`${path} does not exist`);
  const stat = statSync(path);
  if (stat.isDirectory()) {
    const metadata = readdirSync(path).filter((name) => name.endsWith('.metadata'));
    if (metadata.length !== 1) {
      throw new BackupError(`${path} is a directory: a v3 backup directory holds exactly one .metadata file, this one holds ${metadata.length}`);
    }
    return detectBackup(join(path, metadata[0] as string));
  }
  if (!stat.isFile()) throw new BackupError(`${path} is not a file`);
  const head = readHead(path, 4096);
  if (head.length === 0) throw new CorruptBackupError(path, 'byte 0', 'the file is empty: not a backup');
  if (head.subarray(0, 4).equals(V3_MARKER)) return { format: 'v3', file: path };
  if (head.subarray(0, 4).toString('latin1') === '/V2\n') return { format: 'v2', file: path };
  const text = head.toString('utf8');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[') || trimmed.trimEnd() === 'null') return { format: 'v1', file: path };
  const firstLine = text.split('\n', 1)[0] ?? '';
  const tab = firstLine.indexOf('\t');
  if (tab > 0 && (firstLine.startsWith('{') || firstLine.slice(0, tab) === 'null')) return { format: 'console', file: path };
  if (looksLikeV3DataFile(path, head, stat.size)) {
    throw new BackupError(`${path} is a v3 data file; pass its .metadata file or the backup directory instead`);
  }
  const start = head.subarray(0, 16);
  throw new CorruptBackupError(path, 'byte 0', `not a backup in a known format (v1 JSON array, "/V2" or "/V3" header, or key<TAB>value lines); it starts with ${JSON.stringify(start.toString('latin1'))}`);
}
