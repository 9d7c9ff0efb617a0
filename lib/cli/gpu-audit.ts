import { existsSync, statSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { SubjectTiers } from '../access/subject-tiers';
import { GpuEventClassifier, GpuAuditRecord } from '../audit/gpu-event';
import { checkAuditLogFiles } from '../audit/audit-log-file';
import { GpuAuditFilter, GzipError, openAuditLog, streamGpuAudit } from '../audit/gpu-audit-stream';
import { formatSummaryTable, GpuRecordTable, GpuSummary } from '../audit/gpu-summary';
import { parseDate } from '../config/names';
import { InputError } from '../core/input-error';
import { defineCommand, type Parsed, runCli } from './command-spec';
import { BufferedOutput } from './buffered-output';
import { DIST_INPUT_OPTION, EXIT, UsageError } from './common';

const GPU_AUDIT = defineCommand({
  name: 'gpu-audit',
  usage: ['[FILE...|-] [flags]'],
  description: `Reads API-server audit logs (JSON lines of audit.k8s.io/v1 Events; stdin when no FILE or "-"), plain or gzip (as
--audit-log-compress rotates them: told by the first bytes, whatever the name), and writes one JSON line per GPU
allocation event: {timestamp, cluster, user, groups, team, tier, namespace, action, resource, gpuCount, result,
reason}. Teams and tiers come from the RBAC in --dist.

Exit status: 0 done, 1 a log could not be read (a file that starts as gzip but does not decompress: reported, and
the other files are still read) or had malformed lines (reported with their line numbers on stderr; every other
line is still processed), 2 bad command line.`,
  options: {
    ...DIST_INPUT_OPTION,
    cluster: { type: 'string', description: 'cluster name for the records (default $CW_CLUSTER_ID, else the cluster label in --dist)', value: 'NAME' },
    team: { type: 'string', description: 'only events of this team' },
    since: { type: 'string', description: 'only events at or after TIME (YYYY-MM-DD is midnight UTC)', value: 'TIME' },
    denied: { type: 'boolean', default: false, description: 'only denied events' },
    summary: { type: 'boolean', default: false, description: 'instead of records, totals per team: events, GPUs requested, allowed, denied' },
    // no default: it depends on --summary
    format: { type: 'string', short: 'o', description: 'output format: json (default) or table; with --summary: table (default) or json', value: 'FORMAT' },
  },
  notes: `--format table prints the records as a table, columns TIME TEAM TIER USER ACTION RESOURCE GPUS RESULT REASON,
"-" for null, REASON cut to 80 characters, columns sized on the first 1000 records. --summary --format json prints
an array of {team, events, requested, allowed, denied}.`,
});

/** `coreweave-rbac gpu-audit`: GPU allocation records from API-server audit logs (README, "Audit"). */
export function gpuAudit(argv: readonly string[], io: { stdin: Readable; stdout: Writable; stderr: Writable } = process): Promise<number> {
  return runCli(GPU_AUDIT, argv, ({ values, positionals }) => run(optionsOf(values, positionals), io), io);
}

async function run(options: ReturnType<typeof optionsOf>, io: { stdin: Readable; stdout: Writable; stderr: Writable }): Promise<number> {
  if (!existsSync(options.dist) || !statSync(options.dist).isDirectory()) {
    throw new InputError(`cannot read ${options.dist}/ (the generated manifests that name each team and tier), expected a directory: run \`npx cdk8s synth\` or pass --dist`);
  }
  const tiers = SubjectTiers.fromDist(options.dist);
  if (options.filter.team !== undefined && !tiers.teams().includes(options.filter.team)) {
    throw new UsageError(`unknown team ${JSON.stringify(options.filter.team)}, expected one of ${tiers.teams().join(', ') || `(no teams in ${options.dist}/)`}`);
  }
  checkAuditLogFiles(options.files);

  const classifier = new GpuEventClassifier({
    cluster: options.cluster ?? process.env.CW_CLUSTER_ID ?? tiers.clusterName ?? null,
    teamOf: (ns) => tiers.teamOf(ns),
    tierOf: (subject, ns) => tiers.tierOf(subject, ns),
  });
  const output = outputFor(options.summary, options.format);
  const print = new BufferedOutput(io.stdout);
  let malformed = 0;
  let corrupt = 0;
  for (const file of options.files.length > 0 ? options.files : ['-']) {
    const name = file === '-' ? '<stdin>' : file;
    const input = file === '-' ? io.stdin : openAuditLog(file);
    try {
      // counted here, not from the result: a file that turns out corrupt has no result
      await streamGpuAudit(input, classifier, options.filter, (record) => print.write(output.add(record)), (line, message) => {
        malformed += 1;
        io.stderr.write(`gpu-audit: ${name}:${line}: malformed line skipped: ${message}\n`);
      });
    } catch (e) {
      if (!(e instanceof GzipError)) throw e;
      corrupt += 1;
      io.stderr.write(`gpu-audit: ${name}: ${e.message}\n`);
    }
  }
  await print.write(output.end());
  await print.flush();
  if (malformed > 0) throw new InputError(`${malformed} malformed line${malformed === 1 ? '' : 's'} skipped`);
  return corrupt > 0 ? EXIT.failed : EXIT.ok;
}

type Format = 'table' | 'json';

/** What goes to stdout: text for each record as it comes, and text after the last one. */
interface Output {
  add(record: GpuAuditRecord): string;
  end(): string;
}

function outputFor(summary: boolean, format: Format): Output {
  if (summary) {
    const totals = new GpuSummary();
    return {
      add: (record) => {
        totals.add(record);
        return '';
      },
      end: () => (format === 'json' ? `${JSON.stringify(totals.result(), null, 2)}\n` : formatSummaryTable(totals.result())),
    };
  }
  if (format === 'table') return new GpuRecordTable();
  return { add: (record) => `${JSON.stringify(record)}\n`, end: () => '' };
}

function optionsOf(values: Parsed<typeof GPU_AUDIT.options>['values'], files: readonly string[]) {
  const format = values.format ?? (values.summary ? 'table' : 'json');
  if (!isFormat(format)) throw new UsageError(`--format must be one of table, json, got ${JSON.stringify(format)}`);
  const filter: GpuAuditFilter = {
    ...(values.team !== undefined ? { team: values.team } : {}),
    ...(values.since !== undefined ? { since: parseSince(values.since) } : {}),
    deniedOnly: values.denied,
  };
  return { dist: values.dist, cluster: values.cluster, summary: values.summary, format, files, filter };
}

function isFormat(value: string): value is Format {
  return value === 'table' || value === 'json';
}

function parseSince(value: string): Date {
  const day = parseDate(value);
  if (day) return day;
  if (/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value);
  throw new UsageError(`--since must be a date YYYY-MM-DD or a time such as 2026-11-23T08:00:00Z, got ${JSON.stringify(value)}`);
}
