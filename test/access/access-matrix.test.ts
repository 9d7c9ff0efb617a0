import { describe, expect, it } from 'vitest';
import { accessReport, buildAccessMatrix } from '../../lib/access/access-matrix';

const RBAC = 'rbac.authorization.k8s.io';
const objects = [
  { kind: 'Namespace', metadata: { name: 'alpha', labels: { 'coreweave-rbac/team': 'alpha' } } },
  { kind: 'ClusterRole', metadata: { name: 'logs' }, rules: [{ apiGroups: [''], resources: ['pods/log'], verbs: ['get'] }, { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }] },
  { kind: 'RoleBinding', metadata: { name: 'logs', namespace: 'alpha' }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'logs' }, subjects: [{ kind: 'Group', name: 'oncall' }] },
  { kind: 'RoleBinding', metadata: { name: 'logs', namespace: 'beta' }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'logs' }, subjects: [{ kind: 'Group', name: 'oncall' }, { kind: 'ServiceAccount', name: 'bot', namespace: 'alpha' }] },
  { kind: 'RoleBinding', metadata: { name: 'vendor', namespace: 'alpha' }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'vendor-role' }, subjects: [{ kind: 'User', name: 'cw-token-9' }] },
  { kind: 'ClusterRoleBinding', metadata: { name: 'viewers' }, roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'Group', name: 'auditors' }] },
];

describe('access matrix', () => {
  const matrix = buildAccessMatrix(objects);
  it('per namespace: each subject, its bindings and its capabilities (yes, partly, unknown)', () => {
    const alpha = matrix.namespaces.find((n) => n.namespace === 'alpha');
    expect(alpha?.team).toBe('alpha');
    // sorted by code point, as everything in the report: upper case first
    expect(alpha?.subjects).toEqual([
      expect.objectContaining({ subject: 'User cw-token-9', via: ['RoleBinding alpha/vendor → ClusterRole vendor-role'], capabilities: expect.objectContaining({ 'read secrets': 'unknown', 'delete the namespace': 'unknown' }) }),
      { subject: 'auditors', kind: 'Group', via: ['ClusterRoleBinding viewers → ClusterRole view'], capabilities: { 'read workloads': 'yes', 'read logs': 'yes' } },
      { subject: 'oncall', kind: 'Group', via: ['RoleBinding alpha/logs → ClusterRole logs'], capabilities: { 'read logs': 'yes', 'exec into pods': 'partly' } },
    ]);
    expect(matrix.namespaces.map((n) => n.namespace)).toEqual(['alpha', 'beta']);
  });
  it('cross-namespace grants: bound in more than one namespace, or a ServiceAccount bound outside its own', () => {
    expect(matrix.crossNamespace).toEqual([
      { subject: 'ServiceAccount alpha/bot', bindings: [{ namespace: 'beta', via: 'RoleBinding beta/logs → ClusterRole logs' }] },
      { subject: 'oncall', bindings: [{ namespace: 'alpha', via: 'RoleBinding alpha/logs → ClusterRole logs' }, { namespace: 'beta', via: 'RoleBinding beta/logs → ClusterRole logs' }] },
    ]);
  });
  it('cluster-wide grants with what they allow', () => {
    expect(matrix.clusterWide).toHaveLength(1);
    expect(matrix.clusterWide[0]).toMatchObject({ binding: 'viewers', role: 'ClusterRole view', subjects: ['auditors'] });
    expect(matrix.clusterWide[0]?.grants).toContain('get, list, watch pods');
    expect(matrix.clusterWide[0]?.grants).not.toContain('get, list, watch secrets');
  });
  it('renders the same Markdown every time, with a row per capability', () => {
    const md = accessReport(objects);
    // objects read in another order: the same report, but for the digest of what was read (in the order read)
    const withoutDigest = (report: string) => report.replace(/<!-- report digest [0-9a-f]{16} -->\n$/, '');
    expect(withoutDigest(accessReport([...objects].reverse()))).toBe(withoutDigest(md));
    expect(accessReport(objects)).toBe(md);
    expect(md).toContain('## Namespace `alpha` (team alpha)');
    expect(md).toContain('| read logs | User cw-token-9 (unknown), auditors, oncall |');
    expect(md).toContain('| exec into pods | User cw-token-9 (unknown), oncall (partly) |');
    expect(md).toContain('| read secrets | User cw-token-9 (unknown) |');
    expect(md).toContain('| oncall | alpha (ClusterRole logs), beta (ClusterRole logs) |');
  });
});
