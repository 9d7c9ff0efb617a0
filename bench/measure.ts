import { spawnSync, SpawnSyncOptions } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Runs of the measurements the targets hang on (the floor, one and 1,000 teams): medians of 3 move by 0.1 s here. */
export const headlineRuns = (runs: number): number => Math.max(runs * 3, 9);

export interface Timed {
  /** Wall-clock milliseconds of each run. */
  readonly ms: readonly number[];
  readonly median: number;
  /** The largest peak RSS of any run (KiB), from GNU time: the biggest process of the tree. */
  readonly maxRssKb: number;
}

/** Run a command `runs` times (after `before`, untimed, each time) and time it from the outside. Throws when it fails. */
export function timeCommand(command: readonly string[], runs: number, options: SpawnSyncOptions & { before?: () => void } = {}): Timed {
  const ms: number[] = [];
  let maxRssKb = 0;
  const rssFile = `/tmp/bench-rss-${process.pid}`;
  for (let i = 0; i < runs; i++) {
    options.before?.();
    const start = performance.now();
    const result = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rssFile, ...command], { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
    ms.push(performance.now() - start);
    if (result.status !== 0) {
      throw new Error(`${command.join(' ')} exited ${result.status}:\n${String(result.stderr).slice(-2000)}`);
    }
    maxRssKb = Math.max(maxRssKb, Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()));
  }
  rmSync(rssFile, { force: true });
  return { ms, median: median(ms), maxRssKb };
}

/** Run a child that times itself and prints one JSON line; returns that line, parsed. */
export function childJson<T>(command: readonly string[], options: SpawnSyncOptions = {}): T {
  const result = spawnSync(command[0], command.slice(1), { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  if (result.status !== 0) throw new Error(`${command.join(' ')} exited ${result.status}:\n${String(result.stderr).slice(-2000)}`);
  return JSON.parse(String(result.stdout).trim().split('\n').pop() ?? '') as T;
}
