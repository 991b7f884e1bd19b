// `--poll-timeout`: how long `get` waits for the next records before giving up, as an ISO 8601 duration (Karapace's
// option: e.g. PT1M, PT1.5S; at least one second, below one year; default one minute).
import { BackupError } from './errors.ts';

const DURATION = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
const UNITS_MS = [7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000];

export const DEFAULT_POLL_TIMEOUT_MS = 60_000;

/** Milliseconds of an ISO 8601 duration; BackupError when it is not one or is out of range. */
export function parsePollTimeout(text: string): number {
  const match = DURATION.exec(text.trim());
  if (!match || text.trim() === 'P' || /T$/i.test(text.trim())) {
    throw new BackupError(`--poll-timeout must be an ISO 8601 duration such as PT1M or PT1.5S, got "${text}"`);
  }
  let ms = 0;
  for (const [index, unit] of UNITS_MS.entries()) {
    const part = match[index + 1];
    if (part !== undefined) ms += Number(part) * unit;
  }
  ms = Math.floor(ms);
  if (ms < 1000) throw new BackupError(`--poll-timeout must be at least one second, got ${text}`);
  if (ms >= 365 * 86_400_000) throw new BackupError(`--poll-timeout must be less than one year, got ${text}`);
  return ms;
}
