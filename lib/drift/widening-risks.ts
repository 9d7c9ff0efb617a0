import type { Permission } from '../access/permissions';
import { ruleAllows, type RequestAttributes } from '../core/policy-rule';
import { permissionRule } from './tier-coverage';

const RBAC = 'rbac.authorization.k8s.io';
const each = (verbs: readonly string[], apiGroup: string, resources: readonly string[], subresource?: string): RequestAttributes[] =>
  verbs.flatMap((verb) => resources.map((resource) => ({ verb, apiGroup, resource, ...(subresource ? { subresource } : {}) })));

/** Grants that let their holder widen access further, each with the requests that show it, in the order printed. */
const RISKS: readonly { readonly risk: string; readonly requests: readonly RequestAttributes[] }[] = [
  { risk: 'reads secrets', requests: each(['get', 'list', 'watch'], '', ['secrets']) },
  { risk: 'mints ServiceAccount tokens', requests: each(['create'], '', ['serviceaccounts'], 'token') },
  { risk: 'writes bindings', requests: each(['create', 'update', 'patch'], RBAC, ['rolebindings', 'clusterrolebindings']) },
  { risk: 'escalates roles', requests: each(['escalate'], RBAC, ['roles', 'clusterroles']) },
  { risk: 'binds any role', requests: each(['bind'], RBAC, ['roles', 'clusterroles']) },
  { risk: 'impersonates', requests: each(['impersonate'], '', ['users', 'groups', 'serviceaccounts']) },
];

/**
 * What in these permissions lets their holders widen access further (as access-diff marks with `!`): reading
 * secrets, minting tokens, writing bindings, escalate, bind, impersonate, any `*`, a role whose rules are unknown.
 */
export function wideningRisks(permissions: readonly Permission[]): string[] {
  const risks: string[] = [];
  if (permissions.some((p) => p.kind === 'unknownRole')) risks.push('unknown role');
  const rules = permissions.flatMap((p) => {
    const rule = permissionRule(p);
    return rule && p.kind === 'resource' ? [{ rule, name: p.names[0] }] : [];
  });
  for (const { risk, requests } of RISKS) {
    if (requests.some((r) => rules.some(({ rule, name }) => ruleAllows(rule, name === undefined ? r : { ...r, name })))) risks.push(risk);
  }
  if (permissions.some((p) => p.kind !== 'unknownRole' && (p.verb === '*' || p.target.includes('*')))) risks.push('any verb or resource (*)');
  return risks;
}
