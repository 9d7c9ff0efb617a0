// Table tests of the offline RBAC authorizer, each row written from the Kubernetes RBAC documentation
// (https://kubernetes.io/docs/reference/access-authn-authz/rbac/) and the authorizer's source.
import { describe, expect, it } from 'vitest';
import type { PolicyRule } from '../../lib/core/policy-rule';
import { AccessRequest, effectiveGroups, RbacModel, Subject } from '../../lib/access/evaluator';

const RBAC = 'rbac.authorization.k8s.io';
const clusterRole = (name: string, rules: PolicyRule[], extra: Record<string, unknown> = {}) => ({
  apiVersion: `${RBAC}/v1`, kind: 'ClusterRole', metadata: { name, ...(extra.labels ? { labels: extra.labels } : {}) }, rules,
  ...(extra.aggregationRule ? { aggregationRule: extra.aggregationRule } : {}),
});
const role = (namespace: string, name: string, rules: PolicyRule[]) => ({ apiVersion: `${RBAC}/v1`, kind: 'Role', metadata: { name, namespace }, rules });
type SubjectSpec = { kind: 'User' | 'Group' | 'ServiceAccount'; name: string; namespace?: string };
const group = (name: string): SubjectSpec => ({ kind: 'Group', name });
const user = (name: string): SubjectSpec => ({ kind: 'User', name });
const roleBinding = (namespace: string, name: string, ref: { kind: 'Role' | 'ClusterRole'; name: string }, subjects: SubjectSpec[]) => ({
  apiVersion: `${RBAC}/v1`, kind: 'RoleBinding', metadata: { name, namespace }, roleRef: { apiGroup: RBAC, ...ref }, subjects,
});
const clusterRoleBinding = (name: string, roleName: string, subjects: SubjectSpec[]) => ({
  apiVersion: `${RBAC}/v1`, kind: 'ClusterRoleBinding', metadata: { name }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: roleName }, subjects,
});
const CR = (name: string) => ({ kind: 'ClusterRole' as const, name });

/** One ClusterRole with `rules` bound to group `g` in namespace `team` by a RoleBinding. */
function boundInTeam(rules: PolicyRule[]): RbacModel {
  return RbacModel.fromObjects([clusterRole('r', rules), roleBinding('team', 'rb', CR('r'), [group('g')])]);
}
const G: Subject = { groups: ['g'] };
const inTeam = (req: Omit<AccessRequest, 'namespace'>): AccessRequest => ({ ...req, namespace: 'team' });

describe('rule matching', () => {
  const cases: [string, PolicyRule[], AccessRequest, boolean][] = [
    ['verb listed', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }], inTeam({ verb: 'get', resource: 'pods' }), true],
    ['verb not listed', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }], inTeam({ verb: 'list', resource: 'pods' }), false],
    ['verb *', [{ apiGroups: [''], resources: ['pods'], verbs: ['*'] }], inTeam({ verb: 'deletecollection', resource: 'pods' }), true],
    ['core group is ""', [{ apiGroups: [''], resources: ['deployments'], verbs: ['get'] }], inTeam({ verb: 'get', apiGroup: 'apps', resource: 'deployments' }), false],
    ['named group', [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] }], inTeam({ verb: 'get', apiGroup: 'apps', resource: 'deployments' }), true],
    ['apiGroups *', [{ apiGroups: ['*'], resources: ['deployments'], verbs: ['get'] }], inTeam({ verb: 'get', apiGroup: 'apps', resource: 'deployments' }), true],
    ['resources *', [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }], inTeam({ verb: 'get', resource: 'secrets' }), true],
    ['resources * covers subresources', [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }], inTeam({ verb: 'get', resource: 'pods', subresource: 'log' }), true],
    ['a resource does not cover its subresources', [{ apiGroups: [''], resources: ['pods'], verbs: ['*'] }], inTeam({ verb: 'create', resource: 'pods', subresource: 'exec' }), false],
    ['resource/subresource', [{ apiGroups: [''], resources: ['pods/log'], verbs: ['get'] }], inTeam({ verb: 'get', resource: 'pods', subresource: 'log' }), true],
    ['a subresource does not cover its resource', [{ apiGroups: [''], resources: ['pods/log'], verbs: ['get'] }], inTeam({ verb: 'get', resource: 'pods' }), false],
    ['pods/* is no wildcard: not pods/log', [{ apiGroups: [''], resources: ['pods/*'], verbs: ['get'] }], inTeam({ verb: 'get', resource: 'pods', subresource: 'log' }), false],
    ['pods/* is no wildcard: not pods', [{ apiGroups: [''], resources: ['pods/*'], verbs: ['get'] }], inTeam({ verb: 'get', resource: 'pods' }), false],
    ['*/scale is a wildcard', [{ apiGroups: ['apps'], resources: ['*/scale'], verbs: ['update'] }], inTeam({ verb: 'update', apiGroup: 'apps', resource: 'statefulsets', subresource: 'scale' }), true],
    ['*/scale does not cover the resource', [{ apiGroups: ['apps'], resources: ['*/scale'], verbs: ['update'] }], inTeam({ verb: 'update', apiGroup: 'apps', resource: 'statefulsets' }), false],
    ['resourceNames: get that name', [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['cfg'], verbs: ['get', 'list', 'create'] }], inTeam({ verb: 'get', resource: 'configmaps', name: 'cfg' }), true],
    ['resourceNames: not another name', [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['cfg'], verbs: ['get'] }], inTeam({ verb: 'get', resource: 'configmaps', name: 'other' }), false],
    ['resourceNames cannot restrict list', [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['cfg'], verbs: ['list'] }], inTeam({ verb: 'list', resource: 'configmaps' }), false],
    ['resourceNames cannot restrict create', [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['cfg'], verbs: ['create'] }], inTeam({ verb: 'create', resource: 'configmaps' }), false],
    ['Kueue resources are matched by group', [{ apiGroups: ['kueue.x-k8s.io'], resources: ['localqueues'], verbs: ['get'] }], inTeam({ verb: 'get', apiGroup: 'kueue.x-k8s.io', resource: 'localqueues' }), true],
  ];
  it.each(cases)('%s', (_, rules, request, allowed) => {
    expect(boundInTeam(rules).authorize(G, request).allowed).toBe(allowed);
  });
});

describe('bindings and scope', () => {
  const READ_PODS: PolicyRule[] = [{ apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get', 'list'] }];
  const model = RbacModel.fromObjects([
    clusterRole('read', READ_PODS),
    clusterRole('health', [{ nonResourceURLs: ['/healthz', '/metrics/*'], verbs: ['get'] }]),
    roleBinding('team', 'in-team', CR('read'), [group('team-group')]),
    roleBinding('team', 'health-in-team', CR('health'), [group('team-group')]),
    clusterRoleBinding('everywhere', 'read', [group('global-group')]),
    clusterRoleBinding('health', 'health', [group('global-group')]),
  ]);
  const cases: [string, string, AccessRequest, boolean][] = [
    ['RoleBinding to a ClusterRole: its namespace', 'team-group', { verb: 'get', resource: 'pods', namespace: 'team' }, true],
    ['RoleBinding to a ClusterRole: not another namespace', 'team-group', { verb: 'get', resource: 'pods', namespace: 'other' }, false],
    ['RoleBinding: not cluster-wide', 'team-group', { verb: 'list', resource: 'pods' }, false],
    ['RoleBinding never grants a cluster-scoped resource', 'team-group', { verb: 'get', resource: 'nodes', namespace: 'team' }, false],
    ['RoleBinding never grants a non-resource URL', 'team-group', { verb: 'get', path: '/healthz' }, false],
    ['ClusterRoleBinding: any namespace', 'global-group', { verb: 'get', resource: 'pods', namespace: 'other' }, true],
    ['ClusterRoleBinding: cluster-wide', 'global-group', { verb: 'list', resource: 'pods' }, true],
    ['ClusterRoleBinding: cluster-scoped resource', 'global-group', { verb: 'get', resource: 'nodes' }, true],
    ['ClusterRoleBinding: cluster-scoped resource asked with a namespace', 'global-group', { verb: 'get', resource: 'nodes', namespace: 'team' }, true],
    ['non-resource URL exact', 'global-group', { verb: 'get', path: '/healthz' }, true],
    ['non-resource URL prefix *', 'global-group', { verb: 'get', path: '/metrics/slis' }, true],
    ['non-resource URL other path', 'global-group', { verb: 'get', path: '/healthz/etcd' }, false],
    ['non-resource URL other verb', 'global-group', { verb: 'post', path: '/healthz' }, false],
    ['nobody else', 'stranger', { verb: 'get', resource: 'pods', namespace: 'team' }, false],
  ];
  it.each(cases)('%s', (_, groupName, request, allowed) => {
    expect(model.authorize({ groups: [groupName] }, request).allowed).toBe(allowed);
  });

  it('a named namespace is in its own namespace, so a RoleBinding there can grant get on it', () => {
    const m = RbacModel.fromObjects([
      clusterRole('ns-reader', [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list'] }]),
      roleBinding('team', 'rb', CR('ns-reader'), [group('g')]),
    ]);
    expect(m.authorize(G, { verb: 'get', resource: 'namespaces', name: 'team' }).allowed).toBe(true);
    expect(m.authorize(G, { verb: 'get', resource: 'namespaces', name: 'other' }).allowed).toBe(false);
    expect(m.authorize(G, { verb: 'list', resource: 'namespaces' }).allowed).toBe(false);
  });

  it('Kueue ClusterQueues are cluster-scoped: only a ClusterRoleBinding grants them', () => {
    const rules: PolicyRule[] = [{ apiGroups: ['kueue.x-k8s.io'], resources: ['clusterqueues'], verbs: ['update'] }];
    const request: AccessRequest = { verb: 'update', apiGroup: 'kueue.x-k8s.io', resource: 'clusterqueues', name: 'team', namespace: 'team' };
    expect(boundInTeam(rules).authorize(G, request).allowed).toBe(false);
    const viaCrb = RbacModel.fromObjects([clusterRole('r', rules), clusterRoleBinding('crb', 'r', [group('g')])]);
    expect(viaCrb.authorize(G, request).allowed).toBe(true);
  });

  it('names the binding, role and rule of every grant', () => {
    const d = model.authorize({ groups: ['team-group', 'global-group'] }, { verb: 'get', resource: 'pods', namespace: 'team' });
    expect(d.grants.map((g) => `${g.binding.kind}/${g.binding.name} ${g.role.kind}/${g.role.name} ${JSON.stringify(g.rule.resources)}`)).toEqual([
      'ClusterRoleBinding/everywhere ClusterRole/read ["pods","nodes"]',
      'RoleBinding/in-team ClusterRole/read ["pods","nodes"]',
    ]);
  });
});

describe('namespaced Roles', () => {
  const model = RbacModel.fromObjects([
    role('team', 'pod-reader', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]),
    roleBinding('team', 'rb', { kind: 'Role', name: 'pod-reader' }, [user('cw-token-1')]),
    roleBinding('other', 'rb', { kind: 'Role', name: 'pod-reader' }, [user('cw-token-1')]),
  ]);
  it('a RoleBinding to a Role of its namespace grants its rules there', () => {
    expect(model.authorize({ user: 'cw-token-1' }, { verb: 'get', resource: 'pods', namespace: 'team' }).allowed).toBe(true);
    expect(model.authorize({ user: 'cw-token-1' }, { verb: 'list', resource: 'pods', namespace: 'team' }).allowed).toBe(false);
    expect(model.authorize({ user: 'cw-token-2' }, { verb: 'get', resource: 'pods', namespace: 'team' }).allowed).toBe(false);
  });
  it('a Role of another namespace is not that Role: the answer there is unknown', () => {
    const d = model.authorize({ user: 'cw-token-1' }, { verb: 'get', resource: 'pods', namespace: 'other' });
    expect(d.allowed).toBe('unknown');
    expect(d.unresolved.map((u) => `${u.binding.namespace}/${u.binding.name}`)).toEqual(['other/rb']);
  });
});

describe('ServiceAccounts', () => {
  const model = RbacModel.fromObjects([
    clusterRole('r', [{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['create'] }]),
    roleBinding('team', 'sa', CR('r'), [{ kind: 'ServiceAccount', name: 'pipeline', namespace: 'team' }]),
    roleBinding('team', 'sa-no-ns', CR('r'), [{ kind: 'ServiceAccount', name: 'legacy' }]),
    roleBinding('team', 'all-sa-of-ci', CR('r'), [group('system:serviceaccounts:ci')]),
  ]);
  const createJob: AccessRequest = { verb: 'create', apiGroup: 'batch', resource: 'jobs', namespace: 'team' };
  it.each([
    ['the ServiceAccount itself', 'system:serviceaccount:team:pipeline', true],
    ['a ServiceAccount of the same name elsewhere', 'system:serviceaccount:other:pipeline', false],
    ['a subject without namespace means the binding namespace', 'system:serviceaccount:team:legacy', true],
    ['its implicit group system:serviceaccounts:NS', 'system:serviceaccount:ci:builder', true],
    ['a user named like the ServiceAccount', 'pipeline', false],
  ])('%s', (_, name, allowed) => {
    expect(model.authorize({ user: name }, createJob).allowed).toBe(allowed);
  });
  it('gets system:serviceaccounts, system:serviceaccounts:NS and system:authenticated', () => {
    expect(effectiveGroups({ user: 'system:serviceaccount:ci:builder' }).sort()).toEqual([
      'system:authenticated', 'system:serviceaccounts', 'system:serviceaccounts:ci',
    ]);
    expect(effectiveGroups({ user: 'system:anonymous' })).toEqual(['system:unauthenticated']);
  });
});

describe('aggregationRule', () => {
  const model = RbacModel.fromObjects([
    clusterRole('monitoring', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate-to-monitoring': 'true' } }] } }),
    clusterRole('monitoring-endpoints', [{ apiGroups: [''], resources: ['services', 'endpoints', 'pods'], verbs: ['get', 'list', 'watch'] }], {
      labels: { 'example.com/aggregate-to-monitoring': 'true' },
    }),
    clusterRole('not-selected', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }], { labels: { 'example.com/aggregate-to-monitoring': 'false' } }),
    clusterRole('outer', [], { aggregationRule: { clusterRoleSelectors: [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['monitoring'] }] }] } }),
    clusterRole('monitoring-labelled', [], {
      labels: { tier: 'monitoring' },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'example.com/aggregate-to-monitoring': 'true' } }] },
    }),
    roleBinding('team', 'mon', CR('monitoring'), [group('g')]),
    roleBinding('team', 'outer', CR('outer'), [group('o')]),
    // The documented way to extend the built-in roles: label a ClusterRole aggregate-to-view.
    clusterRole('view-kserve', [{ apiGroups: ['serving.kserve.io'], resources: ['inferenceservices'], verbs: ['get'] }], {
      labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' },
    }),
    roleBinding('team', 'view', CR('view'), [group('viewers')]),
    roleBinding('team', 'admin', CR('admin'), [group('admins')]),
  ]);
  it.each([
    ['rules of selected roles', 'g', { verb: 'list', resource: 'endpoints', namespace: 'team' }, true],
    ['not rules of unselected roles', 'g', { verb: 'get', resource: 'secrets', namespace: 'team' }, false],
    ['aggregated roles aggregate each other (matchExpressions)', 'o', { verb: 'watch', resource: 'pods', namespace: 'team' }, true],
    ['a role labelled aggregate-to-view extends the built-in view', 'viewers', { verb: 'get', apiGroup: 'serving.kserve.io', resource: 'inferenceservices', namespace: 'team' }, true],
    ['... and through view → edit → admin, the built-in admin', 'admins', { verb: 'get', apiGroup: 'serving.kserve.io', resource: 'inferenceservices', namespace: 'team' }, true],
  ] as [string, string, AccessRequest, boolean][])('%s', (_, g, request, allowed) => {
    expect(model.authorize({ groups: [g] }, request).allowed).toBe(allowed);
  });
});

describe('roles not in the objects', () => {
  const model = RbacModel.fromObjects([
    clusterRoleBinding('admins', 'cluster-admin', [group('admins')]),
    roleBinding('team', 'admin', CR('admin'), [group('team-admins')]),
    roleBinding('team', 'edit', CR('edit'), [group('editors'), group('both')]),
    roleBinding('team', 'view', CR('view'), [group('viewers')]),
    roleBinding('team', 'mystery', CR('made-up'), [group('mystery'), group('both')]),
  ]);
  const ask = (g: string, request: AccessRequest) => model.authorize({ groups: [g] }, request).allowed;
  it('cluster-admin is * on everything, in every namespace, cluster-scoped and non-resource URLs', () => {
    expect(ask('admins', { verb: 'delete', apiGroup: 'apps', resource: 'deployments', namespace: 'kube-system' })).toBe(true);
    expect(ask('admins', { verb: 'escalate', apiGroup: RBAC, resource: 'clusterroles' })).toBe(true);
    expect(ask('admins', { verb: 'post', path: '/logs/anything' })).toBe(true);
  });
  it.each([
    ['view: read pods', 'viewers', { verb: 'list', resource: 'pods', namespace: 'team' }, true],
    ['view: no secrets', 'viewers', { verb: 'get', resource: 'secrets', namespace: 'team' }, false],
    ['view: no writes', 'viewers', { verb: 'create', resource: 'pods', namespace: 'team' }, false],
    ['edit: create deployments', 'editors', { verb: 'create', apiGroup: 'apps', resource: 'deployments', namespace: 'team' }, true],
    ['edit: read secrets', 'editors', { verb: 'get', resource: 'secrets', namespace: 'team' }, true],
    ['edit: no roles', 'editors', { verb: 'create', apiGroup: RBAC, resource: 'roles', namespace: 'team' }, false],
    ['admin: create rolebindings', 'team-admins', { verb: 'create', apiGroup: RBAC, resource: 'rolebindings', namespace: 'team' }, true],
    ['admin: no resourcequotas writes', 'team-admins', { verb: 'update', resource: 'resourcequotas', namespace: 'team' }, false],
  ] as [string, string, AccessRequest, boolean][])('built-in %s', (_, g, request, allowed) => {
    expect(ask(g, request)).toBe(allowed);
  });
  it('a role nobody knows makes "no" unknown, never a guess', () => {
    expect(ask('mystery', { verb: 'get', resource: 'pods', namespace: 'team' })).toBe('unknown');
    expect(ask('mystery', { verb: 'get', resource: 'pods', namespace: 'other' })).toBe(false);
  });
  it('but a known grant still answers yes', () => {
    expect(ask('both', { verb: 'create', resource: 'pods', namespace: 'team' })).toBe(true);
    expect(ask('both', { verb: 'create', apiGroup: RBAC, resource: 'roles', namespace: 'team' })).toBe('unknown');
  });
});
