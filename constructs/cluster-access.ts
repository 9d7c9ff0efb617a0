import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import { CLUSTER_VIEWER_RULES } from '../lib/plan/tier-rules';
import { CLUSTER_ADMINS_BINDING, CLUSTER_VIEWER_ROLE, CLUSTER_VIEWERS_BINDING, RBAC_API_GROUP } from './names';
import { toKubeRules } from './rules';
import { groupSubjects } from './subjects';

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
    if (props.adminGroups.length === 0) throw new Error('ClusterAccess: adminGroups is empty, expected at least one group for the Cluster Admin tier');
    new k8s.KubeClusterRoleBinding(this, 'admins', {
      metadata: { name: CLUSTER_ADMINS_BINDING },
      roleRef: { apiGroup: RBAC_API_GROUP, kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: groupSubjects(props.adminGroups),
    });
    const viewers = props.viewerGroups ?? [];
    if (viewers.length === 0) return;
    new k8s.KubeClusterRole(this, 'viewer-role', {
      metadata: { name: CLUSTER_VIEWER_ROLE },
      rules: toKubeRules(CLUSTER_VIEWER_RULES),
    });
    new k8s.KubeClusterRoleBinding(this, 'viewers', {
      metadata: { name: CLUSTER_VIEWERS_BINDING },
      roleRef: { apiGroup: RBAC_API_GROUP, kind: 'ClusterRole', name: CLUSTER_VIEWER_ROLE },
      subjects: groupSubjects(viewers),
    });
  }
}
