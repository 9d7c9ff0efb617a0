import type { PolicyRule } from './policy-rule';

/** A kind `drift` reads from the cluster, cluster-wide: the auditor ClusterRole grants get and list on exactly these. */
export interface AuditedKind {
  /** '' for the core group. */
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
  /** Kueue's: read only when dist/ has Kueue objects, in the version dist/ writes. */
  readonly kueue?: true;
}

const RBAC = 'rbac.authorization.k8s.io';
const KUEUE = 'kueue.x-k8s.io';

export const AUDITED_KINDS: readonly AuditedKind[] = [
  { group: '', kind: 'Namespace', plural: 'namespaces', namespaced: false },
  { group: '', kind: 'ResourceQuota', plural: 'resourcequotas', namespaced: true },
  { group: '', kind: 'LimitRange', plural: 'limitranges', namespaced: true },
  { group: '', kind: 'ServiceAccount', plural: 'serviceaccounts', namespaced: true },
  // counted in the namespaces of teams that left teams.yaml, so that they are deleted only on purpose
  { group: '', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true },
  { group: 'networking.k8s.io', kind: 'NetworkPolicy', plural: 'networkpolicies', namespaced: true },
  { group: RBAC, kind: 'Role', plural: 'roles', namespaced: true },
  { group: RBAC, kind: 'RoleBinding', plural: 'rolebindings', namespaced: true },
  { group: RBAC, kind: 'ClusterRole', plural: 'clusterroles', namespaced: false },
  { group: RBAC, kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', namespaced: false },
  { group: KUEUE, kind: 'LocalQueue', plural: 'localqueues', namespaced: true, kueue: true },
  { group: KUEUE, kind: 'ClusterQueue', plural: 'clusterqueues', namespaced: false, kueue: true },
  { group: KUEUE, kind: 'ResourceFlavor', plural: 'resourceflavors', namespaced: false, kueue: true },
];

/** What `verify` asks the cluster with. */
export const SUBJECT_ACCESS_REVIEW_RULE: PolicyRule = { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] };

/**
 * The rules of the auditor ClusterRole: get and list of every kind `drift` reads (Kueue's only with Kueue), and
 * creating SubjectAccessReviews for `verify`. Nothing else: no secrets, no watch, no writes.
 */
export function auditorRules(options: { readonly kueue: boolean }): readonly PolicyRule[] {
  const kinds = AUDITED_KINDS.filter((k) => options.kueue || !k.kueue);
  const groups = [...new Set(kinds.map((k) => k.group))];
  return [
    ...groups.map((group) => ({ apiGroups: [group], resources: kinds.filter((k) => k.group === group).map((k) => k.plural).sort(), verbs: ['get', 'list'] })),
    SUBJECT_ACCESS_REVIEW_RULE,
  ];
}
