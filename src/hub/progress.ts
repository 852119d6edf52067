/**
 * Download progress over all the files of a model: bytes so far, speed and time left.
 *
 * Speed is measured over the last few seconds only, so it follows the connection as it changes,
 * and counts only bytes that came over the network; files read from the cache arrive at once
 * and would make the estimate meaningless.
 */

export interface FileProgress {
  file: string;
  loaded: number;
  /** Null when the server did not say how large the file is. */
  total: number | null;
}

export interface DownloadProgress {
  /** The file arriving now. */
  file: string;
  /** Bytes arrived so far, over every file. */
  loaded: number;
  /** Bytes of every file started so far; null while one of them has an unknown size. */
  total: number | null;
  /** Null until enough time has passed to measure. */
  bytesPerSecond: number | null;
  /** Null when the total or the speed is unknown. */
  secondsLeft: number | null;
}

// Long enough to smooth over bursts, short enough to follow a connection that slows down.
const WINDOW_MS = 4000;
// Before this much time a speed would be a guess from one or two chunks.
const MIN_SPAN_MS = 300;

export interface ProgressMeter {
  update(progress: FileProgress, fromCache?: boolean): DownloadProgress;
}

/** `now` is in milliseconds; tests pass a fake clock. */
export function createProgressMeter(now: () => number = () => performance.now()): ProgressMeter {
  const files = new Map<string, FileProgress>();
  let current: FileProgress | null = null;
  let networkBytes = 0;
  const samples: { time: number; bytes: number }[] = [];

  return {
    update(progress, fromCache = false) {
      // Files arrive one after another, so when the next starts the last one is complete and
      // its size known even if the server never said it.
      if (current && current.file !== progress.file && current.total === null) {
        files.set(current.file, { ...current, total: current.loaded });
      }
      const before = files.get(progress.file)?.loaded ?? 0;
      // A compressed response can deliver more than its content-length announced.
      const total = progress.total === null ? null : Math.max(progress.total, progress.loaded);
      current = { ...progress, total };
      files.set(progress.file, current);
      if (!fromCache) networkBytes += Math.max(0, progress.loaded - before);

      const time = now();
      samples.push({ time, bytes: networkBytes });
      while (samples.length > 2 && time - samples[1].time >= WINDOW_MS) samples.shift();

      let loaded = 0;
      let sum: number | null = 0;
      for (const f of files.values()) {
        loaded += f.loaded;
        sum = sum === null || f.total === null ? null : sum + f.total;
      }

      const first = samples[0];
      const span = time - first.time;
      const bytesPerSecond =
        span >= MIN_SPAN_MS ? ((networkBytes - first.bytes) * 1000) / span : null;
      const secondsLeft =
        sum !== null && bytesPerSecond !== null && bytesPerSecond > 0
          ? (sum - loaded) / bytesPerSecond
          : null;
      return { file: progress.file, loaded, total: sum, bytesPerSecond, secondsLeft };
    },
  };
}

/** Bytes in the units people read: 950 B, 12.3 kB, 498 MB, 1.52 GB (powers of 1000). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** A time left such as "8 s", "3 min 20 s" or "1 h 5 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
