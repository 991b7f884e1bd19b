// The backup tool's user-facing errors. The CLI prints their message (no stack trace unless --verbose) and exits
// non-zero; everything else is a bug and is shown in full.

/** A problem the operator can act on: a refused overwrite, a missing topic, a bad option. */
export class BackupError extends Error {
  override readonly name: string = 'BackupError';
}

/** A backup that cannot be trusted: truncated, corrupt, wrong format or a checksum mismatch. Names the file and place. */
export class CorruptBackupError extends BackupError {
  override readonly name = 'CorruptBackupError';
  readonly file: string;
  readonly place: string;

  constructor(file: string, place: string, problem: string) {
    super(`${file}: ${place}: ${problem}`);
    this.file = file;
    this.place = place;
  }
}
