import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAuthorizerReason } from '../../lib/usage/authorizer-reason';

describe("the RBAC authorizer's reason annotation", () => {
  it('names the RoleBinding (NAME/NAMESPACE), the role and the subject (a ServiceAccount as NAME/NAMESPACE), as the real API server writes it', () => {
    const reasons = [...new Set([...readFileSync(join(__dirname, '..', 'fixtures', 'usage', 'audit.log'), 'utf8').matchAll(/"authorization\.k8s\.io\/reason":"(RBAC[^"\\]*(?:\\.[^"\\]*)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string))].sort();
    expect(reasons).toContain('RBAC: allowed by RoleBinding "ml-engineer/research" of ClusterRole "coreweave-rbac-ml-engineer" to Group "oidc:research-ml"');
    expect(reasons).toContain('RBAC: allowed by RoleBinding "token-pipeline/research" of ClusterRole "coreweave-rbac-ml-engineer" to ServiceAccount "pipeline/research"');
    expect(reasons).toContain('RBAC: allowed by RoleBinding "token-dashboard/research" of Role "pod-reader" to User "cw-token-9a1b"');
    for (const reason of reasons) expect(parseAuthorizerReason(reason), reason).toBeDefined();
    expect(parseAuthorizerReason('RBAC: allowed by RoleBinding "token-pipeline/research" of ClusterRole "coreweave-rbac-ml-engineer" to ServiceAccount "pipeline/research"')).toEqual({
      binding: { kind: 'RoleBinding', name: 'token-pipeline', namespace: 'research' },
      roleRef: { kind: 'ClusterRole', name: 'coreweave-rbac-ml-engineer' },
      subject: { kind: 'ServiceAccount', name: 'pipeline', namespace: 'research' },
    });
  });

  it('reads a ClusterRoleBinding, and Go-quoted names', () => {
    expect(parseAuthorizerReason('RBAC: allowed by ClusterRoleBinding "coreweave-rbac-cluster-admins" of ClusterRole "cluster-admin" to Group "oidc:platform-admins"')).toEqual({
      binding: { kind: 'ClusterRoleBinding', name: 'coreweave-rbac-cluster-admins' },
      roleRef: { kind: 'ClusterRole', name: 'cluster-admin' },
      subject: { kind: 'Group', name: 'oidc:platform-admins' },
    });
    expect(parseAuthorizerReason('RBAC: allowed by RoleBinding "viewer/lab" of ClusterRole "coreweave-rbac-viewer" to Group "odd\\"group\\\\"')?.subject).toEqual({ kind: 'Group', name: 'odd"group\\' });
  });

  it('is undefined for other authorizers and other text', () => {
    for (const text of [undefined, '', 'allowed by Node authorizer', 'RBAC: allowed by RoleBinding "no-namespace" of ClusterRole "x" to Group "g"', 'RBAC: allowed by RoleBinding "a/b" of ClusterRole "x" to Robot "g"']) {
      expect(parseAuthorizerReason(text)).toBeUndefined();
    }
  });
});
