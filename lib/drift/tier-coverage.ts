import type { Permission } from '../access/permissions';
import { uncoveredRules, type PolicyRule } from '../core/policy-rule';
import { tierRules } from '../core/tier-rules';
import type { TeamTier } from '../core/tiers';

/** Narrowest first: the first tier that covers an access names it. */
const NARROWEST_FIRST: readonly TeamTier[] = ['viewer', 'inferenceOperator', 'mlEngineer', 'teamLead'];

/** A permission as the one-verb rule that grants exactly it. */
export function permissionRule(p: Permission): PolicyRule | undefined {
  if (p.kind === 'nonResourceURL') return { nonResourceURLs: [p.target], verbs: [p.verb] };
  if (p.kind !== 'resource') return undefined;
  return { apiGroups: [p.apiGroup ?? ''], resources: [p.resource ?? ''], verbs: [p.verb], ...(p.names.length > 0 ? { resourceNames: [...p.names] } : {}) };
}

/**
 * The narrowest team tier whose rules cover every permission (as the API server's escalation check compares
 * rules), or undefined when even teamLead does not: then the access is "more than teamLead".
 */
export function narrowestTier(permissions: readonly Permission[], options: { readonly kueue: boolean }): TeamTier | undefined {
  const rules = permissions.map(permissionRule);
  if (rules.some((r) => r === undefined)) return undefined;
  return NARROWEST_FIRST.find((tier) => uncoveredRules(tierRules(tier, options), rules as PolicyRule[]).length === 0);
}
