import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { TeamPlan } from '../lib/plan/types';
import { LABEL, MANAGED_BY } from './names';
import { TeamNamespace } from './team-namespace';

export interface TeamChartProps {
  readonly clusterName: string;
  readonly team: TeamPlan;
}

/** dist/team-NAME.yaml: one team's namespace and everything in it. */
export class TeamChart extends Chart {
  constructor(scope: Construct, id: string, props: TeamChartProps) {
    super(scope, id, {
      disableResourceNameHashes: true,
      labels: { ...MANAGED_BY, [LABEL.cluster]: props.clusterName, [LABEL.team]: props.team.name },
    });
    new TeamNamespace(this, 'team', { team: props.team });
  }
}
