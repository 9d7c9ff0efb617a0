import type { PolicyRule } from '../core/policy-rule';
import { AccessRequest, BindingDef, Decision, effectiveGroups, RbacModel, requestNamespace, Subject, subjectApplies, toRequestAttributes } from './evaluator';
import { resourceMatches, ruleAllows } from '../core/policy-rule';
import { formatResource } from './resources';
import { describeBinding, describeRoleRef } from './subjects';

/** `verbs [create get] on pods/exec, pods/portforward`, with resourceNames when the rule has them. */
export function formatRule(rule: PolicyRule): string {
  const verbs = `verbs [${rule.verbs.join(' ')}]`;
  if ((rule.nonResourceURLs ?? []).length > 0) return `${verbs} on ${(rule.nonResourceURLs ?? []).join(', ')}`;
  const targets = (rule.apiGroups ?? []).flatMap((g) => (rule.resources ?? []).map((r) => ruleResource(g, r)));
  const names = (rule.resourceNames ?? []).length > 0 ? ` named ${(rule.resourceNames ?? []).join(', ')}` : '';
  return `${verbs} on ${targets.join(', ')}${names}`;
}
/** A rule's `resource` or `resource/subresource` in one API group, printed like kubectl: `deployments.apps/scale`. */
export function ruleResource(group: string, resource: string): string {
  const slash = resource.indexOf('/');
  return slash < 0 ? formatResource(group, resource) : formatResource(group, resource.slice(0, slash), resource.slice(slash + 1));
}

const NAMELESS_VERBS = new Set(['create', 'list', 'watch', 'deletecollection']);

/** Why the answer is what it is: the grants, or that nothing grants it and the near misses. */
export function explain(model: RbacModel, subject: Subject, request: AccessRequest, decision: Decision): string[] {
  const lines: string[] = [];
  for (const g of decision.grants) {
    const index = g.role.rules.indexOf(g.rule) + 1;
    lines.push(`allowed by ${describeBinding(g.binding)} → ${describeRoleRef(g.binding)}, rule ${index}: ${formatRule(g.rule)}`);
  }
  for (const u of decision.unresolved) {
    lines.push(`unknown: ${describeBinding(u.binding)} names ${describeRoleRef(u.binding)}, which is not defined in the objects read (nor a built-in role), so its rules are unknown`);
  }
  if (decision.allowed === false) lines.push(`nothing allows ${describeAsk(request, decision)} for ${describeSubject(subject)}`);
  if (decision.allowed !== true) {
    const misses = nearMisses(model, subject, request);
    if (misses.length > 0) lines.push('near misses:', ...misses.map((m) => `  - ${m}`));
  }
  return lines;
}

function describeAsk(request: AccessRequest, decision: Decision): string {
  const what = request.resource === undefined ? `${request.verb} ${request.path}` : `${request.verb} ${formatResource(request.apiGroup ?? '', request.resource, request.subresource)}${request.name ? ` ${request.name}` : ''}`;
  return `${what} ${decision.namespace ? `in namespace ${decision.namespace}` : 'cluster-wide'}`;
}

export function describeSubject(subject: Subject): string {
  const groups = effectiveGroups(subject);
  return `${subject.user ? `user ${subject.user}` : 'a user'} in groups ${groups.join(', ')}`;
}

/** Bindings and rules that come close: the wrong namespace, a cluster-scoped ask through a RoleBinding, resourceNames, subresources. */
export function nearMisses(model: RbacModel, subject: Subject, request: AccessRequest): string[] {
  const namespace = requestNamespace(request);
  const groups = effectiveGroups(subject);
  const attributes = toRequestAttributes(request);
  const out: string[] = [];
  const mine = model.bindings.filter((b) => b.subjects.some((s) => subjectApplies(s, subject.user, groups, b.namespace)));
  const inScope = (b: BindingDef) => b.kind === 'ClusterRoleBinding' || (namespace !== undefined && b.namespace === namespace);
  for (const binding of mine) {
    const role = model.roleOf(binding);
    const via = `${describeBinding(binding)} → ${describeRoleRef(binding)}`;
    if (!role) {
      if (!inScope(binding)) out.push(`${via}: the role is not defined in the objects read`);
      continue;
    }
    role.rules.forEach((rule, i) => {
      const where = `${via}, rule ${i + 1} (${formatRule(rule)})`;
      if (ruleAllows(rule, attributes)) {
        if (inScope(binding)) return;
        if (request.resource === undefined) out.push(`${where} would allow it, but a RoleBinding never grants non-resource URLs`);
        else if (namespace === undefined && request.namespace) out.push(`${where} would allow it, but ${formatResource(request.apiGroup ?? '', request.resource)} is cluster-scoped and a RoleBinding never grants cluster-scoped resources`);
        else if (namespace === undefined) out.push(`${where} would allow it in namespace ${binding.namespace} only, and this asks cluster-wide`);
        else out.push(`${where} would allow it, but only in namespace ${binding.namespace}`);
        return;
      }
      if (!inScope(binding) || request.resource === undefined) return;
      const names = rule.resourceNames ?? [];
      if (names.length > 0 && ruleAllows({ ...rule, resourceNames: [] }, attributes)) {
        out.push(
          request.name
            ? `${where} covers only the names ${names.join(', ')}, not ${request.name}`
            : NAMELESS_VERBS.has(request.verb)
              ? `${where} is limited by resourceNames, which can never cover ${request.verb} (the request has no name)`
              : `${where} is limited by resourceNames and the request names no object`,
        );
      }
      const sameGroupAndVerb = ruleAllows({ ...rule, resources: ['*'], resourceNames: [] }, attributes);
      if (!sameGroupAndVerb) return;
      if (request.subresource && (rule.resources ?? []).includes(`${request.resource}/*`)) {
        out.push(`${where} lists ${request.resource}/*, which is not a wildcard: only */${request.subresource} or ${request.resource}/${request.subresource} would match`);
      } else if (request.subresource && resourceMatches(rule, request.resource)) {
        out.push(`${where} allows ${request.resource} but not its subresource ${request.subresource}: subresources are granted only by name (${request.resource}/${request.subresource}) or by */${request.subresource}`);
      }
    });
  }
  return out;
}
