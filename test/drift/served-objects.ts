// dist/'s objects as the API server returns them after a server-side apply: its bookkeeping, defaults, status
// and canonical quantities added, the way the drift comparison must tolerate them.
import { BUILTIN_CLUSTER_ROLES } from '../../lib/access/builtin-roles';
import type { ClusterSnapshot } from '../../lib/drift/cluster-snapshot';
import { desiredState, type DesiredState } from '../../lib/drift/desired-state';
import { kindsToList } from '../../lib/drift/listed-kinds';
import { groupKind, type AnyObject } from '../../lib/drift/object-identity';
import { examplePlan } from '../helpers/example';

type Json = Record<string, any>;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
let uid = 0;

/** "1000" → "1k", "4096000" → "4096k": what the API server does to a decimal quantity with trailing zeros. */
const canonical = (q: string) => (/^\d+000$/.test(q) ? `${Number(q) / 1000}k` : q);

export function asServed(object: AnyObject): AnyObject {
  const o = clone(object) as Json;
  const meta = o.metadata as Json;
  uid += 1;
  Object.assign(meta, {
    uid: `00000000-0000-4000-8000-${String(uid).padStart(12, '0')}`,
    resourceVersion: String(1000 + uid),
    generation: 1,
    creationTimestamp: '2026-11-23T10:00:00Z',
    managedFields: [{ manager: 'kustomize-controller', operation: 'Apply', apiVersion: o.apiVersion, fieldsType: 'FieldsV1', fieldsV1: {} }],
    annotations: { ...(meta.annotations ?? {}), 'kubectl.kubernetes.io/restartedAt': 'x' },
  });
  switch (o.kind) {
    case 'Namespace':
      meta.labels = { ...meta.labels, 'kubernetes.io/metadata.name': meta.name };
      o.spec = { finalizers: ['kubernetes'] };
      o.status = { phase: 'Active' };
      break;
    case 'ResourceQuota':
      o.spec.hard = Object.fromEntries(Object.entries(o.spec.hard as Record<string, string>).map(([k, v]) => [k, canonical(String(v))]));
      o.status = { hard: o.spec.hard, used: Object.fromEntries(Object.keys(o.spec.hard).map((k) => [k, '0'])) };
      break;
    case 'LimitRange':
      for (const item of o.spec.limits as Json[]) if (item.max && !item.default && item.type === 'Container') item.default = { ...item.max };
      break;
    case 'NetworkPolicy':
      o.spec.policyTypes ??= ['Ingress', ...(o.spec.egress ? ['Egress'] : [])];
      for (const rule of [...(o.spec.ingress ?? []), ...(o.spec.egress ?? [])] as Json[]) for (const port of (rule.ports ?? []) as Json[]) port.protocol ??= 'TCP';
      break;
    case 'ClusterQueue':
      Object.assign(o.spec, { queueingStrategy: 'BestEffortFIFO', stopPolicy: 'None', flavorFungibility: { whenCanBorrow: 'MayStopSearch', whenCanPreempt: 'TryNextFlavor' } });
      break;
    case 'LocalQueue':
      o.spec.stopPolicy = 'None';
      break;
  }
  return o;
}

const bootstrap = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };
const rbac = 'rbac.authorization.k8s.io/v1';

/** What every cluster has that is no one's drift: the bootstrap roles and bindings, kubeadm's, kube-system's. */
export const CLUSTER_OWN: readonly AnyObject[] = [
  ...(BUILTIN_CLUSTER_ROLES as Json[]).map((r) => ({ ...r, metadata: { ...r.metadata, labels: { ...r.metadata.labels, ...bootstrap } } })),
  { apiVersion: rbac, kind: 'ClusterRoleBinding', metadata: { name: 'cluster-admin', labels: bootstrap }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'Group', name: 'system:masters' }] },
  { apiVersion: rbac, kind: 'ClusterRoleBinding', metadata: { name: 'system:basic-user', labels: bootstrap }, roleRef: { kind: 'ClusterRole', name: 'system:basic-user' }, subjects: [{ kind: 'Group', name: 'system:authenticated' }] },
  { apiVersion: rbac, kind: 'ClusterRoleBinding', metadata: { name: 'kubeadm:node-autoapprove-bootstrap' }, roleRef: { kind: 'ClusterRole', name: 'system:certificates.k8s.io:certificatesigningrequests:nodeclient' }, subjects: [{ kind: 'Group', name: 'system:bootstrappers:kubeadm:default-node-token' }] },
  { apiVersion: rbac, kind: 'ClusterRoleBinding', metadata: { name: 'kube-proxy-admin' }, roleRef: { kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'ServiceAccount', name: 'kube-proxy', namespace: 'kube-system' }] },
  { apiVersion: rbac, kind: 'ClusterRoleBinding', metadata: { name: 'nodes-read' }, roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'Group', name: 'system:nodes' }] },
  { apiVersion: rbac, kind: 'RoleBinding', metadata: { name: 'system:controller:bootstrap-signer', namespace: 'kube-system' }, roleRef: { kind: 'Role', name: 'system:controller:bootstrap-signer' }, subjects: [{ kind: 'ServiceAccount', name: 'bootstrap-signer', namespace: 'kube-system' }] },
  { apiVersion: rbac, kind: 'RoleBinding', metadata: { name: 'auth-reader', namespace: 'research' }, roleRef: { kind: 'Role', name: 'system:extension-apiserver-authentication-reader' }, subjects: [{ kind: 'User', name: 'metrics-server' }] },
];

/** The example org, as dist/ has it. */
export function exampleDesired(): DesiredState {
  return desiredState(examplePlan(), 'dist');
}

/** A snapshot of a cluster holding these objects, every kind drift reads listed unless named in `unlisted`. */
export function snapshotOf(desired: DesiredState, objects: readonly AnyObject[], unlisted: readonly string[] = []): ClusterSnapshot {
  const kinds = kindsToList(desired).filter((k) => !unlisted.includes(k.kind));
  return {
    objects: objects.filter((o) => !unlisted.includes(o.kind ?? '')),
    listed: new Set(kinds.map((k) => groupKind(k.group, k.kind))),
    unlisted: unlisted.map((kind) => ({ kind, reason: `forbidden: cannot list ${kind}` })),
  };
}

/** The example org freshly applied to a cluster that holds only its own bootstrap objects besides. */
export function freshCluster(desired: DesiredState = exampleDesired()): AnyObject[] {
  return [...desired.objects.map((d) => asServed(d.object)), ...CLUSTER_OWN.map(asServed)];
}
