import { Construct } from 'constructs';
import type { KueuePlan, TeamPlan } from '../lib/plan/types';
import { KueueClusterQueue } from './kueue-cluster-queue';
import { KueueResourceFlavor } from './kueue-resource-flavor';

export interface KueueClusterProps {
  readonly kueue: KueuePlan;
  /** Every team with its queue (teams without one get no ClusterQueue). */
  readonly teams: readonly TeamPlan[];
}

/** The cluster-scoped Kueue objects: a ResourceFlavor per GPU class and a ClusterQueue per team. */
export class KueueCluster extends Construct {
  constructor(scope: Construct, id: string, props: KueueClusterProps) {
    super(scope, id);
    const { kueue } = props;
    for (const flavor of kueue.flavors) {
      new KueueResourceFlavor(this, `flavor-${flavor.name}`, { apiVersion: kueue.apiVersion, name: flavor.name, nodeLabel: kueue.nodeLabel, gpuClass: flavor.gpuClass });
    }
    for (const team of props.teams) {
      if (!team.queue) continue;
      new KueueClusterQueue(this, `queue-${team.name}`, {
        apiVersion: kueue.apiVersion,
        name: team.queue.clusterQueue,
        namespace: team.namespace,
        nominalQuota: team.queue.nominalQuota,
        ...(kueue.cohort !== undefined ? { cohort: kueue.cohort } : {}),
        ...(team.queue.borrowingLimit !== undefined ? { borrowingLimit: team.queue.borrowingLimit } : {}),
      });
    }
  }
}
