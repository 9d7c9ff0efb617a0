import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { RbacModel } from '../../lib/access/evaluator';
import { specCells } from '../../lib/access/spec-cells';
import { describeRequest } from '../../lib/access/request-syntax';
import { kubeconfigText } from '../../lib/sandbox/control-plane';
import type { KubeObject } from '../../lib/kube/rest-client';
import type { Org } from '../../lib/sandbox/sandbox';
import { applyTestOrg, clusterState, describeCluster, kubectl } from '../helpers/cluster';
import { runCli } from '../helpers/cli';
import { fixture, orgOfText } from '../helpers/org';

interface Reported {
  who: string;
  request: { verb: string; resource?: string; namespace?: string };
  plan: boolean;
  cluster: boolean;
}

/** The cells verify must report when the cluster holds `live` instead of the org's objects: computed offline. */
function expectedDisagreements(org: Org, live: readonly KubeObject[]): string[] {
  const model = RbacModel.fromObjects(live);
  return specCells(org.plan)
    .filter((c) => model.authorize(c.subject, c.request).allowed !== c.expected)
    .map((c) => `${c.who} ${describeRequest(c.request)} ${c.request.namespace ?? ''} plan=${c.expected}`)
    .sort();
}

const asLines = (reported: Reported[]) => reported.map((d) => `${d.who} ${describeRequest(d.request as never)} ${d.request.namespace ?? ''} plan=${d.plan}`).sort();

describeCluster('verify against the real API server', () => {
  let dir: string;
  let org: Org;
  let kubeconfig: string;
  const verify = (args: string[] = []) => runCli(dir, 'verify', ['--kubeconfig', kubeconfig, '--format', 'json', ...args]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cw-rbac-verify-'));
    const text = readFileSync(fixture('example'), 'utf8');
    writeFileSync(join(dir, 'teams.yaml'), text);
    org = orgOfText(text);
    await applyTestOrg(org);
    kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, kubeconfigText(clusterState(), [{ name: 'admin', token: clusterState().adminToken }], 'admin'));
  });

  it('a freshly applied org: 0 disagreements, exit 0', () => {
    const r = verify();
    expect(r.stderr).toMatch(/verify: (\d+) cells, the cluster agrees with the plan on every one\n$/);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(r.status).toBe(0);
  });

  it('a group added by hand to a RoleBinding: exactly the cells it changes, exit 1', async () => {
    const patch = [{ op: 'add', path: '/subjects/-', value: { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'oidc:research-observers' } }];
    expect(kubectl(['patch', 'rolebinding', 'ml-engineer', '-n', 'research', '--type=json', '-p', JSON.stringify(patch)]).status).toBe(0);
    const live = org.objects.map((o) =>
      o.kind === 'RoleBinding' && o.metadata.name === 'ml-engineer' && o.metadata.namespace === 'research' ? { ...o, subjects: [...(o.subjects as object[]), patch[0]?.value] } : o,
    );
    const expected = expectedDisagreements(org, live);
    expect(expected.length).toBeGreaterThan(10);
    expect(expected.every((line) => line.startsWith('oidc:research-observers '))).toBe(true);
    const r = verify();
    expect(r.status).toBe(1);
    expect(asLines(JSON.parse(r.stdout) as Reported[])).toEqual(expected);
    await applyTestOrg(org); // Flux would put it back: server-side apply owns the subjects list
    expect(verify().status).toBe(0);
  });

  it('a rule added by hand to a tier ClusterRole: every viewer now reads secrets, exit 1', async () => {
    const rule = { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] };
    expect(kubectl(['patch', 'clusterrole', 'coreweave-rbac-viewer', '--type=json', '-p', JSON.stringify([{ op: 'add', path: '/rules/-', value: rule }])]).status).toBe(0);
    const live = org.objects.map((o) => (o.kind === 'ClusterRole' && o.metadata.name === 'coreweave-rbac-viewer' ? { ...o, rules: [...(o.rules as object[]), rule] } : o));
    const expected = expectedDisagreements(org, live);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.every((line) => /^\S+.* (get|list|watch) secrets \S+ plan=false$/.test(line))).toBe(true);
    const r = verify();
    expect(r.status).toBe(1);
    expect(asLines(JSON.parse(r.stdout) as Reported[])).toEqual(expected);
    await applyTestOrg(org);
    expect(verify().status).toBe(0);
  });

  it('wrong credentials: one clear line, exit 1', () => {
    const wrong = join(dir, 'wrong-kubeconfig');
    writeFileSync(wrong, kubeconfigText(clusterState(), [{ name: 'admin', token: 'not-a-token' }], 'admin'));
    const r = runCli(dir, 'verify', ['--kubeconfig', wrong]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(/^verify: https:\/\/127\.0\.0\.1:\d+ refused the SubjectAccessReview \(HTTP 401\): Unauthorized$/);
  });

  it('an unreachable server: one clear line, exit 1', () => {
    const gone = join(dir, 'gone-kubeconfig');
    writeFileSync(gone, kubeconfigText({ ...clusterState(), server: 'https://127.0.0.1:1' }, [{ name: 'admin', token: 'x' }], 'admin'));
    const r = runCli(dir, 'verify', ['--kubeconfig', gone]);
    expect(r.status).toBe(1);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(/^verify: cannot reach the cluster at https:\/\/127\.0\.0\.1:1 \(context admin\): .*ECONNREFUSED/);
  });
});
