import { Construct } from 'constructs';
import { TEAM_TIERS } from '../lib/core/tiers';
import { tierRules } from '../lib/core/tier-rules';
import { addObjects, ObjectSpec } from './api-objects';
import { LABEL, tierClusterRoleName, tierSlug } from '../lib/core/object-names';
import { toKubeRules } from './kube-rules';

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
    addObjects(this, tierRoleObjects(props));
  }
}

/** The ClusterRoles of a TierRoles, each with its tier as id. */
export function tierRoleObjects(props: TierRolesProps = {}): ObjectSpec[] {
  return TEAM_TIERS.map((tier) => ({
    id: tier,
    kind: 'ClusterRole',
    props: {
      metadata: { name: tierClusterRoleName(tier), labels: { [LABEL.tier]: tierSlug(tier) } },
      rules: toKubeRules(tierRules(tier, { kueue: props.kueue ?? false })),
    },
  }));
}
