import type { AccessChange, PermissionChange } from './access-diff';
import type { GrantKind } from './grant-diff-grants';

/** A subject gaining or losing a grant (a tier, a custom role, a cluster-wide grant) in one scope. */
export interface GrantChange {
  readonly sign: '+' | '-';
  /** An added grant that brings access that can widen access further (see mayWidenAccess). */
  readonly widens: boolean;
  /** As the per-resource lines name it: `oidc:research-ml`, `token ci (User cw-token-1)`. */
  readonly subject: string;
  readonly subjectKind: 'Group' | 'User' | 'ServiceAccount';
  /** `mlEngineer`, `pod-reader`, `clusterAdmin`, `admin`. */
  readonly grant: string;
  readonly grantKind: GrantKind;
  /** The role bound: `ClusterRole coreweave-rbac-ml-engineer`. */
  readonly role: string;
  /** undefined: cluster-wide. */
  readonly namespace?: string;
  /** A group that holds the same grant in the same scope, before and after. */
  readonly like?: string;
}

/** Who holds a changed role: a subject in a namespace (undefined: cluster-wide). */
export interface RoleReach {
  readonly subject: string;
  readonly namespace?: string;
}

/** A role allowing more or less: its verbs on one target, and whom that reaches. */
export interface RoleChange extends PermissionChange {
  /** `tier mlEngineer (ClusterRole coreweave-rbac-ml-engineer)`, `role pod-reader (Role research/pod-reader)`. */
  readonly role: string;
  readonly roleKind: 'Role' | 'ClusterRole';
  readonly roleName: string;
  /** Roles only. */
  readonly roleNamespace?: string;
  /** The subjects bound to the role where the change applies (after it for +, before it for -). */
  readonly reaches: readonly RoleReach[];
}

/** What a change to dist/ does to access, in grants, in roles, and per subject, resource and namespace. */
export interface AccessDiffReport {
  readonly grants: readonly GrantChange[];
  readonly roles: readonly RoleChange[];
  readonly details: readonly AccessChange[];
}

export const isEmptyReport = (r: AccessDiffReport): boolean => r.grants.length === 0 && r.roles.length === 0 && r.details.length === 0;
