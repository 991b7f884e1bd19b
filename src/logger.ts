// One pino logger for the process, at the level Karapace's `log_level` names.
import { pino, type Logger } from 'pino';

const LEVELS: Record<string, pino.Level> = {
  TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARNING: 'warn', WARN: 'warn', ERROR: 'error', CRITICAL: 'fatal', FATAL: 'fatal',
};

export function createLogger(level: string): Logger {
  return pino({ level: LEVELS[level.toUpperCase()] ?? 'info', base: undefined });
}
