/**
 * The public library of coreweave-rbac: typed cdk8s constructs for a shared GPU cluster's teams.
 *
 * Each construct takes a resolved plan (`buildPlan` turns a teams.yaml-shaped object into one, every default filled
 * in) and adds the objects of a pure function of its props (`teamNamespaceObjects`, `tierRoleObjects`, …), which
 * return the same objects as data. That function is also what the synth pipeline renders, so these constructs are
 * the typed front of the one renderer: `npx cdk8s synth` writes byte for byte what a chart of them synthesizes.
 *
 * - TeamChart / ClusterChart: one dist/ file each (a team's namespace and everything in it; the cluster objects).
 * - TeamNamespace, TeamQuota, TeamNetworkPolicies, TeamAccess: the parts of a team's namespace.
 * - TierRoles, ClusterAccess: the tier ClusterRoles and the cluster-wide bindings (admins, viewers).
 * - AuditorAccess: the read-only ClusterRole of `drift` and `verify`, bound to the auditor groups.
 * - KueueCluster, KueueClusterQueue, KueueLocalQueue, KueueResourceFlavor: GPU queues per GPU class.
 * - The object names, labels and annotations every object carries (from lib/core).
 *
 * `buildPlan` does not validate: validate input from people with `parseConfig` (lib/config) first.
 */
export * from './api-objects';
export * from './auditor-access';
export * from './cluster-access';
export * from './cluster-chart';
export * from './kueue-api';
export * from './kueue-cluster';
export * from './kueue-cluster-queue';
export * from './kueue-local-queue';
export * from './kueue-resource-flavor';
export * from '../lib/core/object-names';
export * from './team-access';
export * from './team-chart';
export * from './team-namespace';
export * from './team-network-policies';
export * from './team-quota';
export * from './tier-roles';
export type { ClusterPlan, TeamPlan, Plan } from '../lib/plan/types';
export { buildPlan } from '../lib/plan/build-plan';
