// The example of docs/library-and-layout.md, "Using the constructs in your own cdk8s app", as a user would write it.
import { App, Chart } from 'cdk8s';
import { expect, it } from 'vitest';
import { buildPlan, TeamNamespace, TierRoles } from '../constructs';

it('the constructs compose into a chart of your own without teams.yaml', () => {
  const app = new App();
  const chart = new Chart(app, 'gpu-teams', { disableResourceNameHashes: true });
  const plan = buildPlan({
    cluster: { name: 'lab', admins: ['platform'] },
    teams: [{ name: 'vision', quota: { gpu: 16 }, groups: { mlEngineer: ['vision-ml'] } }],
  });
  new TierRoles(chart, 'tiers');
  for (const team of plan.teams) new TeamNamespace(chart, team.name, { team });
  const objects = chart.toJson() as { kind: string; metadata: { name: string; namespace?: string } }[];
  expect(objects.map((o) => `${o.kind} ${o.metadata.namespace ?? '-'}/${o.metadata.name}`)).toEqual([
    'ClusterRole -/coreweave-rbac-team-lead',
    'ClusterRole -/coreweave-rbac-ml-engineer',
    'ClusterRole -/coreweave-rbac-inference-operator',
    'ClusterRole -/coreweave-rbac-viewer',
    'Namespace -/vision',
    'ResourceQuota vision/team-quota',
    'LimitRange vision/team-limits',
    'NetworkPolicy vision/default-deny',
    'NetworkPolicy vision/allow-same-namespace',
    'RoleBinding vision/ml-engineer',
  ]);
});
