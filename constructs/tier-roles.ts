import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { TEAM_TIERS } from '../lib/config/types';
import { tierRules } from '../lib/plan/tier-rules';
import { LABEL, tierClusterRoleName, tierSlug } from './names';
import { toKubeRules } from './rules';

export interface TierRolesProps {
  /**
   * Also let every tier read Kueue LocalQueues and Workloads in its namespace.
   * @default false
   */
  readonly kueue?: boolean;
}

/** The four team tiers (teamLead, mlEngineer, inferenceOperator, viewer) as ClusterRoles, bound per namespace by TeamNamespace. */
export class TierRoles extends Construct {
  constructor(scope: Construct, id: string, props: TierRolesProps = {}) {
    super(scope, id);
    for (const tier of TEAM_TIERS) {
      new k8s.KubeClusterRole(this, tier, {
        metadata: { name: tierClusterRoleName(tier), labels: { [LABEL.tier]: tierSlug(tier) } },
        rules: toKubeRules(tierRules(tier, { kueue: props.kueue ?? false })),
      });
    }
  }
}
