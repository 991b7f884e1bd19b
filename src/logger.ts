// One pino logger for the process, at the level Karapace's `log_level` names. Lines go to stdout asynchronously
// (an access log line per request must not block the event loop); `flushLogs` before exiting. When stdout cannot keep
// up, at most LOG_BUFFER_BYTES wait in memory and lines beyond are dropped, so a slow log reader cannot grow the heap.
import { pino, type Logger } from 'pino';

const LEVELS: Record<string, pino.Level> = {
  TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARNING: 'warn', WARN: 'warn', ERROR: 'error', CRITICAL: 'fatal', FATAL: 'fatal',
};

const LOG_BUFFER_BYTES = 8 * 1024 * 1024;

export function createLogger(level: string): Logger {
  return pino({ level: LEVELS[level.toUpperCase()] ?? 'info', base: undefined }, pino.destination({ dest: 1, sync: false, maxLength: LOG_BUFFER_BYTES }));
}

/** Writes out what is still buffered; call before process.exit. */
export function flushLogs(logger: Logger): Promise<void> {
  return new Promise((done) => logger.flush(() => done()));
}
