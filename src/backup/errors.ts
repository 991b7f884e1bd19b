// The backup tool's user-facing errors. The CLI prints their message (no stack trace unless --verbose) and exits
// non-zero; everything else is a bug and is shown in full.

/** A problem the operator can act on: a refused overwrite, a missing topic, a bad option. */
export class BackupError extends Error {
  override readonly name: string = 'BackupError';
}

/** How Karapace's v3 reader names the same problem (its DecodeError subclass and message), which `verify --level
 *  record` prints as Karapace does: `    InvalidChecksum: Found checksum mismatch after reading full data file.` */
export interface KarapaceDecodeError {
  readonly name: 'InvalidChecksum' | 'TooFewRecords' | 'TooManyRecords' | 'OffsetMismatch' | 'UnknownChecksumAlgorithm';
  readonly message: string;
}

/** A backup that cannot be trusted: truncated, corrupt, wrong format or a checksum mismatch. Names the file and place. */
export class CorruptBackupError extends BackupError {
  override readonly name = 'CorruptBackupError';
  readonly file: string;
  readonly place: string;
  readonly karapace: KarapaceDecodeError | undefined;

  constructor(file: string, place: string, problem: string, karapace?: KarapaceDecodeError) {
    super(`${file}: ${place}: ${problem}`);
    this.file = file;
    this.place = place;
    this.karapace = karapace;
  }
}

/** Restoring failed once the backup had been read: the topic to restore into is missing with --skip-topic-creation,
 *  or Kafka refused the records. Karapace's tool exits 3 for these (BackupDataRestorationError). */
export class RestoreDataError extends BackupError {
  override readonly name = 'RestoreDataError';
}
