import type { ObjectId } from './report';

/** An object as listed from the cluster or read from dist/: only what identifies it is typed. */
export interface AnyObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly labels?: Readonly<Record<string, string>>; readonly annotations?: Readonly<Record<string, string>> };
  readonly [field: string]: unknown;
}

/** `rbac.authorization.k8s.io` of `rbac.authorization.k8s.io/v1`, '' of `v1`. */
export function groupOf(apiVersion: string | undefined): string {
  const slash = (apiVersion ?? '').indexOf('/');
  return slash < 0 ? '' : (apiVersion ?? '').slice(0, slash);
}

/** `Kind.group` (`RoleBinding.rbac.authorization.k8s.io`, `Namespace`): a kind whatever its version. */
export function groupKind(group: string, kind: string): string {
  return group === '' ? kind : `${kind}.${group}`;
}

/** The same object in dist/ and on the cluster has the same key, whatever version each is read in. */
export function objectKey(o: AnyObject): string {
  return `${groupKind(groupOf(o.apiVersion), o.kind ?? '')}/${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
}

export function objectId(o: AnyObject): ObjectId {
  return { kind: o.kind ?? '', namespace: o.metadata?.namespace || null, name: o.metadata?.name ?? '' };
}

/** `RoleBinding research/team-lead`, `ClusterRole coreweave-rbac-viewer`. */
export function describeId(id: ObjectId): string {
  return `${id.kind} ${id.namespace ? `${id.namespace}/` : ''}${id.name}`;
}
