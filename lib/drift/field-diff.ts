import { isDeepStrictEqual } from 'node:util';
import type { AnyObject } from './object-identity';
import { sameQuantity } from './quantity';
import type { FieldChange } from './report';

type Path = readonly (string | number)[];
type Json = Record<string, unknown>;

const isMap = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const isEmpty = (x: unknown): boolean => x === undefined || x === null || (Array.isArray(x) && x.length === 0) || (isMap(x) && Object.keys(x).length === 0);

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);
const RBAC_OWNED = new Set(['rules', 'subjects', 'roleRef', 'aggregationRule']);

/**
 * Maps whose every key is ours, so that a key someone added is a change too. Elsewhere only the keys dist/ sets
 * are compared, since the API server and controllers add their own beside them (a LimitRange's defaults from its
 * max, a NetworkPolicy's policyTypes, a port's protocol, a CRD's defaults). Lists are always compared whole.
 */
function ownedWhole(kind: string, path: Path): boolean {
  if (RBAC_KINDS.has(kind) && RBAC_OWNED.has(String(path[0]))) return true;
  if (kind === 'ResourceQuota' && path.length === 2 && path[0] === 'spec' && path[1] === 'hard') return true;
  const last = path[path.length - 1];
  return last === 'matchLabels' || last === 'nodeLabels';
}

/** `spec.hard["requests.nvidia.com/gpu"]`, `subjects[1].name`. */
export function formatPath(path: Path): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(p) ? `${i === 0 ? '' : '.'}${p}` : `[${JSON.stringify(p)}]`))
    .join('');
}

/**
 * The fields of a dist/ object whose values differ on the cluster, field by field. Only what dist/ sets is
 * compared (plus keys added to maps we own wholly, and items added to lists): the server's own fields
 * (uid, resourceVersion, managedFields, status, defaults) never count. Quantities compare by value, since the
 * API server rewrites them in canonical form.
 */
export function fieldChanges(desired: AnyObject, live: AnyObject): FieldChange[] {
  const kind = desired.kind ?? '';
  const changes: FieldChange[] = [];
  // one path, pushed and popped as the walk descends: 16,000 objects at 1,000 teams
  const path: (string | number)[] = [];
  const differ = (dist: unknown, cluster: unknown, last?: string): void => {
    changes.push({ field: formatPath(last === undefined ? path : [...path, last]), dist: dist ?? null, cluster: cluster ?? null });
  };

  const compare = (dist: unknown, cluster: unknown, owned: boolean, inMetadata: boolean): void => {
    // only what dist/ sets: a field it leaves out is the server's, or another tool's
    if (dist === undefined || dist === null) return;
    if (dist === cluster) return;
    // an explicit {} (a selector of everything) is ours whole: a label added to it narrows it
    const whole = owned || ownedWhole(kind, path) || (isMap(dist) && Object.keys(dist).length === 0);
    if (isEmpty(dist) && isEmpty(cluster)) return;
    if (isMap(dist)) {
      if (!isMap(cluster)) return differ(dist, cluster);
      for (const key of Object.keys(dist)) {
        path.push(key);
        compare(dist[key], cluster[key], whole, inMetadata);
        path.pop();
      }
      if (whole) for (const [key, value] of Object.entries(cluster)) if (!(key in dist) && !isEmpty(value)) differ(undefined, value, key);
      return;
    }
    if (Array.isArray(dist)) {
      if (!Array.isArray(cluster) || cluster.length !== dist.length) return differ(dist, cluster);
      for (let i = 0; i < dist.length; i++) {
        path.push(i);
        compare(dist[i], cluster[i], whole, inMetadata);
        path.pop();
      }
      return;
    }
    if (isDeepStrictEqual(dist, cluster)) return;
    // labels and annotations are text: "1e3" and "1000" are different there
    if (!inMetadata && sameQuantity(dist, cluster)) return;
    differ(dist, cluster);
  };

  for (const [key, value] of Object.entries(desired)) {
    if (key === 'apiVersion' || key === 'kind' || key === 'status') continue;
    if (key === 'metadata') {
      // name and namespace are the object's identity; the rest of metadata is the server's, or other tools'
      for (const part of ['labels', 'annotations'] as const) {
        path.push('metadata', part);
        compare(desired.metadata?.[part], live.metadata?.[part], false, true);
        path.length = 0;
      }
      continue;
    }
    path.push(key);
    compare(value, live[key], false, false);
    path.length = 0;
  }
  return changes;
}
