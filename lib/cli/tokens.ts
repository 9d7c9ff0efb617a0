import { formatTokenTable, tokenReport } from '../audit/token-report';
import { loadConfig } from '../config/load';
import { buildPlan } from '../plan/build-plan';
import { EXIT, parseCommandLine, resolveNow, runCommand, TEAMS_OPTIONS, UsageError } from './common';

const USAGE = 'npm run tokens -- [--file teams.yaml] [--now YYYY-MM-DD] [--team TEAM] [--format table|json] [--strict]';

const HELP = `usage: ${USAGE}

Every API token of teams.yaml with its tier, age, next rotation date (rotatedAt + cluster.tokenMaxAgeDays) and
status: ok, due (rotation date at most 14 days away) or overdue.

  --file FILE      teams.yaml to read (default teams.yaml)
  --now DATE       "today" (default $COREWEAVE_RBAC_NOW, else the clock)
  --team TEAM      only this team's tokens
  --format FORMAT  table (default) or json
  --strict         exit 1 when any token is overdue
`;

/** `npm run tokens`: the token inventory and its rotation status (README, "Audit"). */
export function tokens(argv: readonly string[]): number {
  return runCommand('tokens', USAGE, () => {
    const { values, positionals } = parseCommandLine({
      args: [...argv],
      allowPositionals: true,
      options: {
        ...TEAMS_OPTIONS,
        team: { type: 'string' },
        format: { type: 'string', short: 'o', default: 'table' },
        strict: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      process.stdout.write(HELP);
      return EXIT.ok;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    if (values.format !== 'table' && values.format !== 'json') throw new UsageError(`--format must be table or json, got ${JSON.stringify(values.format)}`);
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
