import { describe, expect, it } from 'vitest';
import { AccessRequest, RbacModel, Subject } from '../../lib/access/evaluator';
import { explain, nearMisses } from '../../lib/access/explain';

const RBAC = 'rbac.authorization.k8s.io';
const model = RbacModel.fromObjects([
  { kind: 'ClusterRole', metadata: { name: 'worker' }, rules: [
    { apiGroups: [''], resources: ['pods', 'pods/*'], verbs: ['get', 'create'] },
    { apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'], verbs: ['get', 'create', 'list'] },
    { apiGroups: [''], resources: ['nodes'], verbs: ['get'] },
  ] },
  { kind: 'ClusterRole', metadata: { name: 'health' }, rules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }] },
  { kind: 'RoleBinding', metadata: { name: 'work', namespace: 'team' }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'worker' }, subjects: [{ kind: 'Group', name: 'g' }] },
  { kind: 'RoleBinding', metadata: { name: 'health', namespace: 'team' }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'health' }, subjects: [{ kind: 'Group', name: 'g' }] },
  { kind: 'RoleBinding', metadata: { name: 'ghost', namespace: 'lab' }, roleRef: { apiGroup: RBAC, kind: 'Role', name: 'ghost-role' }, subjects: [{ kind: 'Group', name: 'g' }] },
]);
const G: Subject = { groups: ['g'] };
const misses = (request: AccessRequest) => nearMisses(model, G, request);
const RULE1 = 'RoleBinding team/work → ClusterRole worker, rule 1 (verbs [get create] on pods, pods/*)';
const RULE2 = 'RoleBinding team/work → ClusterRole worker, rule 2 (verbs [get create list] on configmaps named settings)';
const RULE3 = 'RoleBinding team/work → ClusterRole worker, rule 3 (verbs [get] on nodes)';

describe('near misses', () => {
  it('a binding in another namespace', () => {
    expect(misses({ verb: 'get', resource: 'pods', namespace: 'other' })).toEqual([
      'RoleBinding lab/ghost → Role lab/ghost-role: the role is not defined in the objects read',
      `${RULE1} would allow it, but only in namespace team`,
    ]);
  });
  it('resourceNames can never cover create or list', () => {
    expect(misses({ verb: 'create', resource: 'configmaps', namespace: 'team' })).toContain(
      `${RULE2} is limited by resourceNames, which can never cover create (the request has no name)`,
    );
    expect(misses({ verb: 'list', resource: 'configmaps', namespace: 'team' })).toContain(
      `${RULE2} is limited by resourceNames, which can never cover list (the request has no name)`,
    );
    expect(misses({ verb: 'get', resource: 'configmaps', name: 'other', namespace: 'team' })).toContain(`${RULE2} covers only the names settings, not other`);
  });
  it('a cluster-scoped resource asked through a RoleBinding', () => {
    expect(misses({ verb: 'get', resource: 'nodes', namespace: 'team' })).toContain(
      `${RULE3} would allow it, but nodes is cluster-scoped and a RoleBinding never grants cluster-scoped resources`,
    );
  });
  it('a non-resource URL through a RoleBinding', () => {
    expect(misses({ verb: 'get', path: '/healthz' })).toContain(
      'RoleBinding team/health → ClusterRole health, rule 1 (verbs [get] on /healthz) would allow it, but a RoleBinding never grants non-resource URLs',
    );
  });
  it('a resource does not grant its subresources', () => {
    const m = RbacModel.fromObjects([
      { kind: 'ClusterRole', metadata: { name: 'r' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['create'] }] },
      { kind: 'RoleBinding', metadata: { name: 'b', namespace: 'team' }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'r' }, subjects: [{ kind: 'Group', name: 'g' }] },
    ]);
    expect(nearMisses(m, G, { verb: 'create', resource: 'pods', subresource: 'exec', namespace: 'team' })).toEqual([
      'RoleBinding team/b → ClusterRole r, rule 1 (verbs [create] on pods) allows pods but not its subresource exec: subresources are granted only by name (pods/exec) or by */exec',
    ]);
  });
  it('pods/* is not a wildcard', () => {
    expect(misses({ verb: 'get', resource: 'pods', subresource: 'log', namespace: 'team' })).toContain(
      `${RULE1} lists pods/*, which is not a wildcard: only */log or pods/log would match`,
    );
  });
  it('the explanation of a "no" says what was asked of whom, then the near misses', () => {
    const request: AccessRequest = { verb: 'create', resource: 'configmaps', namespace: 'team' };
    expect(explain(model, G, request, model.authorize(G, request))).toEqual([
      'nothing allows create configmaps in namespace team for a user in groups g, system:authenticated',
      'near misses:',
      '  - RoleBinding lab/ghost → Role lab/ghost-role: the role is not defined in the objects read',
      `  - ${RULE2} is limited by resourceNames, which can never cover create (the request has no name)`,
    ]);
  });
});
