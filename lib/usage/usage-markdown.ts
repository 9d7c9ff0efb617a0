import type { PolicyRule } from '../core/policy-rule';
import type { UsageAnalysis } from './usage-analysis';
import { subjectText, suggestionText, windowStatement, minute } from './usage-text';
import { dayOf } from './usage-window';

/** `usage --format markdown`: the report for an access review's record (a ticket, a pull request). */
export function usageMarkdown(analysis: UsageAnalysis): string {
  const out: string[] = ['# Least privilege from the audit log', '', capitalized(windowStatement(analysis)), ''];
  const findings = analysis.grants.filter((g) => g.finding !== null);
  out.push('## Findings', '');
  if (findings.length === 0) out.push('No grant is unused or wider than its use.', '');
  else {
    out.push(...table(['team', 'namespace', 'subject', 'grant', 'requests', 'last seen', 'finding', 'suggestion'], findings.map((g) => [g.grant.team, g.grant.namespace, subjectText(g.grant), g.grant.grant, String(g.use?.requests ?? 0), g.lastSeen === undefined ? '-' : dayOf(g.lastSeen), g.finding ?? '-', suggestionText(g.finding, g.suggest)])), '');
    for (const g of findings) {
      const s = g.suggest;
      if (s === null || !('role' in s)) continue;
      out.push(`Role \`${s.role.name}\` for ${subjectText(g.grant)} in team ${g.grant.team} (teams.yaml):`, '', '```yaml', `- name: ${s.role.name}`, '  rules:', ...s.role.rules.map((r) => `    - ${ruleFlow(r)}`), '```', '');
    }
  }
  const tokenFindings = analysis.tokens.filter((t) => t.finding !== null);
  if (tokenFindings.length > 0) out.push(...table(['team', 'token', 'last used', 'rotate by', 'finding'], tokenFindings.map((t) => [t.team, t.token, t.lastUsed === null ? '-' : minute(t.lastUsed), t.rotateBy ?? '-', t.finding ?? '-'])), '');
  out.push('## Every grant', '');
  out.push(...table(['team', 'namespace', 'subject', 'grant', 'requests', 'first seen', 'last seen', 'used'], analysis.grants.map((g) => [g.grant.team, g.grant.namespace, subjectText(g.grant), g.grant.grant, String(g.use?.requests ?? 0), g.firstSeen === undefined ? '-' : dayOf(g.firstSeen), g.lastSeen === undefined ? '-' : dayOf(g.lastSeen), g.used.map((u) => `\`${u}\``).join(', ') || '-'])), '');
  if (analysis.denied.length > 0) {
    out.push('## Refused requests (for review)', '', ...table(['namespace', 'subject', 'request', 'count', 'lowest tier'], analysis.denied.map((d) => [d.namespace ?? '(cluster)', d.subject, `\`${d.request}\``, String(d.count), d.lowestTier ?? 'no tier'])), '');
  }
  if (analysis.tokens.length > 0) {
    out.push('## Tokens', '', ...table(['team', 'token', 'last used', 'rotate by', 'finding'], analysis.tokens.map((t) => [t.team, t.token, t.lastUsed === null ? '-' : minute(t.lastUsed), t.rotateBy ?? '-', t.finding ?? '-'])), '');
  }
  return out.join('\n');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]): string => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)];
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A rule as teams.yaml writes one: `{ apiGroups: [apps], resources: [deployments], verbs: [get] }`. */
export function ruleFlow(rule: PolicyRule): string {
  const list = (xs: readonly string[]): string => `[${xs.map((x) => (/^[a-z0-9][a-z0-9./-]*$/.test(x) ? x : JSON.stringify(x))).join(', ')}]`;
  const parts = [`apiGroups: ${list(rule.apiGroups ?? [])}`, `resources: ${list(rule.resources ?? [])}`, `verbs: ${list(rule.verbs)}`];
  if ((rule.resourceNames ?? []).length > 0) parts.push(`resourceNames: ${list(rule.resourceNames ?? [])}`);
  return `{ ${parts.join(', ')} }`;
}
