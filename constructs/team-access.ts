import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import type { TeamTier } from '../lib/config/types';
import type { RolePlan, TeamPlan } from '../lib/plan/types';
import { ANNOTATION, RBAC_API_GROUP, TEAM_OBJECT, tierClusterRoleName, tierSlug } from './names';
import { toKubeRules } from './rules';
import { groupSubjects, tokenSubject } from './subjects';

const tierRef = (tier: TeamTier): k8s.RoleRef => ({ apiGroup: RBAC_API_GROUP, kind: 'ClusterRole', name: tierClusterRoleName(tier) });
const roleRef = (role: string): k8s.RoleRef => ({ apiGroup: RBAC_API_GROUP, kind: 'Role', name: role });

export interface TeamAccessProps {
  readonly team: TeamPlan;
}

/** Who may do what in a team namespace: token ServiceAccounts, custom Roles, and RoleBindings for tiers, cluster viewers, roles and tokens. */
export class TeamAccess extends Construct {
  constructor(scope: Construct, id: string, props: TeamAccessProps) {
    super(scope, id);
    const { team } = props;
    const namespace = team.namespace;
    for (const token of team.tokens) {
      if (token.subject.kind !== 'ServiceAccount') continue;
      new k8s.KubeServiceAccount(this, `sa-${token.name}`, {
        metadata: { name: token.subject.name, namespace, annotations: { [ANNOTATION.token]: token.name } },
        automountServiceAccountToken: false,
      });
    }
    for (const role of team.roles) this.role(namespace, role);
    const binding = (id: string, name: string, roleRef: k8s.RoleRef, subjects: k8s.Subject[], annotations?: Record<string, string>): void => {
      new k8s.KubeRoleBinding(this, id, { metadata: { name, namespace, ...(annotations ? { annotations } : {}) }, roleRef, subjects });
    };
    for (const b of team.tierBindings) binding(`tier-${b.tier}`, tierSlug(b.tier), tierRef(b.tier), groupSubjects(b.groups));
    if (team.clusterViewerGroups.length > 0) {
      binding('cluster-viewers', TEAM_OBJECT.clusterViewersBinding, tierRef('viewer'), groupSubjects(team.clusterViewerGroups));
    }
    for (const role of team.roles) {
      if (role.groups.length > 0) binding(`role-binding-${role.name}`, TEAM_OBJECT.roleBinding(role.name), roleRef(role.name), groupSubjects(role.groups));
    }
    for (const token of team.tokens) {
      const ref = 'role' in token.binding ? roleRef(token.binding.role) : tierRef(token.binding.tier);
      binding(`token-${token.name}`, TEAM_OBJECT.tokenBinding(token.name), ref, [tokenSubject(token.subject)], {
        [ANNOTATION.token]: token.name,
        [ANNOTATION.rotatedAt]: token.rotatedAt,
        [ANNOTATION.rotateBy]: token.rotateBy,
      });
    }
  }

  private role(namespace: string, role: RolePlan): void {
    // an id of its own: "role-<name>" would collide with the RoleBinding of the same role
    new k8s.KubeRole(this, `custom-role-${role.name}`, { metadata: { name: role.name, namespace }, rules: toKubeRules(role.rules) });
  }
}
