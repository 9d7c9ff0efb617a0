import { beforeAll, describe, expect, it } from 'vitest';
import { UsageWorkspace } from '../helpers/usage-workspace';

// Every finding of `usage` on the audit log a real API server wrote for the usage org (test/fixtures/usage:
// teams.yaml, audit.log recorded by record.ts, its three phases moved 95 and 60 days back and to the tests' NOW,
// so that the log covers the 90-day window ending on 2026-11-23).

interface ReportJson {
  window: { from: string; to: string; covered: boolean; readsRecorded: boolean };
  grants: { subject: string; kind: string; team: string; namespace: string; grant: string; binding: string; requests: number; firstSeen: string | null; lastSeen: string | null; used: string[]; finding: string | null; suggest: unknown }[];
  denied: { subject: string; namespace: string | null; request: string; count: number; lowestTier: string | null }[];
  tokens: { team: string; token: string; lastUsed: string | null; finding: string | null }[];
}

const day = (t: string | null): string | null => (t === null ? null : t.slice(0, 10));

describe('usage on a log recorded from a real API server', () => {
  let ws: UsageWorkspace;
  let report: ReportJson;

  beforeAll(async () => {
    ws = new UsageWorkspace();
    const run = await ws.report('-o', 'json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    report = JSON.parse(run.stdout) as ReportJson;
  });

  it('reads a window of 90 days ending with --now, which the log covers, with reads recorded', () => {
    expect(report.window).toEqual({ from: '2026-08-26T00:00:00.000000Z', to: '2026-11-24T00:00:00.000000Z', covered: true, readsRecorded: true });
  });

  it('reports every grant of dist/: subject, binding, requests in the window, first and last seen, the permissions used', () => {
    expect(report.grants.map((g) => ({ ...g, firstSeen: day(g.firstSeen), lastSeen: day(g.lastSeen), suggest: undefined }))).toEqual([
      { subject: 'cw-token-2b9c', kind: 'User', team: 'research', namespace: 'research', grant: 'viewer', binding: 'RoleBinding research/token-notebook', requests: 0, firstSeen: null, lastSeen: null, used: [], finding: 'unused', suggest: undefined },
      { subject: 'cw-token-9a1b', kind: 'User', team: 'research', namespace: 'research', grant: 'role:pod-reader', binding: 'RoleBinding research/token-dashboard', requests: 2, firstSeen: '2026-11-23', lastSeen: '2026-11-23', used: ['get pods', 'list pods'], finding: null, suggest: undefined },
      { subject: 'oidc:contractors', kind: 'Group', team: 'research', namespace: 'research', grant: 'mlEngineer', binding: 'RoleBinding research/ml-engineer', requests: 0, firstSeen: null, lastSeen: null, used: [], finding: 'unused', suggest: undefined },
      {
        subject: 'oidc:finance', kind: 'Group', team: 'research', namespace: 'research', grant: 'viewer', binding: 'RoleBinding research/cluster-viewers', requests: 7, firstSeen: '2026-11-23', lastSeen: '2026-11-23',
        used: ['list cronjobs.batch', 'list deployments.apps', 'list jobs.batch', 'list persistentvolumeclaims', 'list pods', 'list services', 'list statefulsets.apps'], finding: null, suggest: undefined,
      },
      {
        subject: 'oidc:research-leads', kind: 'Group', team: 'research', namespace: 'research', grant: 'teamLead', binding: 'RoleBinding research/team-lead', requests: 4, firstSeen: '2026-09-24', lastSeen: '2026-09-24',
        used: ['create jobs.batch', 'delete jobs.batch', 'list jobs.batch', 'list pods'], finding: 'narrower', suggest: undefined,
      },
      {
        subject: 'oidc:research-ml', kind: 'Group', team: 'research', namespace: 'research', grant: 'mlEngineer', binding: 'RoleBinding research/ml-engineer', requests: 15, firstSeen: '2026-09-24', lastSeen: '2026-11-23',
        // kubectl exec asks for the WebSocket upgrade (get) and falls back to SPDY (create)
        used: ['create configmaps', 'create jobs.batch', 'create persistentvolumeclaims', 'create pods', 'create pods/exec', 'delete pods', 'get jobs.batch', 'get pods', 'get pods/exec', 'get pods/log', 'list jobs.batch', 'list pods'],
        finding: null, suggest: undefined,
      },
      {
        subject: 'oidc:research-observers', kind: 'Group', team: 'research', namespace: 'research', grant: 'viewer', binding: 'RoleBinding research/viewer', requests: 7, firstSeen: '2026-09-24', lastSeen: '2026-09-24',
        used: ['get pods', 'get pods/log', 'list cronjobs.batch', 'list deployments.apps', 'list jobs.batch', 'list pods'], finding: null, suggest: undefined,
      },
      { subject: 'research/pipeline', kind: 'ServiceAccount', team: 'research', namespace: 'research', grant: 'mlEngineer', binding: 'RoleBinding research/token-pipeline', requests: 4, firstSeen: '2026-09-24', lastSeen: '2026-09-24', used: ['get pods', 'get pods/log', 'list pods'], finding: 'narrower', suggest: undefined },
      { subject: 'cw-token-7f3a', kind: 'User', team: 'serving', namespace: 'inference', grant: 'inferenceOperator', binding: 'RoleBinding inference/token-ci-deployer', requests: 4, firstSeen: '2026-11-23', lastSeen: '2026-11-23', used: ['get deployments.apps', 'patch deployments.apps/scale'], finding: 'narrower', suggest: undefined },
      { subject: 'oidc:finance', kind: 'Group', team: 'serving', namespace: 'inference', grant: 'viewer', binding: 'RoleBinding inference/cluster-viewers', requests: 0, firstSeen: null, lastSeen: null, used: [], finding: 'unused', suggest: undefined },
      {
        subject: 'oidc:serving-oncall', kind: 'Group', team: 'serving', namespace: 'inference', grant: 'inferenceOperator', binding: 'RoleBinding inference/inference-operator', requests: 12, firstSeen: '2026-11-23', lastSeen: '2026-11-23',
        used: ['create configmaps', 'get configmaps', 'get deployments.apps', 'list configmaps', 'list deployments.apps', 'list horizontalpodautoscalers.autoscaling', 'list pods', 'list services', 'patch configmaps', 'patch deployments.apps'],
        finding: null, suggest: undefined,
      },
    ]);
  });

  it('unused: the contractors group and the notebook token, whose last requests came before the window, and finance in the namespace it never looked at', () => {
    expect(report.grants.filter((g) => g.finding === 'unused').map((g) => `${g.namespace} ${g.subject}`)).toEqual(['research cw-token-2b9c', 'research oidc:contractors', 'inference oidc:finance']);
    expect(report.grants.filter((g) => g.finding === 'unused').every((g) => g.suggest === null)).toBe(true);
  });

  it('narrower: the lowest tier below the grant that allows everything used', () => {
    const suggest = (subject: string) => report.grants.find((g) => g.subject === subject)?.suggest;
    // team leads launched and deleted jobs and read: mlEngineer (inferenceOperator cannot write jobs)
    expect(suggest('oidc:research-leads')).toEqual({ tier: 'mlEngineer' });
    // the pipeline only read pods and their logs
    expect(suggest('research/pipeline')).toEqual({ tier: 'viewer' });
  });

  it('narrower: the CI token that only scales one Deployment gets a role of exactly that, by name', () => {
    expect(report.grants.find((g) => g.subject === 'cw-token-7f3a')?.suggest).toEqual({
      role: {
        name: 'used-by-ci-deployer',
        rules: [
          { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'], resourceNames: ['llm'] },
          { apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['patch'], resourceNames: ['llm'] },
        ],
      },
    });
  });

  it('attributes impersonated requests to the impersonated identity, through the binding the authorizer names', () => {
    // every person's request went through the admin's --as/--as-group: none counts for the admin
    const people = report.grants.filter((g) => g.kind === 'Group' && g.requests > 0).map((g) => g.subject);
    expect(people).toEqual(['oidc:finance', 'oidc:research-leads', 'oidc:research-ml', 'oidc:research-observers', 'oidc:serving-oncall']);
  });

  it('denied: refusals per subject and namespace, with the lowest tier that would allow them, or no tier in another team namespace', () => {
    expect(report.denied).toEqual([
      { subject: 'bob', namespace: 'inference', request: 'create pods', count: 1, lowestTier: null },
      { subject: 'dave', namespace: 'inference', request: 'list secrets', count: 1, lowestTier: 'teamLead' },
      { subject: 'otto', namespace: 'research', request: 'create configmaps', count: 1, lowestTier: 'inferenceOperator' },
      { subject: 'system:serviceaccount:research:pipeline', namespace: 'research', request: 'list secrets', count: 1, lowestTier: 'teamLead' },
    ]);
  });

  it('tokens: last used, unused in the window, used after the rotate-by date', () => {
    expect(report.tokens.map((t) => ({ ...t, lastUsed: day(t.lastUsed) }))).toEqual([
      { team: 'research', token: 'dashboard', lastUsed: '2026-11-23', finding: 'used-after-rotate-by' },
      { team: 'research', token: 'notebook', lastUsed: '2026-08-20', finding: 'unused' },
      { team: 'research', token: 'pipeline', lastUsed: '2026-09-24', finding: null },
      { team: 'serving', token: 'ci-deployer', lastUsed: '2026-11-23', finding: null },
    ]);
  });

  it('--team keeps one team', async () => {
    const run = await ws.report('-o', 'json', '--team', 'serving');
    const only = JSON.parse(run.stdout) as ReportJson;
    expect(only.grants.map((g) => g.subject)).toEqual(['cw-token-7f3a', 'oidc:finance', 'oidc:serving-oncall']);
    expect(only.denied.map((d) => d.subject)).toEqual(['bob', 'dave']);
    expect(only.tokens.map((t) => t.token)).toEqual(['ci-deployer']);
  });

  it('prints a table: the window, one row per grant, the refusals and the tokens', async () => {
    const run = await ws.report();
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('window 2026-08-26 00:00 to 2026-11-24 00:00 UTC (90 days); the log runs from 2026-08-20 08:59 to 2026-11-23 09:00.');
    expect(lines[2]).toMatch(/^TEAM +NAMESPACE +SUBJECT +GRANT +REQUESTS +LAST SEEN +USED +FINDING +SUGGEST$/);
    const row = (subject: string) => lines.find((l) => l.includes(` ${subject} `))?.split(/ {3,}/);
    expect(row('token ci-deployer')).toEqual(['serving', 'inference', 'token ci-deployer', 'inferenceOperator', '4', '2026-11-23', '2 of 83', 'narrower', 'role used-by-ci-deployer (2 rules)']);
    expect(row('oidc:contractors')).toEqual(['research', 'research', 'oidc:contractors', 'mlEngineer', '0', '-', '0 of 94', 'unused', 'remove']);
    expect(row('oidc:research-leads')).toEqual(['research', 'research', 'oidc:research-leads', 'teamLead', '4', '2026-09-24', '4 of 136', 'narrower', 'tier mlEngineer']);
    expect(run.stdout).toContain('Refused requests (for review):\nNAMESPACE   SUBJECT ');
    expect(lines.find((l) => l.startsWith('inference   bob'))?.split(/ {3,}/)).toEqual(['inference', 'bob', 'create pods', '1', 'no tier']);
    expect(lines.find((l) => /^research +dashboard /.test(l))?.split(/ {3,}/)).toEqual(['research', 'dashboard', '2026-11-23 09:00', '2026-11-08', 'used-after-rotate-by']);
  });

  it('prints Markdown for the review record, with each new role as teams.yaml would hold it', async () => {
    const run = await ws.report('-o', 'markdown');
    expect(run.stdout).toMatch(/^# Least privilege from the audit log\n\nWindow 2026-08-26 00:00 to 2026-11-24 00:00 UTC/);
    expect(run.stdout).toContain('| serving | inference | token ci-deployer | inferenceOperator | 4 | 2026-11-23 | narrower | role used-by-ci-deployer (2 rules) |');
    expect(run.stdout).toContain(
      [
        '```yaml',
        '- name: used-by-ci-deployer',
        '  rules:',
        '    - { apiGroups: [apps], resources: [deployments], verbs: [get], resourceNames: [llm] }',
        '    - { apiGroups: [apps], resources: [deployments/scale], verbs: [patch], resourceNames: [llm] }',
        '```',
      ].join('\n'),
    );
    expect(run.stdout).toContain('| research | notebook | 2026-08-20 09:00 | 2026-12-30 | unused |');
  });

  it('--strict exits 1 on findings, saying how many', async () => {
    const run = await ws.report('--strict');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('usage: 6 grant findings, 2 token findings\n');
  });

  it('reads the log gzipped too', async () => {
    const { gzipSync } = await import('node:zlib');
    const { readFileSync, writeFileSync } = await import('node:fs');
    const gz = `${ws.log}.gz`;
    writeFileSync(gz, gzipSync(readFileSync(ws.log)));
    const run = await ws.run([gz, '-o', 'json']);
    expect(JSON.parse(run.stdout)).toEqual(report);
  });
});
