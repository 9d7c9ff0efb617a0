import { isDeepStrictEqual } from 'node:util';
import { ANNOTATION, MANAGED_BY } from '../core/object-names';
import { ApiError, objectRef, type KubeObject, type RestClient } from '../kube/rest-client';

/** The field manager of Flux's kustomize-controller, so that the sandbox owns fields as a Flux-applied cluster does. */
export const FIELD_MANAGER = 'kustomize-controller';

const [MANAGED_BY_KEY, MANAGED_BY_VALUE] = Object.entries(MANAGED_BY)[0] as [string, string];

/** Every kind dist/ may hold, in the order a removed object of it is pruned (namespaced objects before their Namespace). */
export const APPLIED_KINDS: readonly { apiVersion: string; kind: string }[] = [
  { apiVersion: 'kueue.x-k8s.io/v1beta2', kind: 'LocalQueue' },
  { apiVersion: 'kueue.x-k8s.io/v1beta2', kind: 'ClusterQueue' },
  { apiVersion: 'kueue.x-k8s.io/v1beta2', kind: 'ResourceFlavor' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  { apiVersion: 'v1', kind: 'ServiceAccount' },
  { apiVersion: 'v1', kind: 'LimitRange' },
  { apiVersion: 'v1', kind: 'ResourceQuota' },
  { apiVersion: 'v1', kind: 'Namespace' },
];

export type ApplyAction = 'created' | 'configured' | 'unchanged' | 'deleted' | 'kept';

export interface ApplyResult {
  /** Object reference (`RoleBinding research/team-lead`) → what happened to it. */
  readonly actions: ReadonlyMap<string, ApplyAction>;
  /** Objects the API server refused, with its message. */
  readonly errors: readonly string[];
}

export interface ApplyOptions {
  /** Delete the objects of ours (managed-by label) that `objects` no longer has, unless Flux prune is disabled on them. @default true */
  readonly prune?: boolean;
  /** Requests in flight at once. @default 16 */
  readonly concurrency?: number;
}

/**
 * Apply objects as Flux's kustomize-controller does: server-side apply with its field manager, forcing conflicts,
 * Namespaces and ClusterRoles first; then prune what a previous apply created and the objects no longer have.
 * An object is `configured` when its content (everything but status and the server's bookkeeping) differs before
 * and after: the resourceVersion also moves when a controller writes the status, a ResourceQuota's usage say.
 */
export async function applyObjects(api: RestClient, objects: readonly KubeObject[], options: ApplyOptions = {}): Promise<ApplyResult> {
  const before = await existingObjects(api);
  const actions = new Map<string, ApplyAction>();
  const errors: string[] = [];
  const first = (o: KubeObject) => o.kind === 'Namespace' || o.kind === 'ClusterRole';
  for (const stage of [objects.filter(first), objects.filter((o) => !first(o))]) {
    await inParallel(stage, options.concurrency ?? 16, async (object) => {
      const ref = objectRef(object);
      try {
        // not among our labelled objects: new, or made by someone else (or the list missed it): ask
        const previous = before.get(ref) ?? (await existing(api, object));
        const applied = await api.apply<KubeObject>(object, FIELD_MANAGER);
        actions.set(ref, previous === undefined ? 'created' : sameContent(previous, applied) ? 'unchanged' : 'configured');
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        errors.push(`${ref}: ${e.message}`);
      }
    });
  }
  if (options.prune ?? true) {
    const wanted = new Set(objects.map(objectRef));
    for (const { apiVersion, kind } of APPLIED_KINDS) {
      const removed = [...before.values()].filter((o) => o.kind === kind && !wanted.has(objectRef(o)));
      await inParallel(removed, options.concurrency ?? 16, async (o) => {
        if (o.metadata.annotations?.[ANNOTATION.fluxPrune] === 'disabled') {
          actions.set(objectRef(o), 'kept');
          return;
        }
        try {
          await api.delete({ apiVersion, kind, metadata: o.metadata });
          actions.set(objectRef(o), 'deleted');
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          if (e.status !== 404) errors.push(`${objectRef(o)}: ${e.message}`);
        }
      });
    }
  }
  return { actions, errors };
}

/** The objects of ours on the cluster (managed-by label) by reference. Kinds the cluster does not serve (no Kueue CRDs) are skipped. */
async function existingObjects(api: RestClient): Promise<Map<string, KubeObject>> {
  const found = new Map<string, KubeObject>();
  await Promise.all(
    APPLIED_KINDS.map(async ({ apiVersion, kind }) => {
      try {
        for (const item of await api.list<KubeObject>(apiVersion, kind, `${MANAGED_BY_KEY}=${MANAGED_BY_VALUE}`)) found.set(objectRef({ kind, metadata: item.metadata }), { ...item, kind, apiVersion });
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 404)) throw e;
      }
    }),
  );
  return found;
}

/** The object as the cluster has it, or undefined when it does not exist. */
async function existing(api: RestClient, object: KubeObject): Promise<KubeObject | undefined> {
  try {
    return await api.get<KubeObject>(object);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return undefined;
    throw e;
  }
}

const BOOKKEEPING = new Set(['resourceVersion', 'managedFields', 'generation']);

/** The same object apart from its status and the fields the server keeps for itself. */
function sameContent(a: KubeObject, b: KubeObject): boolean {
  const content = (o: KubeObject) => {
    const { status: _status, metadata, ...rest } = o;
    return { ...rest, metadata: Object.fromEntries(Object.entries(metadata).filter(([k]) => !BOOKKEEPING.has(k))) };
  };
  return isDeepStrictEqual(content(a), content(b));
}

async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** `3 created, 1 configured, 120 unchanged, 2 deleted, 1 kept (Flux prune disabled)`. */
export function summarizeApply(result: ApplyResult): string {
  const counts = new Map<ApplyAction, number>();
  for (const a of result.actions.values()) counts.set(a, (counts.get(a) ?? 0) + 1);
  const order: ApplyAction[] = ['created', 'configured', 'unchanged', 'deleted', 'kept'];
  const parts = order.filter((a) => counts.has(a)).map((a) => `${counts.get(a)} ${a}${a === 'kept' ? ' (Flux prune disabled)' : ''}`);
  return parts.join(', ') || 'nothing to apply';
}
