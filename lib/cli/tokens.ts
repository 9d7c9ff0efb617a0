import { formatTokenTable, tokenReport } from '../audit/token-report';
import { loadConfig } from '../config/load';
import { buildPlan } from '../plan/build-plan';
import { checkFormat, defineCommand, noArguments, runCli } from './command-spec';
import { EXIT, formatOption, resolveNow, TEAMS_OPTIONS, UsageError } from './common';

const TOKENS = defineCommand({
  name: 'tokens',
  usage: ['[flags]'],
  description: `Every API token of teams.yaml with its tier, age, next rotation date (rotatedAt + cluster.tokenMaxAgeDays) and
status: ok, due (rotation date at most 14 days away) or overdue.`,
  options: {
    ...TEAMS_OPTIONS,
    team: { type: 'string', description: "only this team's tokens" },
    ...formatOption(['table', 'json'], 'table'),
    strict: { type: 'boolean', default: false, description: 'exit 1 when any token is overdue' },
  },
});

/** `coreweave-rbac tokens`: the token inventory and its rotation status (README, "Audit"). */
export function tokens(argv: readonly string[]): number {
  return runCli(TOKENS, argv, ({ values, positionals }) => {
    noArguments(positionals);
    checkFormat(values.format, ['table', 'json']);
    const now = resolveNow(values.now);
    const plan = buildPlan(loadConfig(values.file, { now }).config);
    if (values.team !== undefined && !plan.teams.some((t) => t.name === values.team)) {
      throw new UsageError(`unknown team ${JSON.stringify(values.team)}, expected one of ${plan.teams.map((t) => t.name).join(', ')}`);
    }
    const rows = tokenReport(plan, now).filter((r) => values.team === undefined || r.team === values.team);
    process.stdout.write(values.format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : rows.length > 0 ? formatTokenTable(rows) : '');
    if (rows.length === 0) process.stderr.write(`tokens: no tokens in ${values.file}${values.team !== undefined ? ` for team ${values.team}` : ''}\n`);
    const overdue = rows.filter((r) => r.status === 'overdue');
    if (values.strict && overdue.length > 0) {
      process.stderr.write(`tokens: ${overdue.length} overdue token${overdue.length === 1 ? '' : 's'}: ${overdue.map((r) => `${r.team}/${r.token}`).join(', ')}\n`);
      return EXIT.failed;
    }
    return EXIT.ok;
  });
}
