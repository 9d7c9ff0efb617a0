import { describe, expect, it } from 'vitest';
import { SubjectTiers } from '../../lib/access/subject-tiers';
import type { AuditEvent } from '../../lib/audit/audit-event';
import { GpuAuditRecord, GpuEventClassifier } from '../../lib/audit/gpu-event';
import { auditEvent, deployment, job, pod, pytorchJob, resourceQuota, scale } from './audit-events';
import { auditObjects } from './teams-fixture';

const tiers = SubjectTiers.fromObjects(auditObjects());
const classifier = () =>
  new GpuEventClassifier({ cluster: 'ord1-test', teamOf: (ns) => tiers.teamOf(ns), tierOf: (s, ns) => tiers.tierOf(s, ns) });

const ALICE = { user: 'alice@example.com', groups: ['oidc:research-ml'] };
const ONCALL = { user: 'sam@example.com', groups: ['oidc:serving-oncall'] };
const ADMIN = { user: 'root@example.com', groups: ['oidc:platform-admins'] };
const BOB = { user: 'bob@example.com', groups: ['oidc:finance'] };
const JOB_CONTROLLER = { user: 'system:serviceaccount:kube-system:job-controller', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system'] };
const PIPELINE = { user: 'system:serviceaccount:research:pipeline', groups: ['system:serviceaccounts', 'system:serviceaccounts:research'] };
const ALLOWED_BY_ML = 'RBAC: allowed by RoleBinding "ml-engineer/research" of ClusterRole "coreweave-rbac-ml-engineer" to Group "oidc:research-ml"';

const record = (r: Partial<GpuAuditRecord> & Pick<GpuAuditRecord, 'action' | 'resource'>): GpuAuditRecord => ({
  timestamp: '2026-11-20T10:00:00.000000Z',
  cluster: 'ord1-test',
  user: null,
  groups: [],
  team: null,
  tier: null,
  namespace: null,
  gpuCount: null,
  result: 'allowed',
  reason: null,
  ...r,
});
const by = (who: { user: string; groups: string[] }) => ({ user: who.user, groups: [...who.groups, 'system:authenticated'] });

describe('gpu-audit: one record per GPU allocation event', () => {
  it.each<[string, AuditEvent, GpuAuditRecord]>([
    [
      'a pod created with GPUs (sum over containers)',
      auditEvent({ verb: 'create', ...ALICE, resource: 'pods', namespace: 'research', code: 201, requestObject: pod('debug-0', 'research', [4, 2, 0]), responseObject: pod('debug-0', 'research', [4, 2, 0]), authzReason: ALLOWED_BY_ML }),
      record({ ...by(ALICE), team: 'research', tier: 'mlEngineer', namespace: 'research', action: 'gpu_request', resource: 'pods/debug-0', gpuCount: 6, reason: ALLOWED_BY_ML }),
    ],
    [
      'a Job: parallelism × GPUs per pod',
      auditEvent({ verb: 'create', ...ALICE, resource: 'jobs', apiGroup: 'batch', namespace: 'research', code: 201, requestObject: job('sweep', 'research', 4, 8), responseObject: job('sweep', 'research', 4, 8) }),
      record({ ...by(ALICE), team: 'research', tier: 'mlEngineer', namespace: 'research', action: 'gpu_request', resource: 'jobs.batch/sweep', gpuCount: 32 }),
    ],
    [
      'a Job never runs more pods than completions',
      auditEvent({ verb: 'create', ...ALICE, resource: 'jobs', apiGroup: 'batch', namespace: 'research', code: 201, responseObject: job('eval', 'research', 8, 2, 3) }),
      record({ ...by(ALICE), team: 'research', tier: 'mlEngineer', namespace: 'research', action: 'gpu_request', resource: 'jobs.batch/eval', gpuCount: 6 }),
    ],
    [
      'a PyTorchJob: master and workers',
      auditEvent({ verb: 'create', ...PIPELINE, resource: 'pytorchjobs', apiGroup: 'kubeflow.org', namespace: 'research', code: 201, requestObject: pytorchJob('pretrain', 'research', 3, 8), responseObject: pytorchJob('pretrain', 'research', 3, 8) }),
      record({ ...by(PIPELINE), team: 'research', tier: 'mlEngineer', namespace: 'research', action: 'gpu_request', resource: 'pytorchjobs.kubeflow.org/pretrain', gpuCount: 32 }),
    ],
    [
      'a 403 quota rejection of a Job controller\'s pod: denied, with the quota message',
      auditEvent({
        verb: 'create', ...JOB_CONTROLLER, resource: 'pods', namespace: 'research', code: 403, reason: 'Forbidden',
        message: 'pods "sweep-7xk2p" is forbidden: exceeded quota: team-quota, requested: requests.nvidia.com/gpu=8, used: requests.nvidia.com/gpu=16, limited: requests.nvidia.com/gpu=16',
        requestObject: pod('sweep-7xk2p', 'research', [8], { kind: 'Job', name: 'sweep' }),
      }),
      record({
        ...by(JOB_CONTROLLER), team: 'research', namespace: 'research', action: 'gpu_request', resource: 'pods/sweep-7xk2p', gpuCount: 8, result: 'denied',
        reason: 'exceeded quota: team-quota, requested: requests.nvidia.com/gpu=8, used: requests.nvidia.com/gpu=16, limited: requests.nvidia.com/gpu=16',
      }),
    ],
    [
      'a 403 RBAC denial: no body, so no GPU count',
      auditEvent({ verb: 'create', ...BOB, resource: 'pods', namespace: 'research', code: 403, message: 'pods is forbidden: User "bob@example.com" cannot create resource "pods" in API group "" in the namespace "research"' }),
      record({ ...by(BOB), team: 'research', tier: 'viewer', namespace: 'research', action: 'gpu_request', resource: 'pods', result: 'denied', reason: 'User "bob@example.com" cannot create resource "pods" in API group "" in the namespace "research"' }),
    ],
    [
      'a Deployment by a token user: deploy, replicas × GPUs',
      auditEvent({ verb: 'create', user: 'cw-token-7f3a', resource: 'deployments', apiGroup: 'apps', namespace: 'inference', code: 201, requestObject: deployment('llama', 'inference', 2, 1), responseObject: deployment('llama', 'inference', 2, 1) }),
      record({ user: 'cw-token-7f3a', groups: ['system:authenticated'], team: 'serving', tier: 'inferenceOperator', namespace: 'inference', action: 'deploy', resource: 'deployments.apps/llama', gpuCount: 2 }),
    ],
    [
      'a quota change by a cluster admin: the new GPU limit',
      auditEvent({ verb: 'patch', ...ADMIN, resource: 'resourcequotas', namespace: 'research', name: 'team-quota', code: 200, requestObject: { spec: { hard: { 'requests.nvidia.com/gpu': '32' } } }, responseObject: resourceQuota('research', 32) }),
      record({ ...by(ADMIN), team: 'research', tier: 'clusterAdmin', namespace: 'research', action: 'quota_change', resource: 'resourcequotas/team-quota', gpuCount: 32 }),
    ],
    [
      'a denied quota change by a team lead',
      auditEvent({ verb: 'update', user: 'lee@example.com', groups: ['oidc:research-leads'], resource: 'resourcequotas', namespace: 'research', name: 'team-quota', code: 403, message: 'resourcequotas "team-quota" is forbidden: User "lee@example.com" cannot update resource "resourcequotas" in API group "" in the namespace "research"' }),
      record({ user: 'lee@example.com', groups: ['oidc:research-leads', 'system:authenticated'], team: 'research', tier: 'teamLead', namespace: 'research', action: 'quota_change', resource: 'resourcequotas/team-quota', result: 'denied', reason: 'User "lee@example.com" cannot update resource "resourcequotas" in API group "" in the namespace "research"' }),
    ],
    [
      'a pod deleted by a person: the GPUs it held',
      auditEvent({ verb: 'delete', ...ALICE, resource: 'pods', namespace: 'research', name: 'debug-0', code: 200, responseObject: pod('debug-0', 'research', [4]) }),
      record({ ...by(ALICE), team: 'research', tier: 'mlEngineer', namespace: 'research', action: 'delete', resource: 'pods/debug-0', gpuCount: 4 }),
    ],
    [
      'a ClusterQueue change: the team whose queue it is, its nominal GPUs',
      auditEvent({
        verb: 'update', ...ADMIN, resource: 'clusterqueues', apiGroup: 'kueue.x-k8s.io', apiVersion: 'v1beta2', name: 'research', code: 200,
        responseObject: { kind: 'ClusterQueue', apiVersion: 'kueue.x-k8s.io/v1beta2', metadata: { name: 'research' }, spec: { resourceGroups: [{ coveredResources: ['nvidia.com/gpu'], flavors: [{ name: 'h100', resources: [{ name: 'nvidia.com/gpu', nominalQuota: 24 }] }] }] } },
      }),
      record({ ...by(ADMIN), team: 'research', tier: 'clusterAdmin', action: 'quota_change', resource: 'clusterqueues.kueue.x-k8s.io/research', gpuCount: 24 }),
    ],
  ])('%s', (_name, event, expected) => {
    expect(classifier().classify(event)).toEqual(expected);
  });

  it('a Deployment scaled through its scale subresource: replicas × the GPUs per pod seen at its creation', () => {
    const c = classifier();
    c.classify(auditEvent({ verb: 'create', ...ONCALL, resource: 'deployments', apiGroup: 'apps', namespace: 'inference', code: 201, responseObject: deployment('llama', 'inference', 2, 2) }));
    const scaled = c.classify(auditEvent({ verb: 'patch', ...ONCALL, resource: 'deployments', apiGroup: 'apps', namespace: 'inference', name: 'llama', subresource: 'scale', code: 200, requestObject: { spec: { replicas: 5 } }, responseObject: scale('llama', 'inference', 5) }));
    expect(scaled).toEqual(record({ ...by(ONCALL), team: 'serving', tier: 'inferenceOperator', namespace: 'inference', action: 'scale', resource: 'deployments.apps/llama', gpuCount: 10 }));
    const toZero = c.classify(auditEvent({ verb: 'update', ...ONCALL, resource: 'deployments', apiGroup: 'apps', namespace: 'inference', name: 'llama', subresource: 'scale', code: 200, requestObject: scale('llama', 'inference', 0) }));
    expect(toZero?.gpuCount).toBe(0);
  });

  it('a scale of a Deployment never seen in the log: the record, with an unknown GPU count', () => {
    const event = auditEvent({ verb: 'patch', ...ONCALL, resource: 'deployments', apiGroup: 'apps', namespace: 'inference', name: 'other', subresource: 'scale', code: 200, requestObject: { spec: { replicas: 3 } } });
    expect(classifier().classify(event)).toMatchObject({ action: 'scale', gpuCount: null, result: 'allowed' });
  });

  it('a scale of a CPU-only Deployment is no GPU event', () => {
    const c = classifier();
    c.classify(auditEvent({ verb: 'create', ...ONCALL, resource: 'deployments', apiGroup: 'apps', namespace: 'inference', code: 201, responseObject: deployment('web', 'inference', 2, 0) }));
    expect(c.classify(auditEvent({ verb: 'patch', ...ONCALL, resource: 'deployments', apiGroup: 'apps', namespace: 'inference', name: 'web', subresource: 'scale', code: 200, responseObject: scale('web', 'inference', 9) }))).toBeUndefined();
  });

  it.each<[string, AuditEvent]>([
    ['a CPU-only pod', auditEvent({ verb: 'create', ...ALICE, resource: 'pods', namespace: 'research', code: 201, responseObject: pod('cpu', 'research', [0]) })],
    ['a read', auditEvent({ verb: 'get', ...ALICE, resource: 'pods', namespace: 'research', name: 'debug-0', code: 200 })],
    ['the RequestReceived stage', auditEvent({ verb: 'create', ...ALICE, resource: 'pods', namespace: 'research', code: 201, stage: 'RequestReceived', requestObject: pod('x', 'research', [1]) })],
    ['a dry run', auditEvent({ verb: 'create', ...ALICE, resource: 'pods', namespace: 'research', code: 201, query: 'dryRun=All', responseObject: pod('x', 'research', [1]) })],
    ['a pod a Job controller created (the Job is the record)', auditEvent({ verb: 'create', ...JOB_CONTROLLER, resource: 'pods', namespace: 'research', code: 201, responseObject: pod('sweep-1', 'research', [8], { kind: 'Job', name: 'sweep' }) })],
    ['a pod status update', auditEvent({ verb: 'patch', user: 'system:node:gpu-node-1', resource: 'pods', namespace: 'research', name: 'x', subresource: 'status', code: 200 })],
    ['a ConfigMap', auditEvent({ verb: 'create', ...ALICE, resource: 'configmaps', namespace: 'research', code: 201 })],
  ])('%s is no GPU event', (_name, event) => {
    expect(classifier().classify(event)).toBeUndefined();
  });

  it('records the namespace of no team with team and tier null', () => {
    const event = auditEvent({ verb: 'create', ...ADMIN, resource: 'pods', namespace: 'default', code: 201, responseObject: pod('x', 'default', [1]) });
    expect(classifier().classify(event)).toMatchObject({ team: null, tier: 'clusterAdmin', namespace: 'default', gpuCount: 1 });
  });
});
