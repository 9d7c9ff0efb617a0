// Builders of audit.k8s.io/v1 Events in the shape the Kubernetes documentation shows
// (kubernetes.io/docs/tasks/debug/debug-cluster/audit/, k8s.io/apiserver/pkg/apis/audit/v1 Event): what the log
// backend writes, one JSON object per line.
import type { AuditEvent } from '../../lib/audit/audit-event';

let counter = 0;

export interface EventInput {
  readonly verb: string;
  readonly user: string;
  readonly groups?: readonly string[];
  readonly resource: string;
  readonly apiGroup?: string;
  readonly apiVersion?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly subresource?: string;
  readonly code: number;
  readonly message?: string;
  readonly reason?: string;
  readonly requestObject?: unknown;
  readonly responseObject?: unknown;
  readonly at?: string;
  readonly stage?: string;
  readonly query?: string;
  readonly authzReason?: string;
}

/** The Event as the log line carries it (fields gpu-audit ignores, such as sourceIPs, included). */
export function auditEvent(input: EventInput): AuditEvent {
  counter += 1;
  const group = input.apiGroup ?? '';
  const version = input.apiVersion ?? 'v1';
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const path = `${base}${input.namespace ? `/namespaces/${input.namespace}` : ''}/${input.resource}${input.name && input.verb !== 'create' ? `/${input.name}` : ''}${input.subresource ? `/${input.subresource}` : ''}`;
  const at = input.at ?? '2026-11-20T10:00:00.000000Z';
  const allowed = input.code < 400 || input.message?.includes('exceeded quota');
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: input.requestObject || input.responseObject ? 'RequestResponse' : 'Metadata',
    auditID: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    stage: input.stage ?? 'ResponseComplete',
    requestURI: `${path}${input.query ? `?${input.query}` : ''}`,
    verb: input.verb,
    user: { username: input.user, groups: [...(input.groups ?? []), 'system:authenticated'] },
    sourceIPs: ['10.0.12.7'],
    userAgent: 'kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46',
    objectRef: {
      resource: input.resource,
      ...(input.namespace ? { namespace: input.namespace } : {}),
      ...(input.name ? { name: input.name } : {}),
      ...(group ? { apiGroup: group } : {}),
      apiVersion: version,
      ...(input.subresource ? { subresource: input.subresource } : {}),
    },
    responseStatus: input.code < 400 ? { metadata: {}, code: input.code } : { metadata: {}, status: 'Failure', message: input.message, reason: input.reason ?? 'Forbidden', code: input.code },
    ...(input.requestObject !== undefined ? { requestObject: input.requestObject } : {}),
    ...(input.responseObject !== undefined ? { responseObject: input.responseObject } : {}),
    requestReceivedTimestamp: at,
    stageTimestamp: at.replace(/\.\d+Z$/, '.050000Z'),
    annotations: allowed
      ? { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': input.authzReason ?? '' }
      : { 'authorization.k8s.io/decision': 'forbid', 'authorization.k8s.io/reason': '' },
  } as unknown as AuditEvent;
}

const gpuContainer = (name: string, gpus: number) => ({ name, image: 'nvcr.io/nvidia/pytorch:24.08-py3', resources: { limits: { 'nvidia.com/gpu': String(gpus) }, requests: { cpu: '8', 'nvidia.com/gpu': String(gpus) } } });
const cpuContainer = (name: string) => ({ name, image: 'busybox', resources: { requests: { cpu: '1' } } });

export const podSpec = (...gpus: number[]) => ({ containers: gpus.map((g, i) => (g > 0 ? gpuContainer(`c${i}`, g) : cpuContainer(`c${i}`))) });
const template = (...gpus: number[]) => ({ metadata: { labels: { app: 'x' } }, spec: podSpec(...gpus) });

export const pod = (name: string, namespace: string, gpus: number[], owner?: { kind: string; name: string }) => ({
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name, namespace, ...(owner ? { ownerReferences: [{ apiVersion: 'batch/v1', kind: owner.kind, name: owner.name, uid: 'c0ffee00-0000-4000-8000-000000000001', controller: true, blockOwnerDeletion: true }] } : {}) },
  spec: podSpec(...gpus),
});

export const deployment = (name: string, namespace: string, replicas: number, gpusPerPod: number) => ({
  kind: 'Deployment',
  apiVersion: 'apps/v1',
  metadata: { name, namespace },
  spec: { replicas, selector: { matchLabels: { app: 'x' } }, template: template(gpusPerPod) },
});

export const job = (name: string, namespace: string, parallelism: number, gpusPerPod: number, completions?: number) => ({
  kind: 'Job',
  apiVersion: 'batch/v1',
  metadata: { name, namespace },
  spec: { parallelism, ...(completions !== undefined ? { completions } : {}), template: template(gpusPerPod) },
});

export const pytorchJob = (name: string, namespace: string, workers: number, gpusPerPod: number) => ({
  kind: 'PyTorchJob',
  apiVersion: 'kubeflow.org/v1',
  metadata: { name, namespace },
  spec: {
    pytorchReplicaSpecs: {
      Master: { replicas: 1, restartPolicy: 'OnFailure', template: template(gpusPerPod) },
      Worker: { replicas: workers, restartPolicy: 'OnFailure', template: template(gpusPerPod) },
    },
  },
});

export const scale = (name: string, namespace: string, replicas: number) => ({
  kind: 'Scale',
  apiVersion: 'autoscaling/v1',
  metadata: { name, namespace },
  spec: { replicas },
  status: { replicas: replicas - 1, selector: 'app=x' },
});

export const resourceQuota = (namespace: string, gpus: number) => ({
  kind: 'ResourceQuota',
  apiVersion: 'v1',
  metadata: { name: 'team-quota', namespace },
  spec: { hard: { 'requests.nvidia.com/gpu': String(gpus), 'requests.cpu': '256' } },
});
