import type { PolicyRule } from '../core/policy-rule';
import type { Grant } from './grants';
import type { Suggestion } from './narrowing';
import type { UsageAnalysis } from './usage-analysis';

/** `usage --format json`: one object (docs/least-privilege.md). */
export interface UsageReportJson {
  readonly window: { readonly from: string; readonly to: string; readonly covered: boolean; readonly readsRecorded: boolean };
  readonly grants: readonly {
    readonly subject: string;
    readonly kind: Grant['kind'];
    readonly team: string;
    readonly namespace: string;
    readonly grant: string;
    readonly binding: string;
    readonly requests: number;
    readonly firstSeen: string | null;
    readonly lastSeen: string | null;
    readonly used: readonly string[];
    readonly finding: 'unused' | 'narrower' | null;
    readonly suggest: null | { readonly tier: string } | { readonly role: { readonly name: string; readonly rules: readonly PolicyRule[] } };
  }[];
  readonly denied: readonly { readonly subject: string; readonly namespace: string | null; readonly request: string; readonly count: number; readonly lowestTier: string | null }[];
  readonly tokens: readonly { readonly team: string; readonly token: string; readonly lastUsed: string | null; readonly finding: string | null }[];
}

export function usageReportJson(analysis: UsageAnalysis): UsageReportJson {
  const { window } = analysis;
  return {
    window: { from: window.from, to: window.to, covered: window.covered, readsRecorded: window.readsRecorded },
    grants: analysis.grants.map((g) => ({
      subject: g.grant.subject,
      kind: g.grant.kind,
      team: g.grant.team,
      namespace: g.grant.namespace,
      grant: g.grant.grant,
      binding: bindingText(g.grant),
      requests: g.use?.requests ?? 0,
      firstSeen: g.firstSeen ?? null,
      lastSeen: g.lastSeen ?? null,
      used: g.used,
      finding: g.finding,
      suggest: suggestionJson(g.suggest),
    })),
    denied: analysis.denied.map((d) => ({ subject: d.subject, namespace: d.namespace, request: d.request, count: d.count, lowestTier: d.lowestTier })),
    tokens: analysis.tokens.map((t) => ({ team: t.team, token: t.token, lastUsed: t.lastUsed, finding: t.finding })),
  };
}

function suggestionJson(s: Suggestion | null): UsageReportJson['grants'][number]['suggest'] {
  if (s === null) return null;
  return 'tier' in s ? { tier: s.tier } : { role: { name: s.role.name, rules: s.role.rules } };
}

/** `RoleBinding research/ml-engineer`. */
export function bindingText(grant: Grant): string {
  return `RoleBinding ${grant.namespace}/${grant.binding.name}`;
}

/** Whether anything calls for a reviewer (what --strict fails on): a grant's or a token's finding. */
export function hasFindings(analysis: UsageAnalysis): boolean {
  return analysis.grants.some((g) => g.finding !== null) || analysis.tokens.some((t) => t.finding !== null);
}
