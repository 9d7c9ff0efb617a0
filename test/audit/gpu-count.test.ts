import { describe, expect, it } from 'vitest';
import { objectGpus, podSpecGpus } from '../../lib/audit/gpu-count';
import { podSpec } from './audit-events';

const gpu = (n: number | string, where: 'requests' | 'limits' = 'limits') => ({ name: 'c', resources: { [where]: { 'nvidia.com/gpu': n } } });
const tpl = (...gpus: number[]) => ({ spec: podSpec(...gpus) });

describe('GPUs a pod requests', () => {
  it.each([
    ['the sum over containers', { containers: [gpu(2), gpu(3)] }, 5],
    ['a request without a limit', { containers: [gpu('4', 'requests')] }, 4],
    ['the largest init container when it asks for more', { initContainers: [gpu(8)], containers: [gpu(2)] }, 8],
    ['sidecar init containers add to the containers', { initContainers: [{ ...gpu(1), restartPolicy: 'Always' }], containers: [gpu(2)] }, 3],
    ['no resources', { containers: [{ name: 'c' }] }, 0],
    ['a malformed quantity counts as none', { containers: [gpu('lots')] }, 0],
  ])('%s', (_name, spec, expected) => {
    expect(podSpecGpus(spec)).toBe(expected);
  });
});

describe('GPUs an object requests', () => {
  it.each([
    ['StatefulSet: replicas × pod', { kind: 'StatefulSet', spec: { replicas: 3, template: tpl(2) } }, 6],
    ['Deployment without replicas: 1', { kind: 'Deployment', spec: { template: tpl(4) } }, 4],
    ['CronJob: its job template', { kind: 'CronJob', spec: { jobTemplate: { spec: { parallelism: 2, template: tpl(4) } } } }, 8],
    ['RayCluster: head and worker groups', { kind: 'RayCluster', spec: { headGroupSpec: { template: tpl(0) }, workerGroupSpecs: [{ replicas: 4, template: tpl(8) }, { replicas: 2, template: tpl(1) }] } }, 34],
    ['RayJob: its cluster spec', { kind: 'RayJob', spec: { rayClusterSpec: { headGroupSpec: { template: tpl(1) }, workerGroupSpecs: [{ replicas: 2, template: tpl(4) }] } } }, 9],
    ['InferenceService: minReplicas × the model server', { kind: 'InferenceService', spec: { predictor: { minReplicas: 2, model: { modelFormat: { name: 'huggingface' }, resources: { limits: { 'nvidia.com/gpu': '1' } } } } } }, 2],
    ['InferenceService: predictor containers and transformer', { kind: 'InferenceService', spec: { predictor: { containers: [gpu(2)] }, transformer: { containers: [gpu(1)] } } }, 3],
    ['Kueue Workload: podSets count × template', { kind: 'Workload', spec: { podSets: [{ name: 'main', count: 4, template: tpl(8) }] } }, 32],
    ['ResourceQuota: its GPU limit', { kind: 'ResourceQuota', spec: { hard: { 'requests.nvidia.com/gpu': '64' } } }, 64],
  ])('%s', (_name, object, expected) => {
    expect(objectGpus(object)).toBe(expected);
  });

  it('an object it does not know: undefined', () => {
    expect(objectGpus({ kind: 'ConfigMap' })).toBeUndefined();
  });
});
