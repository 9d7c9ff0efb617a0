import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { auditPolicy, auditPolicyRules, auditPolicyText, AUDIT_POLICY_FILE } from '../../lib/audit/audit-policy';
import { auditLevel, AuditRequest } from '../../lib/audit/audit-policy-level';
import { buildOutputs } from '../../lib/cli/outputs';
import { auditPlan, AUDIT_TEAMS } from './teams-fixture';

const rules = auditPolicyRules(auditPlan());
const ALICE = { user: 'alice@example.com', groups: ['oidc:research-ml', 'system:authenticated'] };
const res = (verb: string, apiGroup: string, resource: string, extra: Partial<Extract<AuditRequest, { resource: string }>> = {}): AuditRequest => ({
  ...ALICE,
  verb,
  apiGroup,
  resource,
  namespace: 'research',
  ...extra,
});

describe('the audit policy (README, "Audit")', () => {
  it('is an audit.k8s.io/v1 Policy without the RequestReceived stage', () => {
    const policy = auditPolicy(auditPlan());
    expect(policy.apiVersion).toBe('audit.k8s.io/v1');
    expect(policy.kind).toBe('Policy');
    expect(policy.omitStages).toEqual(['RequestReceived']);
  });

  const WRITES = ['create', 'update', 'patch', 'delete'];
  it.each([
    ['', 'pods'],
    ['apps', 'deployments'],
    ['apps', 'statefulsets'],
    ['batch', 'jobs'],
    ['batch', 'cronjobs'],
    ['kubeflow.org', 'pytorchjobs'],
    ['ray.io', 'rayjobs'],
    ['ray.io', 'rayclusters'],
    ['serving.kserve.io', 'inferenceservices'],
    ['kueue.x-k8s.io', 'workloads'],
  ])('every change to %s/%s is logged at RequestResponse, in any namespace', (group, resource) => {
    for (const verb of WRITES) {
      expect(auditLevel(rules, res(verb, group, resource))).toBe('RequestResponse');
      expect(auditLevel(rules, res(verb, group, resource, { namespace: 'default' }))).toBe('RequestResponse');
    }
  });

  it('logs pod creation by controllers too (quota rejections of Deployments and Jobs show there)', () => {
    expect(auditLevel(rules, res('create', '', 'pods', { user: 'system:serviceaccount:kube-system:job-controller', groups: ['system:serviceaccounts:kube-system'] }))).toBe('RequestResponse');
  });

  it('logs scaling through the scale subresource at RequestResponse', () => {
    expect(auditLevel(rules, res('patch', 'apps', 'deployments', { subresource: 'scale', name: 'llama' }))).toBe('RequestResponse');
    expect(auditLevel(rules, res('update', 'apps', 'statefulsets', { subresource: 'scale', name: 'db' }))).toBe('RequestResponse');
  });

  it.each([
    ['', 'resourcequotas'],
    ['', 'limitranges'],
    ['rbac.authorization.k8s.io', 'rolebindings'],
  ])('changes to %s/%s in team namespaces at RequestResponse, elsewhere at Metadata', (group, resource) => {
    for (const verb of WRITES) {
      expect(auditLevel(rules, res(verb, group, resource))).toBe('RequestResponse');
      expect(auditLevel(rules, res(verb, group, resource, { namespace: 'inference' }))).toBe('RequestResponse');
      expect(auditLevel(rules, res(verb, group, resource, { namespace: 'kube-system' }))).toBe('Metadata');
    }
  });

  it('changes to Kueue ClusterQueues (cluster-scoped GPU quotas) at RequestResponse', () => {
    expect(auditLevel(rules, res('update', 'kueue.x-k8s.io', 'clusterqueues', { namespace: undefined, name: 'research' }))).toBe('RequestResponse');
  });

  it.each([
    ['get', 'secrets'],
    ['list', 'secrets'],
    ['create', 'secrets'],
    ['delete', 'secrets'],
  ])('%s secrets: Metadata only, never bodies', (verb, resource) => {
    expect(auditLevel(rules, res(verb, '', resource))).toBe('Metadata');
  });

  it('service account tokens: Metadata only', () => {
    expect(auditLevel(rules, res('create', '', 'serviceaccounts', { subresource: 'token', name: 'pipeline' }))).toBe('Metadata');
  });

  it.each([
    ['a read', res('get', '', 'pods')],
    ['a list', res('list', 'apps', 'deployments')],
    ['a watch', res('watch', 'batch', 'jobs')],
    ['an event', res('create', '', 'events')],
    ['a lease renewal', res('update', 'coordination.k8s.io', 'leases', { user: 'system:kube-scheduler', namespace: 'kube-system' })],
    ['a node heartbeat', res('patch', '', 'nodes', { subresource: 'status', user: 'system:node:gpu-1', groups: ['system:nodes'], namespace: undefined })],
    ['a kubelet reading a secret', res('get', '', 'secrets', { user: 'system:node:gpu-1', groups: ['system:nodes'] })],
    ['a health probe', { user: 'system:anonymous', verb: 'get', path: '/readyz' }],
  ])('%s is not logged', (_name, request) => {
    expect(auditLevel(rules, request as AuditRequest)).toBe('None');
  });

  it('logs other changes at Metadata', () => {
    expect(auditLevel(rules, res('create', '', 'configmaps'))).toBe('Metadata');
    expect(auditLevel(rules, res('patch', '', 'pods', { subresource: 'status', user: 'system:node:gpu-1', groups: ['system:nodes'] }))).toBe('Metadata');
  });

  it('matches its golden text', () => {
    expect(auditPolicyText(auditPlan())).toMatchSnapshot();
  });

  it('synth writes it beside teams.yaml and check compares it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-policy-'));
    writeFileSync(join(dir, 'teams.yaml'), AUDIT_TEAMS);
    const outputs = buildOutputs({ teamsFile: join(dir, 'teams.yaml'), now: new Date('2026-11-23T00:00:00Z'), strict: true });
    expect([...outputs.files.keys()]).toContain(join(dir, AUDIT_POLICY_FILE));
    expect(parse(outputs.files.get(join(dir, AUDIT_POLICY_FILE))!)).toEqual(auditPolicy(auditPlan()));
  });

  it('the committed audit/audit-policy.yaml has the do-not-edit header', () => {
    expect(readFileSync(AUDIT_POLICY_FILE, 'utf8').split('\n')[0]).toBe('# Generated by coreweave-rbac from teams.yaml. Do not edit: change teams.yaml and run `npx cdk8s synth`.');
  });
});
