// `npm run bench`: time our synth against stock cdk8s, kustomize and the bare cdk8s CLI in one run, print one
// table, and save it as bench/RESULTS.md with a PNG chart beside it. Not part of `npm test`: it takes minutes.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildPlan } from '../lib/plan/build-plan';
import { parseConfig } from '../lib/config/load';
import { renderManifests } from '../lib/synth/render';
import { kustomizeRepo, projectDir, trivialApp, writeStockInput } from './baselines';
import { chartPng } from './chart';
import { generateTeams, teamName } from './generate';
import { childJson, headlineRuns, median, timeCommand, Timed } from './measure';
import { OursResults, Results, resultsMarkdown } from './report';
import { accessBenchMarkdown, measureAccess, type AccessBenchRow } from './access-bench';
import { accessDiffBenchMarkdown, benchAccessDiff, type AccessDiffBenchRow } from './access-diff-bench';
import { benchDrift, DRIFT_BENCH_HEADER, driftBenchRow } from './drift-bench';
import { usageBench } from './usage-bench';

const repo = join(__dirname, '..');
const USAGE = 'npm run bench -- [--runs N] [--quick] [--out bench]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      quick: { type: 'boolean', default: false },
      out: { type: 'string', default: join(repo, 'bench') },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`usage: ${USAGE}\n  --runs N   runs per measurement, the median is reported (default 3)\n  --quick    only 1, 100 and 200 teams, printed and not saved (a smoke test of the benchmark itself)\n`);
    return 0;
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    process.stderr.write(`bench: --runs must be a positive integer, got ${JSON.stringify(values.runs)}\nusage: ${USAGE}\n`);
    return 2;
  }
  const sizes = values.quick ? [1, 100, 200] : [1, 100, 200, 1000, 5000];
  // inside the repository, not in /tmp: dist/ lives in a repository, and /tmp may sit on another file system
  const work = mkdtempSync(join(repo, '.bench-'));
  try {
    const results = measureAll(work, sizes, runs);
    process.stdout.write(resultsMarkdown(results));
    if (values.quick) return 0;
    log('gpu-audit: streaming a generated 1 GiB audit log, then reading it from a file, and jq on that file (minutes)');
    const gpuAudit = execFileSync(process.execPath, ['-r', 'tsx/cjs', join(repo, 'bench/gpu-audit-memory.ts')], { cwd: repo, env, encoding: 'utf8' }).trim();
    // one line each: the generated log streamed, the same log from a file, jq on that file, and the target
    const gpuAuditLines = gpuAudit.split('\n').map((line) => `- ${line}`).join('\n');
    log('access commands at 1, 1,000 and 5,000 teams');
    const access = measureAccess({ runs, work });
    log('access-diff at 1, 1,000 and 5,000 teams');
    const accessDiff = benchAccessDiff({ runs, work, log });
    log('drift against a sandbox holding 1,000 teams');
    const drift = await benchDrift(1000, runs, log);
    log('usage: a generated 1 GiB audit log file through gpu-audit and usage');
    const usage = await usageBench();
    const sections = [
      resultsMarkdown(results),
      `## gpu-audit: streaming in bounded memory, against jq\n\n\`bench/gpu-audit-memory.ts\`, in the same run:\n\n${gpuAuditLines}\n`,
      `## Access review at scale\n\n\`bench/access-bench.ts\`: each command as a user runs it (\`node bin/coreweave-rbac.js …\`), median of ${runs}.\n\n${accessBenchMarkdown(access)}`,
      `## access-diff\n\n\`bench/access-diff-bench.ts\`: \`access-diff HEAD\` in a git repository of the generated org after one change.\n\n${accessDiffBenchMarkdown(accessDiff)}`,
      `## drift\n\n\`bench/drift-bench.ts\`: \`drift\` against the local control plane (\`sandbox up\`) holding the generated org.\n\n${DRIFT_BENCH_HEADER}\n${driftBenchRow(drift)}\n`,
      `## usage: least privilege from the audit log\n\n\`bench/usage-bench.ts\`: the same generated 1 GiB log file read by gpu-audit's and usage's readers, as \`gpu-audit LOG\` and \`usage LOG\` read it.\n\n${usage.text.trim().split('\n').map((line) => `- ${line}`).join('\n')}\n`,
    ];
    writeFileSync(join(values.out, 'RESULTS.md'), sections.join('\n'));
    const png = await chartPng([...chartPoints(results), ...accessPoints(access, accessDiff)], 'teams.yaml → Kubernetes YAML, and reviewing it: time against team count');
    writeFileSync(join(values.out, 'results.png'), png);
    process.stderr.write(`bench: wrote ${join(values.out, 'RESULTS.md')} and results.png\n`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// compiled: the benchmark has just built it, and other edits to the sources must not switch it to tsx midway
const env = { ...process.env, CDK8S_CHECK_UPGRADE: 'false', COREWEAVE_RBAC_NOW: '2026-11-23', COREWEAVE_RBAC_RUN: 'compiled' };
const log = (message: string): void => void process.stderr.write(`bench: ${message}\n`);

function measureAll(work: string, sizes: readonly number[], runs: number): Results {
  log('compiling build/ (npm run build), as npm ci does through prepare');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: repo, stdio: 'inherit' });

  const floorDir = join(work, 'trivial');
  trivialApp(floorDir, repo);
  const cli = join(repo, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
  log('start-up parts');
  const startup = {
    node: timeCommand(['node', '-e', '0'], runs * 2),
    trivialApp: timeCommand(['node', 'main.js'], runs * 2, { cwd: floorDir, env }),
    cliDirect: timeCommand(['node', cli, 'synth'], runs * 2, { cwd: floorDir, env }),
    floor: timeCommand(['npx', 'cdk8s', 'synth'], headlineRuns(runs), { cwd: floorDir, env }),
  };

  log('file creation: 1,001 new files in the benchmark directory and in the temporary directory');
  const creationAtStart = timeFileCreation(join(work, 'creation-start'));
  const tmp = join(os.tmpdir(), `cw-rbac-bench-${process.pid}`);
  const creationInTmp = timeFileCreation(tmp);
  rmSync(tmp, { recursive: true, force: true });

  const ours = new Map<number, Ours>();
  const stock = new Map<number, Timed>();
  const kustomize = new Map<number, Timed>();
  for (const size of sizes) {
    const text = generateTeams(size);
    // every "beyond one team" subtracts the one-team run, and 1,000 teams is the headline: more runs steady them
    const e2eRuns = size >= 5000 ? Math.max(1, Math.min(runs, 2)) : size === 1 || size === 1000 ? headlineRuns(runs) : runs;
    // each run without dist/ gets a checkout of its own, and nothing is deleted until the end: deleting thousands
    // of files just before creating thousands slows the creation on this machine's file system several times over
    const checkouts = Array.from({ length: e2eRuns }, (_, i) => {
      const checkout = join(work, `ours-${size}-${i}`);
      projectDir(checkout, repo, `node ${join(repo, 'bin', 'run.js')} main.ts`);
      writeFileSync(join(checkout, 'teams.yaml'), text);
      return checkout;
    });
    // beyond one team: each run at `size` right after a run at one team, so that the two are made under the same
    // load of the machine (which drifts by a tenth within minutes here); the medians of separate blocks of runs
    // would carry that drift into their difference
    const oneDir = size === 1 ? undefined : (ours.get(1)?.dir as string);
    const synth = (cwd: string): Timed => timeCommand(['npx', 'cdk8s', 'synth'], 1, { cwd, env });
    log(`${size} teams: npx cdk8s synth, no dist/ yet`);
    const e2e = pairedRuns(checkouts, (checkout) => synth(checkout), oneDir === undefined ? undefined : (i) => {
      const one = join(work, `ours-1-before-${size}-${i}`);
      projectDir(one, repo, `node ${join(repo, 'bin', 'run.js')} main.ts`);
      writeFileSync(join(one, 'teams.yaml'), readFileSync(join(oneDir, 'teams.yaml')));
      return synth(one);
    });
    const dir = checkouts[checkouts.length - 1];
    log(`${size} teams: npx cdk8s synth, dist/ up to date`);
    const upToDate = pairedRuns(checkouts, () => synth(dir), oneDir === undefined ? undefined : () => synth(oneDir));
    log(`${size} teams: in-process`);
    const child = childJson<{ ms: number[]; maxRssKb: number }>(['node', '-r', 'tsx/cjs', join(repo, 'bench', 'in-process.ts'), join(dir, 'teams.yaml'), String(e2eRuns)], { cwd: repo, env });
    const inProcess = { ms: child.ms, median: median(child.ms), maxRssKb: child.maxRssKb };
    let alone: Pick<Ours, 'compiled' | 'tsx'> = {};
    if (size === 1) {
      log('1 team: the app alone, compiled and through tsx');
      alone = {
        compiled: timeCommand(['node', join(repo, 'bin', 'run.js'), 'main.ts', '--quiet'], runs * 2, { cwd: dir, env }),
        tsx: timeCommand(['node', '-r', 'tsx/cjs', join(repo, 'main.ts'), '--quiet'], runs * 2, { cwd: dir, env }),
      };
    }
    ours.set(size, { dir, e2e: e2e.at, upToDate: upToDate.at, inProcess, ...(e2e.beyond ? { e2eBeyond: e2e.beyond } : {}), ...(upToDate.beyond ? { upToDateBeyond: upToDate.beyond } : {}), ...alone });

    const manifests = renderManifests(buildPlan(parseConfig(text).config));
    if (size <= 1000) {
      log(`${size} teams: stock cdk8s App.synth()`);
      const input = join(work, `stock-${size}.json`);
      writeStockInput(input, manifests);
      const ms = Array.from({ length: runs }, () => childJson<{ ms: number }>(['node', '-r', 'tsx/cjs', join(repo, 'bench', 'stock-cdk8s.ts'), input, join(work, `stock-out-${size}`)], { cwd: repo, env }).ms);
      stock.set(size, { ms, median: median(ms), maxRssKb: 0 });
    }
    // kustomize grows faster than linearly (a minute at 200 teams on 2 cores): 200 teams is where the issue compares
    if (size <= 200) {
      log(`${size} teams: kubectl kustomize`);
      const kdir = join(work, `kustomize-${size}`);
      const template = renderManifests(buildPlan(parseConfig(generateTeams(2)).config))[2];
      kustomizeRepo(kdir, template, Array.from({ length: size }, (_, i) => teamName(i)));
      kustomize.set(size, timeCommand(['kubectl', 'kustomize', kdir, '-o', join(work, `kustomize-${size}.yaml`)], size >= 200 ? 1 : runs));
    }
  }
  // again at the end: after the runs have created and deleted thousands of files, creating them can cost ten times more
  const fileCreation = { atStart: creationAtStart, atEnd: timeFileCreation(join(work, 'creation-end')), tmp: creationInTmp };
  return { machine: machine(), runs, startup, fileCreation, ours, stock, kustomize };
}

type Ours = OursResults & { dir: string };

/**
 * One run at a team count per item (`at`), each right after a run at one team (`one`, when given): the runs at
 * the team count as one measurement, and each minus the one-team run before it.
 */
function pairedRuns<T>(items: readonly T[], at: (item: T, i: number) => Timed, one?: (i: number) => Timed): { at: Timed; beyond?: number[] } {
  const beyond: number[] = [];
  const runs = items.map((item, i) => {
    const before = one?.(i);
    const run = at(item, i);
    if (before) beyond.push(run.median - before.median);
    return run;
  });
  return { at: joinTimed(runs), ...(one ? { beyond } : {}) };
}

/** Single runs as one measurement. */
function joinTimed(runs: readonly Timed[]): Timed {
  const ms = runs.flatMap((r) => r.ms);
  return { ms, median: median(ms), maxRssKb: Math.max(...runs.map((r) => r.maxRssKb)) };
}

/** Milliseconds to create 1,001 empty files in a new directory (left in place): what a first synth of 1,000 teams pays the file system. */
function timeFileCreation(dir: string): number {
  mkdirSync(dir, { recursive: true });
  const start = performance.now();
  for (let i = 0; i < 1001; i++) closeSync(openSync(join(dir, `team-${i}.yaml`), 'w'));
  return performance.now() - start;
}

function machine(): Results['machine'] {
  const pkg = (name: string): string => (JSON.parse(readFileSync(join(repo, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  const kubectl = execFileSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  return {
    cpu: `${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}`,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    cdk8s: pkg('cdk8s'),
    cdk8sCli: pkg('cdk8s-cli'),
    kustomize: /Kustomize Version: (\S+)/.exec(kubectl)?.[1] ?? 'unknown',
    loadAverage: os.loadavg(),
  };
}

/** The access commands' medians as chart lines, one per command. */
function accessPoints(access: readonly AccessBenchRow[], accessDiff: readonly AccessDiffBenchRow[]): { series: string; teams: number; seconds: number }[] {
  return [
    ...access.filter((r) => !r.command.startsWith('synth')).map((r) => ({ series: `ours: ${r.command}`, teams: r.teams, seconds: r.seconds })),
    ...accessDiff.map((r) => ({ series: `ours: access-diff, ${r.case}`, teams: r.teams, seconds: r.seconds })),
  ];
}

function chartPoints(results: Results): { series: string; teams: number; seconds: number }[] {
  const points = (series: string, map: ReadonlyMap<number, Timed>): { series: string; teams: number; seconds: number }[] =>
    [...map].map(([teams, t]) => ({ series, teams, seconds: t.median / 1000 }));
  return [
    ...points('ours: npx cdk8s synth, no dist/ yet', new Map([...results.ours].map(([n, o]) => [n, o.e2e]))),
    ...points('ours: npx cdk8s synth, dist/ up to date', new Map([...results.ours].map(([n, o]) => [n, o.upToDate]))),
    ...points('ours: in-process (validate, render, write)', new Map([...results.ours].map(([n, o]) => [n, o.inProcess]))),
    ...points('stock cdk8s App.synth(), one chart per team', results.stock),
    ...points('kubectl kustomize, one overlay per team', results.kustomize),
  ];
}

void main().then((code) => {
  process.exitCode = code;
});
