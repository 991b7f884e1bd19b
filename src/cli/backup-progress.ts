// The progress bar of `get`, `restore` and `verify`: records done, records/s and ETA, on stderr, only when stderr
// is a terminal (scripts and CI logs stay quiet).
import cliProgress from 'cli-progress';

export interface Progress {
  add(count: number): void;
  stop(): void;
}

export function startProgress(label: string, total: number): Progress {
  if (!process.stderr.isTTY) return { add: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar({
    stream: process.stderr,
    format: `${label} {bar} {percentage}% | {value}/{total} records | {rate} records/s | ETA {eta_formatted}`,
    hideCursor: true,
    clearOnComplete: false,
  }, cliProgress.Presets.shades_classic);
  const started = Date.now();
  let value = 0;
  bar.start(Math.max(total, 1), 0, { rate: '0' });
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
