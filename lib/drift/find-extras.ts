import { RbacModel, type BindingDef, type BindingSubject } from '../access/evaluator';
import { bindingPermissions } from '../access/permissions';
import { nameSubject } from '../access/subjects';
import { compareStrings } from '../core/compare';
import { AUDITOR_ROLE, RBAC_API_GROUP } from '../core/object-names';
import { accessModels, bindingAccess, clusterWide, roleAccess } from './binding-access';
import type { ClusterSnapshot } from './cluster-snapshot';
import { isClusterOwnBinding, isClusterOwnRole } from './cluster-own';
import type { DesiredState } from './desired-state';
import type { FixCommands } from './fix-commands';
import { groupKind, groupOf, objectKey, type AnyObject } from './object-identity';
import type { ExtraObject, ObjectId } from './report';

const RBAC_KINDS = ['RoleBinding', 'ClusterRoleBinding', 'Role', 'ClusterRole'] as const;

/**
 * A binding of dist/'s read-only auditor ClusterRole: made by hand on purpose, for the CI identity that runs drift
 * and verify (cluster.auditors binds only IdP groups). A rule added to the role itself shows as a change.
 */
const bindsAuditorRole = (b: BindingDef) => b.roleRef.kind === 'ClusterRole' && b.roleRef.name === AUDITOR_ROLE;
const rbacKey = (kind: string, namespace: string | undefined, name: string) => `${groupKind(RBAC_API_GROUP, kind)}/${namespace ?? ''}/${name}`;

/** What the extra grants are judged against: the team namespaces and every identity dist/ binds. */
class TeamScope {
  readonly namespaces: ReadonlySet<string>;
  private readonly subjects: ReadonlySet<string>;

  constructor(desired: DesiredState, dist: RbacModel) {
    this.namespaces = new Set(desired.plan.teams.map((t) => t.namespace));
    this.subjects = new Set(dist.bindings.flatMap((b) => b.subjects.map((s) => nameSubject(s, b).key)));
  }

  /** A subject dist/ binds, a ServiceAccount of a team namespace, or the group of all of a team namespace's ServiceAccounts. */
  isTeamSubject(s: BindingSubject, binding: BindingDef): boolean {
    if (this.subjects.has(nameSubject(s, binding).key)) return true;
    if (s.kind === 'ServiceAccount') return this.namespaces.has(s.namespace ?? binding.namespace ?? '');
    return s.kind === 'Group' && s.name.startsWith('system:serviceaccounts:') && this.namespaces.has(s.name.slice('system:serviceaccounts:'.length));
  }
}

/**
 * The RBAC objects on the cluster that dist/ does not have and that reach team namespaces or team subjects:
 * RoleBindings in team namespaces, bindings anywhere that name a team subject, ClusterRoleBindings that grant
 * anything in namespaces (so in every team namespace), Roles in team namespaces, and the ClusterRoles those
 * bindings name. What the cluster made itself is left out (cluster-own.ts), and so are bindings of the auditor
 * ClusterRole. Kinds not listed are not judged.
 */
export function findExtras(desired: DesiredState, snapshot: ClusterSnapshot, commands: FixCommands): ExtraObject[] {
  const distObjects = desired.objects.map((d) => d.object);
  const distKeys = new Set(distObjects.map(objectKey));
  const listed = (kind: string) => snapshot.listed.has(groupKind(RBAC_API_GROUP, kind));
  const liveRbac = snapshot.objects.filter((o) => groupOf(o.apiVersion) === RBAC_API_GROUP);
  // roles of a kind that could not be listed resolve as dist/ defines them
  const standIns = distObjects.filter((o) => (o.kind === 'ClusterRole' && !listed('ClusterRole')) || (o.kind === 'Role' && !listed('Role')));
  const dist = RbacModel.fromObjects(distObjects);
  const models = accessModels(RbacModel.fromObjects([...liveRbac, ...standIns]), dist, desired.plan.cluster.kueue !== undefined);
  const scope = new TeamScope(desired, dist);
  const raw = new Map(liveRbac.map((o) => [objectKey(o), o]));
  const isOurs = (key: string, o: AnyObject | undefined) => distKeys.has(key) || o === undefined;

  const extras: ExtraObject[] = [];
  const extraBindings: BindingDef[] = [];
  for (const binding of models.live.bindings) {
    const key = rbacKey(binding.kind, binding.namespace, binding.name);
    const object = raw.get(key);
    if (isOurs(key, object) || isClusterOwnBinding(object as AnyObject) || bindsAuditorRole(binding)) continue;
    const reaches =
      (binding.kind === 'RoleBinding' && scope.namespaces.has(binding.namespace ?? '')) ||
      binding.subjects.some((s) => scope.isTeamSubject(s, binding)) ||
      (binding.kind === 'ClusterRoleBinding' && bindingPermissions(models.live, binding).some((p) => !clusterWide(p)));
    if (!reaches) continue;
    extraBindings.push(binding);
    const access = bindingAccess(models, binding);
    const id: ObjectId = { kind: binding.kind, namespace: binding.namespace ?? null, name: binding.name };
    extras.push({ ...id, summary: access.summary, role: access.role, subjects: access.subjects, access: access.access, risks: access.risks, command: commands.remove(id) });
  }

  const boundBy = (role: { kind: string; namespace?: string; name: string }) =>
    models.live.bindings
      .filter((b) => b.roleRef.kind === role.kind && b.roleRef.name === role.name && (role.kind === 'ClusterRole' || b.namespace === role.namespace))
      .map((b) => `${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name}`);
  const namedByExtra = new Set(extraBindings.filter((b) => b.roleRef.kind === 'ClusterRole').map((b) => b.roleRef.name));
  for (const role of models.live.roles) {
    if (role.source !== 'objects') continue;
    const key = rbacKey(role.kind, role.namespace, role.name);
    const object = raw.get(key);
    if (isOurs(key, object) || isClusterOwnRole(object as AnyObject)) continue;
    const reaches = role.kind === 'Role' ? scope.namespaces.has(role.namespace ?? '') : namedByExtra.has(role.name);
    if (!reaches) continue;
    const id: ObjectId = { kind: role.kind, namespace: role.namespace ?? null, name: role.name };
    const by = boundBy(role);
    const { access, risks } = roleAccess(models, role);
    const summary = `${role.kind} ${role.namespace ? `${role.namespace}/` : ''}${role.name}, ${by.length > 0 ? `bound by ${by.join(', ')}` : 'not bound'}: ${[access, ...risks.map((r) => `! ${r}`)].join(', ')}`;
    extras.push({ ...id, summary, access, risks, boundBy: by, command: commands.remove(id) });
  }
  const order = (e: ExtraObject) => RBAC_KINDS.indexOf(e.kind as (typeof RBAC_KINDS)[number]);
  return extras.sort((a, b) => order(a) - order(b) || compareStrings(a.namespace ?? '', b.namespace ?? '') || compareStrings(a.name, b.name));
}
