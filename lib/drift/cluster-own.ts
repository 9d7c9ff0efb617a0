import type { AnyObject } from './object-identity';

/** The label the API server puts on the RBAC objects it bootstraps (cluster-admin, admin, edit, view, system:*). */
const BOOTSTRAP_LABEL = 'kubernetes.io/bootstrapping';
/** Prefixes of the names Kubernetes and kubeadm give their own RBAC objects. */
const CLUSTER_PREFIXES = ['system:', 'kubeadm:'];
/**
 * `system:` groups that mean everyone (or every ServiceAccount): a binding of them is never the cluster's own
 * business, it opens a team namespace to all.
 */
const EVERYONE_GROUPS = /^system:(authenticated|unauthenticated|serviceaccounts(:.*)?)$/;

interface BindingSubject {
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
}

const clusterName = (name: string | undefined): boolean => CLUSTER_PREFIXES.some((p) => (name ?? '').startsWith(p));

/** A role the cluster made itself: bootstrapped, or named `system:`/`kubeadm:`. */
export function isClusterOwnRole(role: AnyObject): boolean {
  return role.metadata?.labels?.[BOOTSTRAP_LABEL] === 'rbac-defaults' || clusterName(role.metadata?.name);
}

/**
 * A binding the cluster made itself, which is never drift: bootstrapped or named `system:`/`kubeadm:`, naming a
 * `system:` role, or binding only the cluster's own identities (`system:` users and groups such as system:nodes
 * or system:masters, ServiceAccounts of kube-system).
 */
export function isClusterOwnBinding(binding: AnyObject): boolean {
  if (isClusterOwnRole(binding)) return true;
  const roleRef = binding.roleRef as { name?: string } | undefined;
  if (clusterName(roleRef?.name)) return true;
  const subjects = (Array.isArray(binding.subjects) ? binding.subjects : []) as BindingSubject[];
  return subjects.length > 0 && subjects.every(isClusterIdentity);
}

function isClusterIdentity(s: BindingSubject): boolean {
  if (s.kind === 'ServiceAccount') return s.namespace === 'kube-system';
  return (s.name ?? '').startsWith('system:') && !EVERYONE_GROUPS.test(s.name ?? '');
}
