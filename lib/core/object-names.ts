import type { TeamTier } from './tiers';

/** The label and annotation keys this project writes, and the names of its objects: one place, since names are a contract. */
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'coreweave-rbac' } as const;
export const LABEL = {
  cluster: 'coreweave-rbac/cluster',
  team: 'coreweave-rbac/team',
  costCenter: 'coreweave-rbac/cost-center',
  tier: 'coreweave-rbac/tier',
} as const;
export const ANNOTATION = {
  description: 'coreweave-rbac/description',
  fluxPrune: 'kustomize.toolkit.fluxcd.io/prune',
  token: 'coreweave-rbac/token',
  rotatedAt: 'coreweave-rbac/rotated-at',
  rotateBy: 'coreweave-rbac/rotate-by',
} as const;

const KEBAB: Record<TeamTier, string> = {
  teamLead: 'team-lead',
  mlEngineer: 'ml-engineer',
  inferenceOperator: 'inference-operator',
  viewer: 'viewer',
};

/** `teamLead` → `team-lead`. */
export function tierSlug(tier: TeamTier): string {
  return KEBAB[tier];
}

/** The ClusterRole of a team tier. */
export function tierClusterRoleName(tier: TeamTier): string {
  return `coreweave-rbac-${KEBAB[tier]}`;
}

export const CLUSTER_VIEWER_ROLE = 'coreweave-rbac-cluster-viewer';
export const CLUSTER_VIEWERS_BINDING = 'coreweave-rbac-cluster-viewers';
export const CLUSTER_ADMINS_BINDING = 'coreweave-rbac-cluster-admins';
/** The read-only ClusterRole of the identity that runs `drift` and `verify` (always in dist/), and its binding of cluster.auditors. */
export const AUDITOR_ROLE = 'coreweave-rbac-auditor';
export const AUDITORS_BINDING = 'coreweave-rbac-auditors';
export const RBAC_API_GROUP = 'rbac.authorization.k8s.io';

/** Objects in every team namespace. */
export const TEAM_OBJECT = {
  quota: 'team-quota',
  limits: 'team-limits',
  clusterViewersBinding: 'cluster-viewers',
  tokenBinding: (token: string) => `token-${token}`,
  roleBinding: (role: string) => `role-${role}`,
} as const;
