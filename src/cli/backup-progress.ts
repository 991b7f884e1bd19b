// The progress bar of `get`, `restore` and `verify`: records done, records/s and ETA, on stderr, only when stderr
// is a terminal (scripts and CI logs stay quiet).
import cliProgress from 'cli-progress';

export interface Progress {
  add(count: number): void;
  stop(): void;
}

/** `total` undefined: the count is not known up front (v1, v2 and console files), so no bar and no ETA. */
export function startProgress(label: string, total: number | undefined): Progress {
  if (!process.stderr.isTTY) return { add: () => {}, stop: () => {} };
  const format = total === undefined
    ? `${label} {value} records | {rate} records/s`
    : `${label} {bar} {percentage}% | {value}/{total} records | {rate} records/s | ETA {eta_formatted}`;
  const bar = new cliProgress.SingleBar({
    stream: process.stderr,
    format,
    hideCursor: true,
    clearOnComplete: false,
  }, cliProgress.Presets.shades_classic);
  const started = Date.now();
  let value = 0;
  bar.start(Math.max(total ?? 0, 1), 0, { rate: '0' });
  return {
    add(count: number) {
      value += count;
      const seconds = (Date.now() - started) / 1000;
      bar.update(value, { rate: seconds > 0 ? Math.round(value / seconds).toString() : '-' });
    },
    stop() {
      bar.stop();
    },
  };
}
