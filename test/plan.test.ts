import { describe, expect, it } from 'vitest';
import { planOf } from './helpers/example';

const cluster = { name: 'lab', admins: ['admins'], oidcGroupPrefix: 'oidc:', viewers: ['finance'] };

describe('buildPlan', () => {
  it('resolves every default of a minimal team', () => {
    const plan = planOf({ cluster, teams: [{ name: 'vision', quota: { gpu: 4 } }] });
    expect(plan.teams[0]).toEqual({
      name: 'vision',
      namespace: 'vision',
      podSecurity: 'baseline',
      quota: { gpu: 4, gpuByClass: [], storageClasses: [] },
      limits: { maxGpuPerPod: 8, defaultCpu: '1', defaultMemory: '4Gi' },
      tierBindings: [],
      clusterViewerGroups: ['oidc:finance'],
      tokens: [],
      roles: [],
      network: { ingressNamespaces: [], monitoringNamespaces: [], allowFromNamespaces: [], egress: 'open', egressCidrs: [] },
    });
    expect(plan.cluster).toEqual({ name: 'lab', adminGroups: ['oidc:admins'], viewerGroups: ['oidc:finance'], tokenMaxAgeDays: 90, gpuCapacity: [] });
  });

  it('merges defaults key by key, the team winning, and keeps quantities as written', () => {
    const plan = planOf({
      cluster,
      defaults: { podSecurity: 'restricted', quota: { gpu: 1, cpu: 256, memory: '2Ti', loadBalancers: 0 }, limits: { maxGpuPerPod: 4, defaultMemory: '8Gi' } },
      teams: [{ name: 'a', quota: { cpu: '1.5', storageClasses: { 'z-fast': '1Ti', 'a-slow': '2Ti' } }, limits: { defaultCpu: '500m' } }],
    });
    const team = plan.teams[0];
    expect(team.podSecurity).toBe('restricted');
    expect(team.quota).toEqual({ gpu: 1, gpuByClass: [], cpu: '1.5', memory: '2Ti', loadBalancers: 0, storageClasses: [{ storageClass: 'a-slow', storage: '2Ti' }, { storageClass: 'z-fast', storage: '1Ti' }] });
    expect(team.limits).toEqual({ maxGpuPerPod: 4, defaultCpu: '500m', defaultMemory: '8Gi' });
  });

  it('prefixes, sorts and de-duplicates groups; drops tiers without groups; keeps tier order', () => {
    const plan = planOf({ cluster, teams: [{ name: 'a', quota: { gpu: 0 }, groups: { viewer: ['z', 'b'], teamLead: ['lead'], mlEngineer: [] } }] });
    expect(plan.teams[0].tierBindings).toEqual([
      { tier: 'teamLead', groups: ['oidc:lead'] },
      { tier: 'viewer', groups: ['oidc:b', 'oidc:z'] },
    ]);
  });

  it('sorts teams and tokens by name, resolves allowFrom to namespaces and computes rotate-by dates', () => {
    const plan = planOf({
      cluster: { ...cluster, tokenMaxAgeDays: 30 },
      teams: [
        { name: 'zeta', namespace: 'zeta-ns', quota: { gpu: 0 } },
        {
          name: 'alpha',
          quota: { gpu: 0 },
          network: { allowFrom: ['zeta'] },
          tokens: [
            { name: 'ci', tier: 'viewer', user: 'cw-token-1', rotatedAt: '2026-11-01' },
            { name: 'bot', tier: 'mlEngineer', serviceAccount: 'bot', rotatedAt: '2026-10-30' },
          ],
        },
      ],
    });
    expect(plan.teams.map((t) => t.name)).toEqual(['alpha', 'zeta']);
    expect(plan.teams[0].network.allowFromNamespaces).toEqual(['zeta-ns']);
    expect(plan.teams[0].tokens).toEqual([
      { name: 'bot', binding: { tier: 'mlEngineer' }, subject: { kind: 'ServiceAccount', name: 'bot', namespace: 'alpha' }, rotatedAt: '2026-10-30', rotateBy: '2026-11-29' },
      { name: 'ci', binding: { tier: 'viewer' }, subject: { kind: 'User', name: 'cw-token-1' }, rotatedAt: '2026-11-01', rotateBy: '2026-12-01' },
    ]);
  });

  it('has no Kueue parts unless cluster.kueue is set, and one nominal quota per flavor when it is', () => {
    const base = { ...cluster, gpuCapacity: { H100_NVLINK_80GB: 8, A100_NVLINK_80GB: 8 } };
    const teams = [{ name: 'a', quota: { gpu: 8, gpuByClass: { H100_NVLINK_80GB: 6 } }, queue: { borrowingLimit: 2 } }];
    expect(planOf({ cluster: base, teams }).teams[0].queue).toBeUndefined();
    const plan = planOf({ cluster: { ...base, kueue: {} }, teams });
    expect(plan.cluster.kueue).toEqual({
      apiVersion: 'v1beta2',
      cohort: 'gpu',
      nodeLabel: 'gpu.nvidia.com/class',
      flavors: [{ name: 'a100-nvlink-80gb', gpuClass: 'A100_NVLINK_80GB' }, { name: 'h100-nvlink-80gb', gpuClass: 'H100_NVLINK_80GB' }],
    });
    expect(plan.teams[0].queue).toEqual({ apiVersion: 'v1beta2', clusterQueue: 'a', nominalQuota: [{ flavor: 'a100-nvlink-80gb', gpus: 0 }, { flavor: 'h100-nvlink-80gb', gpus: 6 }], borrowingLimit: 2 });
    const noBorrowing = [{ ...teams[0], queue: {} }];
    expect(planOf({ cluster: { ...base, kueue: { cohort: null } }, teams: noBorrowing }).cluster.kueue?.cohort).toBeUndefined();
  });
});
