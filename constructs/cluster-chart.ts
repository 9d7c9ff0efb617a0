import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { ClusterPlan, TeamPlan } from '../lib/plan/types';
import { ClusterAccess } from './cluster-access';
import { KueueCluster } from './kueue-cluster';
import { LABEL, MANAGED_BY } from './names';
import { TierRoles } from './tier-roles';

export interface ClusterChartProps {
  readonly cluster: ClusterPlan;
  /**
   * The teams, for their Kueue ClusterQueues (only used when cluster.kueue is set).
   * @default - no ClusterQueues
   */
  readonly teams?: readonly TeamPlan[];
}

/** dist/cluster.yaml: every cluster-scoped object (tier ClusterRoles, cluster bindings). None carries a namespace. */
export class ClusterChart extends Chart {
  constructor(scope: Construct, id: string, props: ClusterChartProps) {
    super(scope, id, { disableResourceNameHashes: true, labels: { ...MANAGED_BY, [LABEL.cluster]: props.cluster.name } });
    const { cluster } = props;
    new TierRoles(this, 'tiers', { kueue: cluster.kueue !== undefined });
    new ClusterAccess(this, 'access', { adminGroups: cluster.adminGroups, viewerGroups: cluster.viewerGroups });
    if (cluster.kueue) new KueueCluster(this, 'kueue', { kueue: cluster.kueue, teams: props.teams ?? [] });
  }
}
