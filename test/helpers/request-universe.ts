import type { AccessRequest } from '../../lib/access/evaluator';
import { breakdownRule, type PolicyRule } from '../../lib/core/policy-rule';
import { tierRules } from '../../lib/core/tier-rules';
import { TEAM_TIERS } from '../../lib/core/tiers';

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];

/**
 * Every verb on every resource that a tier (or one of `extraRules`) names, without an object name and with each
 * of `names`: the questions to ask two dist/s when comparing what they allow.
 */
export function requestUniverse(names: readonly string[], extraRules: readonly PolicyRule[] = []): Omit<AccessRequest, 'namespace'>[] {
  const seen = new Set<string>();
  const out: Omit<AccessRequest, 'namespace'>[] = [];
  const rules = [...tierRules('teamLead', { kueue: true }), ...TEAM_TIERS.flatMap((t) => tierRules(t, { kueue: false })), ...extraRules].flatMap(breakdownRule);
  for (const rule of rules) {
    const group = rule.apiGroups?.[0] ?? '';
    const [resource = '', subresource] = (rule.resources?.[0] ?? '').split('/');
    for (const verb of VERBS) {
      for (const name of [undefined, ...names, ...(rule.resourceNames ?? [])]) {
        const request = { verb, apiGroup: group, resource, ...(subresource ? { subresource } : {}), ...(name ? { name } : {}) };
        const key = JSON.stringify(request);
        if (!seen.has(key)) {
          seen.add(key);
          out.push(request);
        }
      }
    }
  }
  return out;
}
