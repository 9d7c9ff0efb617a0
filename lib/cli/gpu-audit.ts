import { createReadStream, existsSync, statSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { once } from 'node:events';
import { SubjectTiers } from '../access/subject-tiers';
import { GpuEventClassifier, GpuAuditRecord } from '../audit/gpu-event';
import { GpuAuditFilter, GzipError, streamGpuAudit } from '../audit/gpu-audit-stream';
import { formatSummaryTable, GpuRecordTable, GpuSummary } from '../audit/gpu-summary';
import { parseDate } from '../config/names';
import { EXIT, parseCommandLine, UsageError } from './common';

const USAGE =
  'npm run gpu-audit -- [FILE...|-] [--dist dist] [--cluster NAME] [--team TEAM] [--since YYYY-MM-DD|RFC3339] [--denied] [--summary] [--format table|json]';

const HELP = `usage: ${USAGE}

Reads API-server audit logs (JSON lines of audit.k8s.io/v1 Events; stdin when no FILE or "-"), plain or gzip (as
--audit-log-compress rotates them: told by the first bytes, whatever the name), and writes one JSON line per GPU
allocation event: {timestamp, cluster, user, groups, team, tier, namespace, action, resource, gpuCount, result,
reason}. Teams and tiers come from the RBAC in --dist.

  --dist DIR       generated manifests to resolve teams and tiers from (default dist)
  --cluster NAME   cluster name for the records (default $CW_CLUSTER_ID, else the cluster label in --dist)
  --team TEAM      only events of this team
  --since TIME     only events at or after TIME (YYYY-MM-DD is midnight UTC)
  --denied         only denied events
  --summary        instead of records, totals per team: events, GPUs requested, allowed, denied
  --format FORMAT  json (default): the JSON lines above; table: the records as a table, columns TIME TEAM TIER
                   USER ACTION RESOURCE GPUS RESULT REASON, "-" for null, REASON cut to 80 characters, columns
                   sized on the first 1000 records. With --summary: table (default), or json: an array of
                   {team, events, requested, allowed, denied}

Exit status: 0 done, 1 a log could not be read (a file that starts as gzip but does not decompress: reported, and
the other files are still read) or had malformed lines (reported with their line numbers on stderr; every other
line is still processed), 2 bad command line.
`;

/** `npm run gpu-audit`: GPU allocation records from API-server audit logs (README, "Audit"). */
export async function gpuAudit(argv: readonly string[], io: { stdin: Readable; stdout: Writable; stderr: Writable } = process): Promise<number> {
  const fail = (message: string, code: number): number => {
    io.stderr.write(`gpu-audit: ${message}\n${code === EXIT.usage ? `usage: ${USAGE}\n` : ''}`);
    return code;
  };
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(argv);
  } catch (e) {
    if (e instanceof UsageError) return fail(e.message, EXIT.usage);
    throw e;
  }
  if (options.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  if (!existsSync(options.dist) || !statSync(options.dist).isDirectory()) {
    return fail(`cannot read ${options.dist}/ (the generated manifests that name each team and tier), expected a directory: run \`npx cdk8s synth\` or pass --dist`, EXIT.failed);
  }
  const tiers = SubjectTiers.fromDist(options.dist);
  if (options.filter.team !== undefined && !tiers.teams().includes(options.filter.team)) {
    return fail(`unknown team ${JSON.stringify(options.filter.team)}, expected one of ${tiers.teams().join(', ') || `(no teams in ${options.dist}/)`}`, EXIT.usage);
  }
  const missing = options.files.filter((f) => f !== '-' && !existsSync(f));
  if (missing.length > 0) return fail(`cannot read ${missing.map((f) => JSON.stringify(f)).join(', ')}: no such file`, EXIT.failed);
  const folders = options.files.filter((f) => f !== '-' && statSync(f).isDirectory());
  if (folders.length > 0) return fail(`cannot read ${folders.map((f) => JSON.stringify(f)).join(', ')}: a directory, expected audit log files`, EXIT.failed);

  const classifier = new GpuEventClassifier({
    cluster: options.cluster ?? process.env.CW_CLUSTER_ID ?? tiers.clusterName ?? null,
    teamOf: (ns) => tiers.teamOf(ns),
    tierOf: (subject, ns) => tiers.tierOf(subject, ns),
  });
  const output = outputFor(options.summary, options.format);
  const print = async (text: string): Promise<void> => {
    if (text !== '' && !io.stdout.write(text)) await once(io.stdout, 'drain');
  };
  let malformed = 0;
  let corrupt = 0;
  for (const file of options.files.length > 0 ? options.files : ['-']) {
    const name = file === '-' ? '<stdin>' : file;
    const input = file === '-' ? io.stdin : createReadStream(file);
    try {
      // counted here, not from the result: a file that turns out corrupt has no result
      await streamGpuAudit(input, classifier, options.filter, (record) => print(output.add(record)), (line, message) => {
        malformed += 1;
        io.stderr.write(`gpu-audit: ${name}:${line}: malformed line skipped: ${message}\n`);
      });
    } catch (e) {
      if (!(e instanceof GzipError)) throw e;
      corrupt += 1;
      io.stderr.write(`gpu-audit: ${name}: ${e.message}\n`);
    }
  }
  await print(output.end());
  if (malformed > 0) return fail(`${malformed} malformed line${malformed === 1 ? '' : 's'} skipped`, EXIT.failed);
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

function parseOptions(argv: readonly string[]) {
  const { values, positionals } = parseCommandLine({
    args: [...argv],
    allowPositionals: true,
    options: {
      dist: { type: 'string', default: 'dist' },
      cluster: { type: 'string' },
      team: { type: 'string' },
      since: { type: 'string' },
      denied: { type: 'boolean', default: false },
      summary: { type: 'boolean', default: false },
      // no default: it depends on --summary
      format: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const format = values.format ?? (values.summary ? 'table' : 'json');
  if (!isFormat(format)) throw new UsageError(`--format must be table or json, got ${JSON.stringify(format)}`);
  const filter: GpuAuditFilter = {
    ...(values.team !== undefined ? { team: values.team } : {}),
    ...(values.since !== undefined ? { since: parseSince(values.since) } : {}),
    deniedOnly: values.denied,
  };
  return { dist: values.dist, cluster: values.cluster, summary: values.summary, format, help: values.help, files: positionals, filter };
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
