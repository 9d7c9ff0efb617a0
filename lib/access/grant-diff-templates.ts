import type { BindingDef, RbacModel } from './evaluator';
import { bindingPermissions, type Permission } from './permissions';

/** A permission as a binding's role grants it anywhere: without the namespace. */
export type ScopelessPermission = Omit<Permission, 'namespace'>;

/** What a binding to one role grants, whatever its namespace. Equal permissions, equal id: across sides and roles. */
export interface PermissionTemplate {
  readonly id: number;
  /** Keyed by target, resourceNames and verb (the reference's fact key without subject and scope). */
  readonly permissions: ReadonlyMap<string, ScopelessPermission>;
}

export const permissionKey = (p: ScopelessPermission): string => JSON.stringify([p.target, p.names, p.verb]);

/** A RoleBinding applies in its namespace; a ClusterRoleBinding (or a RoleBinding without one) cluster-wide. */
export const isNamespaced = (binding: BindingDef): boolean => binding.kind === 'RoleBinding' && binding.namespace !== undefined;

/** A role a binding can name: a ClusterRole by name, a Role by namespace and name. */
export interface RoleId {
  readonly kind: 'Role' | 'ClusterRole';
  readonly name: string;
  readonly namespace?: string;
}

/** The templates of every role a comparison meets, computed once per side, role and scope kind. */
export class TemplateCatalog {
  private readonly byContent = new Map<string, PermissionTemplate>();
  private readonly byModel = new WeakMap<RbacModel, Map<string, PermissionTemplate>>();

  /** What `binding` grants through `model`'s roles. */
  of(model: RbacModel, binding: BindingDef): PermissionTemplate {
    let cache = this.byModel.get(model);
    if (!cache) this.byModel.set(model, (cache = new Map()));
    const roleScope = binding.roleRef.kind === 'Role' ? `${binding.kind}/${binding.namespace ?? ''}` : '';
    const key = `${isNamespaced(binding) ? 1 : 0}\0${binding.roleRef.kind}\0${roleScope}\0${binding.roleRef.name}`;
    let template = cache.get(key);
    if (!template) cache.set(key, (template = this.intern(bindingPermissions(model, binding))));
    return template;
  }

  /** What a binding to `role` grants, in a namespace (RoleBinding) or cluster-wide. */
  ofRole(model: RbacModel, role: RoleId, namespaced: boolean): PermissionTemplate {
    const namespace = role.namespace ?? (namespaced ? 'default' : undefined);
    return this.of(model, {
      kind: namespaced ? 'RoleBinding' : 'ClusterRoleBinding',
      name: '',
      ...(namespace !== undefined && namespaced ? { namespace } : {}),
      roleRef: { kind: role.kind, name: role.name },
      subjects: [],
      annotations: {},
    });
  }

  private intern(permissions: readonly Permission[]): PermissionTemplate {
    const map = new Map<string, ScopelessPermission>();
    for (const p of permissions) {
      const { namespace: _, ...scopeless } = p;
      map.set(permissionKey(scopeless), scopeless);
    }
    const content = [...map.keys()].sort().join('\n');
    let template = this.byContent.get(content);
    if (!template) this.byContent.set(content, (template = { id: this.byContent.size, permissions: map }));
    return template;
  }
}
