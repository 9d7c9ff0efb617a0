// The access commands and synth's ACCESS.md at 1, 1,000 and 5,000 generated teams: wall time of the real CLI
// process (`node bin/coreweave-rbac.js …`, median of RUNS), its CPU time and peak RSS (GNU time), against the targets.
// Run alone: `node -r tsx/cjs bench/access-bench.ts [--runs N] [--sizes 1,1000,5000]`; bench/run.ts may call measureAccess.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateTeams, teamName } from './generate';
import { childJson, median } from './measure';

const repo = join(__dirname, '..');
const cli = join(repo, 'bin', 'coreweave-rbac.js');
const env = { ...process.env, COREWEAVE_RBAC_NOW: '2026-11-23' };

export interface AccessBenchRow {
  readonly command: string;
  readonly teams: number;
  /** Median wall-clock seconds. */
  readonly seconds: number;
  /** Median, over the runs, of seconds minus the one-team run just before it; undefined at one team. */
  readonly beyondOne: number | undefined;
  /** Largest peak RSS of the runs, in MB. */
  readonly rssMb: number;
  /** Median CPU seconds (user + system): what a busy machine inflates less than wall time. */
  readonly cpuSeconds?: number;
  /** Median of CPU seconds minus the one-team run's. */
  readonly cpuBeyondOne?: number;
}

/** What a command must do: seconds beyond one team at a team count, peak RSS there, and 5,000 ÷ 1,000 teams. */
export interface AccessTarget {
  readonly command: string;
  readonly teams: number;
  readonly maxBeyondOne: number;
  readonly maxRssMb?: number;
}

export const ACCESS_TARGETS: readonly AccessTarget[] = [
  { command: 'can-i (one question)', teams: 5000, maxBeyondOne: 0.3 },
  { command: 'who-can -n', teams: 5000, maxBeyondOne: 0.5 },
  { command: 'who-can -A', teams: 5000, maxBeyondOne: 3 },
  { command: 'access-matrix', teams: 5000, maxBeyondOne: 3, maxRssMb: 512 },
  { command: 'check', teams: 5000, maxBeyondOne: 3 },
  { command: 'synth, dist/ up to date', teams: 1000, maxBeyondOne: 0.5 },
  { command: "synth's ACCESS.md, no dist/ yet (in-process)", teams: 1000, maxBeyondOne: 0.5 },
];
/** Every command: its time beyond one team at 5,000 teams at most this many times that at 1,000. */
export const MAX_GROWTH = 6;

interface Step {
  readonly command: string;
  readonly argv: (namespace: string) => string[];
  /** Untimed, before each run. */
  readonly before?: (dir: string) => void;
}

const fresh = (dir: string): void => {
  for (const path of ['dist', 'ACCESS.md', 'audit']) rmSync(join(dir, path), { recursive: true, force: true });
};

const STEPS: readonly Step[] = [
  { command: 'can-i (one question)', argv: (ns) => ['can-i', 'create', 'pods', '-n', ns, '--as-group', `${ns}-ml`] },
  { command: 'who-can -n', argv: (ns) => ['who-can', 'get', 'secrets', '-n', ns] },
  { command: 'who-can -A', argv: () => ['who-can', 'get', 'secrets', '-A'] },
  { command: 'access-matrix', argv: () => ['access-matrix', '--out', '-'] },
  { command: 'check', argv: () => ['check'] },
  { command: 'synth, dist/ up to date', argv: () => ['synth', '--quiet'] },
  { command: 'synth, no dist/ yet', argv: () => ['synth', '--quiet'], before: fresh },
];

const log = (message: string): void => void process.stderr.write(`access-bench: ${message}\n`);

interface Run {
  readonly seconds: number;
  readonly cpu: number;
  readonly rssKb: number;
}

/** One run of the CLI in `dir`, timed from the outside (GNU time: CPU and peak RSS). Throws when it fails. */
function runCli(dir: string, argv: readonly string[], before?: (dir: string) => void): Run {
  before?.(dir);
  const report = join(dir, '.time');
  const start = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%U %S %M', '-o', report, process.execPath, cli, ...argv], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`${argv.join(' ')} in ${dir} exited ${result.status}:\n${String(result.stderr).slice(-2000)}`);
  const [user = 0, system = 0, rssKb = 0] = readFileSync(report, 'utf8').trim().split('\n').pop()?.split(' ').map(Number) ?? [];
  return { seconds, cpu: user + system, rssKb };
}

/**
 * Generate and synth an org per team count, then time every step: each run at N teams right after a run at one
 * team, so that "beyond one team" compares runs made under the same load of the machine.
 */
export function measureAccess(options: { readonly sizes?: readonly number[]; readonly runs?: number; readonly work?: string } = {}): AccessBenchRow[] {
  const sizes = [...new Set([1, ...(options.sizes ?? [1, 1000, 5000])])].sort((a, b) => a - b);
  const runs = options.runs ?? 3;
  const work = options.work ?? mkdtempSync(join(os.tmpdir(), 'cw-rbac-access-bench-'));
  const rows: AccessBenchRow[] = [];
  try {
    const dirs = new Map<number, string>();
    for (const teams of sizes) {
      const dir = join(work, `org-${teams}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'teams.yaml'), generateTeams(teams));
      log(`${teams} teams: generated, synth`);
      runCli(dir, ['synth', '--quiet']);
      dirs.set(teams, dir);
    }
    const one = dirs.get(1) as string;
    for (const step of STEPS) {
      for (const teams of sizes) {
        log(`${teams} teams: ${step.command}`);
        const dir = dirs.get(teams) as string;
        const pairs = Array.from({ length: runs }, () => {
          const base = runCli(one, step.argv(teamName(0)), step.before);
          return { base, run: teams === 1 ? base : runCli(dir, step.argv(teamName(Math.min(7, teams - 1))), step.before) };
        });
        rows.push(rowOf(step.command, teams, pairs));
      }
    }
    for (const teams of sizes) {
      log(`${teams} teams: synth's ACCESS.md in-process`);
      const child = childJson<{ without: number[]; with: number[]; maxRssKb: number }>(['node', '-r', 'tsx/cjs', __filename, '--in-process', join(dirs.get(teams) as string, 'teams.yaml'), String(runs)], { cwd: repo, env });
      const extra = child.with.map((ms, i) => Math.max(0, ms - (child.without[i] ?? 0)) / 1000);
      const atOne = rows.find((r) => r.command === IN_PROCESS && r.teams === 1)?.seconds;
      rows.push({ command: IN_PROCESS, teams, seconds: median(extra), beyondOne: teams === 1 || atOne === undefined ? undefined : median(extra) - atOne, rssMb: child.maxRssKb / 1024 });
    }
  } finally {
    if (!options.work) rmSync(work, { recursive: true, force: true });
  }
  return rows;
}

const IN_PROCESS = "synth's ACCESS.md, no dist/ yet (in-process)";

function rowOf(command: string, teams: number, pairs: readonly { readonly base: Run; readonly run: Run }[]): AccessBenchRow {
  const beyond = teams === 1 ? undefined : median(pairs.map((p) => p.run.seconds - p.base.seconds));
  const cpuBeyond = teams === 1 ? undefined : median(pairs.map((p) => p.run.cpu - p.base.cpu));
  return {
    command,
    teams,
    seconds: median(pairs.map((p) => p.run.seconds)),
    beyondOne: beyond,
    rssMb: Math.max(...pairs.map((p) => p.run.rssKb)) / 1024,
    cpuSeconds: median(pairs.map((p) => p.run.cpu)),
    ...(cpuBeyond !== undefined ? { cpuBeyondOne: cpuBeyond } : {}),
  };
}

/** The rows as a Markdown table, then each target met or missed (on wall time beyond one team, as the targets read). */
export function accessBenchMarkdown(rows: readonly AccessBenchRow[]): string {
  const s = (x: number | undefined): string => (x === undefined ? '—' : `${x.toFixed(2)} s`);
  const lines = ['| command | teams | seconds | beyond one team | CPU | CPU beyond one team | peak RSS |', '|---|---:|---:|---:|---:|---:|---:|'];
  for (const r of rows) lines.push(`| ${r.command} | ${r.teams.toLocaleString('en-US')} | ${s(r.seconds)} | ${s(r.beyondOne)} | ${s(r.cpuSeconds)} | ${s(r.cpuBeyondOne)} | ${Math.round(r.rssMb)} MB |`);
  lines.push('', '| target | measured | |', '|---|---:|---|');
  const find = (command: string, teams: number) => rows.find((r) => r.command === command && r.teams === teams);
  for (const t of ACCESS_TARGETS) {
    const r = find(t.command, t.teams);
    if (!r || r.beyondOne === undefined) continue;
    lines.push(`| ${t.command}: ≤ ${t.maxBeyondOne} s beyond one team at ${t.teams.toLocaleString('en-US')} teams | ${s(r.beyondOne)} | ${r.beyondOne <= t.maxBeyondOne ? 'met' : 'missed'} |`);
    if (t.maxRssMb !== undefined) lines.push(`| ${t.command}: ≤ ${t.maxRssMb} MB peak RSS at ${t.teams.toLocaleString('en-US')} teams | ${Math.round(r.rssMb)} MB | ${r.rssMb <= t.maxRssMb ? 'met' : 'missed'} |`);
  }
  for (const command of [...new Set(rows.map((r) => r.command))]) {
    const [small, large] = [find(command, 1000)?.beyondOne, find(command, 5000)?.beyondOne];
    if (small === undefined || large === undefined) continue;
    // below 0.05 s beyond one team the ratio measures noise: linear then means 5,000 teams stay under 6 × 0.05 s
    const growth = large / Math.max(small, 0.05);
    lines.push(`| ${command}: 5,000 teams ≤ ${MAX_GROWTH}× 1,000 teams (beyond one team) | ${growth.toFixed(1)}× | ${growth <= MAX_GROWTH ? 'met' : 'missed'} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Child process: synthesize with and without ACCESS.md, RUNS times each, no dist/ involved; prints the milliseconds. */
function inProcess(teamsFile: string, runs: number): void {
  // loaded here, so that the parent loads none of the app
  const { buildOutputs } = require('../lib/cli/outputs') as typeof import('../lib/cli/outputs');
  const now = new Date('2026-11-23T00:00:00Z');
  const time = (accessReport: boolean): number => {
    const start = performance.now();
    buildOutputs({ teamsFile, now, strict: false, accessReport, reuseAccessReport: false });
    return performance.now() - start;
  };
  time(true); // warm-up: the first run pays for compiling both paths
  const without: number[] = [];
  const withReport: number[] = [];
  for (let i = 0; i < runs; i++) {
    without.push(time(false));
    withReport.push(time(true));
  }
  process.stdout.write(`${JSON.stringify({ without, with: withReport, maxRssKb: process.resourceUsage().maxRSS })}\n`);
}

function main(): number {
  const { values } = parseArgs({
    allowPositionals: true,
    options: {
      runs: { type: 'string', default: '3' },
      sizes: { type: 'string', default: '1,1000,5000' },
      'in-process': { type: 'boolean', default: false },
    },
  });
  if (values['in-process']) {
    const [teamsFile = '', runs = '3'] = process.argv.slice(3);
    inProcess(teamsFile, Number(runs));
    return 0;
  }
  const rows = measureAccess({ runs: Number(values.runs), sizes: values.sizes.split(',').map(Number) });
  process.stdout.write(accessBenchMarkdown(rows));
  return 0;
}

if (require.main === module) process.exitCode = main();
