import { GPU_RESOURCE } from '../lib/core/gpu';
import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import type { LimitsPlan, QuotaPlan } from '../lib/plan/types';
import { addObjects, ObjectSpec } from './api-objects';
import { TEAM_OBJECT } from '../lib/core/object-names';

export interface TeamQuotaProps {
  readonly namespace: string;
  readonly quota: QuotaPlan;
  readonly limits: LimitsPlan;
}

const GPU = GPU_RESOURCE;
const q = (value: string | number): k8s.Quantity => k8s.Quantity.fromString(String(value));

/** The team's ResourceQuota (GPUs always, then every quota given) and its LimitRange. */
export class TeamQuota extends Construct {
  constructor(scope: Construct, id: string, props: TeamQuotaProps) {
    super(scope, id);
    addObjects(this, teamQuotaObjects(props));
  }
}

/** The objects of a TeamQuota. */
export function teamQuotaObjects(props: TeamQuotaProps): ObjectSpec[] {
  const { quota, limits, namespace } = props;
  const hard: Record<string, k8s.Quantity> = { [`requests.${GPU}`]: q(quota.gpu) };
  if (quota.cpu !== undefined) hard['requests.cpu'] = q(quota.cpu);
  if (quota.memory !== undefined) hard['requests.memory'] = q(quota.memory);
  if (quota.storage !== undefined) hard['requests.storage'] = q(quota.storage);
  for (const { storageClass, storage } of quota.storageClasses) hard[`${storageClass}.storageclass.storage.k8s.io/requests.storage`] = q(storage);
  if (quota.persistentVolumeClaims !== undefined) hard.persistentvolumeclaims = q(quota.persistentVolumeClaims);
  if (quota.loadBalancers !== undefined) hard['services.loadbalancers'] = q(quota.loadBalancers);
  const resourceQuota: ObjectSpec = { id: 'quota', kind: 'ResourceQuota', props: { metadata: { name: TEAM_OBJECT.quota, namespace }, spec: { hard } } };

  // LimitRanger refuses a container without a GPU limit once a GPU max exists, so CPU-only containers default to 0 GPUs.
  const defaults = { cpu: q(limits.defaultCpu), memory: q(limits.defaultMemory), [GPU]: q(0) };
  const limitRange: ObjectSpec = {
    id: 'limits',
    kind: 'LimitRange',
    props: {
      metadata: { name: TEAM_OBJECT.limits, namespace },
      spec: {
        limits: [
          { type: 'Container', default: defaults, defaultRequest: defaults, max: { [GPU]: q(limits.maxGpuPerPod) } },
          { type: 'Pod', max: { [GPU]: q(limits.maxGpuPerPod) } },
        ],
      },
    },
  };
  return [resourceQuota, limitRange];
}
