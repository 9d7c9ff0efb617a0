import { describe, expect, it } from 'vitest';
import { RbacModel } from '../../lib/access/evaluator';
import { AUDITED_KINDS } from '../../lib/core/audited-kinds';
import { AUDITOR_ROLE, AUDITORS_BINDING } from '../../lib/core/object-names';
import { kindsToList } from '../../lib/drift/listed-kinds';
import { desiredState } from '../../lib/drift/desired-state';
import { allObjects, examplePlan, planOf } from '../helpers/example';
import { problems } from '../helpers/problems';

type Json = Record<string, any>;
const bindingOf = (objects: Json[]) => objects.find((o) => o.kind === 'ClusterRoleBinding' && o.metadata.name === AUDITORS_BINDING);
const roleOf = (objects: Json[]) => objects.find((o) => o.kind === 'ClusterRole' && o.metadata.name === AUDITOR_ROLE);

const base = { cluster: { name: 'lab', oidcGroupPrefix: 'oidc:', admins: ['platform'] }, teams: [{ name: 'vision', quota: { gpu: 1 } }] };

describe('the auditor ClusterRole: what drift and verify read, nothing more', () => {
  const example = allObjects(examplePlan()) as Json[];
  const auditor = { user: 'ci-auditor' };
  const model = RbacModel.fromObjects([
    ...example,
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'ci' }, roleRef: { kind: 'ClusterRole', name: AUDITOR_ROLE }, subjects: [{ kind: 'User', name: 'ci-auditor' }] },
  ]);
  const may = (verb: string, apiGroup: string, resource: string, namespace?: string) => model.authorize(auditor, { verb, apiGroup, resource, ...(namespace ? { namespace } : {}) }).allowed;

  it('is in every dist/, without a binding when cluster.auditors names no group', () => {
    expect(roleOf(example)).toBeDefined();
    expect(bindingOf(example)).toBeUndefined();
    expect(roleOf(allObjects(planOf(base)) as Json[])).toBeDefined();
  });

  it('may get and list, cluster-wide, every kind drift lists, and the PersistentVolumeClaims it counts', () => {
    const kinds = [...kindsToList(desiredState(examplePlan(), 'dist')), ...AUDITED_KINDS.filter((k) => k.kind === 'PersistentVolumeClaim')];
    expect(kinds.map((k) => k.kind)).toContain('LocalQueue');
    for (const k of kinds) for (const verb of ['get', 'list']) expect(may(verb, k.group, k.plural), `${verb} ${k.plural}`).toBe(true);
  });

  it('may create subjectaccessreviews (verify), and nothing else: no secrets, no watch, no writes, no pods', () => {
    expect(may('create', 'authorization.k8s.io', 'subjectaccessreviews')).toBe(true);
    for (const [verb, group, resource] of [
      ['get', '', 'secrets'],
      ['list', '', 'secrets'],
      ['watch', 'rbac.authorization.k8s.io', 'rolebindings'],
      ['create', 'rbac.authorization.k8s.io', 'rolebindings'],
      ['delete', '', 'namespaces'],
      ['patch', '', 'resourcequotas'],
      ['list', '', 'pods'],
      ['list', '', 'configmaps'],
      ['create', '', 'serviceaccounts/token'],
    ] as const) {
      expect(may(verb, group, resource, 'research'), `${verb} ${resource}`).toBe(false);
    }
  });

  it("reads Kueue's kinds only when the org uses Kueue", () => {
    const rules = (roleOf(allObjects(planOf(base)) as Json[])?.rules ?? []) as Json[];
    expect(rules.flatMap((r) => r.apiGroups)).not.toContain('kueue.x-k8s.io');
  });
});

describe('cluster.auditors', () => {
  it('binds its groups, with the OIDC prefix, to the auditor ClusterRole', () => {
    const objects = allObjects(planOf({ ...base, cluster: { ...base.cluster, auditors: ['sec-audit', 'ci-drift'] } })) as Json[];
    expect(bindingOf(objects)).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: AUDITOR_ROLE },
      subjects: [
        { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'oidc:ci-drift' },
        { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'oidc:sec-audit' },
      ],
    });
    expect(planOf({ ...base, cluster: { ...base.cluster, auditors: [] } }).cluster.auditorGroups).toBeUndefined();
  });

  it('is validated like cluster.viewers: located, with what was received', () => {
    const text = ['cluster:', '  name: lab', '  oidcGroupPrefix: "oidc:"', '  admins: [platform]', '  auditors: [system:masters, oidc:sec, sec, sec, "a b"]', 'teams: []', ''].join('\n');
    expect(problems(text)).toEqual([
      'teams.yaml:5:14: cluster.auditors[0]: must not start with "system:" (reserved for Kubernetes), got "system:masters"',
      'teams.yaml:5:30: cluster.auditors[1]: starts with cluster.oidcGroupPrefix "oidc:", which is added to every group: write "sec"',
      'teams.yaml:5:45: cluster.auditors[3]: group "sec" is listed twice, expected each group once',
      'teams.yaml:5:50: cluster.auditors[4]: must be a group name without whitespace, got "a b"',
    ]);
    expect(problems(text.replace(/ {2}auditors: .*/, '  auditors: sec-audit'))).toEqual(['teams.yaml:5:13: cluster.auditors: must be a list, got "sec-audit"']);
  });
});
