import { existsSync, statSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { objectsOfDir } from '../access/dist-objects';
import { RbacModel } from '../access/evaluator';
import { SubjectTiers } from '../access/subject-tiers';
import { checkAuditLogFiles } from '../audit/audit-log-file';
import { GzipError, openAuditLog } from '../audit/gpu-audit-stream';
import { loadConfig, readTeamsBytes } from '../config/load';
import { ConfigError } from '../config/problem';
import { InputError } from '../core/input-error';
import { buildPlan } from '../plan/build-plan';
import { staleDist } from '../synth/write-dist';
import { GrantAttribution } from '../usage/attribution';
import { GrantIndex } from '../usage/grants';
import { unifiedDiff } from '../usage/unified-diff';
import { analyseUsage, type UsageAnalysis } from '../usage/usage-analysis';
import { usageEdits } from '../usage/edit-plan';
import { readUsageLog } from '../usage/usage-log-reader';
import { usageMarkdown } from '../usage/usage-markdown';
import { hasFindings, usageReportJson } from '../usage/usage-report';
import { UsageTally } from '../usage/usage-tally';
import { usageTable } from '../usage/usage-text';
import { parseWindowDays, usageWindow } from '../usage/usage-window';
import { checkFormat, defineCommand, type Parsed, runCli } from './command-spec';
import { DIST_INPUT_OPTION, EXIT, printProblems, resolveNow, TEAMS_OPTIONS, UsageError } from './common';
import { buildOutputs } from './outputs';
import { commit } from './edit/edit-command';
import { applyUsageEdits } from './edit/usage-edits';

const FORMATS = ['table', 'json', 'markdown'] as const;

const USAGE = defineCommand({
  name: 'usage',
  usage: ['AUDIT_LOG... [flags]', 'AUDIT_LOG... --apply [--dry-run] [flags]'],
  description: `Reads API-server audit logs (as gpu-audit does: plain or gzip, "-" for stdin) and reports, per grant of dist/ (a group,
token user or ServiceAccount holding a tier or custom role in a team namespace), its requests in the window, first
and last seen and the permissions used, attributed by the authorizer's reason annotation (else by the offline
evaluator: the smallest grant that allows the request), and its finding:

  unused     no allowed request in the window (only when the log covers the whole window and records reads,
             which cluster.audit.usage asks the audit policy for)
  narrower   the lowest tier that allows everything used, when it is below the grant; else, when what was used
             is a small part of the grant, a custom role with exactly those rules

Also: requests the authorizer refused, with the lowest tier that would allow them (for review), and each token's
last use, unused in the window, or used after its rotate-by date.

--apply writes the suggestions into teams.yaml (a tier lowered, a custom role added and the group or token
moved to it, an unused grant removed) and synthesizes, as the edit commands do: it only ever takes access away,
and writes nothing unless every output is valid. --dry-run prints the teams.yaml diff instead.

Exit status: 0 done, 1 a log could not be read or had malformed lines (the report is still printed), with
--strict any finding, with --apply a refused or invalid edit; 2 bad command line.`,
  options: {
    window: { type: 'string', default: '90d', description: 'how far back to look, ending at --now', value: 'DAYS' },
    now: { type: 'string', description: 'the end of the window: YYYY-MM-DD (to the end of that day) or a time (default $COREWEAVE_RBAC_NOW, else the clock)', value: 'TIME' },
    team: { type: 'string', description: "only this team's grants, refusals and tokens" },
    format: { type: 'string', short: 'o', default: 'table', description: `output format: ${FORMATS.join(', ')}`, value: 'FORMAT' },
    ...DIST_INPUT_OPTION,
    file: TEAMS_OPTIONS.file,
    strict: { type: 'boolean', default: false, description: 'exit 1 when there is any finding (for a scheduled review)' },
    apply: { type: 'boolean', default: false, description: 'write the suggestions into teams.yaml, then synth' },
    'dry-run': { type: 'boolean', default: false, description: 'with --apply: print the teams.yaml diff, write nothing' },
    out: { type: 'string', description: 'with --apply: where the generated manifests go (default: --dist)', value: 'DIR' },
  },
  notes: `Examples:
  coreweave-rbac usage /var/log/kubernetes/audit/audit.log audit-*.log.gz --window 90d
  coreweave-rbac usage audit.log -o markdown > access-review.md
  coreweave-rbac usage audit.log --team research --apply --dry-run`,
});

type Io = { readonly stdin: Readable; readonly stdout: Writable; readonly stderr: Writable };

/** `coreweave-rbac usage`: least privilege from the audit log (docs/least-privilege.md). */
export function usage(argv: readonly string[], io: Io = process): Promise<number> {
  return runCli(USAGE, argv, (parsed) => run(parsed, io), io);
}

async function run({ values, positionals }: Parsed<typeof USAGE.options>, io: Io): Promise<number> {
  checkFormat(values.format, FORMATS);
  const days = parseWindowDays(values.window);
  if (days === undefined) throw new UsageError(`--window must be a number of days such as 90d, got ${JSON.stringify(values.window)}`);
  if (values['dry-run'] && !values.apply) throw new UsageError('--dry-run previews --apply: give both');
  if (values.strict && values.apply) throw new UsageError('--strict is for the report; with --apply the exit status says whether teams.yaml was changed');
  const given = values.now ?? process.env.COREWEAVE_RBAC_NOW;
  const window = usageWindow(endOfWindow(given, nowOf(given)), days);
  // teams.yaml is checked against today, not the window's end: a review of an old log still reads today's file
  const now = resolveNow(undefined);
  const files = positionals.length > 0 ? positionals : ['-'];
  checkAuditLogFiles(files);
  if (!existsSync(values.dist) || !statSync(values.dist).isDirectory()) {
    throw new InputError(`cannot read ${values.dist}/ (the generated manifests whose grants are reported), expected a directory: run \`npx cdk8s synth\` or pass --dist`);
  }
  const loaded = loadConfig(values.file, { now });
  const plan = buildPlan(loaded.config);
  const objects = objectsOfDir(values.dist);
  const index = new GrantIndex(RbacModel.fromObjects(objects), SubjectTiers.fromObjects(objects));
  if (values.team !== undefined && !index.tiers.teams().includes(values.team)) {
    throw new UsageError(`unknown team ${JSON.stringify(values.team)}, expected one of ${index.tiers.teams().join(', ') || `(no teams in ${values.dist}/)`}`);
  }

  const tally = new UsageTally(index, new GrantAttribution(index), window);
  const problems = await readLogs(files, tally, io);
  const analysis = analyseUsage({ index, tally, window, plan, groupPrefix: loaded.config.cluster.oidcGroupPrefix ?? '', ...(values.team !== undefined ? { team: values.team } : {}) });
  if (tally.deniedOverflow > 0) io.stderr.write(`usage: ${tally.deniedOverflow} refused requests of more subjects and requests than the report keeps were counted nowhere\n`);
  if (tally.untimed > 0) io.stderr.write(`usage: ${tally.untimed} events without a timestamp were not counted\n`);

  if (values.apply) {
    if (problems > 0) throw new InputError(`the logs could not all be read (see above), expected complete evidence before teams.yaml is changed; nothing was written`);
    return apply(analysis, { teamsFile: values.file, dist: values.dist, out: values.out ?? values.dist, now, dryRun: values['dry-run'], groupPrefix: loaded.config.cluster.oidcGroupPrefix ?? '' }, io);
  }
  io.stdout.write(values.format === 'json' ? `${JSON.stringify(usageReportJson(analysis), null, 2)}\n` : values.format === 'markdown' ? usageMarkdown(analysis) : usageTable(analysis));
  if (problems > 0) return EXIT.failed;
  if (values.strict && hasFindings(analysis)) {
    const grants = analysis.grants.filter((g) => g.finding !== null).length;
    const tokens = analysis.tokens.filter((t) => t.finding !== null).length;
    io.stderr.write(`usage: ${grants} grant finding${grants === 1 ? '' : 's'}, ${tokens} token finding${tokens === 1 ? '' : 's'}\n`);
    return EXIT.failed;
  }
  return EXIT.ok;
}

/** --now (else $COREWEAVE_RBAC_NOW, else the clock): the end of the window. */
function nowOf(given: string | undefined): Date {
  if (given === undefined || given === '') return new Date();
  if (!/^\d{4}-\d{2}-\d{2}(T.+)?$/.test(given) || Number.isNaN(Date.parse(given))) throw new UsageError(`--now must be a date YYYY-MM-DD or a time such as 2026-11-23T08:00:00Z, got ${JSON.stringify(given)}`);
  return resolveNow(given);
}

/** The window ends at --now: a day (YYYY-MM-DD) counts whole, so the window ends with the end of it. */
function endOfWindow(given: string | undefined, now: Date): Date {
  return given !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(given) ? new Date(now.getTime() + 86_400_000) : now;
}


/** Read every log into the tally; the number of problems (malformed lines, logs that do not decompress), each reported. */
async function readLogs(files: readonly string[], tally: UsageTally, io: Io): Promise<number> {
  let problems = 0;
  for (const file of files) {
    const name = file === '-' ? '<stdin>' : file;
    try {
      await readUsageLog(file === '-' ? io.stdin : openAuditLog(file), (event) => tally.add(event), (line, message) => {
        problems += 1;
        io.stderr.write(`usage: ${name}:${line}: malformed line skipped: ${message}\n`);
      });
    } catch (e) {
      if (!(e instanceof GzipError)) throw e;
      problems += 1;
      io.stderr.write(`usage: ${name}: ${e.message}\n`);
    }
  }
  return problems;
}

interface ApplyOptions {
  readonly teamsFile: string;
  readonly dist: string;
  readonly out: string;
  readonly now: Date;
  readonly dryRun: boolean;
  readonly groupPrefix: string;
}

/** --apply: the findings as teams.yaml edits, validated with every output before anything is written. */
function apply(analysis: UsageAnalysis, options: ApplyOptions, io: Io): number {
  if (!analysis.window.covered) {
    throw new InputError(`the log does not cover the window ${analysis.window.from} to ${analysis.window.to} (it runs from ${analysis.log.first ?? '-'} to ${analysis.log.last ?? '-'}), expected evidence of the whole window before access is taken away; nothing was written`);
  }
  const original = readTeamsBytes(options.teamsFile).toString('utf8');
  checkDistIsCurrent(original, options);
  const plan = usageEdits(analysis, options.groupPrefix);
  for (const line of plan.skipped) io.stderr.write(`usage: skipped ${line}\n`);
  if (plan.edits.length === 0) {
    io.stderr.write(`usage: no finding to apply; nothing changed\n`);
    return EXIT.ok;
  }
  const edited = applyUsageEdits(original, plan.edits, { now: options.now, file: options.teamsFile });
  for (const line of plan.applied) io.stderr.write(`usage: ${line}\n`);
  if (!options.dryRun) return commit('usage', { teamsFile: options.teamsFile, out: options.out, now: options.now }, original, edited, { changed: true, message: `${plan.applied.length} finding${plan.applied.length === 1 ? '' : 's'} applied` });
  try {
    buildOutputs({ teamsFile: options.teamsFile, now: options.now, strict: false, text: edited });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    io.stderr.write(`usage: the edit would make ${options.teamsFile} invalid (lines as they would be after the edit):\n`);
    printProblems(e.file, e.problems.filter((p) => p.severity === 'error'), io.stderr);
    io.stderr.write('usage: nothing was written\n');
    return EXIT.failed;
  }
  io.stdout.write(unifiedDiff(original, edited, { old: `a/${options.teamsFile}`, new: `b/${options.teamsFile}` }));
  io.stderr.write('usage: dry run: nothing was written\n');
  return EXIT.ok;
}

/** The grants come from dist/: an edit of teams.yaml made from a dist/ it does not give would miss its mark. */
function checkDistIsCurrent(teamsText: string, options: ApplyOptions): void {
  const expected = buildOutputs({ teamsFile: options.teamsFile, now: options.now, strict: false, text: teamsText }).dist;
  const stale = staleDist(options.dist, expected);
  if (stale !== undefined) {
    throw new InputError(`${options.dist}/ is not what ${options.teamsFile} gives (${stale}), expected the dist/ the log's grants came from: run \`npx cdk8s synth\` first; nothing was written`);
  }
}

