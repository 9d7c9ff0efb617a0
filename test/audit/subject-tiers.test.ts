import { describe, expect, it } from 'vitest';
import { SubjectTiers } from '../../lib/access/subject-tiers';
import { auditObjects } from './teams-fixture';

const tiers = SubjectTiers.fromObjects(auditObjects());

describe('SubjectTiers: team and tier of a user, from the generated RBAC', () => {
  it('maps namespaces to teams', () => {
    expect(tiers.teams()).toEqual(['research', 'serving']);
    expect(tiers.teamOf('inference')).toBe('serving');
    expect(tiers.teamOf('kube-system')).toBeUndefined();
    expect(tiers.clusterName).toBe('ord1-test');
  });

  it.each([
    ['a group of a tier', { user: 'a', groups: ['oidc:research-ml'] }, 'research', ['mlEngineer']],
    ['several tiers, highest first', { user: 'a', groups: ['oidc:research-ml', 'oidc:research-leads'] }, 'research', ['teamLead', 'mlEngineer']],
    ['cluster viewers in every team namespace', { user: 'a', groups: ['oidc:finance'] }, 'inference', ['viewer']],
    ['cluster admins everywhere', { user: 'a', groups: ['oidc:platform-admins'] }, 'kube-system', ['clusterAdmin']],
    ['a token user', { user: 'cw-token-7f3a', groups: ['system:authenticated'] }, 'inference', ['inferenceOperator']],
    ['a token ServiceAccount', { user: 'system:serviceaccount:research:pipeline', groups: [] }, 'research', ['mlEngineer']],
    ['a token user outside its namespace', { user: 'cw-token-7f3a', groups: [] }, 'research', []],
    ['a group without the OIDC prefix', { user: 'a', groups: ['research-ml'] }, 'research', []],
  ])('%s', (_name, subject, namespace, expected) => {
    expect(tiers.tiersOf(subject, namespace)).toEqual(expected);
    expect(tiers.tierOf(subject, namespace)).toBe(expected[0]);
  });

  it('names a custom Role as role:NAME, after the tiers', () => {
    const binding = (name: string, roleRef: { kind: string; name: string }, group: string) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name, namespace: 'research' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: group }],
    });
    const withRole = SubjectTiers.fromObjects([
      binding('role-pod-reader', { kind: 'Role', name: 'pod-reader' }, 'dash'),
      binding('viewer', { kind: 'ClusterRole', name: 'coreweave-rbac-viewer' }, 'dash'),
      binding('other', { kind: 'ClusterRole', name: 'edit' }, 'dash'),
    ]);
    expect(withRole.tiersOf({ user: 'u', groups: ['dash'] }, 'research')).toEqual(['viewer', 'role:pod-reader']);
  });
});
