import type { BindingDef, RbacModel, RoleDef, Subject } from '../access/evaluator';
import { serviceAccountUser } from '../access/evaluator';
import { bindingPermissions } from '../access/permissions';
import type { SubjectTiers } from '../access/subject-tiers';
import { compareStrings } from '../core/compare';
import { ANNOTATION, TEAM_OBJECT, tierClusterRoleName } from '../core/object-names';
import { TEAM_TIERS, type TeamTier } from '../core/tiers';

/** A subject holding a tier or a custom role in a team namespace, as one RoleBinding of dist/ binds it. */
export interface Grant {
  /** Unique: the binding and the subject. */
  readonly key: string;
  /** As bound: `oidc:research-ml`, `cw-token-7f3a`, `research/pipeline` (a ServiceAccount, NAMESPACE/NAME). */
  readonly subject: string;
  readonly kind: 'Group' | 'User' | 'ServiceAccount';
  /** Who the subject authenticates as (a group: any member). */
  readonly identity: Subject;
  readonly team: string;
  readonly namespace: string;
  /** The tier (`mlEngineer`) or the custom role (`role:pod-reader`). */
  readonly grant: string;
  readonly tier: TeamTier | undefined;
  /** The custom Role's name, for a role grant. */
  readonly roleName: string | undefined;
  readonly binding: BindingDef;
  /** The role's rules as dist/ defines them; undefined when dist/ does not define it. */
  readonly role: RoleDef | undefined;
  /** Distinct verb-and-resource permissions the binding gives (lib/access/permissions.ts). */
  readonly permissionCount: number;
  /** For a token's binding: the token and its rotate-by date (annotations of the binding). */
  readonly token: { readonly name: string; readonly rotateBy: string | undefined } | undefined;
  /** The `cluster-viewers` binding: cluster.viewers, in every team namespace at once. */
  readonly clusterViewers: boolean;
}

/** Lowest first: the order in which a narrower tier is looked for (TEAM_TIERS runs from the widest). */
export const TIERS_LOWEST_FIRST: readonly TeamTier[] = [...TEAM_TIERS].reverse();

const TIER_OF_ROLE = new Map<string, TeamTier>(TEAM_TIERS.map((t) => [tierClusterRoleName(t), t]));

/** Every grant of dist/, and the ways `usage` looks them up. */
export class GrantIndex {
  readonly grants: readonly Grant[];
  /** The tiers' ClusterRoles as dist/ defines them (with Kueue's read rule when it is on). */
  readonly tierRoles: ReadonlyMap<TeamTier, RoleDef>;
  private readonly byBindingSubject = new Map<string, Grant>();
  private readonly byBinding = new Map<string, Grant[]>();
  private readonly tokensByUser = new Map<string, Grant>();

  constructor(
    readonly model: RbacModel,
    readonly tiers: SubjectTiers,
  ) {
    const grants: Grant[] = [];
    // what a RoleBinding allows depends on its role only: the tier roles are counted once, not per namespace
    const counts = new Map<RoleDef | string, number>();
    const countOf = (binding: BindingDef, role: RoleDef | undefined): number => {
      const key = role ?? `${binding.roleRef.kind}/${binding.roleRef.name}`;
      let count = counts.get(key);
      if (count === undefined) counts.set(key, (count = new Set(bindingPermissions(model, binding).map((p) => `${p.verb} ${p.target} ${p.names.join(',')}`)).size));
      return count;
    };
    for (const binding of model.bindings) {
      if (binding.kind !== 'RoleBinding' || binding.namespace === undefined) continue;
      const team = tiers.teamOf(binding.namespace);
      const tier = binding.roleRef.kind === 'ClusterRole' ? TIER_OF_ROLE.get(binding.roleRef.name) : undefined;
      if (team === undefined || (tier === undefined && binding.roleRef.kind !== 'Role')) continue;
      const role = model.roleOf(binding);
      const permissionCount = countOf(binding, role);
      const tokenName = binding.annotations[ANNOTATION.token];
      for (const s of binding.subjects) {
        const namespace = s.kind === 'ServiceAccount' ? s.namespace ?? binding.namespace : undefined;
        const subject = s.kind === 'ServiceAccount' ? `${namespace}/${s.name}` : s.name;
        const identity: Subject = s.kind === 'Group' ? { groups: [s.name] } : s.kind === 'User' ? { user: s.name } : { user: serviceAccountUser(namespace ?? '', s.name) };
        grants.push({
          key: grantKey(binding.namespace, binding.name, s.kind, subject),
          subject,
          kind: s.kind,
          identity,
          team,
          namespace: binding.namespace,
          grant: tier ?? `role:${binding.roleRef.name}`,
          tier,
          roleName: tier === undefined ? binding.roleRef.name : undefined,
          binding,
          role,
          permissionCount,
          token: tokenName !== undefined && s.kind !== 'Group' ? { name: tokenName, rotateBy: binding.annotations[ANNOTATION.rotateBy] } : undefined,
          clusterViewers: binding.name === TEAM_OBJECT.clusterViewersBinding,
        });
      }
    }
    grants.sort((a, b) => compareStrings(a.team, b.team) || compareStrings(a.namespace, b.namespace) || compareStrings(a.subject, b.subject) || compareStrings(a.grant, b.grant) || compareStrings(a.binding.name, b.binding.name));
    this.grants = grants;
    for (const g of grants) {
      this.byBindingSubject.set(g.key, g);
      const bindingKey = `${g.namespace}/${g.binding.name}`;
      const same = this.byBinding.get(bindingKey);
      if (same === undefined) this.byBinding.set(bindingKey, [g]);
      else same.push(g);
      if (g.token && g.identity.user !== undefined) this.tokensByUser.set(g.identity.user, g);
    }
    const tierRoles = new Map<TeamTier, RoleDef>();
    for (const role of model.roles) {
      const tier = role.kind === 'ClusterRole' ? TIER_OF_ROLE.get(role.name) : undefined;
      if (tier !== undefined) tierRoles.set(tier, role);
    }
    this.tierRoles = tierRoles;
  }

  /** The grant of a RoleBinding to one subject (a ServiceAccount as NAMESPACE/NAME). */
  grantOf(namespace: string, bindingName: string, kind: Grant['kind'], subject: string): Grant | undefined {
    return this.byBindingSubject.get(grantKey(namespace, bindingName, kind, subject));
  }

  /** The grants of one RoleBinding, one per subject. */
  grantsOfBinding(namespace: string, bindingName: string): readonly Grant[] {
    return this.byBinding.get(`${namespace}/${bindingName}`) ?? [];
  }

  /** The token whose identity this user name is (a token user, or a token's ServiceAccount). */
  tokenOfUser(user: string): Grant | undefined {
    return this.tokensByUser.get(user);
  }

  teamOf(namespace: string | undefined): string | undefined {
    return this.tiers.teamOf(namespace);
  }
}

function grantKey(namespace: string, bindingName: string, kind: string, subject: string): string {
  return `${namespace}/${bindingName}\0${kind}:${subject}`;
}
