import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RbacModel } from '../../lib/access/evaluator';
import { verify } from '../../lib/cli/verify';
import { capture } from '../helpers/capture';
import { runCli } from '../helpers/cli';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const TEAMS = `cluster:
  name: lab
  oidcGroupPrefix: "oidc:"
  admins: [ops]
  viewers: [finance]
teams:
  - name: alpha
    quota: { gpu: 8 }
    groups: { mlEngineer: [alpha-ml], teamLead: [alpha-leads] }
    tokens: [{ name: ci, tier: inferenceOperator, user: cw-token-1, rotatedAt: 2026-11-01 }]
  - name: beta
    quota: { gpu: 0 }
    groups: { viewer: [beta-view] }
`;

interface Review {
  apiVersion: string;
  kind: string;
  spec: { user?: string; groups?: string[]; resourceAttributes?: Record<string, string>; nonResourceAttributes?: Record<string, string> };
}

/** A loopback API server that answers SubjectAccessReviews from an RBAC model, as the authorization.k8s.io/v1 API does. */
function sarServer(model: RbacModel, override: (review: Review) => boolean | undefined, seen: { method?: string; url?: string; review?: Review }[]): Promise<Server> {
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk) => (body += String(chunk)));
    req.on('end', () => {
      const review = JSON.parse(body) as Review;
      seen.push({ method: req.method, url: req.url, review });
      const a = review.spec.resourceAttributes ?? {};
      const decision = model.authorize(
        { ...(review.spec.user ? { user: review.spec.user } : {}), groups: review.spec.groups ?? [] },
        { verb: a.verb ?? '', apiGroup: a.group ?? '', resource: a.resource, subresource: a.subresource, name: a.name, namespace: a.namespace },
      );
      const allowed = override(review) ?? decision.allowed === true;
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...review, status: { allowed, ...(allowed ? { reason: 'RBAC: allowed' } : {}) } }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function kubeconfig(dir: string, server: string): string {
  const path = join(dir, `kubeconfig-${server.replace(/\W/g, '')}`);
  writeFileSync(
    path,
    `apiVersion: v1
kind: Config
clusters: [{ name: lab, cluster: { server: "${server}", insecure-skip-tls-verify: true } }]
users: [{ name: verifier, user: { token: test-token } }]
contexts: [{ name: lab-admin, context: { cluster: lab, user: verifier } }]
current-context: lab-admin
`,
  );
  return path;
}

describe('verify against a loopback API server', () => {
  let dir: string;
  let model: RbacModel;
  const servers: Server[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cw-rbac-verify-'));
    writeFileSync(join(dir, 'teams.yaml'), TEAMS);
    expect(runCli(dir, 'synth', ['--quiet']).stderr).toBe('');
    model = RbacModel.fromDist(join(dir, 'dist'));
  });
  afterAll(() => servers.forEach((s) => s.close()));

  async function start(override: (review: Review) => boolean | undefined = () => undefined) {
    const seen: { method?: string; url?: string; review?: Review }[] = [];
    const server = await sarServer(model, override, seen);
    servers.push(server);
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
  }
  const run = (args: string[]) => capture(verify, ['--file', join(dir, 'teams.yaml'), ...args]);

  it('a cluster that applied dist/ agrees on every cell: exit 0; the reviews are SubjectAccessReviews', async () => {
    const { url, seen } = await start();
    const r = await run(['--kubeconfig', kubeconfig(dir, url)]);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^verify: asking lab-admin \(http:\/\/127\.0\.0\.1:\d+\) about (\d+) cells\.\.\.\nverify: \1 cells, the cluster agrees with the plan on every one\n$/);
    expect(r.code).toBe(0);
    expect(seen.every((s) => s.method === 'POST' && s.url === '/apis/authorization.k8s.io/v1/subjectaccessreviews')).toBe(true);
    expect(seen.map((s) => s.review)).toContainEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: { user: 'cw-token-1', groups: ['system:authenticated'], resourceAttributes: { verb: 'update', group: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'alpha' } },
    });
    expect(seen.map((s) => s.review?.spec.groups?.[0])).toEqual(expect.arrayContaining(['oidc:alpha-ml', 'oidc:alpha-leads', 'oidc:beta-view', 'oidc:finance', 'oidc:ops']));
  });

  it('reports every cell where the cluster disagrees, exit 1', async () => {
    const { url } = await start((review) => {
      const a = review.spec.resourceAttributes;
      if (review.spec.groups?.includes('oidc:alpha-ml') && a?.resource === 'secrets' && a.verb === 'get' && a.namespace === 'alpha') return true;
      if (review.spec.user === 'cw-token-1' && a?.resource === 'deployments' && a.subresource === 'scale' && a.verb === 'patch') return false;
      return undefined;
    });
    const r = await run(['--kubeconfig', kubeconfig(dir, url), '--context', 'lab-admin']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      'oidc:alpha-ml may get secrets in alpha: the plan says no, the cluster says yes (mlEngineer in alpha)\n' +
        'token ci (User cw-token-1) may patch deployments.apps/scale in alpha: the plan says yes, the cluster says no (inferenceOperator in alpha)\n',
    );
    expect(r.stderr).toMatch(/verify: \d+ cells, 2 where the cluster disagrees with the plan\n$/);
  });

  it('an unreachable cluster is a clear error, exit 1', async () => {
    const { url } = await start();
    const closed = servers.pop() as Server;
    await new Promise((resolve) => closed.close(resolve));
    const r = await run(['--kubeconfig', kubeconfig(dir, url)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').slice(-2)[0]).toMatch(new RegExp(`^verify: cannot reach the cluster at ${url.replace(/\./g, '\\.')} \\(context lab-admin\\): .*ECONNREFUSED`));
  });

  it('a context the kubeconfig does not have, and a bad command line', async () => {
    const { url } = await start();
    expect(await run(['--kubeconfig', kubeconfig(dir, url), '--context', 'prod'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'verify: no context "prod" in the kubeconfig; it has lab-admin\n',
    });
    expect((await capture(verify, ['--concurrency', '0'])).stderr).toContain('verify: --concurrency must be a positive integer, got "0"');
  });

  it('no kubeconfig at all is said as such, not as a failed connection to a default server', () => {
    const home = mkdtempSync(join(tmpdir(), 'cw-rbac-home-'));
    const r = runCli(dir, 'verify', [], { HOME: home, KUBECONFIG: '', KUBERNETES_SERVICE_HOST: '' });
    expect(r).toEqual({ status: 1, stdout: '', stderr: `verify: no kubeconfig: $KUBECONFIG is not set and ${join(home, '.kube', 'config')} does not exist; pass --kubeconfig PATH\n` });
  });
});
