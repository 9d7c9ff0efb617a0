import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';
import type { NetworkPlan } from '../lib/plan/types';
import { addObjects, ObjectSpec } from './api-objects';

export interface TeamNetworkPoliciesProps {
  readonly namespace: string;
  readonly network: NetworkPlan;
}

const ALL_PODS: k8s.LabelSelector = {};
const namespaces = (names: readonly string[]): k8s.NetworkPolicyPeer => ({
  namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...names] }] },
});

/**
 * Default-deny isolation of a team namespace: ingress only from the namespace itself, ingress controllers,
 * monitoring and allowFrom teams; with restricted egress, only DNS, the namespace itself and egressCidrs.
 */
export class TeamNetworkPolicies extends Construct {
  constructor(scope: Construct, id: string, props: TeamNetworkPoliciesProps) {
    super(scope, id);
    addObjects(this, teamNetworkPolicyObjects(props));
  }
}

/** The NetworkPolicies of a TeamNetworkPolicies, each with its name as id. */
export function teamNetworkPolicyObjects(props: TeamNetworkPoliciesProps): ObjectSpec[] {
  const { namespace, network } = props;
  const restricted = network.egress === 'restricted';
  const objects: ObjectSpec[] = [];
  const policy = (name: string, spec: k8s.NetworkPolicySpec): void => {
    objects.push({ id: name, kind: 'NetworkPolicy', props: { metadata: { name, namespace }, spec } });
  };
  policy('default-deny', { podSelector: ALL_PODS, policyTypes: restricted ? ['Ingress', 'Egress'] : ['Ingress'] });
  policy('allow-same-namespace', { podSelector: ALL_PODS, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: ALL_PODS }] }] });
  const fromNamespaces = (name: string, names: readonly string[]): void => {
    if (names.length > 0) policy(name, { podSelector: ALL_PODS, policyTypes: ['Ingress'], ingress: [{ from: [namespaces(names)] }] });
  };
  fromNamespaces('allow-ingress-controllers', network.ingressNamespaces);
  fromNamespaces('allow-monitoring', network.monitoringNamespaces);
  fromNamespaces('allow-from-teams', network.allowFromNamespaces);
  if (!restricted) return objects;
  const dnsPorts: k8s.NetworkPolicyPort[] = (['UDP', 'TCP'] as const).map((protocol) => ({ protocol, port: k8s.IntOrString.fromNumber(53) }));
  policy('allow-egress-dns', { podSelector: ALL_PODS, policyTypes: ['Egress'], egress: [{ to: [namespaces(['kube-system'])], ports: dnsPorts }] });
  policy('allow-egress-same-namespace', { podSelector: ALL_PODS, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: ALL_PODS }] }] });
  if (network.egressCidrs.length > 0) {
    policy('allow-egress-cidrs', { podSelector: ALL_PODS, policyTypes: ['Egress'], egress: [{ to: network.egressCidrs.map((cidr) => ({ ipBlock: { cidr } })) }] });
  }
  return objects;
}
