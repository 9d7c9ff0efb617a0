import { compareStrings } from '../core/compare';
import { LABEL, MANAGED_BY } from '../core/object-names';
import type { ClusterSnapshot } from './cluster-snapshot';
import type { DesiredState } from './desired-state';
import type { OtherClusterNamespaces } from './report';

const [MANAGED_BY_KEY, MANAGED_BY_VALUE] = Object.entries(MANAGED_BY)[0] as [string, string];

export interface OrphanScan {
  /** Namespaces labelled as this cluster's that no team of teams.yaml has, with the team label they carry. */
  readonly orphans: readonly { readonly name: string; readonly team: string | null }[];
  readonly otherClusters: readonly OtherClusterNamespaces[];
}

/**
 * The namespaces this org made (labelled managed-by coreweave-rbac, and coreweave-rbac/cluster = cluster.name) whose
 * team left teams.yaml: Flux prune is disabled on them, so they stay with their volumes until someone deletes
 * them. Namespaces labelled for another cluster name are another org's, or a sign of the wrong --context: they
 * are set apart, not reported. Namespaces already being deleted are not orphans.
 */
export function scanOrphans(desired: DesiredState, snapshot: ClusterSnapshot): OrphanScan {
  if (!snapshot.listed.has('Namespace')) return { orphans: [], otherClusters: [] };
  const teamNamespaces = new Set(desired.plan.teams.map((t) => t.namespace));
  const orphans: { name: string; team: string | null }[] = [];
  const others = new Map<string, string[]>();
  for (const ns of snapshot.objects) {
    const labels = ns.metadata?.labels ?? {};
    const name = ns.metadata?.name ?? '';
    if (ns.kind !== 'Namespace' || labels[MANAGED_BY_KEY] !== MANAGED_BY_VALUE || teamNamespaces.has(name)) continue;
    if ((ns.status as { phase?: string } | undefined)?.phase === 'Terminating') continue;
    const cluster = labels[LABEL.cluster];
    if (cluster !== undefined && cluster !== desired.plan.cluster.name) others.set(cluster, [...(others.get(cluster) ?? []), name]);
    else orphans.push({ name, team: labels[LABEL.team] ?? null });
  }
  return {
    orphans: orphans.sort((a, b) => compareStrings(a.name, b.name)),
    otherClusters: [...others].sort(([a], [b]) => compareStrings(a, b)).map(([cluster, namespaces]) => ({ cluster, namespaces: namespaces.sort(compareStrings) })),
  };
}
