import { AUDITED_KINDS, type AuditedKind } from '../core/audited-kinds';
import { groupOf } from './object-identity';
import type { DesiredState } from './desired-state';

/** A kind to list cluster-wide, in the version to list it in. */
export interface KindToList extends AuditedKind {
  readonly version: string;
}

/**
 * The kinds drift lists: RBAC (for the extra grants), every kind dist/ holds, and Kueue's only when dist/ has
 * them, in the version dist/ writes. PersistentVolumeClaims are counted per orphaned namespace instead.
 */
export function kindsToList(desired: DesiredState): KindToList[] {
  const kueueVersion = desired.objects.map((d) => d.object.apiVersion).find((v) => groupOf(v) === 'kueue.x-k8s.io')?.split('/')[1];
  return AUDITED_KINDS.filter((k) => k.kind !== 'PersistentVolumeClaim').flatMap((k): KindToList[] => {
    if (k.kueue) return kueueVersion === undefined ? [] : [{ ...k, version: kueueVersion }];
    return [{ ...k, version: 'v1' }];
  });
}

/** `/api/v1/namespaces`, `/apis/rbac.authorization.k8s.io/v1/rolebindings`: across all namespaces. */
export function collectionPath(kind: KindToList, namespace?: string): string {
  const base = kind.group === '' ? `/api/${kind.version}` : `/apis/${kind.group}/${kind.version}`;
  return namespace === undefined ? `${base}/${kind.plural}` : `${base}/namespaces/${encodeURIComponent(namespace)}/${kind.plural}`;
}
