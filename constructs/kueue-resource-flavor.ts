import { Construct } from 'constructs';
import { addObjects, ObjectSpec } from './api-objects';
import { KueueApiVersion, kueueApiVersion, ResourceFlavorSpec } from './kueue-api';

export interface KueueResourceFlavorProps {
  readonly apiVersion: KueueApiVersion;
  /** The flavor name: the GPU class lower-cased, `_` → `-`. */
  readonly name: string;
  /** The node label that carries the GPU class, e.g. gpu.nvidia.com/class. */
  readonly nodeLabel: string;
  /** The label's value on the nodes of this class, e.g. H100_NVLINK_80GB. */
  readonly gpuClass: string;
}

/** A Kueue ResourceFlavor: the nodes of one GPU class. Cluster-scoped. */
export class KueueResourceFlavor extends Construct {
  constructor(scope: Construct, id: string, props: KueueResourceFlavorProps) {
    super(scope, id);
    addObjects(this, kueueResourceFlavorObjects(props));
  }
}

/** The object of a KueueResourceFlavor. */
export function kueueResourceFlavorObjects(props: KueueResourceFlavorProps): ObjectSpec[] {
  const spec: ResourceFlavorSpec = { nodeLabels: { [props.nodeLabel]: props.gpuClass } };
  return [{ id: 'flavor', kind: 'Custom', props: { apiVersion: kueueApiVersion(props.apiVersion), kind: 'ResourceFlavor', metadata: { name: props.name }, spec } }];
}
