import { Construct } from 'constructs';
import type { TeamPlan } from '../lib/plan/types';
import { addObjects, ObjectSpec, withIdPrefix } from './api-objects';
import { kueueLocalQueueObjects } from './kueue-local-queue';
import { ANNOTATION, LABEL } from '../lib/core/object-names';
import { teamAccessObjects } from './team-access';
import { teamNetworkPolicyObjects } from './team-network-policies';
import { teamQuotaObjects } from './team-quota';

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
    addObjects(this, teamNamespaceObjects(props));
  }
}

/** The objects of a TeamNamespace: the Namespace, then those of TeamQuota, TeamNetworkPolicies, TeamAccess and KueueLocalQueue. */
export function teamNamespaceObjects(props: TeamNamespaceProps): ObjectSpec[] {
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
  const namespace = team.namespace;
  return [
    { id: 'namespace', kind: 'Namespace', props: { metadata: { name: namespace, labels, annotations } } },
    ...withIdPrefix('quota', teamQuotaObjects({ namespace, quota: team.quota, limits: team.limits })),
    ...withIdPrefix('network', teamNetworkPolicyObjects({ namespace, network: team.network })),
    ...withIdPrefix('access', teamAccessObjects({ team })),
    ...(team.queue ? withIdPrefix('queue', kueueLocalQueueObjects({ apiVersion: team.queue.apiVersion, namespace, clusterQueue: team.queue.clusterQueue })) : []),
  ];
}
