import type { PolicyRule } from '../core/policy-rule';

/** A label selector as in metav1.LabelSelector (matchLabels and matchExpressions). */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
}

export interface RoleDef {
  readonly kind: 'Role' | 'ClusterRole';
  readonly name: string;
  /** Roles only. */
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly rules: readonly PolicyRule[];
  /** ClusterRoles with an aggregationRule: their rules are computed from the roles these select. */
  readonly aggregationSelectors?: readonly LabelSelector[];
  /** `builtin`: a default ClusterRole of the API server that dist/ does not define. */
  readonly source: 'objects' | 'builtin';
}

export interface BindingSubject {
  readonly kind: 'User' | 'Group' | 'ServiceAccount';
  readonly name: string;
  /** ServiceAccounts only. */
  readonly namespace?: string;
}

export interface BindingDef {
  readonly kind: 'RoleBinding' | 'ClusterRoleBinding';
  readonly name: string;
  /** RoleBindings only. */
  readonly namespace?: string;
  readonly roleRef: { readonly kind: 'Role' | 'ClusterRole'; readonly name: string };
  readonly subjects: readonly BindingSubject[];
  readonly annotations: Readonly<Record<string, string>>;
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const strings = (x: unknown): string[] | undefined => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : undefined);
function stringMap(x: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObj(x)) return out;
  for (const key of Object.keys(x)) {
    const value = x[key];
    if (typeof value !== 'string') continue;
    // as Object.fromEntries does: a key `__proto__` is a property, not the prototype
    if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  }
  return out;
}

function toRule(x: unknown): PolicyRule | undefined {
  if (!isObj(x)) return undefined;
  const rule: { -readonly [K in keyof PolicyRule]: PolicyRule[K] } = { verbs: strings(x.verbs) ?? [] };
  for (const key of ['apiGroups', 'resources', 'resourceNames', 'nonResourceURLs'] as const) {
    const values = strings(x[key]);
    if (values) rule[key] = values;
  }
  return rule;
}

function toSubject(x: unknown): BindingSubject | undefined {
  if (!isObj(x) || typeof x.name !== 'string') return undefined;
  if (x.kind !== 'User' && x.kind !== 'Group' && x.kind !== 'ServiceAccount') return undefined;
  return { kind: x.kind, name: x.name, ...(typeof x.namespace === 'string' && x.namespace !== '' ? { namespace: x.namespace } : {}) };
}

export interface RbacObjects {
  readonly roles: RoleDef[];
  readonly bindings: BindingDef[];
}

/** The RBAC objects among Kubernetes objects (`kind: List` is unpacked); everything else is ignored. */
export function readRbacObjects(objects: readonly unknown[], source: RoleDef['source'] = 'objects'): RbacObjects {
  const out: RbacObjects = { roles: [], bindings: [] };
  const visit = (o: unknown): void => {
    if (!isObj(o)) return;
    if (o.kind === 'List' && Array.isArray(o.items)) {
      o.items.forEach(visit);
      return;
    }
    const meta = isObj(o.metadata) ? o.metadata : {};
    if (typeof meta.name !== 'string') return;
    const namespace = typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined;
    if (o.kind === 'Role' || o.kind === 'ClusterRole') {
      const selectors = isObj(o.aggregationRule) && Array.isArray(o.aggregationRule.clusterRoleSelectors)
        ? o.aggregationRule.clusterRoleSelectors.filter(isObj).map((s) => s as LabelSelector)
        : undefined;
      out.roles.push({
        kind: o.kind,
        name: meta.name,
        ...(o.kind === 'Role' && namespace ? { namespace } : {}),
        labels: stringMap(meta.labels),
        rules: (Array.isArray(o.rules) ? o.rules : []).map(toRule).filter((r): r is PolicyRule => r !== undefined),
        ...(o.kind === 'ClusterRole' && selectors ? { aggregationSelectors: selectors } : {}),
        source,
      });
    } else if (o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') {
      const ref = isObj(o.roleRef) ? o.roleRef : {};
      if ((ref.kind !== 'Role' && ref.kind !== 'ClusterRole') || typeof ref.name !== 'string') return;
      out.bindings.push({
        kind: o.kind,
        name: meta.name,
        ...(o.kind === 'RoleBinding' && namespace ? { namespace } : {}),
        roleRef: { kind: ref.kind, name: ref.name },
        subjects: (Array.isArray(o.subjects) ? o.subjects : []).map(toSubject).filter((s): s is BindingSubject => s !== undefined),
        annotations: stringMap(meta.annotations),
      });
    }
  };
  objects.forEach(visit);
  return out;
}
