import type { RbacRoleSource } from './grant-diff-models';
import { readRbacObjects, type BindingDef } from './rbac-objects';

/**
 * A binding and its place among all bindings: the reference visits bindings ordered by kind, namespace and name,
 * and equal ones in the order of their files (sorted by name) and within a file.
 */
export interface PlacedBinding {
  readonly binding: BindingDef;
  readonly file: string;
  /** Among the file's bindings of the same kind, namespace and name (0 unless a name is used twice). */
  readonly index: number;
}

/** The reference's binding order, before the order of files. */
export const bindingOrder = (b: BindingDef): string => `${b.kind === 'ClusterRoleBinding' ? 0 : 1}/${b.namespace ?? ''}/${b.name}`;

/** The RBAC content of one dist/ file. */
export interface DistFile extends RbacRoleSource {
  readonly name: string;
  readonly bindings: readonly PlacedBinding[];
  /** The namespaces of its Roles and RoleBindings. */
  readonly namespaces: ReadonlySet<string>;
  /** Whether it holds ClusterRoles, ClusterRoleBindings, or a Role or RoleBinding without a namespace. */
  readonly clusterScoped: boolean;
}

/** synth writes one file per team, holding only that team's namespace; every other file is read at both sides. */
export const isTeamFile = (name: string): boolean => /^team-.+\.ya?ml$/.test(name);

/** The RBAC content of the objects read from file `name` (all of them, or those a comparison needs). */
export function distFile(name: string, objects: readonly unknown[]): DistFile {
  const { roles, bindings } = readRbacObjects(objects);
  const namespaces = new Set<string>();
  let clusterScoped = false;
  for (const scoped of [...roles, ...bindings]) {
    if (scoped.kind === 'ClusterRole' || scoped.kind === 'ClusterRoleBinding' || scoped.namespace === undefined) clusterScoped = true;
    else namespaces.add(scoped.namespace);
  }
  const roleObjects = objects.filter((o) => ['Role', 'ClusterRole', 'List'].includes(String((o as { kind?: unknown }).kind)));
  const seen = new Map<string, number>();
  const placed = bindings.map((binding) => {
    const order = bindingOrder(binding);
    const index = seen.get(order) ?? 0;
    seen.set(order, index + 1);
    return { binding, file: name, index };
  });
  return { name, roleObjects, bindings: placed, namespaces, clusterScoped };
}

/**
 * Whether the files keep to the layout the fast comparison relies on: a team file holds the Roles and RoleBindings
 * of one namespace and nothing cluster-scoped; any other file holds nothing namespaced.
 */
export function keepsLayout(file: DistFile): boolean {
  return isTeamFile(file.name) ? !file.clusterScoped && file.namespaces.size <= 1 : file.namespaces.size === 0;
}
