// One pino logger for the process, at the level Karapace's `log_level` names. Lines go to stdout asynchronously
// (an access log line per request must not block the event loop); `flushLogs` before exiting.
import { pino, type Logger } from 'pino';

const LEVELS: Record<string, pino.Level> = {
  TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARNING: 'warn', WARN: 'warn', ERROR: 'error', CRITICAL: 'fatal', FATAL: 'fatal',
};

export function createLogger(level: string): Logger {
  return pino({ level: LEVELS[level.toUpperCase()] ?? 'info', base: undefined }, pino.destination({ dest: 1, sync: false }));
}

/** Writes out what is still buffered; call before process.exit. */
export function flushLogs(logger: Logger): Promise<void> {
  return new Promise((done) => logger.flush(() => done()));
}
