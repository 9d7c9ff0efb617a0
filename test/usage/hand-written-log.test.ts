import { describe, expect, it } from 'vitest';
import { rbacReason, usageLog, type UsageEventInput } from '../helpers/usage-events';
import { UsageWorkspace } from '../helpers/usage-workspace';

// What the real API server does not easily produce: a log that starts after the window does, one without reads,
// events without the authorizer's annotations, an EventList, a malformed line. On the usage org
// (test/fixtures/usage/teams.yaml), window 2026-08-26 to the end of 2026-11-23.

interface ReportJson {
  window: { covered: boolean; readsRecorded: boolean };
  grants: { subject: string; namespace: string; requests: number; finding: string | null; suggest: unknown }[];
  denied: { subject: string; namespace: string | null; request: string; count: number; lowestTier: string | null }[];
  tokens: { token: string; lastUsed: string | null; finding: string | null }[];
}

/** An admin's write long before the window and one on its last day: a log that covers the window. */
const BOOKENDS: UsageEventInput[] = [
  { at: '2026-08-01T08:00:00.000000Z', verb: 'create', user: 'admin', groups: ['system:masters'], resource: 'configmaps', namespace: 'research', name: 'start' },
  { at: '2026-11-23T18:00:00.000000Z', verb: 'create', user: 'admin', groups: ['system:masters'], resource: 'configmaps', namespace: 'research', name: 'end' },
];
/** A read by a team subject on the window's first day: the log records reads (cluster.audit.usage). */
const A_READ: UsageEventInput = { at: '2026-08-26T09:00:00.000000Z', verb: 'list', user: 'erin', groups: ['oidc:finance'], resource: 'pods', namespace: 'research', reason: rbacReason('cluster-viewers', 'research', 'coreweave-rbac-viewer', 'Group "oidc:finance"') };

async function reportOf(...events: UsageEventInput[]): Promise<{ report: ReportJson; stdout: string; stderr: string; code: number; ws: UsageWorkspace }> {
  const ws = new UsageWorkspace(undefined, usageLog(...events));
  const run = await ws.report('-o', 'json');
  return { report: JSON.parse(run.stdout) as ReportJson, ...run, ws };
}

const finding = (r: ReportJson, subject: string, namespace = 'research') => r.grants.find((g) => g.subject === subject && g.namespace === namespace);

describe('usage never calls a grant unused on evidence the log cannot have', () => {
  it('a log that starts after the window does: not covered, nothing unused, and --apply refuses', async () => {
    const late = { ...A_READ, at: '2026-10-01T09:00:00.000000Z' };
    const { report, ws } = await reportOf(late, BOOKENDS[1]!);
    expect(report.window).toMatchObject({ covered: false });
    expect(report.grants.filter((g) => g.finding === 'unused')).toEqual([]);
    expect(report.tokens.map((t) => t.finding)).toEqual([null, null, null, null]);
    const table = await ws.report();
    expect(table.stdout.split('\n')[0]).toBe(
      'window 2026-08-26 00:00 to 2026-11-24 00:00 UTC (90 days); the log runs from 2026-10-01 09:00 to 2026-11-23 18:00; it does not cover the window, so no grant or token is called unused; it does not record reads (get, list, watch) of team subjects from the window\'s start (set cluster.audit.usage), so no grant or token is called unused and a narrower tier keeps every read of the grant.',
    );
    const before = ws.files();
    const apply = await ws.report('--apply');
    expect(apply.code).toBe(1);
    expect(apply.stderr).toBe(
      'usage: the log does not cover the window 2026-08-26T00:00:00.000000Z to 2026-11-24T00:00:00.000000Z (it runs from 2026-10-01T09:00:00.000000Z to 2026-11-23T18:00:00.000000Z), expected evidence of the whole window before access is taken away; nothing was written\n',
    );
    expect(ws.files()).toEqual(before);
  });

  it('a log that ends days before --now does not cover the window either', async () => {
    const { report } = await reportOf(BOOKENDS[0]!, A_READ, { ...BOOKENDS[1]!, at: '2026-11-20T18:00:00.000000Z' });
    expect(report.window.covered).toBe(false);
  });

  it('a log without reads (no cluster.audit.usage): nothing unused, and no tier below the grant, whose reads may be in use', async () => {
    const ci = { user: 'cw-token-7f3a', namespace: 'inference', reason: rbacReason('token-ci-deployer', 'inference', 'coreweave-rbac-inference-operator', 'User "cw-token-7f3a"') };
    const { report } = await reportOf(...BOOKENDS, { ...ci, at: '2026-11-20T10:00:00.000000Z', verb: 'patch', resource: 'deployments', apiGroup: 'apps', subresource: 'scale', name: 'llm' });
    expect(report.window).toEqual({ from: '2026-08-26T00:00:00.000000Z', to: '2026-11-24T00:00:00.000000Z', covered: true, readsRecorded: false });
    expect(report.grants.filter((g) => g.finding !== null)).toEqual([]);
    expect(finding(report, 'cw-token-7f3a', 'inference')).toMatchObject({ requests: 1, finding: null, suggest: null });
    expect(report.tokens.every((t) => t.finding === null)).toBe(true);
  });

  it('reads on the first day of the window make them recorded; only then is a grant without requests unused', async () => {
    const { report } = await reportOf(...BOOKENDS, A_READ);
    expect(report.window).toMatchObject({ covered: true, readsRecorded: true });
    expect(finding(report, 'oidc:contractors')?.finding).toBe('unused');
    // one list of 57 permissions: a small part of the viewer tier, the lowest there is
    expect(finding(report, 'oidc:finance')).toMatchObject({ requests: 1, finding: 'narrower', suggest: { role: { name: 'used-by-finance', rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }] } } });
  });
});

describe('usage attributes each allowed request to one grant', () => {
  const alice = { user: 'alice', groups: ['oidc:research-ml', 'oidc:research-observers'], namespace: 'research' };

  it('by the binding the reason annotation names', async () => {
    const { report } = await reportOf(...BOOKENDS, A_READ, { ...alice, at: '2026-10-01T10:00:00.000000Z', verb: 'list', resource: 'pods', reason: rbacReason('ml-engineer', 'research', 'coreweave-rbac-ml-engineer', 'Group "oidc:research-ml"') });
    expect(finding(report, 'oidc:research-ml')?.requests).toBe(1);
    expect(finding(report, 'oidc:research-observers')?.requests).toBe(0);
  });

  it('without the annotations, through user.groups and dist/: the smallest grant that allows it', async () => {
    const { report } = await reportOf(...BOOKENDS, A_READ, { ...alice, at: '2026-10-01T10:00:00.000000Z', verb: 'list', resource: 'pods', decision: null });
    expect(finding(report, 'oidc:research-observers')?.requests).toBe(1);
    expect(finding(report, 'oidc:research-ml')?.requests).toBe(0);
    // only the mlEngineer grant allows creating pods
    const creates = await reportOf(...BOOKENDS, A_READ, { ...alice, at: '2026-10-01T10:00:00.000000Z', verb: 'create', resource: 'pods', name: 'x', code: 201, reason: '' });
    expect(finding(creates.report, 'oidc:research-ml')?.requests).toBe(1);
  });

  it("without the decision annotation, tells RBAC's refusal from admission's by the message", async () => {
    const quota = 'pods "x" is forbidden: exceeded quota: team-quota, requested: requests.nvidia.com/gpu=1, used: requests.nvidia.com/gpu=8, limited: requests.nvidia.com/gpu=8';
    const rbac = 'secrets is forbidden: User "alice" cannot list resource "secrets" in API group "" in the namespace "research"';
    const { report } = await reportOf(
      ...BOOKENDS,
      A_READ,
      { ...alice, at: '2026-10-01T10:00:00.000000Z', verb: 'create', resource: 'pods', name: 'x', code: 403, message: quota, decision: null },
      { ...alice, at: '2026-10-01T10:01:00.000000Z', verb: 'list', resource: 'secrets', code: 403, message: rbac, decision: null },
    );
    expect(finding(report, 'oidc:research-ml')?.requests).toBe(1);
    expect(report.denied).toEqual([{ subject: 'alice', namespace: 'research', request: 'list secrets', count: 1, lowestTier: 'teamLead' }]);
  });

  it("counts an impersonated token user's requests for its grant, but not as a use of the token's credential", async () => {
    const ci = { user: 'cw-token-7f3a', namespace: 'inference', impersonatedBy: 'admin', reason: rbacReason('token-ci-deployer', 'inference', 'coreweave-rbac-inference-operator', 'User "cw-token-7f3a"') };
    const { report } = await reportOf(...BOOKENDS, A_READ, { ...ci, at: '2026-10-01T10:00:00.000000Z', verb: 'get', resource: 'deployments', apiGroup: 'apps', name: 'llm' });
    expect(finding(report, 'cw-token-7f3a', 'inference')?.requests).toBe(1);
    expect(report.tokens.find((t) => t.token === 'ci-deployer')).toEqual({ team: 'serving', token: 'ci-deployer', lastUsed: null, finding: 'unused' });
  });

  it('counts a request once, at ResponseComplete, and not a request of another team namespace', async () => {
    const read = { ...alice, at: '2026-10-01T10:00:00.000000Z', verb: 'watch', resource: 'pods', reason: rbacReason('ml-engineer', 'research', 'coreweave-rbac-ml-engineer', 'Group "oidc:research-ml"') };
    const { report } = await reportOf(...BOOKENDS, A_READ, { ...read, stage: 'ResponseStarted' }, read, { ...read, namespace: 'kube-system', reason: '' });
    expect(finding(report, 'oidc:research-ml')?.requests).toBe(1);
  });
});

describe('usage reads what the log backends write', () => {
  it('an EventList (the webhook backend batches Events) counts each Event', async () => {
    const list = JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: usageLog(A_READ, { ...A_READ, at: '2026-09-01T09:00:00.000000Z' }).trim().split('\n').map((l) => JSON.parse(l) as unknown) });
    const ws = new UsageWorkspace(undefined, usageLog(...BOOKENDS) + `${list}\n`);
    const run = await ws.report('-o', 'json');
    expect((JSON.parse(run.stdout) as ReportJson).grants.find((g) => g.subject === 'oidc:finance')?.requests).toBe(2);
  });

  it('a malformed line is reported with its number and skipped; the report is printed; exit 1', async () => {
    const ws = new UsageWorkspace(undefined, `${usageLog(...BOOKENDS)}{"kind":"Event","apiVersion":"audit.k8s.io/v1","stage":"Resp\n${usageLog(A_READ)}`);
    const run = await ws.report('-o', 'json');
    expect(run.stderr).toBe(`usage: ${ws.log}:3: malformed line skipped: expected a JSON audit event, got "{\\"kind\\":\\"Event\\",\\"apiVersion\\":\\"audit.k8s.io/v1\\",\\"stage\\":\\"Resp" (cut short?)\n`);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as ReportJson).grants.find((g) => g.subject === 'oidc:finance')?.requests).toBe(1);
    const before = ws.files();
    const apply = await ws.report('--apply');
    expect(apply.code).toBe(1);
    expect(apply.stderr).toMatch(/usage: the logs could not all be read \(see above\), expected complete evidence before teams.yaml is changed; nothing was written\n$/);
    expect(ws.files()).toEqual(before);
  });

  it('a log that starts as gzip but does not decompress is reported; the others are still read', async () => {
    const { gzipSync } = await import('node:zlib');
    const { writeFileSync } = await import('node:fs');
    const ws = new UsageWorkspace(undefined, usageLog(...BOOKENDS, A_READ));
    const broken = `${ws.dir}/broken.log.gz`;
    writeFileSync(broken, gzipSync(usageLog(A_READ)).subarray(0, 30));
    const run = await ws.run([broken, ws.log, '-o', 'json']);
    expect(run.stderr).toMatch(/^usage: .*broken\.log\.gz: not a valid gzip stream: unexpected end of file\n$/);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as ReportJson).grants.find((g) => g.subject === 'oidc:finance')?.requests).toBe(1);
  });
});
