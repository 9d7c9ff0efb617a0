// The reference of lib/synth/render.ts for tests: every chart of the plan in one cdk8s App, as a cdk8s user
// composing the constructs would write it (quadratic in the charts); renderManifests must produce the same objects.
import { App, Chart } from 'cdk8s';
import { ClusterChart } from '../../constructs/cluster-chart';
import { TeamChart } from '../../constructs/team-chart';
import type { Plan } from '../../lib/plan/types';
import { CLUSTER_FILE, clusterChartProps, type Manifest, teamFile } from '../../lib/synth/render';

/**
 * Every chart of the plan in one App: what a cdk8s user composing our constructs would write. Kept as the
 * reference path; `renderManifests` produces the same objects without building constructs.
 */
export function addCharts(app: App, plan: Plan): { readonly file: string; readonly chart: Chart }[] {
  return [
    { file: CLUSTER_FILE, chart: new ClusterChart(app, 'cluster', clusterChartProps(plan)) },
    ...plan.teams.map((team) => ({ file: teamFile(team), chart: new TeamChart(app, `team-${team.name}`, { clusterName: plan.cluster.name, team }) })),
  ];
}

export function renderManifestsInOneApp(plan: Plan): Manifest[] {
  return addCharts(new App(), plan).map(({ file, chart }) => ({ file, objects: chart.toJson() }));
}
