import type { RbacModel } from '../access/evaluator';
import { bindingPermissions } from '../access/permissions';
import { auditPolicyRules, type AuditPolicyRule } from '../audit/audit-policy';
import { auditLevel } from '../audit/audit-policy-level';
import type { PolicyRule } from '../core/policy-rule';
import type { Plan } from '../plan/types';
import type { Grant } from './grants';

/** The audit policy synth writes for the plan without cluster.audit.usage: what a log records of a team when reads are not asked for. */
export function policyWithoutUsage(plan: Plan): readonly AuditPolicyRule[] {
  const { auditUsage: _ignored, ...cluster } = plan.cluster;
  return auditPolicyRules({ ...plan, cluster });
}

/**
 * The permissions of a grant that a log recorded under `rules` cannot show, whoever uses them: those the policy
 * logs at level None for the grant's subject in its namespace (without cluster.audit.usage, every read other
 * than of secrets). A suggestion built from such a log must keep them: no evidence is not evidence of no use.
 */
export function unrecordedPermissions(grant: Grant, model: RbacModel, rules: readonly AuditPolicyRule[]): PolicyRule[] {
  const user = grant.identity.user ?? '';
  const groups = grant.identity.groups ?? [];
  const hidden: PolicyRule[] = [];
  for (const p of bindingPermissions(model, grant.binding)) {
    if (p.kind !== 'resource' || p.resource === undefined) continue;
    const [resource = '', subresource] = p.resource.split('/');
    const verbs = p.verb === '*' ? ['get', 'list', 'watch'] : [p.verb];
    for (const verb of verbs) {
      const level = auditLevel(rules, { user, groups, verb, apiGroup: p.apiGroup ?? '', resource, ...(subresource ? { subresource } : {}), namespace: grant.namespace });
      if (level === 'None') hidden.push({ apiGroups: [p.apiGroup ?? ''], resources: [p.resource], verbs: [verb], ...(p.names.length > 0 ? { resourceNames: [...p.names] } : {}) });
    }
  }
  return hidden;
}
