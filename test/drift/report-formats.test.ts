import { describe, expect, it } from 'vitest';
import { fixCommands } from '../../lib/drift/fix-commands';
import type { DriftReport } from '../../lib/drift/report';
import { driftJson } from '../../lib/drift/report-json';
import { driftMarkdown } from '../../lib/drift/report-markdown';
import { driftCounts, driftTable } from '../../lib/drift/report-table';

const commands = fixCommands();
const restore = commands.restore('dist/team-research.yaml');
const REPORT: DriftReport = {
  extra: [
    {
      kind: 'RoleBinding',
      namespace: 'research',
      name: 'debug',
      summary: 'RoleBinding research/debug grants oidc:contractors admin in research: more than teamLead, ! reads secrets',
      role: 'ClusterRole admin',
      subjects: [{ subject: 'oidc:contractors', kind: 'Group', adds: ['get, list, watch secrets in research'] }],
      access: 'more than teamLead',
      risks: ['reads secrets'],
      command: commands.remove({ kind: 'RoleBinding', namespace: 'research', name: 'debug' }),
    },
  ],
  changed: [
    { kind: 'RoleBinding', namespace: 'research', name: 'team-lead', file: 'dist/team-research.yaml', fields: [{ field: 'subjects', dist: [{ kind: 'Group', name: 'a' }], cluster: [{ kind: 'Group', name: 'a' }, { kind: 'Group', name: 'b|c' }] }], command: restore },
    {
      kind: 'ResourceQuota',
      namespace: 'research',
      name: 'team-quota',
      file: 'dist/team-research.yaml',
      fields: [
        { field: 'spec.hard["requests.nvidia.com/gpu"]', dist: '448', cluster: '512' },
        { field: 'spec.hard.pods', dist: null, cluster: '10' },
      ],
      command: restore,
    },
  ],
  missing: [{ kind: 'NetworkPolicy', namespace: 'research', name: 'allow-monitoring', file: 'dist/team-research.yaml', command: restore }],
  orphaned: [{ kind: 'Namespace', namespace: null, name: 'vision', team: 'vision', persistentVolumeClaims: 2, command: commands.removeNamespace('vision') }],
  unlisted: [{ kind: 'LocalQueue', reason: "the server does not serve localqueues in kueue.x-k8s.io/v1beta2 (are Kueue's CRDs installed?)" }],
  otherClusters: [],
};
const EMPTY: DriftReport = { extra: [], changed: [], missing: [], orphaned: [], unlisted: [], otherClusters: [] };

describe('the drift report', () => {
  it('table: a paragraph per finding, the fix last', () => {
    expect(driftTable(REPORT)).toBe(
      [
        'extra     RoleBinding research/debug grants oidc:contractors admin in research: more than teamLead, ! reads secrets',
        '            fix: kubectl delete rolebinding debug -n research',
        'changed   RoleBinding research/team-lead: subjects: + Group b|c',
        `            fix: ${restore}`,
        'changed   ResourceQuota research/team-quota: 2 fields',
        '            spec.hard["requests.nvidia.com/gpu"]: dist/ 448, cluster 512',
        '            spec.hard.pods: dist/ (none), cluster 10',
        `            fix: ${restore}`,
        'missing   NetworkPolicy research/allow-monitoring (in dist/team-research.yaml)',
        `            fix: ${restore}`,
        'orphaned  Namespace vision: team vision is not in teams.yaml; it holds 2 PersistentVolumeClaims',
        '            fix: kubectl delete namespace vision  # deletes the namespace and its 2 PersistentVolumeClaims with their data',
        '',
      ].join('\n'),
    );
    expect(driftCounts(REPORT)).toBe('1 extra grant, 2 changed, 1 missing, 1 orphaned namespace');
  });

  it('nothing drifted: no table, no markdown; JSON is still one object a script can parse', () => {
    expect(driftTable(EMPTY)).toBe('');
    expect(driftMarkdown(EMPTY, 'ord1-prod')).toBe('');
    expect(JSON.parse(driftJson(EMPTY))).toEqual({ extra: [], changed: [], missing: [], orphaned: [], unlisted: [] });
  });

  it('json: one object, each item with kind, namespace, name, what it means and its command', () => {
    const json = JSON.parse(driftJson(REPORT)) as Record<string, Record<string, unknown>[]>;
    expect(Object.keys(json)).toEqual(['extra', 'changed', 'missing', 'orphaned', 'unlisted']);
    expect(json.extra?.[0]).toMatchObject({ kind: 'RoleBinding', namespace: 'research', name: 'debug', subjects: [{ subject: 'oidc:contractors', adds: ['get, list, watch secrets in research'] }] });
    expect(json.changed?.[1]?.fields).toEqual([
      { field: 'spec.hard["requests.nvidia.com/gpu"]', dist: '448', cluster: '512' },
      { field: 'spec.hard.pods', dist: null, cluster: '10' },
    ]);
    expect(json.orphaned?.[0]).toEqual({ kind: 'Namespace', namespace: null, name: 'vision', team: 'vision', persistentVolumeClaims: 2, command: 'kubectl delete namespace vision' });
  });

  it('markdown: a table per kind of drift, cells escaped, what was not compared', () => {
    const md = driftMarkdown(REPORT, 'ord1-prod');
    expect(md).toMatch(/^### Drift on ord1-prod\n\n1 extra grant, 2 changed, 1 missing, 1 orphaned namespace: the cluster compared with dist\/\.\n/);
    expect(md).toContain('| RoleBinding research/debug | grants oidc:contractors admin in research: more than teamLead, ! reads secrets | `kubectl delete rolebinding debug -n research` |');
    expect(md).toContain('| RoleBinding research/team-lead | subjects: + Group b\\|c |');
    expect(md).toContain('|  | spec.hard.pods: dist/ (none), cluster 10 |  |');
    expect(md).toContain("Not compared: LocalQueue (the server does not serve localqueues in kueue.x-k8s.io/v1beta2 (are Kueue's CRDs installed?)).");
  });

  it('commands act on the kubeconfig and context drift read, quoted for the shell', () => {
    const target = fixCommands({ kubeconfig: '/tmp/my kube', context: 'ord1-prod' });
    expect(target.remove({ kind: 'ClusterRoleBinding', namespace: null, name: 'debug-edit' })).toBe("kubectl --kubeconfig '/tmp/my kube' --context ord1-prod delete clusterrolebinding debug-edit");
  });
});
