/**
 * The parts of the Kueue API (group kueue.x-k8s.io) that coreweave-rbac writes, as typed props. Field names are
 * hand-checked against the Kueue API reference (kueue.sigs.k8s.io/docs/reference/kueue.v1beta2 and
 * kueue.v1beta1) and the CRDs in kubernetes-sigs/kueue config/components/crd/bases: ResourceFlavorSpec.nodeLabels;
 * ClusterQueueSpec.namespaceSelector, .resourceGroups[].coveredResources, .resourceGroups[].flavors[].name,
 * .flavors[].resources[].name/nominalQuota/borrowingLimit, and the cohort field, which v1beta2 renamed from
 * `cohort` to `cohortName`; LocalQueueSpec.clusterQueue. No npm package ships Kueue's CRD schemas, hence the
 * hand check (test/constructs/kueue.test.ts holds the objects to these names).
 */
export const KUEUE_API_GROUP = 'kueue.x-k8s.io';
export type KueueApiVersion = 'v1beta2' | 'v1beta1';

/** The resource every team ClusterQueue covers. */
export { GPU_RESOURCE } from '../lib/core/gpu';

export interface ResourceFlavorSpec {
  readonly nodeLabels: Readonly<Record<string, string>>;
}

export interface ResourceQuotaSpec {
  readonly name: string;
  readonly nominalQuota: number;
  /** Kueue rejects a borrowingLimit on a ClusterQueue without a cohort. */
  readonly borrowingLimit?: number;
}

export interface FlavorQuotasSpec {
  readonly name: string;
  readonly resources: readonly ResourceQuotaSpec[];
}

export interface ResourceGroupSpec {
  readonly coveredResources: readonly string[];
  readonly flavors: readonly FlavorQuotasSpec[];
}

export interface NamespaceSelectorSpec {
  readonly matchLabels: Readonly<Record<string, string>>;
}

interface ClusterQueueSpecCommon {
  readonly namespaceSelector: NamespaceSelectorSpec;
  readonly resourceGroups: readonly ResourceGroupSpec[];
}

export interface ClusterQueueSpecV1beta2 extends ClusterQueueSpecCommon {
  readonly cohortName?: string;
}

export interface ClusterQueueSpecV1beta1 extends ClusterQueueSpecCommon {
  readonly cohort?: string;
}

export interface LocalQueueSpec {
  readonly clusterQueue: string;
}

/** `kueue.x-k8s.io/v1beta2`. */
export function kueueApiVersion(version: KueueApiVersion): string {
  return `${KUEUE_API_GROUP}/${version}`;
}
