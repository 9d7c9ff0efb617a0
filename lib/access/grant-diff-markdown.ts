import { compareStrings } from '../core/compare';
import type { AccessChange } from './access-diff';
import { grantLine, roleLine } from './grant-diff-lines';
import { isEmptyReport, type AccessDiffReport, type GrantChange } from './grant-diff-report';

/** GitHub refuses comments over 65,536 characters: the comment is cut to fit, details first. */
const COMMENT_BUDGET = 60_000;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `2 subjects gain access in 1 namespace, 0 widening grants`. */
export function accessDiffSummary(report: AccessDiffReport): string {
  const moved = (sign: '+' | '-', verbs: readonly [string, string]) => {
    const details = report.details.filter((d) => d.sign === sign);
    if (details.length === 0) return [];
    const subjects = new Set(details.map((d) => d.subject)).size;
    const namespaces = new Set(details.flatMap((d) => (d.namespace !== undefined ? [d.namespace] : []))).size;
    const where = [...(namespaces > 0 ? [`in ${plural(namespaces, 'namespace')}`] : []), ...(details.some((d) => d.namespace === undefined) ? ['cluster-wide'] : [])].join(' and ');
    return [`${plural(subjects, 'subject')} ${subjects === 1 ? verbs[0] : verbs[1]} access ${where}`];
  };
  const access = [...moved('+', ['gains', 'gain']), ...moved('-', ['loses', 'lose'])];
  const widening = report.grants.filter((g) => g.widens).length + report.roles.filter((r) => r.widens).length;
  return [...(access.length > 0 ? access : ['no permission changes']), plural(widening, 'widening grant')].join(', ');
}

const diffBlock = (lines: readonly string[]): string[] => ['```diff', ...lines, '```'];

/** The lines that fit in `budget` characters, and a last line saying how many were left out. */
function within(lines: readonly string[], budget: number, more: (n: number) => string): string[] {
  let used = 0;
  const kept: string[] = [];
  for (const line of lines) {
    if (used + line.length + 1 > budget) return [...kept, more(lines.length - kept.length)];
    kept.push(line);
    used += line.length + 1;
  }
  return kept;
}

/**
 * The changes as a pull-request comment: a one-line summary, what roles now allow, the grants per namespace, and
 * every per-resource line in a collapsed block. Empty when nothing changed.
 */
export function accessDiffMarkdown(report: AccessDiffReport, baseRef: string, headName: string): string {
  if (isEmptyReport(report)) return '';
  const head = [
    `### Access changes: ${accessDiffSummary(report)}`,
    '',
    `${headName} compared with \`${baseRef}\`. \`!\` marks access that lets its holder widen access further.`,
    '',
  ];
  const roles = report.roles.length > 0 ? ['**Roles**', '', ...diffBlock(report.roles.map(roleLine)), ''] : [];
  const scopes = grantsByScope(report.grants).map(([scope, grants]) => [`**${scope}**`, '', ...diffBlock(grants.map(grantLine)), ''].join('\n'));
  const rest = (lines: string[]) => lines.reduce((n, l) => n + l.length + 1, 0);
  const scopeBudget = COMMENT_BUDGET - rest(head) - rest(roles) - 2_000;
  const keptScopes = within(scopes, Math.max(scopeBudget, 0), (n) => `… and ${plural(n, 'more namespace')}: run \`coreweave-rbac access-diff\` for every line.\n`);
  const detailsBudget = COMMENT_BUDGET - rest(head) - rest(roles) - rest(keptScopes) - 500;
  return [...head, ...roles, ...keptScopes, ...detailsSection(report.details, detailsBudget)].join('\n');
}

function detailsSection(details: readonly AccessChange[], budget: number): string[] {
  if (details.length === 0) return [];
  const lines = within(
    details.map((d) => d.line),
    Math.max(budget, 0),
    (n) => `… ${plural(n, 'more line')}: run \`coreweave-rbac access-diff --details\` for every one`,
  );
  return [`<details><summary>${plural(details.length, 'permission change')}, per subject, resource and namespace</summary>`, '', ...diffBlock(lines), '', '</details>', ''];
}

/** Grants grouped by scope: cluster-wide first, then namespaces in name order. */
function grantsByScope(grants: readonly GrantChange[]): [string, GrantChange[]][] {
  const groups = new Map<string, GrantChange[]>();
  for (const g of grants) {
    const scope = g.namespace === undefined ? 'cluster-wide' : `namespace ${g.namespace}`;
    const list = groups.get(scope);
    if (list) list.push(g);
    else groups.set(scope, [g]);
  }
  const order = (scope: string) => (scope === 'cluster-wide' ? '0' : `1${scope}`);
  return [...groups].sort(([a], [b]) => compareStrings(order(a), order(b)));
}
