import { App, Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { KueueClusterQueue, KueueLocalQueue, KueueResourceFlavor } from '../../constructs';
import { parseConfig } from '../../lib/config';
import { buildPlan } from '../../lib/plan/build-plan';
import { tierRules } from '../../lib/core/tier-rules';
import { renderManifests } from '../../lib/synth/render';
import { ruleAllows } from '../../lib/core/policy-rule';
import { TEAM_TIERS } from '../../lib/config/types';

// Field names follow the Kueue API reference (kueue.sigs.k8s.io/docs/reference/kueue.v1beta2/ and
// kueue.v1beta1/): ResourceFlavorSpec.nodeLabels; ClusterQueueSpec.cohortName (v1beta2) / cohort (v1beta1),
// namespaceSelector, resourceGroups[].coveredResources, resourceGroups[].flavors[].name,
// flavors[].resources[].name/nominalQuota/borrowingLimit; LocalQueueSpec.clusterQueue. No npm package ships
// Kueue's CRD schemas, so these tests pin the exact objects.

const render = (build: (chart: Chart) => void): unknown[] => {
  const chart = new Chart(new App(), 'test', { disableResourceNameHashes: true });
  build(chart);
  return chart.toJson();
};

const nominalQuota = [
  { flavor: 'a100-nvlink-80gb', gpus: 32 },
  { flavor: 'h100-nvlink-80gb', gpus: 96 },
];

describe.each(['v1beta2', 'v1beta1'] as const)('Kueue objects, %s', (apiVersion) => {
  const cohortField = apiVersion === 'v1beta2' ? 'cohortName' : 'cohort';

  it('ResourceFlavor selects the nodes of one GPU class', () => {
    expect(render((c) => new KueueResourceFlavor(c, 'f', { apiVersion, name: 'h100-nvlink-80gb', nodeLabel: 'gpu.nvidia.com/class', gpuClass: 'H100_NVLINK_80GB' }))).toEqual([
      {
        apiVersion: `kueue.x-k8s.io/${apiVersion}`,
        kind: 'ResourceFlavor',
        metadata: { name: 'h100-nvlink-80gb' },
        spec: { nodeLabels: { 'gpu.nvidia.com/class': 'H100_NVLINK_80GB' } },
      },
    ]);
  });

  it('ClusterQueue: only its namespace, GPUs per flavor, the cohort, a borrowing limit on every flavor', () => {
    const [queue] = render((c) => new KueueClusterQueue(c, 'q', { apiVersion, name: 'research', namespace: 'research', nominalQuota, cohort: 'gpu', borrowingLimit: 64 }));
    expect(queue).toEqual({
      apiVersion: `kueue.x-k8s.io/${apiVersion}`,
      kind: 'ClusterQueue',
      metadata: { name: 'research' },
      spec: {
        [cohortField]: 'gpu',
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'research' } },
        resourceGroups: [
          {
            coveredResources: ['nvidia.com/gpu'],
            flavors: [
              { name: 'a100-nvlink-80gb', resources: [{ name: 'nvidia.com/gpu', nominalQuota: 32, borrowingLimit: 64 }] },
              { name: 'h100-nvlink-80gb', resources: [{ name: 'nvidia.com/gpu', nominalQuota: 96, borrowingLimit: 64 }] },
            ],
          },
        ],
      },
    });
  });

  it('ClusterQueue without a cohort has neither cohort field nor borrowing limit', () => {
    const [queue] = render((c) => new KueueClusterQueue(c, 'q', { apiVersion, name: 'research', namespace: 'research', nominalQuota }));
    const spec = (queue as { spec: Record<string, unknown> }).spec;
    expect(Object.keys(spec)).toEqual(['namespaceSelector', 'resourceGroups']);
    expect(JSON.stringify(spec)).not.toContain('borrowingLimit');
  });

  it('LocalQueue "default" points at the team ClusterQueue', () => {
    expect(render((c) => new KueueLocalQueue(c, 'l', { apiVersion, namespace: 'inference', clusterQueue: 'inference' }))).toEqual([
      { apiVersion: `kueue.x-k8s.io/${apiVersion}`, kind: 'LocalQueue', metadata: { name: 'default', namespace: 'inference' }, spec: { clusterQueue: 'inference' } },
    ]);
  });
});

describe('KueueClusterQueue invariants', () => {
  it('refuses a borrowing limit without a cohort (Kueue rejects it too)', () => {
    expect(() => render((c) => new KueueClusterQueue(c, 'q', { apiVersion: 'v1beta2', name: 'x', namespace: 'x', nominalQuota, borrowingLimit: 1 }))).toThrow(
      'KueueClusterQueue x: borrowingLimit 1 without a cohort, expected a cohort to borrow from',
    );
  });
  it('refuses an empty nominal quota (Kueue needs at least one flavor)', () => {
    expect(() => render((c) => new KueueClusterQueue(c, 'q', { apiVersion: 'v1beta2', name: 'x', namespace: 'x', nominalQuota: [] }))).toThrow(
      'KueueClusterQueue x: nominalQuota is empty, expected one entry per GPU flavor',
    );
  });
});

const TEAMS = `
cluster:
  name: lab
  admins: [platform]
  gpuCapacity: { H100_NVLINK_80GB: 512, A100_NVLINK_80GB: 128 }
  kueue: { apiVersion: APIVERSION }
teams:
  - name: research
    quota: { gpu: 128, gpuByClass: { H100_NVLINK_80GB: 96, A100_NVLINK_80GB: 32 } }
    queue: { borrowingLimit: 64 }
  - name: serving
    namespace: inference
    quota: { gpu: 8 }
`;

const objectsOf = (apiVersion: string) => {
  const plan = buildPlan(parseConfig(TEAMS.replace('APIVERSION', apiVersion)).config);
  return renderManifests(plan);
};

describe.each(['v1beta2', 'v1beta1'])('the generated files with cluster.kueue.apiVersion %s', (apiVersion) => {
  const manifests = objectsOf(apiVersion);
  const kueueObjects = (file: string) => manifests.find((m) => m.file === file)!.objects.filter((o) => String(o.apiVersion).startsWith('kueue.x-k8s.io/'));

  it('cluster.yaml: a flavor per class, a ClusterQueue per team (0 for classes it has none of)', () => {
    expect(kueueObjects('cluster.yaml')).toMatchSnapshot();
  });

  it('team files: a LocalQueue "default" in the team namespace', () => {
    expect(kueueObjects('team-research.yaml')).toMatchSnapshot();
    expect(kueueObjects('team-serving.yaml').map((o) => o.metadata)).toEqual([
      { name: 'default', namespace: 'inference', labels: { 'app.kubernetes.io/managed-by': 'coreweave-rbac', 'coreweave-rbac/cluster': 'lab', 'coreweave-rbac/team': 'serving' } },
    ]);
  });

  it('the ResourceQuota and the Kueue quota come from the same entry', () => {
    const research = manifests.find((m) => m.file === 'team-research.yaml')!.objects.find((o) => o.kind === 'ResourceQuota') as { spec: { hard: Record<string, string> } };
    const queue = kueueObjects('cluster.yaml').find((o) => o.kind === 'ClusterQueue' && (o.metadata as { name: string }).name === 'research') as {
      spec: { resourceGroups: { flavors: { resources: { nominalQuota: number }[] }[] }[] };
    };
    const nominal = queue.spec.resourceGroups[0].flavors.reduce((sum, f) => sum + f.resources[0].nominalQuota, 0);
    expect(research.spec.hard['requests.nvidia.com/gpu']).toBe('128');
    expect(nominal).toBe(128);
  });
});

describe('without cluster.kueue', () => {
  it('no Kueue object appears and tiers get no Kueue rules', () => {
    const plan = buildPlan(parseConfig(TEAMS.replace('  kueue: { apiVersion: APIVERSION }\n', '').replace('    queue: { borrowingLimit: 64 }\n', '')).config);
    const all = renderManifests(plan).flatMap((m) => m.objects);
    expect(JSON.stringify(all)).not.toContain('kueue');
  });
});

describe('Kueue access of the team tiers (README, "GPU classes and Kueue")', () => {
  const READ = ['get', 'list', 'watch'];
  const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];
  const kueue = (resource: string, verb: string) => ({ verb, apiGroup: 'kueue.x-k8s.io', resource });

  it.each(TEAM_TIERS)('%s may read localqueues and workloads, and write no Kueue object', (tier) => {
    const rules = tierRules(tier, { kueue: true });
    const allows = (resource: string, verb: string): boolean => rules.some((r) => ruleAllows(r, kueue(resource, verb)));
    for (const verb of READ) {
      expect(allows('localqueues', verb)).toBe(true);
      expect(allows('workloads', verb)).toBe(true);
    }
    for (const resource of ['localqueues', 'workloads', 'clusterqueues', 'resourceflavors', 'cohorts']) {
      for (const verb of WRITE) expect(allows(resource, verb), `${verb} ${resource}`).toBe(false);
    }
    expect(allows('clusterqueues', 'get')).toBe(false);
  });

  it.each(TEAM_TIERS)('%s has no Kueue rule when Kueue is off', (tier) => {
    expect(tierRules(tier, { kueue: false }).some((r) => ruleAllows(r, kueue('localqueues', 'get')))).toBe(false);
  });
});
