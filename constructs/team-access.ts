import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import type { TeamTier } from '../lib/core/tiers';
import type { TeamPlan } from '../lib/plan/types';
import { addObjects, ObjectSpec } from './api-objects';
import { ANNOTATION, RBAC_API_GROUP, TEAM_OBJECT, tierClusterRoleName, tierSlug } from '../lib/core/object-names';
import { toKubeRules } from './kube-rules';
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
    addObjects(this, teamAccessObjects(props));
  }
}

/** The objects of a TeamAccess. */
export function teamAccessObjects(props: TeamAccessProps): ObjectSpec[] {
  const { team } = props;
  const namespace = team.namespace;
  const objects: ObjectSpec[] = [];
  for (const token of team.tokens) {
    if (token.subject.kind !== 'ServiceAccount') continue;
    objects.push({
      id: `sa-${token.name}`,
      kind: 'ServiceAccount',
      props: { metadata: { name: token.subject.name, namespace, annotations: { [ANNOTATION.token]: token.name } }, automountServiceAccountToken: false },
    });
  }
  // an id of its own: "role-<name>" would collide with the RoleBinding of the same role
  for (const role of team.roles) objects.push({ id: `custom-role-${role.name}`, kind: 'Role', props: { metadata: { name: role.name, namespace }, rules: toKubeRules(role.rules) } });
  const binding = (id: string, name: string, roleRef: k8s.RoleRef, subjects: k8s.Subject[], annotations?: Record<string, string>): void => {
    objects.push({ id, kind: 'RoleBinding', props: { metadata: { name, namespace, ...(annotations ? { annotations } : {}) }, roleRef, subjects } });
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
  return objects;
}
