import type { AccessRequest } from './evaluator';
import { KNOWN_VERBS } from '../core/verbs';
import { formatResource, isKnownResource, KNOWN_SUBRESOURCES, pluralOf, resolveResource } from './resources';

/**
 * kubectl auth can-i's `VERB RESOURCE[.GROUP][/NAME]` plus `RESOURCE/SUBRESOURCE` (pods/exec) and non-resource
 * URLs (a path starting with `/`). `RESOURCE/X` is a subresource when X is a known subresource and no
 * --subresource was given, otherwise a name; `RESOURCE/SUB/NAME` names both. A bare resource gets its API group
 * from the discovery table (`deployments` → deployments.apps), like kubectl; `.GROUP` is taken as given.
 */
export function parseRequest(verb: string, target: string, options: { readonly subresource?: string; readonly namespace?: string }): AccessRequest {
  if (target.startsWith('/')) return { verb, path: target };
  const [head = '', ...rest] = target.split('/');
  let subresource = options.subresource;
  let name: string | undefined;
  if (rest.length >= 2) {
    subresource ??= rest[0];
    name = rest.slice(1).join('/');
  } else if (rest.length === 1) {
    if (subresource === undefined && KNOWN_SUBRESOURCES.has(rest[0] as string)) subresource = rest[0];
    else name = rest[0];
  }
  const dot = head.indexOf('.');
  const { resource, group } = dot < 0 ? resolveResource(head) : { resource: pluralOf(head.slice(0, dot)), group: head.slice(dot + 1) };
  return {
    verb,
    apiGroup: group,
    resource,
    ...(subresource ? { subresource } : {}),
    ...(name ? { name } : {}),
    ...(options.namespace ? { namespace: options.namespace } : {}),
  };
}

/**
 * What kubectl auth can-i would warn about in a question, in its words: a verb RBAC does not know, a resource
 * discovery does not know, and (offline only) a namespace no team of dist/ has. The answer is given all the same.
 */
export function requestWarnings(verb: string, target: string, request: AccessRequest, namespaces: ReadonlySet<string>): string[] {
  const warnings: string[] = [];
  if (!KNOWN_VERBS.includes(verb)) warnings.push(`verb '${verb}' is not a known verb`);
  if (request.resource !== undefined && request.resource !== '*') {
    const head = target.split('/')[0] ?? '';
    const grouped = head.includes('.');
    if (!isKnownResource(request.resource, grouped ? request.apiGroup : undefined)) {
      warnings.push(grouped ? `the server doesn't have a resource type '${request.resource}' in group '${request.apiGroup}'` : `the server doesn't have a resource type '${request.resource}'`);
    }
  }
  if (request.namespace !== undefined && !namespaces.has(request.namespace)) warnings.push(`no team has the namespace '${request.namespace}' (dist/ has no Namespace of that name)`);
  return warnings;
}

/** `create pods/exec`, `get configmaps cfg`, `get /healthz`: a request in words. */
export function describeRequest(request: AccessRequest): string {
  if (request.resource === undefined) return `${request.verb} ${request.path ?? ''}`;
  const name = request.name ? ` ${request.name}` : '';
  return `${request.verb} ${formatResource(request.apiGroup ?? '', request.resource, request.subresource)}${name}`;
}
