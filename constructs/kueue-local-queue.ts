import { Construct } from 'constructs';
import { addObjects, ObjectSpec } from './api-objects';
import { KueueApiVersion, kueueApiVersion, LocalQueueSpec } from './kueue-api';

/** The LocalQueue every team namespace gets: workloads name it with the label kueue.x-k8s.io/queue-name: default. */
export const LOCAL_QUEUE_NAME = 'default';

export interface KueueLocalQueueProps {
  readonly apiVersion: KueueApiVersion;
  readonly namespace: string;
  /** The team's ClusterQueue. */
  readonly clusterQueue: string;
  /**
   * @default "default"
   */
  readonly name?: string;
}

/** A team namespace's Kueue LocalQueue, pointing at the team's ClusterQueue. */
export class KueueLocalQueue extends Construct {
  constructor(scope: Construct, id: string, props: KueueLocalQueueProps) {
    super(scope, id);
    addObjects(this, kueueLocalQueueObjects(props));
  }
}

/** The object of a KueueLocalQueue. */
export function kueueLocalQueueObjects(props: KueueLocalQueueProps): ObjectSpec[] {
  const spec: LocalQueueSpec = { clusterQueue: props.clusterQueue };
  const metadata = { name: props.name ?? LOCAL_QUEUE_NAME, namespace: props.namespace };
  return [{ id: 'queue', kind: 'Custom', props: { apiVersion: kueueApiVersion(props.apiVersion), kind: 'LocalQueue', metadata, spec } }];
}
