// What discovery would tell kubectl about the resources teams use: their API group (so `deployments` means
// deployments.apps, as with kubectl), their scope, and the subresources that exist. Offline, this table
// stands in for the API server's discovery documents.

interface ResourceInfo {
  readonly group: string;
  readonly clusterScoped?: true;
}

const table = (group: string, names: string, clusterScoped?: true): [string, ResourceInfo][] =>
  names.split(' ').map((name) => [`${name}.${group}`, clusterScoped ? { group, clusterScoped } : { group }]);

const KNOWN = new Map<string, ResourceInfo>([
  ...table('', 'pods services endpoints events configmaps secrets serviceaccounts persistentvolumeclaims resourcequotas limitranges replicationcontrollers podtemplates bindings'),
  ...table('', 'namespaces nodes persistentvolumes componentstatuses', true),
  ...table('apps', 'deployments statefulsets replicasets daemonsets controllerrevisions'),
  ...table('batch', 'jobs cronjobs'),
  ...table('autoscaling', 'horizontalpodautoscalers'),
  ...table('policy', 'poddisruptionbudgets'),
  ...table('networking.k8s.io', 'networkpolicies ingresses'),
  ...table('networking.k8s.io', 'ingressclasses ipaddresses servicecidrs', true),
  ...table('discovery.k8s.io', 'endpointslices'),
  ...table('coordination.k8s.io', 'leases'),
  ...table('events.k8s.io', 'events'),
  ...table('rbac.authorization.k8s.io', 'roles rolebindings'),
  ...table('rbac.authorization.k8s.io', 'clusterroles clusterrolebindings', true),
  ...table('authorization.k8s.io', 'localsubjectaccessreviews'),
  ...table('authorization.k8s.io', 'subjectaccessreviews selfsubjectaccessreviews selfsubjectrulesreviews', true),
  ...table('authentication.k8s.io', 'tokenreviews selfsubjectreviews', true),
  ...table('storage.k8s.io', 'csistoragecapacities'),
  ...table('storage.k8s.io', 'storageclasses csidrivers csinodes volumeattachments volumeattributesclasses', true),
  ...table('apiextensions.k8s.io', 'customresourcedefinitions', true),
  ...table('apiregistration.k8s.io', 'apiservices', true),
  ...table('admissionregistration.k8s.io', 'mutatingwebhookconfigurations validatingwebhookconfigurations validatingadmissionpolicies validatingadmissionpolicybindings', true),
  ...table('certificates.k8s.io', 'certificatesigningrequests', true),
  ...table('scheduling.k8s.io', 'priorityclasses', true),
  ...table('node.k8s.io', 'runtimeclasses', true),
  ...table('flowcontrol.apiserver.k8s.io', 'flowschemas prioritylevelconfigurations', true),
  ...table('metrics.k8s.io', 'pods'),
  ...table('metrics.k8s.io', 'nodes', true),
  ...table('kubeflow.org', 'pytorchjobs'),
  ...table('ray.io', 'rayjobs rayclusters rayservices'),
  ...table('serving.kserve.io', 'inferenceservices'),
  ...table('kueue.x-k8s.io', 'localqueues workloads'),
  ...table('kueue.x-k8s.io', 'clusterqueues resourceflavors cohorts admissionchecks workloadpriorityclasses topologies', true),
]);

/** kubectl's short names for the resources above. */
const SHORT_NAMES: Readonly<Record<string, string>> = {
  po: 'pods', svc: 'services', ep: 'endpoints', ev: 'events', cm: 'configmaps', sa: 'serviceaccounts',
  pvc: 'persistentvolumeclaims', quota: 'resourcequotas', limits: 'limitranges', rc: 'replicationcontrollers',
  ns: 'namespaces', no: 'nodes', pv: 'persistentvolumes', cs: 'componentstatuses', deploy: 'deployments',
  sts: 'statefulsets', rs: 'replicasets', ds: 'daemonsets', cj: 'cronjobs', hpa: 'horizontalpodautoscalers',
  pdb: 'poddisruptionbudgets', netpol: 'networkpolicies', ing: 'ingresses', crd: 'customresourcedefinitions',
  crds: 'customresourcedefinitions', csr: 'certificatesigningrequests', pc: 'priorityclasses', sc: 'storageclasses',
  isvc: 'inferenceservices', queue: 'localqueues', queues: 'localqueues', cq: 'clusterqueues', rf: 'resourceflavors',
  wl: 'workloads',
};

/** The plural a kubectl singular stands for (`pod` → pods, `networkpolicy` → networkpolicies), for every resource above. */
const SINGULARS: ReadonlyMap<string, string> = new Map(
  [...KNOWN.keys()].map((key) => {
    const plural = key.slice(0, key.indexOf('.'));
    return [singularOf(plural), plural] as const;
  }),
);

function singularOf(plural: string): string {
  if (plural === 'endpoints') return plural;
  if (plural.endsWith('ies')) return `${plural.slice(0, -3)}y`;
  if (plural.endsWith('sses') || plural.endsWith('uses') || plural.endsWith('esses')) return plural.slice(0, -2);
  return plural.replace(/s$/, '');
}

/** The plural resource a name stands for, as kubectl takes names: plural, singular or short name. */
export function pluralOf(name: string): string {
  return SHORT_NAMES[name] ?? (KNOWN_PLURALS.has(name) ? name : SINGULARS.get(name)) ?? name;
}

const KNOWN_PLURALS: ReadonlySet<string> = new Set([...KNOWN.keys()].map((key) => key.slice(0, key.indexOf('.'))));

/** Whether discovery would know the resource: in the group given, or in any group when none is. */
export function isKnownResource(resource: string, group?: string): boolean {
  return group === undefined ? KNOWN_PLURALS.has(resource) : KNOWN.has(`${resource}.${group}`);
}

/** Subresources that exist; `RESOURCE/X` means subresource X when X is one of these, otherwise a name. */
export const KNOWN_SUBRESOURCES: ReadonlySet<string> = new Set([
  'attach', 'binding', 'approval', 'ephemeralcontainers', 'eviction', 'exec', 'finalize', 'log', 'portforward',
  'proxy', 'resize', 'rollback', 'scale', 'status', 'token',
]);

/**
 * The API group of a resource the user named without one, as kubectl's discovery would resolve it: the
 * built-in group first (so `pods` is core pods, not metrics.k8s.io pods), then a known custom resource.
 */
export function resolveResource(resource: string): { readonly resource: string; readonly group: string } {
  const plural = pluralOf(resource);
  const candidates = [...KNOWN.entries()].filter(([key]) => key.slice(0, key.indexOf('.')) === plural);
  const core = candidates.find(([, info]) => info.group === '');
  const preferred = core ?? candidates.find(([, info]) => !info.group.startsWith('metrics.')) ?? candidates[0];
  return { resource: plural, group: preferred ? preferred[1].group : '' };
}

/** Whether a resource is cluster-scoped (unknown resources count as namespaced, like custom resources usually are). */
export function isClusterScoped(group: string, resource: string): boolean {
  return KNOWN.get(`${resource}.${group}`)?.clusterScoped === true;
}

export { formatResource } from '../core/resource-format';
