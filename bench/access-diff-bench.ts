// `node -r tsx/cjs bench/access-diff-bench.ts [--sizes 1,1000,5000] [--runs 3]`: how long `access-diff HEAD` takes
// after three kinds of change to a generated org committed in a scratch git repository, and its peak RSS. Prints
// a markdown table with the targets met or missed. Takes minutes: synth runs twice per size.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateTeams, teamName } from './generate';
import { timeCommand } from './measure';

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'bin', 'coreweave-rbac.js');
const ENV = { ...process.env, CDK8S_CHECK_UPGRADE: 'false', COREWEAVE_RBAC_NOW: '2026-11-23' };

export type AccessDiffCase = 'one team' | 'cluster viewer' | 'tier rule';

export interface AccessDiffBenchRow {
  readonly case: AccessDiffCase;
  readonly teams: number;
  /** Median wall time of `access-diff HEAD`. */
  readonly seconds: number;
  /** `seconds` less the same case on a one-team org (what starting Node and git costs). */
  readonly beyondOne: number;
  /** The child's peak RSS, the largest of the runs. */
  readonly rssMb: number;
}

/** The targets, in seconds beyond a one-team org and MB of peak RSS at 5,000 teams. */
export const ACCESS_DIFF_TARGETS: Readonly<Record<AccessDiffCase, { readonly seconds: number; readonly rssMb?: number }>> = {
  'one team': { seconds: 1.5, rssMb: 300 },
  'cluster viewer': { seconds: 10 },
  'tier rule': { seconds: 10 },
};
/** Seconds beyond one team at 5,000 teams over those at 1,000: at most this, for work that grows linearly. */
export const LINEAR_RATIO = 6;

export interface AccessDiffBenchOptions {
  /** @default [1, 1000, 5000] */
  readonly sizes?: readonly number[];
  /** @default 3 */
  readonly runs?: number;
  /** Where the scratch repositories go. @default the system's temporary directory */
  readonly work?: string;
  readonly log?: (line: string) => void;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });

const synth = (cwd: string) => execFileSync(process.execPath, [CLI, 'synth', '-f', 'teams.yaml', '--out', 'dist', '-q'], { cwd, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });

/** A scratch repository holding a generated org of `teams` teams and its dist/, committed. */
function scratchRepo(work: string, teams: number): string {
  const dir = mkdtempSync(join(work, `access-diff-${teams}-`));
  git(dir, 'init', '-q');
  writeFileSync(join(dir, 'teams.yaml'), generateTeams(teams));
  synth(dir);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', `${teams} teams`);
  // packed, as a clone is: the base side is read from git's objects
  git(dir, 'repack', '-adq');
  return dir;
}

const RULE = ['  - apiGroups:', '      - ""', '    resources:', '      - secrets', '    verbs:', '      - get'].join('\n');

/** Each case changes the working tree; the repository is reset after it. */
const CHANGES: Readonly<Record<AccessDiffCase, (dir: string, teams: number) => void>> = {
  'one team': (dir, teams) => {
    const team = teamName(Math.floor(teams / 2));
    editFile(join(dir, 'teams.yaml'), `      viewer: [${team}-observers]`, `      viewer: [${team}-observers, ${team}-auditors]`);
    synth(dir);
  },
  'cluster viewer': (dir) => {
    editFile(join(dir, 'teams.yaml'), '  viewers: [finance]', '  viewers: [finance, auditors]');
    synth(dir);
  },
  'tier rule': (dir) => {
    const file = join(dir, 'dist', 'cluster.yaml');
    const documents = readFileSync(file, 'utf8').split('\n---\n');
    const index = documents.findIndex((d) => /^kind: ClusterRole$/m.test(d) && /^ {2}name: coreweave-rbac-ml-engineer$/m.test(d));
    if (index < 0) throw new Error(`${file}: expected the ClusterRole coreweave-rbac-ml-engineer, found none`);
    documents[index] = (documents[index] as string).replace(/^rules:\n/m, `rules:\n${RULE}\n`);
    writeFileSync(file, documents.join('\n---\n'));
  },
};

function editFile(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file}: expected ${JSON.stringify(from)}, found none`);
  writeFileSync(file, text.replace(from, to));
}

/** Every case at every size: median of `runs` timed runs of `access-diff HEAD` from the scratch repository. */
export function benchAccessDiff(options: AccessDiffBenchOptions = {}): AccessDiffBenchRow[] {
  const sizes = options.sizes ?? [1, 1000, 5000];
  const runs = options.runs ?? 3;
  const log = options.log ?? (() => undefined);
  const work = mkdtempSync(join(options.work ?? os.tmpdir(), 'cw-rbac-bench-'));
  const measured: Omit<AccessDiffBenchRow, 'beyondOne'>[] = [];
  try {
    for (const teams of sizes) {
      log(`access-diff: ${teams} teams: generating, synthesizing and committing`);
      const dir = scratchRepo(work, teams);
      for (const [name, change] of Object.entries(CHANGES) as [AccessDiffCase, (typeof CHANGES)[AccessDiffCase]][]) {
        change(dir, teams);
        const timed = timeCommand([process.execPath, CLI, 'access-diff', 'HEAD'], runs, { cwd: dir, env: ENV });
        measured.push({ case: name, teams, seconds: timed.median / 1000, rssMb: timed.maxRssKb / 1024 });
        log(`access-diff: ${teams} teams, ${name}: ${(timed.median / 1000).toFixed(2)} s, ${(timed.maxRssKb / 1024).toFixed(0)} MB`);
        git(dir, 'checkout', '-q', '--', '.');
        git(dir, 'clean', '-fdq');
      }
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return measured.map((row) => {
    const floor = measured.find((r) => r.case === row.case && r.teams === 1)?.seconds ?? 0;
    return { ...row, beyondOne: row.seconds - floor };
  });
}

/** The rows as a markdown table, with each target met or missed. */
export function accessDiffBenchMarkdown(rows: readonly AccessDiffBenchRow[]): string {
  const verdict = (row: AccessDiffBenchRow): string => {
    if (row.teams !== 5000) return '';
    const target = ACCESS_DIFF_TARGETS[row.case];
    const atThousand = rows.find((r) => r.case === row.case && r.teams === 1000);
    const ratio = atThousand && atThousand.beyondOne > 0 ? row.beyondOne / atThousand.beyondOne : undefined;
    const checks = [
      `≤ ${target.seconds} s: ${row.beyondOne <= target.seconds ? 'met' : 'missed'}`,
      ...(target.rssMb !== undefined ? [`≤ ${target.rssMb} MB: ${row.rssMb <= target.rssMb ? 'met' : 'missed'}`] : []),
      ...(ratio !== undefined ? [`5,000 ÷ 1,000 = ${ratio.toFixed(1)} ≤ ${LINEAR_RATIO}: ${ratio <= LINEAR_RATIO ? 'met' : 'missed'}`] : []),
    ];
    return checks.join('; ');
  };
  return [
    '| case | teams | seconds | beyond one team | peak RSS (MB) | targets at 5,000 teams |',
    '|---|---:|---:|---:|---:|---|',
    ...rows.map((r) => `| ${r.case} | ${r.teams} | ${r.seconds.toFixed(2)} | ${r.beyondOne.toFixed(2)} | ${r.rssMb.toFixed(0)} | ${verdict(r)} |`),
    '',
  ].join('\n');
}

if (require.main === module) {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1,1000,5000' }, runs: { type: 'string', default: '3' } } });
  const sizes = (values.sizes ?? '').split(',').map(Number);
  const runs = Number(values.runs);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(runs) || runs < 1) {
    process.stderr.write(`access-diff-bench: expected --sizes N,N,... and --runs N of positive integers, got --sizes ${values.sizes} --runs ${values.runs}\n`);
    process.exit(2);
  }
  const rows = benchAccessDiff({ sizes, runs, log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(accessDiffBenchMarkdown(rows));
}
