import { Construct } from 'constructs';
import type { KueuePlan, TeamPlan } from '../lib/plan/types';
import { addObjects, ObjectSpec, withIdPrefix } from './api-objects';
import { kueueClusterQueueObjects } from './kueue-cluster-queue';
import { kueueResourceFlavorObjects } from './kueue-resource-flavor';

export interface KueueClusterProps {
  readonly kueue: KueuePlan;
  /** Every team with its queue (teams without one get no ClusterQueue). */
  readonly teams: readonly TeamPlan[];
}

/** The cluster-scoped Kueue objects: a ResourceFlavor per GPU class and a ClusterQueue per team. */
export class KueueCluster extends Construct {
  constructor(scope: Construct, id: string, props: KueueClusterProps) {
    super(scope, id);
    addObjects(this, kueueClusterObjects(props));
  }
}

/** The objects of a KueueCluster: the ResourceFlavors, then the teams' ClusterQueues. */
export function kueueClusterObjects(props: KueueClusterProps): ObjectSpec[] {
  const { kueue } = props;
  const objects: ObjectSpec[] = [];
  for (const flavor of kueue.flavors) {
    objects.push(...withIdPrefix(`flavor-${flavor.name}`, kueueResourceFlavorObjects({ apiVersion: kueue.apiVersion, name: flavor.name, nodeLabel: kueue.nodeLabel, gpuClass: flavor.gpuClass })));
  }
  for (const team of props.teams) {
    if (!team.queue) continue;
    const queue = kueueClusterQueueObjects({
      apiVersion: kueue.apiVersion,
      name: team.queue.clusterQueue,
      namespace: team.namespace,
      nominalQuota: team.queue.nominalQuota,
      ...(kueue.cohort !== undefined ? { cohort: kueue.cohort } : {}),
      ...(team.queue.borrowingLimit !== undefined ? { borrowingLimit: team.queue.borrowingLimit } : {}),
    });
    objects.push(...withIdPrefix(`queue-${team.name}`, queue));
  }
  return objects;
}
