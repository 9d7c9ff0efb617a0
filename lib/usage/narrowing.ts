import { ruleAllows, uncoveredRules, type PolicyRule } from '../core/policy-rule';
import type { TeamTier } from '../core/tiers';
import { TIERS_LOWEST_FIRST, type Grant, type GrantIndex } from './grants';
import type { GrantUse } from './usage-tally';
import { rulesOfUse } from './custom-role';

/** What to put in place of a grant: a lower tier, or a custom Role with exactly the rules used. */
export type Suggestion = { readonly tier: TeamTier } | { readonly role: { readonly name: string; readonly rules: readonly PolicyRule[] } };

export interface Verdict {
  readonly finding: 'unused' | 'narrower' | null;
  readonly suggest: Suggestion | null;
}

/** "A small part of the grant": at most this share of its permissions used, for a custom role to be worth it. */
export const SMALL_PART = 0.1;

export interface VerdictContext {
  readonly index: GrantIndex;
  /** The log holds the whole window. */
  readonly covered: boolean;
  /** The log holds the grant's reads (cluster.audit.usage): only then is "no request" evidence of no use. */
  readonly readsRecorded: boolean;
  /** The grant's permissions the log cannot show (lib/usage/log-visibility.ts): a suggestion keeps them. */
  readonly unrecorded: (grant: Grant) => readonly PolicyRule[];
  /** A name for a new Role of the grant's team. */
  readonly roleName: (grant: Grant) => string;
}

/**
 * The finding of one grant. unused: no allowed request in a window the log wholly covers, with reads recorded.
 * narrower: the lowest tier below the grant (one whose every rule the grant's role covers) that allows every
 * permission used and every permission the log cannot show; otherwise, when reads are recorded and the
 * permissions used are a small part of the grant, a Role of exactly those rules. Neither ever allows more than
 * the grant did.
 */
export function verdictOf(grant: Grant, use: GrantUse | undefined, context: VerdictContext): Verdict {
  const none: Verdict = { finding: null, suggest: null };
  if (use === undefined || use.requests === 0) return context.covered && context.readsRecorded ? { finding: 'unused', suggest: null } : none;
  if (grant.role === undefined) return none;
  const granted = grant.role.rules;
  const unrecorded = context.unrecorded(grant);
  const used = [...use.permissions.values()].map((p) => ({ verb: p.verb, apiGroup: p.apiGroup, resource: p.resource, ...(p.subresource ? { subresource: p.subresource } : {}) }));
  for (const tier of TIERS_LOWEST_FIRST) {
    const tierRole = context.index.tierRoles.get(tier);
    if (tierRole === undefined || tier === grant.tier) continue;
    if (uncoveredRules(granted, tierRole.rules).length > 0) continue;
    if (!used.every((request) => tierRole.rules.some((rule) => ruleAllows(rule, request)))) continue;
    if (uncoveredRules(tierRole.rules, unrecorded).length > 0) continue;
    return { finding: 'narrower', suggest: { tier } };
  }
  if (unrecorded.length > 0 || use.permissions.size > SMALL_PART * grant.permissionCount) return none;
  const rules = rulesOfUse(use);
  if (uncoveredRules(granted, rules).length > 0) return none;
  return { finding: 'narrower', suggest: { role: { name: context.roleName(grant), rules } } };
}
