import { RbacModel } from './evaluator';

/** Objects that may define roles: Roles, ClusterRoles, and Lists. */
export interface RbacRoleSource {
  readonly roleObjects: readonly unknown[];
}

/** A model of every role read at one side (with the built-in ClusterRoles and aggregation), to resolve roleRefs. */
export function roleModel(sources: Iterable<RbacRoleSource>): RbacModel {
  return RbacModel.fromObjects([...sources].flatMap((s) => s.roleObjects));
}
