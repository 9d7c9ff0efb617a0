/**
 * Enough of the NetworkPolicy semantics (networking.k8s.io/v1) to answer "may this connection happen?" for the
 * policies this project writes: pod and namespace selectors (matchLabels, matchExpressions In/NotIn/Exists/
 * DoesNotExist), ipBlock with except, ports by number and protocol. Policies are additive; a pod is isolated
 * for a direction once any policy selecting it lists that policy type.
 */

type Labels = Readonly<Record<string, string>>;

interface LabelSelector {
  readonly matchLabels?: Labels;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
}
interface Peer { readonly podSelector?: LabelSelector; readonly namespaceSelector?: LabelSelector; readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] } }
interface Port { readonly protocol?: string; readonly port?: number | string; readonly endPort?: number }
interface NetworkPolicy {
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: {
    readonly podSelector: LabelSelector;
    readonly policyTypes?: readonly string[];
    readonly ingress?: readonly { readonly from?: readonly Peer[]; readonly ports?: readonly Port[] }[];
    readonly egress?: readonly { readonly to?: readonly Peer[]; readonly ports?: readonly Port[] }[];
  };
}

/** One end of a connection: a pod (namespace + labels) or an address outside the cluster. */
export type Endpoint =
  | { readonly namespace: string; readonly namespaceLabels?: Labels; readonly podLabels?: Labels }
  | { readonly ip: string };

export interface Connection {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly port: number;
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}

export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const ok =
      e.operator === 'In' ? has && (e.values ?? []).includes(labels[e.key]) :
      e.operator === 'NotIn' ? !has || !(e.values ?? []).includes(labels[e.key]) :
      e.operator === 'Exists' ? has :
      e.operator === 'DoesNotExist' ? !has : false;
    if (!ok) return false;
  }
  return true;
}

const namespaceLabels = (e: { namespace: string; namespaceLabels?: Labels }): Labels => ({ 'kubernetes.io/metadata.name': e.namespace, ...e.namespaceLabels });

function ipv4(ip: string): number | undefined {
  const parts = ip.split('.').map(Number);
  return parts.length === 4 && parts.every((p) => Number.isInteger(p) && p >= 0 && p < 256) ? parts.reduce((a, p) => a * 256 + p, 0) : undefined;
}

export function cidrContains(cidr: string, ip: string): boolean {
  const [base, bits] = cidr.split('/');
  const a = ipv4(base);
  const b = ipv4(ip);
  if (a === undefined || b === undefined) return false;
  const size = 2 ** (32 - Number(bits));
  return Math.floor(a / size) === Math.floor(b / size);
}

/** Does `peer`, written in a policy of `policyNamespace`, match endpoint `e`? */
function peerMatches(peer: Peer, policyNamespace: string, e: Endpoint): boolean {
  if (peer.ipBlock) return 'ip' in e && cidrContains(peer.ipBlock.cidr, e.ip) && !(peer.ipBlock.except ?? []).some((x) => cidrContains(x, e.ip));
  if ('ip' in e) return false;
  const nsOk = peer.namespaceSelector ? selectorMatches(peer.namespaceSelector, namespaceLabels(e)) : e.namespace === policyNamespace;
  const podOk = peer.podSelector ? selectorMatches(peer.podSelector, e.podLabels ?? {}) : true;
  return nsOk && podOk;
}

function portMatches(ports: readonly Port[] | undefined, c: Connection): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => (p.protocol ?? 'TCP') === (c.protocol ?? 'TCP') && (p.port === undefined || (typeof p.port === 'number' && c.port >= p.port && c.port <= (p.endPort ?? p.port))));
}

/** Whether `c` is allowed: egress by the policies of the source's namespace, ingress by those of the destination's. */
export function connectionAllowed(policies: readonly NetworkPolicy[], c: Connection): boolean {
  return direction(policies, c, 'Egress') && direction(policies, c, 'Ingress');
}

function direction(policies: readonly NetworkPolicy[], c: Connection, type: 'Ingress' | 'Egress'): boolean {
  const self = type === 'Ingress' ? c.to : c.from;
  const other = type === 'Ingress' ? c.from : c.to;
  if ('ip' in self) return true; // outside the cluster: no policy applies
  const selecting = policies.filter(
    (p) => p.metadata.namespace === self.namespace && selectorMatches(p.spec.podSelector, self.podLabels ?? {}) && policyTypes(p).includes(type),
  );
  if (selecting.length === 0) return true;
  return selecting.some((p) => {
    const rules = type === 'Ingress' ? (p.spec.ingress ?? []).map((r) => ({ peers: r.from, ports: r.ports })) : (p.spec.egress ?? []).map((r) => ({ peers: r.to, ports: r.ports }));
    return rules.some((r) => (r.peers === undefined || r.peers.length === 0 || r.peers.some((peer) => peerMatches(peer, p.metadata.namespace, other))) && portMatches(r.ports, c));
  });
}

function policyTypes(p: NetworkPolicy): readonly string[] {
  if (p.spec.policyTypes) return p.spec.policyTypes;
  return p.spec.egress ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** The NetworkPolicies among Kubernetes objects. */
export function networkPolicies(objects: readonly unknown[]): NetworkPolicy[] {
  return objects.filter((o): o is NetworkPolicy => (o as { kind?: string }).kind === 'NetworkPolicy');
}
