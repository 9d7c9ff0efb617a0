import { compareStrings } from '../core/compare';
import { mayWidenAccess } from './access-diff';
import type { Comparison, SideState } from './grant-diff-compare';
import { scopeOf } from './grant-diff-compare';
import type { PlacedBinding } from './grant-diff-files';
import { describeRole } from './grant-diff-grants';
import type { RoleChange, RoleReach } from './grant-diff-report';
import { isNamespaced, type RoleId, type ScopelessPermission, type TemplateCatalog } from './grant-diff-templates';
import type { RbacModel } from './evaluator';
import { compareVerbs } from './permissions';
import { nameSubject } from './subjects';

const roleKey = (role: RoleId): string => JSON.stringify([role.kind, role.namespace ?? null, role.name]);

/** The role a binding names, when it can name one: a RoleBinding's Role is in its namespace. */
function boundRole(placed: PlacedBinding): RoleId | undefined {
  const { binding } = placed;
  if (binding.roleRef.kind === 'ClusterRole') return { kind: 'ClusterRole', name: binding.roleRef.name };
  return isNamespaced(binding) ? { kind: 'Role', name: binding.roleRef.name, namespace: binding.namespace as string } : undefined;
}

function bindingsByRole(side: SideState): Map<string, PlacedBinding[]> {
  const out = new Map<string, PlacedBinding[]>();
  for (const bindings of side.bindingsByScope.values()) {
    for (const placed of bindings) {
      const role = boundRole(placed);
      if (!role) continue;
      const key = roleKey(role);
      const list = out.get(key);
      if (list) list.push(placed);
      else out.set(key, [placed]);
    }
  }
  return out;
}

function definedRoles(model: RbacModel): Map<string, RoleId> {
  const out = new Map<string, RoleId>();
  for (const r of model.roles) {
    const role: RoleId = r.kind === 'Role' ? { kind: 'Role', name: r.name, ...(r.namespace !== undefined ? { namespace: r.namespace } : {}) } : { kind: 'ClusterRole', name: r.name };
    out.set(roleKey(role), role);
  }
  return out;
}

interface PermissionDelta {
  readonly permission: ScopelessPermission;
  /** The scope kinds (namespaced or not) in which it changes. */
  readonly namespaced: Set<boolean>;
}

/**
 * What each role allows that it did not (+) or no longer allows (-), in the scopes it is bound in (a ClusterRole
 * gaining a cluster-scoped resource changes nothing for its RoleBindings), one entry per role, sign, target and
 * resourceNames, with the subjects it reaches.
 */
export function roleChanges(comparison: Comparison, catalog: TemplateCatalog): RoleChange[] {
  const { base, head } = comparison;
  const boundBefore = bindingsByRole(base);
  const boundAfter = bindingsByRole(head);
  const definedBefore = definedRoles(base.model);
  const definedAfter = definedRoles(head.model);
  const out: RoleChange[] = [];
  for (const [key, role] of new Map([...definedBefore, ...definedAfter])) {
    // a role that comes (or goes) with its bindings is said by the grant lines; one that bindings already named is news
    if (!definedBefore.has(key) && !boundBefore.has(key)) continue;
    if (!definedAfter.has(key) && !boundAfter.has(key)) continue;
    const bindings = [...(boundBefore.get(key) ?? []), ...(boundAfter.get(key) ?? [])];
    const flavors = bindings.length > 0 ? [...new Set(bindings.map((b) => isNamespaced(b.binding)))] : [role.kind === 'Role'];
    const gained = new Map<string, PermissionDelta>();
    const lost = new Map<string, PermissionDelta>();
    for (const namespaced of flavors) {
      const before = catalog.ofRole(base.model, role, namespaced);
      const after = catalog.ofRole(head.model, role, namespaced);
      if (before.id === after.id) continue;
      noteDelta(gained, after.permissions, before.permissions, namespaced);
      noteDelta(lost, before.permissions, after.permissions, namespaced);
    }
    out.push(...grouped('+', role, gained, boundAfter.get(key) ?? [], head), ...grouped('-', role, lost, boundBefore.get(key) ?? [], base));
  }
  const signOrder = (r: RoleChange) => (r.sign === '-' ? '0' : '1');
  return out.sort((a, b) => compareStrings(a.role, b.role) || compareStrings(signOrder(a), signOrder(b)) || compareStrings(a.target, b.target) || compareStrings(a.names.join(','), b.names.join(',')));
}

function noteDelta(into: Map<string, PermissionDelta>, from: ReadonlyMap<string, ScopelessPermission>, without: ReadonlyMap<string, ScopelessPermission>, namespaced: boolean): void {
  for (const [key, permission] of from) {
    if (without.has(key)) continue;
    const delta = into.get(key);
    if (delta) delta.namespaced.add(namespaced);
    else into.set(key, { permission, namespaced: new Set([namespaced]) });
  }
}

function grouped(sign: '+' | '-', role: RoleId, deltas: ReadonlyMap<string, PermissionDelta>, bindings: readonly PlacedBinding[], side: SideState): RoleChange[] {
  const groups = new Map<string, PermissionDelta[]>();
  for (const delta of deltas.values()) {
    const p = delta.permission;
    const key = JSON.stringify([p.kind, p.target, p.names]);
    const list = groups.get(key);
    if (list) list.push(delta);
    else groups.set(key, [delta]);
  }
  return [...groups.values()].map((list) => {
    const first = (list[0] as PermissionDelta).permission;
    const namespaced = new Set(list.flatMap((d) => [...d.namespaced]));
    return {
      sign,
      widens: sign === '+' && list.some((d) => mayWidenAccess(d.permission)),
      role: describeRole(role),
      roleKind: role.kind,
      roleName: role.name,
      ...(role.namespace !== undefined ? { roleNamespace: role.namespace } : {}),
      kind: first.kind,
      verbs: first.kind === 'unknownRole' ? [] : list.map((d) => d.permission.verb).sort(compareVerbs),
      target: first.target,
      names: first.names,
      reaches: reachOf(bindings.filter((b) => namespaced.has(isNamespaced(b.binding))), side),
    };
  });
}

function reachOf(bindings: readonly PlacedBinding[], side: SideState): RoleReach[] {
  const seen = new Map<string, RoleReach>();
  for (const { binding } of bindings) {
    const namespace = scopeOf(binding);
    for (const subject of binding.subjects) {
      const key = JSON.stringify([namespace ?? null, nameSubject(subject, binding).key]);
      if (!seen.has(key)) seen.set(key, { subject: side.labels.label(subject, binding), ...(namespace !== undefined ? { namespace } : {}) });
    }
  }
  const scopeOrder = (r: RoleReach) => (r.namespace === undefined ? '0' : `1${r.namespace}`);
  return [...seen.values()].sort((a, b) => compareStrings(scopeOrder(a), scopeOrder(b)) || compareStrings(a.subject, b.subject));
}
