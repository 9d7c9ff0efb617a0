import { compareStrings } from '../core/compare';
import { LABEL, tierClusterRoleName } from '../core/object-names';
import { TEAM_TIERS, TeamTier } from '../config/types';
import { objectsOfDir } from './dist-objects';

/** Who made a request, as the API server's audit log and SubjectAccessReview name it. */
export interface RequestSubject {
  readonly user: string;
  readonly groups: readonly string[];
}

/** A tier (README, "The tiers"), or a team's custom Role (`role:NAME`). */
export type SubjectTier = TeamTier | 'clusterAdmin' | `role:${string}`;

/** Highest first: when several bindings name a subject, the audit record names the highest. */
const TIER_ORDER: readonly SubjectTier[] = ['clusterAdmin', 'teamLead', 'mlEngineer', 'inferenceOperator', 'viewer'];

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);

interface TierGrant {
  readonly tier: SubjectTier;
  /** `Group:NAME`, `User:NAME` (service accounts as their user name). */
  readonly subjects: ReadonlySet<string>;
}

const TIER_OF_CLUSTER_ROLE = new Map<string, TeamTier>(TEAM_TIERS.map((t) => [tierClusterRoleName(t), t]));

/**
 * The team of a namespace and the tiers of a user in it, read from the generated RBAC (dist/): RoleBindings to
 * the `coreweave-rbac-<tier>` ClusterRoles (groups, cluster viewers, tokens), RoleBindings to custom Roles, and
 * ClusterRoleBindings to cluster-admin. Answers "which tier does this binding give", not "is this allowed":
 * for that, see the RBAC evaluator.
 */
export class SubjectTiers {
  static fromDist(dir: string): SubjectTiers {
    return SubjectTiers.fromObjects(objectsOfDir(dir));
  }

  static fromObjects(objects: readonly unknown[]): SubjectTiers {
    return new SubjectTiers(objects.filter(isObj));
  }

  /** The cluster name stamped on the objects (label coreweave-rbac/cluster), if any. */
  readonly clusterName: string | undefined;
  private readonly teamByNamespace = new Map<string, string>();
  private readonly grantsByNamespace = new Map<string, TierGrant[]>();
  private readonly clusterAdmins = new Set<string>();

  private constructor(objects: readonly Obj[]) {
    let cluster: string | undefined;
    for (const o of objects) {
      const metadata = isObj(o.metadata) ? o.metadata : {};
      const labels = isObj(metadata.labels) ? metadata.labels : {};
      cluster ??= str(labels[LABEL.cluster]);
      const name = str(metadata.name);
      if (o.kind === 'Namespace' && name !== undefined && str(labels[LABEL.team]) !== undefined) this.teamByNamespace.set(name, str(labels[LABEL.team])!);
      if (o.kind !== 'RoleBinding' && o.kind !== 'ClusterRoleBinding') continue;
      const roleRef = isObj(o.roleRef) ? o.roleRef : {};
      const namespace = str(metadata.namespace);
      const subjects = new Set((Array.isArray(o.subjects) ? o.subjects : []).filter(isObj).map((s) => subjectKey(s, namespace)).filter((k): k is string => k !== undefined));
      if (o.kind === 'ClusterRoleBinding') {
        if (roleRef.kind === 'ClusterRole' && roleRef.name === 'cluster-admin') subjects.forEach((s) => this.clusterAdmins.add(s));
        continue;
      }
      if (namespace === undefined) continue;
      const tier: SubjectTier | undefined =
        roleRef.kind === 'ClusterRole' ? TIER_OF_CLUSTER_ROLE.get(str(roleRef.name) ?? '') : roleRef.kind === 'Role' && str(roleRef.name) ? `role:${str(roleRef.name)}` : undefined;
      if (tier === undefined) continue;
      const grants = this.grantsByNamespace.get(namespace) ?? [];
      grants.push({ tier, subjects });
      this.grantsByNamespace.set(namespace, grants);
    }
    this.clusterName = cluster;
  }

  /** Every team with a namespace, sorted. */
  teams(): string[] {
    return [...new Set(this.teamByNamespace.values())].sort();
  }

  /** The team whose namespace this is. */
  teamOf(namespace: string | undefined): string | undefined {
    return namespace === undefined ? undefined : this.teamByNamespace.get(namespace);
  }

  /** Every tier a binding gives the subject in the namespace (cluster admins everywhere), highest first. */
  tiersOf(subject: RequestSubject, namespace: string | undefined): SubjectTier[] {
    const keys = [`User:${subject.user}`, ...subject.groups.map((g) => `Group:${g}`)];
    const found = new Set<SubjectTier>();
    if (keys.some((k) => this.clusterAdmins.has(k))) found.add('clusterAdmin');
    for (const grant of (namespace !== undefined ? this.grantsByNamespace.get(namespace) : undefined) ?? []) {
      if (keys.some((k) => grant.subjects.has(k))) found.add(grant.tier);
    }
    const rank = (t: SubjectTier): number => (TIER_ORDER.includes(t) ? TIER_ORDER.indexOf(t) : TIER_ORDER.length);
    return [...found].sort((a, b) => rank(a) - rank(b) || compareStrings(a, b));
  }

  /** The highest tier of the subject in the namespace, if any binding gives one. */
  tierOf(subject: RequestSubject, namespace: string | undefined): SubjectTier | undefined {
    return this.tiersOf(subject, namespace)[0];
  }
}

/** How a binding subject authenticates: ServiceAccounts as `system:serviceaccount:NS:NAME`. */
function subjectKey(s: Obj, bindingNamespace: string | undefined): string | undefined {
  const name = str(s.name);
  if (name === undefined) return undefined;
  if (s.kind === 'Group' || s.kind === 'User') return `${s.kind}:${name}`;
  if (s.kind === 'ServiceAccount') return `User:system:serviceaccount:${str(s.namespace) ?? bindingNamespace ?? ''}:${name}`;
  return undefined;
}
