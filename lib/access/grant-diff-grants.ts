import { TEAM_TIERS, type TeamTier } from '../core/tiers';
import { CLUSTER_VIEWER_ROLE, tierClusterRoleName } from '../core/object-names';
import type { BindingDef } from './evaluator';
import type { RoleId } from './grant-diff-templates';

/**
 * What a binding gives, in the words of teams.yaml: a tier, a team's custom role, the cluster-wide grants of
 * cluster.admins and cluster.viewers, or any other role by its name.
 */
export type GrantKind = 'tier' | 'customRole' | 'clusterAdmin' | 'clusterViewer' | 'otherRole';

export interface Grant {
  /** The role it binds: the same grant in one scope is the same role. */
  readonly id: string;
  /** `mlEngineer`, `pod-reader`, `clusterAdmin`, `admin`. */
  readonly name: string;
  readonly kind: GrantKind;
  /** `ClusterRole coreweave-rbac-ml-engineer`, `Role research/pod-reader`. */
  readonly role: string;
}

const TIER_OF_CLUSTER_ROLE = new Map<string, TeamTier>(TEAM_TIERS.map((t) => [tierClusterRoleName(t), t]));

export function grantOf(binding: BindingDef): Grant {
  const { kind, name } = binding.roleRef;
  const id = `${kind}/${name}`;
  if (kind === 'Role') return { id, name, kind: 'customRole', role: `Role ${binding.namespace ? `${binding.namespace}/` : ''}${name}` };
  const role = `ClusterRole ${name}`;
  const tier = TIER_OF_CLUSTER_ROLE.get(name);
  if (tier !== undefined) return { id, name: tier, kind: 'tier', role };
  if (binding.kind === 'ClusterRoleBinding' && name === 'cluster-admin') return { id, name: 'clusterAdmin', kind: 'clusterAdmin', role };
  if (binding.kind === 'ClusterRoleBinding' && name === CLUSTER_VIEWER_ROLE) return { id, name: 'clusterViewer', kind: 'clusterViewer', role };
  return { id, name, kind: 'otherRole', role };
}

/** How a role is named in a line about what it allows: `tier mlEngineer (ClusterRole coreweave-rbac-ml-engineer)`. */
export function describeRole(role: RoleId): string {
  if (role.kind === 'Role') return `role ${role.name} (Role ${role.namespace ? `${role.namespace}/` : ''}${role.name})`;
  const tier = TIER_OF_CLUSTER_ROLE.get(role.name);
  if (tier !== undefined) return `tier ${tier} (ClusterRole ${role.name})`;
  if (role.name === 'cluster-admin') return `clusterAdmin (ClusterRole ${role.name})`;
  if (role.name === CLUSTER_VIEWER_ROLE) return `clusterViewer (ClusterRole ${role.name})`;
  return `ClusterRole ${role.name}`;
}
