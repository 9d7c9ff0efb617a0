import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import type { TeamPlan } from '../lib/plan/types';
import { KueueLocalQueue } from './kueue-local-queue';
import { ANNOTATION, LABEL } from './names';
import { TeamAccess } from './team-access';
import { TeamNetworkPolicies } from './team-network-policies';
import { TeamQuota } from './team-quota';

export interface TeamNamespaceProps {
  /** The team, with every default resolved (see buildPlan). */
  readonly team: TeamPlan;
}

/**
 * Everything a team gets in its namespace: the Namespace (Pod Security labels, protected from Flux prune),
 * ResourceQuota, LimitRange, NetworkPolicies, ServiceAccounts, custom Roles and RoleBindings, and with Kueue its LocalQueue.
 */
export class TeamNamespace extends Construct {
  constructor(scope: Construct, id: string, props: TeamNamespaceProps) {
    super(scope, id);
    const { team } = props;
    const labels: Record<string, string> = {
      [LABEL.team]: team.name,
      ...(team.costCenter !== undefined ? { [LABEL.costCenter]: team.costCenter } : {}),
      'pod-security.kubernetes.io/enforce': team.podSecurity,
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    };
    const annotations: Record<string, string> = {
      // a Flux prune must never delete a team's namespace, and with it every volume of the team
      [ANNOTATION.fluxPrune]: 'disabled',
      ...(team.description !== undefined ? { [ANNOTATION.description]: team.description } : {}),
    };
    new k8s.KubeNamespace(this, 'namespace', { metadata: { name: team.namespace, labels, annotations } });
    new TeamQuota(this, 'quota', { namespace: team.namespace, quota: team.quota, limits: team.limits });
    new TeamNetworkPolicies(this, 'network', { namespace: team.namespace, network: team.network });
    new TeamAccess(this, 'access', { team });
    if (team.queue) new KueueLocalQueue(this, 'queue', { apiVersion: team.queue.apiVersion, namespace: team.namespace, clusterQueue: team.queue.clusterQueue });
  }
}
