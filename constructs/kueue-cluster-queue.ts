import { Construct } from 'constructs';
import { addObjects, ObjectSpec } from './api-objects';
import { ClusterQueueSpecV1beta1, ClusterQueueSpecV1beta2, GPU_RESOURCE, KueueApiVersion, kueueApiVersion, ResourceGroupSpec } from './kueue-api';

export interface KueueClusterQueueProps {
  readonly apiVersion: KueueApiVersion;
  /** The ClusterQueue name: the team's namespace. */
  readonly name: string;
  /** The only namespace whose LocalQueues may submit to this queue. */
  readonly namespace: string;
  /** GPUs of each flavor that are the team's own, in the order Kueue tries them. Must not be empty. */
  readonly nominalQuota: readonly { readonly flavor: string; readonly gpus: number }[];
  /**
   * Cohort whose queues lend each other idle GPUs.
   * @default - no cohort: the queue neither borrows nor lends
   */
  readonly cohort?: string;
  /**
   * GPUs of each flavor the queue may borrow from its cohort beyond its nominal quota.
   * @default - no limit
   */
  readonly borrowingLimit?: number;
}

/** A team's Kueue ClusterQueue: nvidia.com/gpu per GPU flavor, admitting only the team's namespace. Cluster-scoped. */
export class KueueClusterQueue extends Construct {
  constructor(scope: Construct, id: string, props: KueueClusterQueueProps) {
    super(scope, id);
    addObjects(this, kueueClusterQueueObjects(props));
  }
}

/** The object of a KueueClusterQueue. Throws on props Kueue would reject. */
export function kueueClusterQueueObjects(props: KueueClusterQueueProps): ObjectSpec[] {
  if (props.nominalQuota.length === 0) throw new Error(`KueueClusterQueue ${props.name}: nominalQuota is empty, expected one entry per GPU flavor`);
  if (props.borrowingLimit !== undefined && props.cohort === undefined) {
    throw new Error(`KueueClusterQueue ${props.name}: borrowingLimit ${props.borrowingLimit} without a cohort, expected a cohort to borrow from`);
  }
  const resourceGroups: ResourceGroupSpec[] = [
    {
      coveredResources: [GPU_RESOURCE],
      flavors: props.nominalQuota.map(({ flavor, gpus }) => ({
        name: flavor,
        resources: [{ name: GPU_RESOURCE, nominalQuota: gpus, ...(props.borrowingLimit !== undefined ? { borrowingLimit: props.borrowingLimit } : {}) }],
      })),
    },
  ];
  // kubernetes.io/metadata.name is set by the API server on every namespace (immutable), so it selects exactly one.
  const namespaceSelector = { matchLabels: { 'kubernetes.io/metadata.name': props.namespace } };
  const cohort = props.cohort;
  const spec: ClusterQueueSpecV1beta2 | ClusterQueueSpecV1beta1 =
    props.apiVersion === 'v1beta2'
      ? { ...(cohort !== undefined ? { cohortName: cohort } : {}), namespaceSelector, resourceGroups }
      : { ...(cohort !== undefined ? { cohort } : {}), namespaceSelector, resourceGroups };
  return [{ id: 'queue', kind: 'Custom', props: { apiVersion: kueueApiVersion(props.apiVersion), kind: 'ClusterQueue', metadata: { name: props.name }, spec } }];
}
