import { describe, expect, it } from 'vitest';
import { ClusterAccess } from '../../constructs/cluster-access';
import { TeamAccess } from '../../constructs/team-access';
import { TeamNamespace } from '../../constructs/team-namespace';
import { TeamNetworkPolicies } from '../../constructs/team-network-policies';
import { TeamQuota } from '../../constructs/team-quota';
import { TierRoles } from '../../constructs/tier-roles';
import { manifestText } from '../../lib/synth/render';
import { planOf, render } from '../helpers/example';

const golden = (name: string) => `../../__snapshots__/constructs/${name}.yaml`;

const plan = planOf({
  cluster: { name: 'lab', admins: ['platform'], viewers: ['finance'], oidcGroupPrefix: 'oidc:', network: { ingressNamespaces: ['ingress-nginx'], monitoringNamespaces: ['monitoring'] } },
  teams: [
    {
      name: 'vision',
      description: 'Vision research',
      costCenter: 'CC-7',
      quota: { gpu: 16, cpu: '64', memory: '512Gi', storage: '10Ti', storageClasses: { 'shared-vast': '8Ti' }, persistentVolumeClaims: 20, loadBalancers: 0 },
      limits: { maxGpuPerPod: 4, defaultCpu: '500m', defaultMemory: '2Gi' },
      groups: { teamLead: ['vision-leads'], mlEngineer: ['vision-ml'], viewer: ['vision-pm'] },
      tokens: [
        { name: 'ci', tier: 'inferenceOperator', user: 'cw-token-7f3a', rotatedAt: '2026-10-01' },
        { name: 'trainer', tier: 'mlEngineer', serviceAccount: 'trainer', rotatedAt: '2026-11-01' },
      ],
      network: { allowFrom: ['web'], egress: 'restricted', egressCidrs: ['10.40.0.0/16'] },
    },
    { name: 'web', quota: { gpu: 0 } },
  ],
});
const vision = plan.teams[0];

describe('constructs render the plan', () => {
  it('TierRoles: four ClusterRoles, no namespace', async () => {
    const objects = render((s) => new TierRoles(s, 'tiers'));
    expect(objects.map((o) => (o.metadata as { name: string }).name)).toEqual([
      'coreweave-rbac-team-lead',
      'coreweave-rbac-ml-engineer',
      'coreweave-rbac-inference-operator',
      'coreweave-rbac-viewer',
    ]);
    expect(objects.every((o) => !('namespace' in (o.metadata as object)))).toBe(true);
    await expect(manifestText(objects)).toMatchFileSnapshot(golden('tier-roles'));
  });

  it('TierRoles with Kueue adds read access to localqueues and workloads to every tier', () => {
    const objects = render((s) => new TierRoles(s, 'tiers', { kueue: true })) as { rules: { apiGroups?: string[]; resources?: string[]; verbs: string[] }[] }[];
    for (const role of objects) {
      expect(role.rules).toContainEqual({ apiGroups: ['kueue.x-k8s.io'], resources: ['localqueues', 'workloads'], verbs: ['get', 'list', 'watch'] });
      expect(role.rules.filter((r) => r.apiGroups?.includes('kueue.x-k8s.io')).flatMap((r) => r.verbs)).toEqual(['get', 'list', 'watch']);
    }
  });

  it('ClusterAccess: admins to cluster-admin, viewers to namespaces and quotas', async () => {
    const objects = render((s) => new ClusterAccess(s, 'access', { adminGroups: ['oidc:platform'], viewerGroups: ['oidc:finance'] }));
    await expect(manifestText(objects)).toMatchFileSnapshot(golden('cluster-access'));
    expect(render((s) => new ClusterAccess(s, 'access', { adminGroups: ['a'] })).map((o) => o.kind)).toEqual(['ClusterRoleBinding']);
    expect(() => render((s) => new ClusterAccess(s, 'access', { adminGroups: [] }))).toThrow('ClusterAccess: adminGroups is empty, expected at least one group for the Cluster Admin tier');
  });

  it('TeamQuota: GPUs always, every quota given, and a LimitRange whose GPU default is 0', async () => {
    const objects = render((s) => new TeamQuota(s, 'q', { namespace: 'vision', quota: vision.quota, limits: vision.limits }));
    await expect(manifestText(objects)).toMatchFileSnapshot(golden('team-quota'));
    const none = render((s) => new TeamQuota(s, 'q', { namespace: 'web', quota: plan.teams[1].quota, limits: plan.teams[1].limits }));
    expect((none[0].spec as { hard: object }).hard).toEqual({ 'requests.nvidia.com/gpu': '0' });
  });

  it('TeamNetworkPolicies: default deny, allow lists, restricted egress', async () => {
    const objects = render((s) => new TeamNetworkPolicies(s, 'n', { namespace: 'vision', network: vision.network }));
    expect(objects.map((o) => (o.metadata as { name: string }).name)).toEqual([
      'default-deny',
      'allow-same-namespace',
      'allow-ingress-controllers',
      'allow-monitoring',
      'allow-from-teams',
      'allow-egress-dns',
      'allow-egress-same-namespace',
      'allow-egress-cidrs',
    ]);
    await expect(manifestText(objects)).toMatchFileSnapshot(golden('team-network-policies'));
    const open = render((s) => new TeamNetworkPolicies(s, 'n', { namespace: 'web', network: plan.teams[1].network }));
    expect(open.map((o) => (o.metadata as { name: string }).name)).toEqual(['default-deny', 'allow-same-namespace', 'allow-ingress-controllers', 'allow-monitoring']);
  });

  it('TeamAccess: service accounts, tier, cluster-viewer and token bindings', async () => {
    const objects = render((s) => new TeamAccess(s, 'a', { team: vision }));
    expect(objects.map((o) => `${o.kind}/${(o.metadata as { name: string }).name}`)).toEqual([
      'ServiceAccount/trainer',
      'RoleBinding/team-lead',
      'RoleBinding/ml-engineer',
      'RoleBinding/viewer',
      'RoleBinding/cluster-viewers',
      'RoleBinding/token-ci',
      'RoleBinding/token-trainer',
    ]);
    await expect(manifestText(objects)).toMatchFileSnapshot(golden('team-access'));
  });

  it('TeamNamespace: the namespace first, protected from Flux prune, with Pod Security labels', async () => {
    const objects = render((s) => new TeamNamespace(s, 't', { team: vision }));
    expect(objects[0]).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'vision',
        annotations: { 'coreweave-rbac/description': 'Vision research', 'kustomize.toolkit.fluxcd.io/prune': 'disabled' },
        labels: {
          'coreweave-rbac/cost-center': 'CC-7',
          'coreweave-rbac/team': 'vision',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/enforce': 'baseline',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      },
    });
    expect(objects.slice(1).every((o) => (o.metadata as { namespace?: string }).namespace === 'vision')).toBe(true);
  });
});
