import type { Grant } from './grants';
import type { Suggestion } from './narrowing';
import type { GrantResult, UsageAnalysis } from './usage-analysis';
import { UNRECORDED_VERBS } from './usage-analysis';
import { dayOf } from './usage-window';

/** What the window statement says, in words, for the table and the Markdown report. */
export function windowStatement(analysis: UsageAnalysis): string {
  const { window, log } = analysis;
  const days = `${minute(window.from)} to ${minute(window.to)} UTC (${window.days} day${window.days === 1 ? '' : 's'})`;
  const span = log.first === undefined || log.last === undefined ? 'the log has no timed events' : `the log runs from ${minute(log.first)} to ${minute(log.last)}`;
  const parts = [`window ${days}; ${span}`];
  if (!window.covered) parts.push('it does not cover the window, so no grant or token is called unused');
  if (!window.readsRecorded) {
    parts.push(
      `it does not record reads (${UNRECORDED_VERBS.join(', ')}) of team subjects from the window's start (set cluster.audit.usage), so no grant or token is called unused and a narrower tier keeps every read of the grant`,
    );
  }
  return `${parts.join('; ')}.`;
}

/** `oidc:research-ml`, `token ci-deployer`, `ServiceAccount research/pipeline`. */
export function subjectText(grant: Grant): string {
  if (grant.token !== undefined) return `token ${grant.token.name}`;
  return grant.kind === 'Group' ? grant.subject : `${grant.kind} ${grant.subject}`;
}

export function suggestionText(finding: GrantResult['finding'], s: Suggestion | null): string {
  if (finding === 'unused') return 'remove';
  if (s === null) return '-';
  return 'tier' in s ? `tier ${s.tier}` : `role ${s.role.name} (${s.role.rules.length} rule${s.role.rules.length === 1 ? '' : 's'})`;
}

/** YYYY-MM-DD HH:MM of a log timestamp. */
export function minute(t: string): string {
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

/** A kubectl-style table: upper-case headers, columns three spaces apart, the last column not padded. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('   ')).join('\n') + '\n';
}

/** `usage --format table`. */
export function usageTable(analysis: UsageAnalysis): string {
  const grants = [
    ['TEAM', 'NAMESPACE', 'SUBJECT', 'GRANT', 'REQUESTS', 'LAST SEEN', 'USED', 'FINDING', 'SUGGEST'],
    ...analysis.grants.map((g) => [
      g.grant.team,
      g.grant.namespace,
      subjectText(g.grant),
      g.grant.grant,
      String(g.use?.requests ?? 0),
      g.lastSeen === undefined ? '-' : dayOf(g.lastSeen),
      `${g.used.length} of ${g.grant.permissionCount}`,
      g.finding ?? '-',
      suggestionText(g.finding, g.suggest),
    ]),
  ];
  const denied = [['NAMESPACE', 'SUBJECT', 'REQUEST', 'COUNT', 'LOWEST TIER'], ...analysis.denied.map((d) => [d.namespace ?? '(cluster)', d.subject, d.request, String(d.count), d.lowestTier ?? 'no tier'])];
  const tokens = [['TEAM', 'TOKEN', 'LAST USED', 'ROTATE BY', 'FINDING'], ...analysis.tokens.map((t) => [t.team, t.token, t.lastUsed === null ? '-' : minute(t.lastUsed), t.rotateBy ?? '-', t.finding ?? '-'])];
  const sections = [`${windowStatement(analysis)}\n`, analysis.grants.length > 0 ? formatTable(grants) : 'No grants.\n'];
  if (analysis.denied.length > 0) sections.push(`Refused requests (for review):\n${formatTable(denied)}`);
  if (analysis.tokens.length > 0) sections.push(`Tokens:\n${formatTable(tokens)}`);
  return sections.join('\n');
}
