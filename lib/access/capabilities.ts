import type { AccessRequest } from './evaluator';
import { formatResource } from './resources';

/** One request of a capability, for any namespace: asked in the namespace, or (`namesTheNamespace`) about the namespace object itself. */
export interface RequestTemplate {
  readonly verb: string;
  readonly apiGroup: string;
  readonly resource: string;
  readonly subresource?: string;
  /** The request names the namespace it is asked for (delete namespaces/NS), rather than being asked in it. */
  readonly namesTheNamespace?: true;
}

/** A thing a person does in a team namespace, and the requests it takes. */
export interface Capability {
  readonly name: string;
  readonly templates: readonly RequestTemplate[];
  /** Its requests in one namespace. */
  readonly requests: (namespace: string) => readonly AccessRequest[];
}

/** The request a template makes in a namespace. */
export function requestIn(template: RequestTemplate, namespace: string): AccessRequest {
  const { namesTheNamespace, ...request } = template;
  return namesTheNamespace ? { verb: request.verb, resource: request.resource, name: namespace } : { ...request, namespace };
}

/** `verbs × targets`; a target is `resource`, `resource.group` or `resource.group/subresource`. */
const req = (verbs: string[], targets: string[]): RequestTemplate[] =>
  verbs.flatMap((verb) =>
    targets.map((t) => {
      const [resourceAndGroup = '', subresource] = t.split('/');
      const dot = resourceAndGroup.indexOf('.');
      const resource = dot < 0 ? resourceAndGroup : resourceAndGroup.slice(0, dot);
      const apiGroup = dot < 0 ? '' : resourceAndGroup.slice(dot + 1);
      return { verb, apiGroup, resource, ...(subresource ? { subresource } : {}) };
    }),
  );

const capability = (name: string, templates: RequestTemplate[]): Capability => ({ name, templates, requests: (namespace) => templates.map((t) => requestIn(t, namespace)) });

/** The capabilities of the access matrix, in the order a reviewer reads them: from reading to administering. */
export const CAPABILITIES: readonly Capability[] = [
  capability('read workloads', req(['get', 'list', 'watch'], ['pods', 'deployments.apps', 'jobs.batch', 'services'])),
  capability('read logs', req(['get'], ['pods/log'])),
  capability('read GPU queues (Kueue)', req(['get', 'list'], ['localqueues.kueue.x-k8s.io', 'workloads.kueue.x-k8s.io'])),
  capability('exec into pods', req(['create', 'get'], ['pods/exec'])),
  capability('port-forward', req(['create', 'get'], ['pods/portforward'])),
  capability('run pods', req(['create', 'delete'], ['pods'])),
  capability('launch jobs', req(['create', 'delete'], ['jobs.batch', 'cronjobs.batch', 'pytorchjobs.kubeflow.org', 'rayjobs.ray.io', 'rayclusters.ray.io'])),
  capability('deploy inference', req(['create', 'update', 'delete'], ['deployments.apps', 'inferenceservices.serving.kserve.io'])),
  capability('scale inference', [...req(['update', 'patch'], ['deployments.apps/scale']), ...req(['create', 'update'], ['horizontalpodautoscalers.autoscaling'])]),
  capability('expose services', req(['create', 'update', 'delete'], ['services'])),
  capability('edit configmaps', req(['create', 'update', 'delete'], ['configmaps'])),
  capability('claim volumes', req(['create', 'delete'], ['persistentvolumeclaims'])),
  capability('read secrets', req(['get', 'list'], ['secrets'])),
  capability('manage secrets', req(['create', 'update', 'delete'], ['secrets'])),
  capability('manage API tokens', [...req(['create', 'delete'], ['serviceaccounts']), ...req(['create'], ['serviceaccounts/token'])]),
  capability('manage bindings', req(['create', 'delete'], ['rolebindings.rbac.authorization.k8s.io'])),
  capability('manage roles', req(['create', 'update', 'delete'], ['roles.rbac.authorization.k8s.io'])),
  capability('change limits', req(['update', 'patch'], ['limitranges'])),
  capability('change quotas', req(['update', 'patch'], ['resourcequotas'])),
  capability('change network policies', req(['create', 'update', 'delete'], ['networkpolicies.networking.k8s.io'])),
  capability('change GPU queues (Kueue)', req(['create', 'update', 'delete'], ['localqueues.kueue.x-k8s.io'])),
  capability('delete the namespace', [{ verb: 'delete', apiGroup: '', resource: 'namespaces', namesTheNamespace: true }]),
];

/** Each capability with its requests in words (for a namespace NS): `get, list, watch pods`, one entry per resource. */
export function capabilityTable(): readonly { readonly name: string; readonly requests: readonly string[] }[] {
  return CAPABILITIES.map((c) => {
    const byTarget = new Map<string, string[]>();
    for (const r of c.requests('NS')) {
      const target = `${formatResource(r.apiGroup ?? '', r.resource ?? '', r.subresource)}${r.name ? ' (the namespace itself)' : ''}`;
      byTarget.set(target, [...(byTarget.get(target) ?? []), r.verb]);
    }
    return { name: c.name, requests: [...byTarget].map(([target, verbs]) => `${verbs.join(', ')} ${target}`) };
  });
}
