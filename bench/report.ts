import { headlineRuns, median, Timed } from './measure';

export interface Results {
  readonly machine: { cpu: string; memoryGb: number; os: string; node: string; cdk8s: string; cdk8sCli: string; kustomize: string; loadAverage: readonly number[] };
  readonly runs: number;
  readonly startup: { readonly node: Timed; readonly trivialApp: Timed; readonly cliDirect: Timed; readonly floor: Timed };
  /** Milliseconds to create 1,001 empty files in the benchmark's directory (before and after the runs) and in the temporary directory. */
  readonly fileCreation: { readonly atStart: number; readonly atEnd: number; readonly tmp: number };
  /** e2e: with no dist/ (every file new); upToDate: dist/ already holds this output, as in a pull request's CI. */
  readonly ours: ReadonlyMap<number, OursResults>;
  readonly stock: ReadonlyMap<number, Timed>;
  readonly kustomize: ReadonlyMap<number, Timed>;
}

/** Our app at one team count. `…Beyond`: each run minus the one-team run made just before it (none at one team). */
export interface OursResults {
  readonly e2e: Timed;
  readonly e2eBeyond?: readonly number[];
  readonly upToDate: Timed;
  readonly upToDateBeyond?: readonly number[];
  readonly inProcess: Timed;
  readonly compiled?: Timed;
  readonly tsx?: Timed;
}

const s = (ms: number | undefined): string => (ms === undefined ? '—' : `${(ms / 1000).toFixed(3)} s`);
const mb = (kb: number): string => `${Math.round(kb / 1024)} MB`;
const x = (ratio: number | undefined): string => (ratio === undefined || !Number.isFinite(ratio) ? '—' : `${ratio.toFixed(1)}×`);

/** What a measurement spends beyond the same measurement at one team: the part that grows with the teams. */
function beyondOne(map: ReadonlyMap<number, Timed>, size: number): number | undefined {
  const at = map.get(size);
  const one = map.get(1);
  return at && one ? Math.max(at.median - one.median, 1) : undefined;
}

/** Our app's time beyond one team: the median of its paired differences (see OursResults). */
function oursBeyondOne(r: Results, size: number, kind: 'e2e' | 'upToDate'): number | undefined {
  const paired = r.ours.get(size)?.[kind === 'e2e' ? 'e2eBeyond' : 'upToDateBeyond'];
  return paired !== undefined && paired.length > 0 ? Math.max(median(paired), 1) : undefined;
}

/** The benchmark's table, targets and start-up parts, as Markdown. */
export function resultsMarkdown(r: Results): string {
  const e2e = new Map([...r.ours].map(([n, o]) => [n, o.e2e]));
  const sizes = [...new Set([...r.ours.keys(), ...r.stock.keys(), ...r.kustomize.keys()])].sort((a, b) => a - b);
  const rows = sizes.map((n) => {
    const o = r.ours.get(n);
    const cells = [s(o?.e2e.median), s(oursBeyondOne(r, n, 'e2e')), s(o?.upToDate.median), s(oursBeyondOne(r, n, 'upToDate')), s(o?.inProcess.median), s(r.stock.get(n)?.median), s(r.kustomize.get(n)?.median)];
    return `| ${n} | ${cells.join(' | ')} | ${o ? mb(Math.max(o.e2e.maxRssKb, o.upToDate.maxRssKb)) : '—'} |`;
  });

  const work1000 = oursBeyondOne(r, 1000, 'e2e');
  const upToDate1000 = oursBeyondOne(r, 1000, 'upToDate');
  const stock1000 = beyondOne(r.stock, 1000);
  const work200 = oursBeyondOne(r, 200, 'e2e');
  const kustomize200 = beyondOne(r.kustomize, 200);
  const work5000 = oursBeyondOne(r, 5000, 'e2e');
  const upToDate5000 = oursBeyondOne(r, 5000, 'upToDate');
  const one = r.ours.get(1);
  const aboveFloor = one ? one.e2e.median - r.startup.floor.median : undefined;
  const rss5000 = r.ours.has(5000) ? Math.max(r.ours.get(5000)!.e2e.maxRssKb, r.ours.get(5000)!.upToDate.maxRssKb) : undefined;
  const check = (ok: boolean | undefined): string => (ok === undefined ? 'not measured' : ok ? 'met' : '**missed**');
  const targets = [
    ['1,000 teams: app work beyond the one-team run (`npx cdk8s synth`), dist/ up to date', '≤ 0.5 s', s(upToDate1000), check(upToDate1000 === undefined ? undefined : upToDate1000 <= 500)],
    ['1,000 teams: the same with no dist/ yet (1,001 files created)', '≤ 0.5 s', s(work1000), check(work1000 === undefined ? undefined : work1000 <= 500)],
    ['1,000 teams: stock cdk8s App.synth() work ÷ ours', '≥ 5×', x(stock1000 && work1000 ? stock1000 / work1000 : undefined), check(stock1000 && work1000 ? stock1000 / work1000 >= 5 : undefined)],
    ['200 teams: kustomize work beyond one overlay ÷ ours', '≥ 10×', x(kustomize200 && work200 ? kustomize200 / work200 : undefined), check(kustomize200 && work200 ? kustomize200 / work200 >= 10 : undefined)],
    ['200 teams: `npx cdk8s synth` end to end vs kustomize', 'faster', `${s(e2e.get(200)?.median)} vs ${s(r.kustomize.get(200)?.median)}`, check(e2e.get(200) && r.kustomize.get(200) ? e2e.get(200)!.median < r.kustomize.get(200)!.median : undefined)],
    ['one team: `npx cdk8s synth` above the bare CLI on a trivial JS app', '≤ 0.3 s', s(aboveFloor), check(aboveFloor === undefined ? undefined : aboveFloor <= 300)],
    ['linear: app work at 5,000 ÷ at 1,000 teams, dist/ up to date', '≤ 6', x(upToDate5000 && upToDate1000 ? upToDate5000 / upToDate1000 : undefined), check(upToDate5000 && upToDate1000 ? upToDate5000 / upToDate1000 <= 6 : undefined)],
    ['linear: the same with no dist/ yet (file creation included)', '≤ 6', x(work5000 && work1000 ? work5000 / work1000 : undefined), check(work5000 && work1000 ? work5000 / work1000 <= 6 : undefined)],
    ['peak memory at 5,000 teams', '≤ 512 MB', rss5000 === undefined ? '—' : mb(rss5000), check(rss5000 === undefined ? undefined : rss5000 <= 512 * 1024)],
  ].map((cells) => `| ${cells.join(' | ')} |`);

  const st = r.startup;
  const parts = [
    ['node itself (`node -e 0`)', st.node.median],
    ['npx (`npx cdk8s synth` − `node cdk8s-cli/bin/cdk8s synth`, trivial app)', st.floor.median - st.cliDirect.median],
    ['the cdk8s CLI (its synth of the trivial app − the trivial app alone)', st.cliDirect.median - st.trivialApp.median],
    ['the trivial one-chart JavaScript app alone (`node main.js`)', st.trivialApp.median],
    ['**the floor**: bare `npx cdk8s synth` of the trivial app', st.floor.median],
    ['our app alone, compiled JavaScript (`node bin/run.js main.ts`, one team)', one?.compiled?.median],
    ['loading TypeScript through tsx instead (`node -r tsx/cjs main.ts` − compiled)', one?.tsx && one.compiled ? one.tsx.median - one.compiled.median : undefined],
    ['**ours**: `npx cdk8s synth`, one team', one?.e2e.median],
  ].map(([what, ms]) => `| ${what} | ${s(ms as number | undefined)} |`);

  const m = r.machine;
  return [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` (bench/run.ts): medians of ${r.runs} runs (the floor and \`npx cdk8s synth\` at 1 and 1,000 teams: ${headlineRuns(r.runs)}; at 5,000: at most 2), every measurement in one run on one machine.`,
    `Machine: ${m.cpu}, ${m.memoryGb} GB, ${m.os}; Node ${m.node}; cdk8s ${m.cdk8s}, cdk8s-cli ${m.cdk8sCli}, kustomize ${m.kustomize} (kubectl).`,
    `Load average (1, 5, 15 min) when the run ended: ${m.loadAverage.map((l) => l.toFixed(1)).join(', ')}: other work on the machine slows every column alike.`,
    '',
    'Each team has groups in all four tiers, a user token and a ServiceAccount token, quota by GPU class and storage',
    'class, limits and network policies (bench/generate.ts). "Beyond one team" subtracts the same command on a one-team',
    'file, which leaves out start-up; for `npx cdk8s synth` it is the median, over the runs, of each run minus a one-team',
    "run made just before it, since the machine's speed drifts between blocks of runs. `npx cdk8s synth` runs twice per",
    'size: with no dist/ yet (every file is created) and with dist/ already holding the same output, as in the CI of a',
    'pull request (nothing is written). Stock cdk8s is one `App` with one `Chart` per output file holding the same',
    'objects, timed in-process around construction and `app.synth()`, which writes every file. kustomize is',
    "`kubectl kustomize` over a base with one team's objects and one overlay per team (namespace, team label,",
    'group/token/allowFrom patches).',
    '',
    `Creating 1,001 empty files took ${s(r.fileCreation.atStart)} in the benchmark's directory before the runs, ${s(r.fileCreation.atEnd)} after them, and`,
    `${s(r.fileCreation.tmp)} in the temporary directory: what a synth with no dist/ yet pays the file system for its files, whatever the app does.`,
    '',
    '| teams | ours: `npx cdk8s synth`, no dist/ | beyond one team | ours: dist/ up to date | beyond one team | ours: in-process | stock cdk8s App.synth() | kubectl kustomize | ours: peak RSS (largest process) |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    '![time against team count](results.png)',
    '',
    '## Targets',
    '',
    '| target | wanted | measured | |',
    '|---|---|---|---|',
    ...targets,
    '',
    '## Start-up, one team',
    '',
    '| part | time |',
    '|---|---:|',
    ...parts,
    '',
  ].join('\n');
}
