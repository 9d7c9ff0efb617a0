// Child process of the benchmark: our app's work once its modules are loaded — validate, plan, render and
// write dist/ — repeated RUNS times into a fresh directory each. Prints every run's milliseconds and the peak RSS.
import { mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildOutputs } from '../lib/cli/outputs';
import { writeDist } from '../lib/synth/write-dist';

const [teamsFile, runs] = process.argv.slice(2);
const now = new Date('2026-11-23T00:00:00Z');
const ms: number[] = [];
const dirs: string[] = [];
for (let i = 0; i < Number(runs); i++) {
  const dir = mkdtempSync(join(dirname(teamsFile), 'in-process-'));
  dirs.push(dir);
  const start = performance.now();
  const outputs = buildOutputs({ teamsFile, now, strict: false });
  writeDist(join(dir, 'dist'), outputs.dist);
  ms.push(performance.now() - start);
}
// deleted only now: deleting files between runs slows the next run's file creation (see bench/run.ts)
for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS })}\n`);
