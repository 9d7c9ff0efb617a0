// `node -r tsx/cjs bench/drift-bench.ts [TEAMS] [RUNS]`: start a sandbox (a real control plane) on a generated org of
// TEAMS teams (1,000 unless told), run `coreweave-rbac drift` against it RUNS times (3), stop the sandbox, and print
// one markdown row: the median wall time, the start-up floor (`drift --help` by the same runner), the peak RSS.
// Nothing is left running: the sandbox is stopped in `finally`, and on Ctrl-C.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOrg, sandboxDown, sandboxUp } from '../lib/sandbox/sandbox';
import { synthesize } from '../lib/synth/synthesize';
import { generateTeams } from './generate';
import { timeCommand } from './measure';

/** "Today" for the generated tokens' rotation dates. */
const NOW = '2026-11-23';
const CLI = join(__dirname, '..', 'bin', 'coreweave-rbac.js');

export interface DriftBenchResult {
  readonly teams: number;
  /** Objects in dist/, each compared with the cluster. */
  readonly objects: number;
  readonly runsMs: readonly number[];
  readonly medianMs: number;
  /** `drift --help`: starting the CLI, which every run pays. */
  readonly startupMs: number;
  readonly maxRssKb: number;
}

export const DRIFT_BENCH_HEADER = '| teams | objects in dist/ | `drift`, median of runs | start-up (`drift --help`) | peak RSS |\n|---:|---:|---:|---:|---:|';

export function driftBenchRow(r: DriftBenchResult): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return `| ${r.teams.toLocaleString('en-US')} | ${r.objects.toLocaleString('en-US')} | ${s(r.medianMs)} (${r.runsMs.map(s).join(', ')}) | ${s(r.startupMs)} | ${Math.round(r.maxRssKb / 1024)} MB |`;
}

/** The benchmark: a sandbox up on a generated org, drift timed against it, the sandbox down whatever happens. */
export async function benchDrift(teams = 1000, runs = 3, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<DriftBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'cw-rbac-drift-bench-'));
  const sandboxDir = join(dir, 'sandbox');
  const stop = async () => {
    await sandboxDown(sandboxDir);
    rmSync(dir, { recursive: true, force: true });
  };
  const interrupted = () => void stop().then(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const teamsFile = join(dir, 'teams.yaml');
    const distDir = join(dir, 'dist');
    writeFileSync(teamsFile, generateTeams(teams));
    const outputs = synthesize(generateTeams(teams), { now: new Date(NOW) });
    mkdirSync(distDir);
    for (const [file, text] of outputs.dist) writeFileSync(join(distDir, file), text);
    const org = readOrg({ teamsFile, distDir, now: new Date(NOW) });
    log(`drift bench: starting a sandbox and applying ${org.objects.length} objects of ${teams} teams…`);
    const up = await sandboxUp({ dir: sandboxDir, org, log });
    const env = { ...process.env, COREWEAVE_RBAC_NOW: NOW };
    const command = ['node', CLI, 'drift', '--kubeconfig', up.kubeconfig, '-f', teamsFile, '--dist', distDir];
    log(`drift bench: ${command.slice(1).join(' ')} (${runs} runs)`);
    // exit 0: a freshly applied org of this size has drifted nowhere, so the timing is of a correct answer
    const timed = timeCommand(command, runs, { cwd: dir, env });
    const startup = timeCommand(['node', CLI, 'drift', '--help'], runs, { cwd: dir, env });
    return { teams, objects: org.objects.length, runsMs: timed.ms, medianMs: timed.median, startupMs: startup.median, maxRssKb: timed.maxRssKb };
  } finally {
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
    await stop();
  }
}

if (require.main === module) {
  const [teams = '1000', runs = '3'] = process.argv.slice(2);
  benchDrift(Number(teams), Number(runs)).then(
    (r) => process.stdout.write(`${DRIFT_BENCH_HEADER}\n${driftBenchRow(r)}\n`),
    (e: unknown) => {
      process.stderr.write(`drift bench: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 1;
    },
  );
}
