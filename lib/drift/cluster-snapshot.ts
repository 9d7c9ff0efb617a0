import type { AnyObject } from './object-identity';
import type { UnlistedKind } from './report';

/** What drift read from the cluster. */
export interface ClusterSnapshot {
  /** Every object of the kinds listed, with apiVersion and kind set. */
  readonly objects: readonly AnyObject[];
  /** The kinds listed completely, as groupKind (`RoleBinding.rbac.authorization.k8s.io`, `Namespace`). */
  readonly listed: ReadonlySet<string>;
  /** The kinds that could not be listed, and why: their objects are not compared. */
  readonly unlisted: readonly UnlistedKind[];
}
