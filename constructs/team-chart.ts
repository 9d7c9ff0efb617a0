import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { TeamPlan } from '../lib/plan/types';
import { addObjects, ObjectSpec } from './api-objects';
import { LABEL, MANAGED_BY } from '../lib/core/object-names';
import { teamNamespaceObjects } from './team-namespace';

export interface TeamChartProps {
  readonly clusterName: string;
  readonly team: TeamPlan;
}

/** The labels a chart puts on every object, and its objects in order. */
export interface ChartContent {
  readonly labels: Readonly<Record<string, string>>;
  readonly objects: readonly ObjectSpec[];
}

/** dist/team-NAME.yaml: one team's namespace and everything in it. */
export class TeamChart extends Chart {
  constructor(scope: Construct, id: string, props: TeamChartProps) {
    const { labels, objects } = teamChartContent(props);
    super(scope, id, { disableResourceNameHashes: true, labels });
    addObjects(this, objects);
  }
}

/** What a TeamChart holds. */
export function teamChartContent(props: TeamChartProps): ChartContent {
  return {
    labels: { ...MANAGED_BY, [LABEL.cluster]: props.clusterName, [LABEL.team]: props.team.name },
    objects: teamNamespaceObjects({ team: props.team }),
  };
}
