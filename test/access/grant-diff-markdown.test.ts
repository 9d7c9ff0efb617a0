import { describe, expect, it } from 'vitest';
import type { AccessChange } from '../../lib/access/access-diff';
import { accessDiffMarkdown, accessDiffSummary } from '../../lib/access/grant-diff-markdown';
import type { AccessDiffReport, GrantChange } from '../../lib/access/grant-diff-report';

const grant = (namespace: string, subject: string, sign: '+' | '-' = '+'): GrantChange => ({
  sign,
  widens: false,
  subject,
  subjectKind: 'Group',
  grant: 'viewer',
  grantKind: 'tier',
  role: 'ClusterRole coreweave-rbac-viewer',
  namespace,
});

const detail = (namespace: string | undefined, subject: string, sign: '+' | '-' = '+', widens = false): AccessChange => ({
  sign,
  widens,
  line: `${sign}${widens ? '!' : ''} ${subject} may get pods ${namespace === undefined ? 'cluster-wide' : `in ${namespace}`}`,
  subject,
  ...(namespace !== undefined ? { namespace } : {}),
  kind: 'resource',
  verbs: ['get'],
  target: 'pods',
  names: [],
});

describe('the pull-request comment', () => {
  it('summarizes who gains and loses access where, and how many grants widen access', () => {
    const report: AccessDiffReport = {
      grants: [grant('a', 'oidc:x'), { ...grant('a', 'oidc:y'), widens: true }],
      roles: [],
      details: [detail('a', 'oidc:x'), detail('a', 'oidc:y'), detail('b', 'oidc:z', '-'), detail(undefined, 'oidc:x')],
    };
    expect(accessDiffSummary(report)).toBe('2 subjects gain access in 1 namespace and cluster-wide, 1 subject loses access in 1 namespace, 1 widening grant');
    expect(accessDiffSummary({ grants: [grant('a', 'oidc:x')], roles: [], details: [] })).toBe('no permission changes, 0 widening grants');
  });

  it('stays within what GitHub takes in a comment, cutting the details first, then namespaces', () => {
    const namespaces = Array.from({ length: 5000 }, (_, i) => `team-${String(i).padStart(5, '0')}`);
    const report: AccessDiffReport = {
      grants: namespaces.map((ns) => grant(ns, 'oidc:auditors')),
      roles: [],
      details: namespaces.flatMap((ns) => Array.from({ length: 20 }, () => detail(ns, 'oidc:auditors'))),
    };
    const comment = accessDiffMarkdown(report, 'origin/main', '`HEAD`');
    expect(comment.length).toBeLessThan(65_536);
    expect(comment.split('\n')[0]).toBe('### Access changes: 1 subject gains access in 5000 namespaces, 0 widening grants');
    expect(comment).toMatch(/… and \d+ more namespaces: run `coreweave-rbac access-diff` for every line\./);
    expect(comment).toContain('<details><summary>100000 permission changes, per subject, resource and namespace</summary>');
    expect(comment).toMatch(/… \d+ more lines: run `coreweave-rbac access-diff --details` for every one\n```\n\n<\/details>\n$/);
  });

  it('is empty when nothing changed', () => {
    expect(accessDiffMarkdown({ grants: [], roles: [], details: [] }, 'origin/main', 'This change')).toBe('');
  });
});
