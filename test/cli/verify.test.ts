import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { verify } from '../../lib/cli/verify';
import { capture } from '../helpers/capture';
import { runCli } from '../helpers/cli';

// verify against a real API server (agreement, disagreements, wrong credentials, an unreachable server) is in
// test/cluster/verify.test.ts; these are the cases that never reach a server.

const TEAMS = `cluster:
  name: lab
  oidcGroupPrefix: "oidc:"
  admins: [ops]
teams:
  - name: alpha
    quota: { gpu: 8 }
    groups: { mlEngineer: [alpha-ml] }
`;

describe('verify before it asks a cluster', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cw-rbac-verify-'));
    writeFileSync(join(dir, 'teams.yaml'), TEAMS);
    writeFileSync(
      join(dir, 'kubeconfig'),
      `apiVersion: v1
kind: Config
clusters: [{ name: lab, cluster: { server: "https://127.0.0.1:1" } }]
users: [{ name: verifier, user: { token: test-token } }]
contexts: [{ name: lab-admin, context: { cluster: lab, user: verifier } }]
current-context: lab-admin
`,
    );
  });

  it('a context the kubeconfig does not have, and a bad command line', async () => {
    expect(await capture(verify, ['--file', join(dir, 'teams.yaml'), '--kubeconfig', join(dir, 'kubeconfig'), '--context', 'prod'])).toEqual({
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
