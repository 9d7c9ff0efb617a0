import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { ClusterPlan, TeamPlan } from '../lib/plan/types';
import { addObjects, withIdPrefix } from './api-objects';
import { auditorAccessObjects } from './auditor-access';
import { clusterAccessObjects } from './cluster-access';
import { kueueClusterObjects } from './kueue-cluster';
import { LABEL, MANAGED_BY } from '../lib/core/object-names';
import type { ChartContent } from './team-chart';
import { tierRoleObjects } from './tier-roles';

export interface ClusterChartProps {
  readonly cluster: ClusterPlan;
  /**
   * The teams, for their Kueue ClusterQueues (only used when cluster.kueue is set).
   * @default - no ClusterQueues
   */
  readonly teams?: readonly TeamPlan[];
}

/** dist/cluster.yaml: every cluster-scoped object (tier ClusterRoles, cluster bindings, the auditor role). None carries a namespace. */
export class ClusterChart extends Chart {
  constructor(scope: Construct, id: string, props: ClusterChartProps) {
    const { labels, objects } = clusterChartContent(props);
    super(scope, id, { disableResourceNameHashes: true, labels });
    addObjects(this, objects);
  }
}

/** What a ClusterChart holds: the tier ClusterRoles, the cluster bindings, the auditor role, and with Kueue its flavors and queues. */
export function clusterChartContent(props: ClusterChartProps): ChartContent {
  const { cluster } = props;
  return {
    labels: { ...MANAGED_BY, [LABEL.cluster]: cluster.name },
    objects: [
      ...withIdPrefix('tiers', tierRoleObjects({ kueue: cluster.kueue !== undefined })),
      ...withIdPrefix('access', clusterAccessObjects({ adminGroups: cluster.adminGroups, viewerGroups: cluster.viewerGroups })),
      ...withIdPrefix('auditors', auditorAccessObjects({ auditorGroups: cluster.auditorGroups ?? [], kueue: cluster.kueue !== undefined })),
      ...(cluster.kueue ? withIdPrefix('kueue', kueueClusterObjects({ kueue: cluster.kueue, teams: props.teams ?? [] })) : []),
    ],
  };
}
