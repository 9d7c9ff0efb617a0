import type { AccessRequest } from './evaluator';

/** A thing a person does in a team namespace, and the requests it takes. */
export interface Capability {
  readonly name: string;
  readonly requests: (namespace: string) => readonly AccessRequest[];
}

const req = (verbs: string[], targets: string[]) => (namespace: string): AccessRequest[] =>
  verbs.flatMap((verb) =>
    targets.map((t) => {
      const [resourceAndGroup = '', subresource] = t.split('/');
      const dot = resourceAndGroup.indexOf('.');
      const resource = dot < 0 ? resourceAndGroup : resourceAndGroup.slice(0, dot);
      const apiGroup = dot < 0 ? '' : resourceAndGroup.slice(dot + 1);
      return { verb, apiGroup, resource, ...(subresource ? { subresource } : {}), namespace };
    }),
  );
const both = (...parts: ((ns: string) => AccessRequest[])[]) => (ns: string) => parts.flatMap((p) => p(ns));

/** The capabilities of the access matrix, in the order a reviewer reads them: from reading to administering. */
export const CAPABILITIES: readonly Capability[] = [
  { name: 'read workloads', requests: req(['get', 'list', 'watch'], ['pods', 'deployments.apps', 'jobs.batch', 'services']) },
  { name: 'read logs', requests: req(['get'], ['pods/log']) },
  { name: 'read GPU queues (Kueue)', requests: req(['get', 'list'], ['localqueues.kueue.x-k8s.io', 'workloads.kueue.x-k8s.io']) },
  { name: 'exec into pods', requests: req(['create', 'get'], ['pods/exec']) },
  { name: 'port-forward', requests: req(['create', 'get'], ['pods/portforward']) },
  { name: 'run pods', requests: req(['create', 'delete'], ['pods']) },
  { name: 'launch jobs', requests: req(['create', 'delete'], ['jobs.batch', 'cronjobs.batch', 'pytorchjobs.kubeflow.org', 'rayjobs.ray.io', 'rayclusters.ray.io']) },
  { name: 'deploy inference', requests: req(['create', 'update', 'delete'], ['deployments.apps', 'inferenceservices.serving.kserve.io']) },
  { name: 'scale inference', requests: both(req(['update', 'patch'], ['deployments.apps/scale']), req(['create', 'update'], ['horizontalpodautoscalers.autoscaling'])) },
  { name: 'expose services', requests: req(['create', 'update', 'delete'], ['services']) },
  { name: 'edit configmaps', requests: req(['create', 'update', 'delete'], ['configmaps']) },
  { name: 'claim volumes', requests: req(['create', 'delete'], ['persistentvolumeclaims']) },
  { name: 'read secrets', requests: req(['get', 'list'], ['secrets']) },
  { name: 'manage secrets', requests: req(['create', 'update', 'delete'], ['secrets']) },
  { name: 'manage API tokens', requests: both(req(['create', 'delete'], ['serviceaccounts']), req(['create'], ['serviceaccounts/token'])) },
  { name: 'manage bindings', requests: req(['create', 'delete'], ['rolebindings.rbac.authorization.k8s.io']) },
  { name: 'manage roles', requests: req(['create', 'update', 'delete'], ['roles.rbac.authorization.k8s.io']) },
  { name: 'change limits', requests: req(['update', 'patch'], ['limitranges']) },
  { name: 'change quotas', requests: req(['update', 'patch'], ['resourcequotas']) },
  { name: 'change network policies', requests: req(['create', 'update', 'delete'], ['networkpolicies.networking.k8s.io']) },
  { name: 'change GPU queues (Kueue)', requests: req(['create', 'update', 'delete'], ['localqueues.kueue.x-k8s.io']) },
  { name: 'delete the namespace', requests: (ns) => [{ verb: 'delete', resource: 'namespaces', name: ns }] },
];
