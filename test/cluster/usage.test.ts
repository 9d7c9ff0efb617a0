import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { sandboxClient } from '../../lib/sandbox/control-plane';
import { orgOfOutputs } from '../../lib/sandbox/sandbox';
import { synthesize } from '../../lib/synth/synthesize';
import { applyTestOrg, clusterState, describeCluster, kubectl, userToken } from '../helpers/cluster';
import { runCli } from '../helpers/cli';
import { NOW } from '../helpers/example';
import { USAGE_TEAMS } from '../helpers/usage-fixture';
import { usageTraffic, waitForTeamNamespaces, type TrafficClient, type UsageToken } from '../helpers/usage-traffic';
import { UsageWorkspace } from '../helpers/usage-workspace';

// The usage org's traffic (test/helpers/usage-traffic.ts) on the test control plane, whose audit policy is the
// cluster fixture org's: without cluster.audit.usage, so reads go unrecorded. What `usage` makes of that log,
// next to what it makes of the log recorded with reads (test/fixtures/usage/audit.log, test/usage/).

interface ReportJson {
  window: { covered: boolean; readsRecorded: boolean };
  grants: { subject: string; namespace: string; requests: number; used: string[]; finding: string | null }[];
  denied: { subject: string; namespace: string | null; request: string; count: number; lowestTier: string | null }[];
  tokens: { token: string; lastUsed: string | null; finding: string | null }[];
}

const READS = /^(get|list|watch) /;

describeCluster('usage on the audit log of a real API server that does not record reads', () => {
  let dir: string;
  let live: ReportJson;
  let recorded: ReportJson;

  beforeAll(async () => {
    const text = readFileSync(USAGE_TEAMS, 'utf8');
    const outputs = synthesize(text, { now: NOW });
    dir = mkdtempSync(join(tmpdir(), 'cw-rbac-usage-'));
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'teams.yaml'), text);
    for (const [file, content] of outputs.dist) writeFileSync(join(dir, 'dist', file), content);
    await applyTestOrg(orgOfOutputs(outputs));
    const api = sandboxClient(clusterState());
    const pipeline = (await api.send<{ status: { token: string } }>('POST', '/api/v1/namespaces/research/serviceaccounts/pipeline/token', { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: {} })).status.token;
    api.close();
    const tokens: Record<UsageToken, string> = { 'ci-deployer': userToken('cw-token-7f3a'), dashboard: userToken('cw-token-9a1b'), notebook: userToken('cw-token-2b9c'), pipeline };
    const client: TrafficClient = {
      admin: (args, input) => kubectl(args, input !== undefined ? { input } : {}),
      as: (user, groups, args, input) => kubectl([`--as=${user}`, ...groups.map((g) => `--as-group=${g}`), ...args], input !== undefined ? { input } : {}),
      token: (name, args) => kubectl(args, { token: tokens[name] }),
    };
    waitForTeamNamespaces(client);
    // only this file's traffic: the log from here on
    const log = clusterState().auditLog;
    const start = statSync(log).size;
    usageTraffic(client, () => undefined);
    const end = statSync(log).size;
    const bytes = Buffer.alloc(end - start);
    const fd = openSync(log, 'r');
    readSync(fd, bytes, 0, bytes.length, start);
    closeSync(fd);
    writeFileSync(join(dir, 'audit.log'), bytes);
    const now = new Date(Date.now() + 60_000).toISOString();
    const r = runCli(dir, 'usage', ['audit.log', '--window', '1d', '--now', now, '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    live = JSON.parse(r.stdout) as ReportJson;
    const ws = new UsageWorkspace();
    recorded = JSON.parse((await ws.report('-o', 'json')).stdout) as ReportJson;
  });

  it('says the log does not record reads, and so calls nothing unused and narrows nothing', () => {
    expect(live.window.readsRecorded).toBe(false);
    expect(live.grants.filter((g) => g.finding !== null)).toEqual([]);
    expect(live.tokens.filter((t) => t.finding !== null)).toEqual([]);
  });

  it("attributes the writes as the log with reads does: each grant's permissions used are the recorded log's, without the reads", () => {
    const writes = (report: ReportJson) => report.grants.map((g) => ({ grant: `${g.namespace} ${g.subject}`, used: g.used.filter((u) => !READS.test(u)) })).filter((g) => g.used.length > 0);
    // the contractor's pod counts here, all traffic being in the last day; the recorded log moves it before the window
    expect(writes(live)).toEqual([{ grant: 'research oidc:contractors', used: ['create pods'] }, ...writes(recorded)]);
    expect(writes(recorded).map((g) => g.grant)).toEqual(['research oidc:research-leads', 'research oidc:research-ml', 'inference cw-token-7f3a', 'inference oidc:serving-oncall']);
  });

  it('lists the same refusals, with the same lowest tiers (secrets are recorded either way)', () => {
    expect(live.denied).toEqual(recorded.denied);
  });

  it("knows a token's last use only from what the log records: the CI token's writes, the pipeline's refused secrets read", () => {
    const last = Object.fromEntries(live.tokens.map((t) => [t.token, t.lastUsed === null ? null : 'today']));
    expect(last).toEqual({ dashboard: null, notebook: null, pipeline: 'today', 'ci-deployer': 'today' });
  });
});
