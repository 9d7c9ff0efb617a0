import type { ClusterConnection } from '../kube/kubeconfig-connection';
import { unreachable } from '../access/verify';
import { AUDITED_KINDS } from '../core/audited-kinds';
import { InputError } from '../core/input-error';
import { ApiError, UnreachableError, type RestClient } from '../kube/rest-client';
import type { ClusterSnapshot } from './cluster-snapshot';
import { collectionPath, type KindToList } from './listed-kinds';
import { groupKind, type AnyObject } from './object-identity';
import type { UnlistedKind } from './report';

/** A cluster to read: its client, and how to name it in messages. */
export type { ClusterConnection } from '../kube/kubeconfig-connection';

/** Objects per page, as kubectl asks: each kind is read in pages of this many, whatever the cluster's size. */
export const PAGE_SIZE = 500;

interface Page {
  readonly items?: AnyObject[];
  readonly metadata?: { readonly continue?: string };
}

/** Every object of a collection, page by page (`limit`/`continue`); an expired continue token starts it over. */
async function listAll(api: RestClient, path: string, pageSize: number): Promise<AnyObject[]> {
  for (let attempt = 1; ; attempt++) {
    const items: AnyObject[] = [];
    try {
      let token: string | undefined;
      do {
        const page = await api.send<Page>('GET', `${path}?limit=${pageSize}${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
        items.push(...(page.items ?? []));
        token = page.metadata?.continue || undefined;
      } while (token !== undefined);
      return items;
    } catch (e) {
      // 410 Gone: the list changed too much while it was paged through
      if (!(e instanceof ApiError && e.status === 410 && attempt < 3)) throw e;
    }
  }
}

/**
 * Why a kind could not be listed, or a failure that stops everything: a cluster that cannot be reached or that
 * refuses the credentials would refuse every kind.
 */
function unlistedOrThrow(connection: ClusterConnection, kind: KindToList, e: unknown): UnlistedKind {
  if (e instanceof UnreachableError) throw unreachable(connection.server, connection.context, new Error(e.detail));
  if (!(e instanceof ApiError)) throw e;
  if (e.status === 401) throw new InputError(`${connection.server} refused the credentials of context ${connection.context} (HTTP 401): ${e.message}`);
  const served = `${kind.group === '' ? '' : `${kind.group}/`}${kind.version}`;
  const reason =
    e.status === 403
      ? `forbidden: ${e.message}`
      : e.status === 404
        ? `the server does not serve ${kind.plural} in ${served}${kind.kueue ? " (are Kueue's CRDs installed?)" : ''}`
        : `HTTP ${e.status}: ${e.message.slice(0, 300)}`;
  return { kind: kind.kind, reason };
}

/** Every kind listed cluster-wide at once, each in pages. */
export async function readCluster(connection: ClusterConnection, kinds: readonly KindToList[], pageSize = PAGE_SIZE): Promise<ClusterSnapshot> {
  const results = await Promise.all(
    kinds.map(async (kind) => {
      try {
        const apiVersion = kind.group === '' ? kind.version : `${kind.group}/${kind.version}`;
        const items = await listAll(connection.api, collectionPath(kind), pageSize);
        return { kind, objects: items.map((o) => ({ ...o, apiVersion, kind: kind.kind })) };
      } catch (e) {
        return { kind, unlisted: unlistedOrThrow(connection, kind, e) };
      }
    }),
  );
  const refused = results.flatMap((r) => (r.unlisted ? [r.unlisted] : []));
  if (refused.length === kinds.length && refused[0] !== undefined) {
    throw new InputError(`cannot read the cluster at ${connection.server} (context ${connection.context}): no kind could be listed; ${refused[0].kind}: ${refused[0].reason}`);
  }
  return {
    objects: results.flatMap((r) => r.objects ?? []),
    listed: new Set(results.filter((r) => r.objects !== undefined).map((r) => groupKind(r.kind.group, r.kind.kind))),
    unlisted: refused,
  };
}

export interface VolumeClaimCount {
  /** Namespace → its PersistentVolumeClaims, null where they could not be listed. */
  readonly counts: ReadonlyMap<string, number | null>;
  readonly unlisted?: UnlistedKind;
}

/** The PersistentVolumeClaims of a few namespaces (those of teams that left teams.yaml), one list per namespace. */
export async function countVolumeClaims(connection: ClusterConnection, namespaces: readonly string[], pageSize = PAGE_SIZE): Promise<VolumeClaimCount> {
  const kind = { ...(AUDITED_KINDS.find((k) => k.kind === 'PersistentVolumeClaim') as KindToList), version: 'v1' };
  const counts = new Map<string, number | null>();
  let unlisted: UnlistedKind | undefined;
  await Promise.all(
    namespaces.map(async (namespace) => {
      try {
        counts.set(namespace, (await listAll(connection.api, collectionPath(kind, namespace), pageSize)).length);
      } catch (e) {
        unlisted ??= unlistedOrThrow(connection, kind, e);
        counts.set(namespace, null);
      }
    }),
  );
  return { counts, ...(unlisted ? { unlisted } : {}) };
}
