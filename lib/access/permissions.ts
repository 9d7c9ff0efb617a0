import { ruleResource } from './explain';
import type { BindingDef, RbacModel, Subject } from './evaluator';
import { isClusterScoped } from './resources';
import { compare } from './subjects';

/** One verb on one resource (or URL) in one scope, through one binding: the unit of "who may do what". */
export interface Permission {
  /** The namespace, or undefined for cluster-wide. */
  readonly namespace?: string;
  /** `pods/exec`, `deployments.apps`, `*.*`, `/healthz`; for a role whose rules are unknown, `ClusterRole NAME`. */
  readonly target: string;
  readonly kind: 'resource' | 'nonResourceURL' | 'unknownRole';
  /** resourceNames, sorted ([] = every name). */
  readonly names: readonly string[];
  readonly verb: string;
  readonly apiGroup?: string;
  readonly resource?: string;
}

/**
 * What a binding lets its subjects do, one Permission per verb and resource. Rules a binding cannot make
 * effective are left out: a RoleBinding never grants cluster-scoped resources (except get on its own
 * namespace object) nor non-resource URLs.
 */
export function bindingPermissions(model: RbacModel, binding: BindingDef): Permission[] {
  const namespace = binding.kind === 'RoleBinding' ? binding.namespace : undefined;
  const scope = namespace !== undefined ? { namespace } : {};
  const role = model.roleOf(binding);
  if (!role) return [{ ...scope, target: `${binding.roleRef.kind} ${binding.roleRef.name}`, kind: 'unknownRole', names: [], verb: '*' }];
  const out: Permission[] = [];
  for (const rule of role.rules) {
    const names = [...(rule.resourceNames ?? [])].sort(compare);
    for (const verb of rule.verbs) {
      for (const url of rule.nonResourceURLs ?? []) if (!namespace) out.push({ target: url, kind: 'nonResourceURL', names: [], verb });
      for (const apiGroup of rule.apiGroups ?? []) {
        for (const resource of rule.resources ?? []) {
          const base = resource.split('/')[0] ?? '';
          if (namespace && isClusterScoped(apiGroup, base) && !(apiGroup === '' && base === 'namespaces')) continue;
          out.push({ ...scope, target: ruleResource(apiGroup, resource), kind: 'resource', names, verb, apiGroup, resource });
        }
      }
    }
  }
  return out;
}

const VERB_ORDER = ['*', 'get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
export function compareVerbs(a: string, b: string): number {
  const ia = VERB_ORDER.indexOf(a);
  const ib = VERB_ORDER.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? VERB_ORDER.length : ia) - (ib < 0 ? VERB_ORDER.length : ib);
  return compare(a, b);
}

/** Permissions with the same scope, target and names, their verbs merged (in get, list, watch, create… order). */
export interface PermissionGroup {
  readonly namespace?: string;
  readonly target: string;
  readonly kind: Permission['kind'];
  readonly names: readonly string[];
  readonly verbs: readonly string[];
}

export function groupPermissions(permissions: readonly Permission[]): PermissionGroup[] {
  const groups = new Map<string, { namespace?: string; target: string; kind: Permission['kind']; names: readonly string[]; verbs: Set<string> }>();
  for (const p of permissions) {
    const key = JSON.stringify([p.namespace ?? '', p.target, p.names]);
    const g = groups.get(key) ?? { ...(p.namespace !== undefined ? { namespace: p.namespace } : {}), target: p.target, kind: p.kind, names: p.names, verbs: new Set<string>() };
    g.verbs.add(p.verb);
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => ({ ...g, verbs: [...g.verbs].sort(compareVerbs) }))
    .sort((a, b) => compare(a.namespace ?? '', b.namespace ?? '') || compare(a.target, b.target) || compare(a.names.join(','), b.names.join(',')));
}

/** Every permission a subject holds in a namespace (its ClusterRoleBindings and that namespace's RoleBindings), like `kubectl auth can-i --list`. */
export function subjectPermissions(model: RbacModel, subject: Subject, namespace: string | undefined): Permission[] {
  return model.bindingsFor(subject, namespace).flatMap((b) => bindingPermissions(model, b));
}
