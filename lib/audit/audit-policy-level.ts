import type { AuditPolicyRule } from './audit-policy';

/** A request as the audit policy checker sees it. */
export type AuditRequest =
  | {
      readonly user: string;
      readonly groups?: readonly string[];
      readonly verb: string;
      readonly apiGroup: string;
      readonly resource: string;
      readonly subresource?: string;
      readonly namespace?: string;
      readonly name?: string;
    }
  | { readonly user: string; readonly groups?: readonly string[]; readonly verb: string; readonly path: string };

/**
 * The level at which the API server logs a request under these rules: the first rule that matches, None when
 * none does. Mirrors k8s.io/apiserver/pkg/audit/policy/checker.go (ruleMatches, ruleMatchesResource, pathMatches).
 */
export function auditLevel(rules: readonly AuditPolicyRule[], request: AuditRequest): AuditPolicyRule['level'] {
  return rules.find((rule) => ruleMatches(rule, request))?.level ?? 'None';
}

function ruleMatches(rule: AuditPolicyRule, request: AuditRequest): boolean {
  if (rule.users?.length && !rule.users.includes(request.user)) return false;
  if (rule.userGroups?.length && !(request.groups ?? []).some((g) => rule.userGroups!.includes(g))) return false;
  if (rule.verbs?.length && !rule.verbs.includes(request.verb)) return false;
  if (rule.namespaces?.length || rule.resources?.length) return resourceMatches(rule, request);
  if (rule.nonResourceURLs?.length) return 'path' in request && rule.nonResourceURLs.some((spec) => pathMatches(request.path, spec));
  return true;
}

function pathMatches(path: string, spec: string): boolean {
  return spec === '*' || spec === path || (spec.endsWith('*') && path.startsWith(spec.slice(0, -1)));
}

function resourceMatches(rule: AuditPolicyRule, request: AuditRequest): boolean {
  if ('path' in request) return false;
  if (rule.namespaces?.length && !rule.namespaces.includes(request.namespace ?? '')) return false;
  if (!rule.resources?.length) return true;
  const sub = request.subresource ?? '';
  const combined = sub ? `${request.resource}/${sub}` : request.resource;
  return rule.resources.some(
    (gr) =>
      gr.group === request.apiGroup &&
      (gr.resources.length === 0 ||
        gr.resources.some((r) => r === '*' || r === combined || (sub !== '' && r === `*/${sub}`) || (r.endsWith('/*') && request.resource === r.slice(0, -2)))),
  );
}
