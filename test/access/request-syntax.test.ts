import { describe, expect, it } from 'vitest';
import { parseRequest, requestWarnings } from '../../lib/access/request-syntax';

describe('resources as kubectl takes them', () => {
  it.each([
    ['pods', '', 'pods'],
    ['pod', '', 'pods'],
    ['po', '', 'pods'],
    ['deployment', 'apps', 'deployments'],
    ['deploy', 'apps', 'deployments'],
    ['deployment.apps', 'apps', 'deployments'],
    ['svc', '', 'services'],
    ['service', '', 'services'],
    ['pvc', '', 'persistentvolumeclaims'],
    ['persistentvolumeclaim', '', 'persistentvolumeclaims'],
    ['cm', '', 'configmaps'],
    ['sa', '', 'serviceaccounts'],
    ['ns', '', 'namespaces'],
    ['namespace', '', 'namespaces'],
    ['hpa', 'autoscaling', 'horizontalpodautoscalers'],
    ['cj', 'batch', 'cronjobs'],
    ['cronjob', 'batch', 'cronjobs'],
    ['sts', 'apps', 'statefulsets'],
    ['rs', 'apps', 'replicasets'],
    ['ep', '', 'endpoints'],
    ['endpoints', '', 'endpoints'],
    ['rolebinding', 'rbac.authorization.k8s.io', 'rolebindings'],
    ['quota', '', 'resourcequotas'],
    ['resourcequota', '', 'resourcequotas'],
    ['limits', '', 'limitranges'],
    ['limitrange', '', 'limitranges'],
    ['netpol', 'networking.k8s.io', 'networkpolicies'],
    ['networkpolicy', 'networking.k8s.io', 'networkpolicies'],
    ['networkpolicy.networking.k8s.io', 'networking.k8s.io', 'networkpolicies'],
    ['ingressclass', 'networking.k8s.io', 'ingressclasses'],
    ['inferenceservice', 'serving.kserve.io', 'inferenceservices'],
    ['localqueue', 'kueue.x-k8s.io', 'localqueues'],
  ])('%s is %s %s', (name, group, resource) => {
    expect(parseRequest('get', name, {})).toEqual({ verb: 'get', apiGroup: group, resource });
  });

  it('keeps subresources and names after the resource', () => {
    expect(parseRequest('create', 'po/exec', { namespace: 'ml' })).toEqual({ verb: 'create', apiGroup: '', resource: 'pods', subresource: 'exec', namespace: 'ml' });
    expect(parseRequest('patch', 'deploy/scale', {})).toEqual({ verb: 'patch', apiGroup: 'apps', resource: 'deployments', subresource: 'scale' });
    expect(parseRequest('get', 'cm/app-config', {})).toEqual({ verb: 'get', apiGroup: '', resource: 'configmaps', name: 'app-config' });
  });
});

describe('warnings, as kubectl auth can-i gives them, with the answer all the same', () => {
  const namespaces = new Set(['research']);
  const warn = (verb: string, target: string, namespace?: string) => requestWarnings(verb, target, parseRequest(verb, target, namespace ? { namespace } : {}), namespaces);

  it('a known verb, resource and namespace: none', () => {
    expect(warn('get', 'pod', 'research')).toEqual([]);
    expect(warn('escalate', 'clusterroles')).toEqual([]);
    expect(warn('get', '/healthz')).toEqual([]);
  });

  it('an unknown verb, resource or namespace: one line each', () => {
    expect(warn('crete', 'pods', 'research')).toEqual(["verb 'crete' is not a known verb"]);
    expect(warn('get', 'podz', 'research')).toEqual(["the server doesn't have a resource type 'podz'"]);
    expect(warn('get', 'deployments.app', 'research')).toEqual(["the server doesn't have a resource type 'deployments' in group 'app'"]);
    expect(warn('get', 'pods', 'reserch')).toEqual(["no team has the namespace 'reserch' (dist/ has no Namespace of that name)"]);
  });
});
