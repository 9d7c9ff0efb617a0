import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { synthesize } from '../../lib/synth/synthesize';
import { sandboxClient } from '../../lib/sandbox/control-plane';
import { orgOfOutputs } from '../../lib/sandbox/sandbox';
import { applyTestOrg, clusterState, describeCluster, eventually, kubectl, userToken, type KubectlResult } from '../helpers/cluster';
import { runCli } from '../helpers/cli';
import { NOW } from '../helpers/example';
import { fixture } from '../helpers/org';

// The error table of the enterprise RBAC guide, as the API server itself answers: ResourceQuota, LimitRanger,
// Pod Security admission and the RBAC authorizer, then the audit log of that traffic under our audit policy.
// The org (test/fixtures/cluster): team lab (baseline, 4 GPUs, at most 2 per pod), team prod (restricted, 2 GPUs).

type Json = Record<string, unknown>;

function pod(name: string, gpus?: number, container: Json = {}): Json {
  const resources = gpus === undefined ? {} : { resources: { limits: { 'nvidia.com/gpu': String(gpus) } } };
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'main', image: 'registry.example/trainer:1', ...resources, ...container }] } };
}

const RESTRICTED_CONTAINER = { securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } } };

/** Create an object as someone: `{ token }` acts as that token's own identity, `{ as, groups }` impersonates an IdP user. */
function create(namespace: string, object: Json, who: { token: string } | { as: string; groups: string[] }): KubectlResult {
  const identity = 'token' in who ? [] : [`--as=${who.as}`, ...who.groups.map((g) => `--as-group=${g}`)];
  return kubectl(['create', '-n', namespace, '-f', '-', ...identity], { input: JSON.stringify(object), ...('token' in who ? { token: who.token } : {}) });
}

/**
 * kubectl's one-line refusal: `Error from server (Forbidden): error when creating "STDIN": …`. (Before it, team
 * namespaces print Pod Security's `Warning: would violate PodSecurity "restricted:latest"`: warn is restricted.)
 */
const refusal = (r: KubectlResult) => r.stderr.split('\n').find((l) => l.startsWith('Error from server')) ?? r.stderr;

describeCluster('the API server enforces what dist/ says, and the audit log records it', () => {
  const trainer = () => ({ token: userToken('cw-token-lab1') }); // the lab team's mlEngineer user token
  const labLead = { as: 'lena', groups: ['oidc:lab-leads'] };
  const auditLines = () => readFileSync(clusterState().auditLog, 'utf8');
  let workspace: string;
  let deployerToken: string;

  beforeAll(async () => {
    const text = readFileSync(fixture('cluster'), 'utf8');
    const outputs = synthesize(text, { now: NOW });
    workspace = mkdtempSync(join(tmpdir(), 'cw-rbac-admission-'));
    mkdirSync(join(workspace, 'dist'));
    writeFileSync(join(workspace, 'teams.yaml'), text);
    for (const [file, content] of outputs.dist) writeFileSync(join(workspace, 'dist', file), content);
    await applyTestOrg(orgOfOutputs(outputs));
    // admission needs what the controller-manager makes: quota status, and each namespace's default ServiceAccount
    for (const ns of ['lab', 'prod']) {
      await eventually(`the ResourceQuota status in ${ns}`, () => (JSON.parse(kubectl(['get', 'resourcequota', 'team-quota', '-n', ns, '-o', 'json']).stdout) as { status?: { hard?: Json } }).status?.hard);
      await eventually(`the default ServiceAccount in ${ns}`, () => (kubectl(['get', 'serviceaccount', 'default', '-n', ns]).status === 0 ? true : undefined));
    }
    const api = sandboxClient(clusterState());
    const answer = await api.send<{ status: { token: string } }>('POST', '/api/v1/namespaces/lab/serviceaccounts/deployer/token', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} });
    deployerToken = answer.status.token;
    api.close();
  });

  it('LimitRanger refuses a pod above maxGpuPerPod', () => {
    const r = create('lab', pod('too-big', 3), trainer());
    expect(r.status).toBe(1);
    expect(refusal(r)).toBe('Error from server (Forbidden): error when creating "STDIN": pods "too-big" is forbidden: [maximum nvidia.com/gpu usage per Container is 2, but limit is 3, maximum nvidia.com/gpu usage per Pod is 2, but limit is 3]');
  });

  it("ResourceQuota admits pods up to the team's GPUs and refuses the next with exceeded quota: team-quota", () => {
    expect(create('lab', pod('train-0', 2), trainer()).stdout).toBe('pod/train-0 created\n');
    expect(create('lab', pod('train-1', 2), trainer()).stdout).toBe('pod/train-1 created\n');
    const r = create('lab', pod('train-2', 1), trainer());
    expect(r.status).toBe(1);
    expect(refusal(r)).toBe(
      'Error from server (Forbidden): error when creating "STDIN": pods "train-2" is forbidden: exceeded quota: team-quota, requested: requests.nvidia.com/gpu=1, used: requests.nvidia.com/gpu=4, limited: requests.nvidia.com/gpu=4',
    );
  });

  it('a CPU-only pod is admitted and gets nvidia.com/gpu: 0 and the default cpu and memory from the LimitRange', () => {
    const r = create('lab', pod('preprocess'), trainer());
    expect(r.status).toBe(0);
    // the namespace enforces baseline and warns at restricted
    expect(r.stderr).toMatch(/^Warning: would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false/);
    const created = JSON.parse(kubectl(['get', 'pod', 'preprocess', '-n', 'lab', '-o', 'json']).stdout) as { spec: { containers: { resources: Json }[] } };
    expect(created.spec.containers[0]?.resources).toEqual({
      limits: { cpu: '500m', memory: '1Gi', 'nvidia.com/gpu': '0' },
      requests: { cpu: '500m', memory: '1Gi', 'nvidia.com/gpu': '0' },
    });
  });

  it('Pod Security: a privileged pod is refused in a baseline namespace, a plain pod in a restricted one', () => {
    const privileged = create('lab', pod('debug', undefined, { securityContext: { privileged: true } }), labLead);
    expect(refusal(privileged)).toBe(
      'Error from server (Forbidden): error when creating "STDIN": pods "debug" is forbidden: violates PodSecurity "baseline:latest": privileged (container "main" must not set securityContext.privileged=true)',
    );
    const prodLead = { as: 'priya', groups: ['oidc:prod-leads'] };
    expect(refusal(create('prod', pod('plain', 1), prodLead))).toMatch(/^Error from server \(Forbidden\): error when creating "STDIN": pods "plain" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false/);
    expect(create('prod', pod('serve-0', 1, RESTRICTED_CONTAINER), prodLead).stdout).toBe('pod/serve-0 created\n');
  });

  it("a tier group outside its namespace, and a token outside its tier, get the API server's Forbidden", () => {
    const r = create('prod', pod('sneak', 1), { as: 'bob', groups: ['oidc:lab-ml'] });
    expect(refusal(r)).toBe('Error from server (Forbidden): error when creating "STDIN": pods is forbidden: User "bob" cannot create resource "pods" in API group "" in the namespace "prod"');
    const secrets = kubectl(['get', 'secrets', '-n', 'lab'], trainer());
    expect(refusal(secrets)).toBe('Error from server (Forbidden): secrets is forbidden: User "cw-token-lab1" cannot list resource "secrets" in API group "" in the namespace "lab"');
  });

  it('the inferenceOperator ServiceAccount token deploys and scales; a team lead raises the quota; a secret is created', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'llm' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'llm' } }, template: { metadata: { labels: { app: 'llm' } }, spec: pod('x', 1).spec } },
    };
    expect(create('lab', deployment, { token: deployerToken }).stdout).toBe('deployment.apps/llm created\n');
    expect(kubectl(['scale', 'deployment', 'llm', '-n', 'lab', '--replicas=2'], { token: deployerToken }).stdout).toBe('deployment.apps/llm scaled\n');
    // a team lead may not change the quota (only cluster admins): refused, then done by a cluster admin
    const raise = ['patch', 'resourcequota', 'team-quota', '-n', 'lab', '--type=merge', '-p', '{"spec":{"hard":{"requests.nvidia.com/gpu":"6"}}}'];
    expect(refusal(kubectl([...raise, '--as=lena', '--as-group=oidc:lab-leads']))).toBe(
      'Error from server (Forbidden): resourcequotas "team-quota" is forbidden: User "lena" cannot patch resource "resourcequotas" in API group "" in the namespace "lab"',
    );
    expect(kubectl([...raise, '--as=olga', '--as-group=oidc:platform-admins']).stdout).toBe('resourcequota/team-quota patched\n');
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'hf-token' }, stringData: { token: 'hf_sandbox_do_not_log_4242' } };
    expect(create('lab', secret, labLead).stdout).toBe('secret/hf-token created\n');
  });

  it('gpu-audit over the real audit log returns exactly the GPU allocation records of that traffic', () => {
    const log = join(workspace, 'audit.log');
    writeFileSync(log, auditLines());
    const r = runCli(workspace, 'gpu-audit', [log]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const ours = new Set(['cw-token-lab1', 'system:serviceaccount:lab:deployer', 'lena', 'priya', 'bob', 'olga']);
    // the control plane, and its audit log, are shared with the other cluster test files, which run at the same
    // time and have users of the same names in namespaces of their own
    const ourNamespaces = new Set(['lab', 'prod']);
    const records = r.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Json)
      .filter((rec) => ours.has(rec.user as string) && ourNamespaces.has(rec.namespace as string))
      .map(({ timestamp, groups, ...rest }) => {
        expect(timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
        expect(Array.isArray(groups)).toBe(true);
        return rest;
      });
    const rec = (user: string, team: string, tier: string | null, action: string, resource: string, gpuCount: number | null, result: string, reason: unknown) => ({
      cluster: 'sandbox-test', user, team, tier, namespace: team, action, resource, gpuCount, result, reason,
    });
    // an allowed request's reason is the RBAC authorizer's, naming the binding that allowed it
    const allowedBy = (binding: string, role: string, subject: string) => `RBAC: allowed by ${binding} of ClusterRole "${role}" to ${subject}`;
    const trainerBy = allowedBy('RoleBinding "token-trainer/lab"', 'coreweave-rbac-ml-engineer', 'User "cw-token-lab1"');
    const deployerBy = allowedBy('RoleBinding "token-deployer/lab"', 'coreweave-rbac-inference-operator', 'ServiceAccount "deployer/lab"');
    const quota = 'exceeded quota: team-quota, requested: requests.nvidia.com/gpu=1, used: requests.nvidia.com/gpu=4, limited: requests.nvidia.com/gpu=4';
    expect(records).toEqual([
      rec('cw-token-lab1', 'lab', 'mlEngineer', 'gpu_request', 'pods/too-big', 3, 'denied', '[maximum nvidia.com/gpu usage per Container is 2, but limit is 3, maximum nvidia.com/gpu usage per Pod is 2, but limit is 3]'),
      rec('cw-token-lab1', 'lab', 'mlEngineer', 'gpu_request', 'pods/train-0', 2, 'allowed', trainerBy),
      rec('cw-token-lab1', 'lab', 'mlEngineer', 'gpu_request', 'pods/train-1', 2, 'allowed', trainerBy),
      rec('cw-token-lab1', 'lab', 'mlEngineer', 'gpu_request', 'pods/train-2', 1, 'denied', quota),
      rec('priya', 'prod', 'teamLead', 'gpu_request', 'pods/plain', 1, 'denied', expect.stringMatching(/^violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false/)),
      rec('priya', 'prod', 'teamLead', 'gpu_request', 'pods/serve-0', 1, 'allowed', allowedBy('RoleBinding "team-lead/prod"', 'coreweave-rbac-team-lead', 'Group "oidc:prod-leads"')),
      rec('bob', 'prod', null, 'gpu_request', 'pods', null, 'denied', 'User "bob" cannot create resource "pods" in API group "" in the namespace "prod"'),
      rec('system:serviceaccount:lab:deployer', 'lab', 'inferenceOperator', 'deploy', 'deployments.apps/llm', 1, 'allowed', deployerBy),
      rec('system:serviceaccount:lab:deployer', 'lab', 'inferenceOperator', 'scale', 'deployments.apps/llm', 2, 'allowed', deployerBy),
      rec('lena', 'lab', 'teamLead', 'quota_change', 'resourcequotas/team-quota', null, 'denied', 'User "lena" cannot patch resource "resourcequotas" in API group "" in the namespace "lab"'),
      rec('olga', 'lab', 'clusterAdmin', 'quota_change', 'resourcequotas/team-quota', 6, 'allowed', allowedBy('ClusterRoleBinding "coreweave-rbac-cluster-admins"', 'cluster-admin', 'Group "oidc:platform-admins"')),
    ]);
  });

  it("the secret's value never reaches the audit log, only its metadata", () => {
    const log = auditLines();
    expect(log).not.toContain('hf_sandbox_do_not_log_4242');
    expect(log).not.toContain(Buffer.from('hf_sandbox_do_not_log_4242').toString('base64'));
    const events = log
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: string; objectRef?: { resource?: string; name?: string }; verb: string })
      .filter((e) => e.objectRef?.resource === 'secrets' && e.objectRef.name === 'hf-token');
    expect(events.map((e) => `${e.verb} ${e.level}`)).toEqual(['create Metadata']);
  });
});
