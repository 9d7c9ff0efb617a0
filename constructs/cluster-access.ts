import { Construct } from 'constructs';
import { CLUSTER_VIEWER_RULES } from '../lib/core/tier-rules';
import { addObjects, ObjectSpec } from './api-objects';
import { CLUSTER_ADMINS_BINDING, CLUSTER_VIEWER_ROLE, CLUSTER_VIEWERS_BINDING } from '../lib/core/object-names';
import { toKubeRules } from './kube-rules';
import { groupsClusterRoleBinding } from './subjects';

export interface ClusterAccessProps {
  /** Groups bound to the built-in cluster-admin ClusterRole (the Cluster Admin tier). Must not be empty. */
  readonly adminGroups: readonly string[];
  /**
   * Groups that may read namespaces and resourcequotas cluster-wide (finance, management).
   * @default - no cluster viewer role or binding
   */
  readonly viewerGroups?: readonly string[];
}

/** Cluster-wide grants: the Cluster Admin tier, and the cluster-wide part of cluster viewers. */
export class ClusterAccess extends Construct {
  constructor(scope: Construct, id: string, props: ClusterAccessProps) {
    super(scope, id);
    addObjects(this, clusterAccessObjects(props));
  }
}

/** The objects of a ClusterAccess. Throws when adminGroups is empty. */
export function clusterAccessObjects(props: ClusterAccessProps): ObjectSpec[] {
  if (props.adminGroups.length === 0) throw new Error('ClusterAccess: adminGroups is empty, expected at least one group for the Cluster Admin tier');
  const admins = groupsClusterRoleBinding('admins', CLUSTER_ADMINS_BINDING, 'cluster-admin', props.adminGroups);
  const viewers = props.viewerGroups ?? [];
  if (viewers.length === 0) return [admins];
  return [
    admins,
    { id: 'viewer-role', kind: 'ClusterRole', props: { metadata: { name: CLUSTER_VIEWER_ROLE }, rules: toKubeRules(CLUSTER_VIEWER_RULES) } },
    groupsClusterRoleBinding('viewers', CLUSTER_VIEWERS_BINDING, CLUSTER_VIEWER_ROLE, viewers),
  ];
}
