import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureBinaries } from '../../lib/sandbox/binaries';
import { describeCluster } from '../helpers/cluster';
import { runCli } from '../helpers/cli';
import { ROOT } from '../helpers/example';
import { fixture } from '../helpers/org';

/** The processes whose command line mentions `text` (a sandbox folder): what must be gone after a failure or down. */
function processesMentioning(text: string): string[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .flatMap((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
        return cmdline.includes(text) && !cmdline.includes('vitest') ? [`${pid} ${cmdline.slice(0, 120)}`] : [];
      } catch {
        return [];
      }
    });
}

/** A copy of the example org, synthesized: teams.yaml, dist/ and the audit policy, as a user's checkout has them. */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cw-rbac-sandbox-'));
  cpSync(fixture('example'), join(dir, 'teams.yaml'));
  expect(runCli(dir, 'synth', ['--quiet']).status).toBe(0);
  return dir;
}

const sandbox = (dir: string, args: string[], env: Record<string, string> = {}) => runCli(dir, 'sandbox', args, env);

describeCluster('npm run sandbox: up, apply, down as a user runs them', () => {
  let dir: string;
  let kubectlPath: string;
  const kubectl = (args: string[]) => spawnSync(kubectlPath, ['--kubeconfig', join(dir, '.sandbox', 'kubeconfig'), ...args], { encoding: 'utf8' });

  beforeAll(async () => {
    dir = workspace();
    kubectlPath = (await ensureBinaries()).kubectl;
  });
  afterAll(() => {
    sandbox(dir, ['down']);
  });

  it('up: applies dist/, writes a kubeconfig with admin and one context per token, and says how to use it', () => {
    const r = sandbox(dir, ['up']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/sandbox: Kubernetes control plane running at https:\/\/127\.0\.0\.1:\d+/);
    expect(r.stderr).toContain('sandbox: dist/ applied: 89 created\n');
    expect(r.stdout).toContain(
      'kubeconfig: .sandbox/kubeconfig (contexts: admin, token-assistant-app-argo-sync, token-finetune-scheduler, token-research-dashboard, token-research-pipeline, token-serving-ci-deployer)\n',
    );
    expect(r.stdout).toContain('  export KUBECONFIG=.sandbox/kubeconfig PATH=');
    expect(kubectl(['config', 'current-context']).stdout).toBe('admin\n');
  });

  it("runs the CoreWeave token guide literally: the dashboard token lists pods, and listing secrets is the API server's Forbidden", () => {
    const pods = kubectl(['--context', 'token-research-dashboard', 'get', 'pods', '-n', 'research']);
    expect(pods.status).toBe(0);
    expect(pods.stderr).toBe('No resources found in research namespace.\n');
    const secrets = kubectl(['--context', 'token-research-dashboard', 'get', 'secrets', '-n', 'research']);
    expect(secrets.status).toBe(1);
    expect(secrets.stderr).toBe('Error from server (Forbidden): secrets is forbidden: User "cw-token-9a1b" cannot list resource "secrets" in API group "" in the namespace "research"\n');
    expect(kubectl(['--context', 'token-research-pipeline', 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']).stdout).toBe('system:serviceaccount:research:pipeline');
  });

  it('offline can-i answers as kubectl auth can-i on the sandbox', () => {
    const questions = [
      ['create', 'pods/exec', '-n', 'research', '--as-group', 'oidc:research-ml'],
      ['get', 'secrets', '-n', 'research', '--as-group', 'oidc:research-ml'],
      ['patch', 'deployments.apps/scale', '-n', 'inference', '--as-group', 'oidc:serving-oncall'],
      ['list', 'namespaces', '--as-group', 'oidc:finance'],
      ['delete', 'resourcequotas', '-n', 'data', '--as-group', 'oidc:data-leads'],
    ];
    for (const q of questions) {
      const offline = runCli(dir, 'can-i', q);
      const live = kubectl(['auth', 'can-i', ...q, '--as', 'someone']);
      expect(`${q.join(' ')}: ${offline.stdout.trim()}`).toBe(`${q.join(' ')}: ${live.stdout.trim()}`);
      expect(offline.status).toBe(live.status);
    }
  });

  it('a second up on a running sandbox says so and changes nothing', () => {
    const before = readFileSync(join(dir, '.sandbox', 'kubeconfig'), 'utf8');
    const r = sandbox(dir, ['up']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^sandbox: already running in \.sandbox\/ \(https:\/\/127\.0\.0\.1:\d+\); nothing changed/);
    expect(readFileSync(join(dir, '.sandbox', 'kubeconfig'), 'utf8')).toBe(before);
  });

  it('apply after an edit and a synth: prints what changed', () => {
    const teams = join(dir, 'teams.yaml');
    writeFileSync(teams, readFileSync(teams, 'utf8').replace('viewer: [research-observers]', 'viewer: [research-observers, research-interns]'));
    expect(runCli(dir, 'synth', ['--quiet']).status).toBe(0);
    const r = sandbox(dir, ['apply']);
    expect(r.stdout).toBe('RoleBinding research/viewer configured\n');
    expect(r.stderr).toBe('sandbox: dist/ applied: 1 configured, 88 unchanged\n');
    expect(r.status).toBe(0);
    expect(sandbox(dir, ['apply']).stderr).toBe('sandbox: dist/ applied: 89 unchanged\n');
  });

  it('down stops every process, and a second down says nothing is running', () => {
    const r = sandbox(dir, ['down']);
    expect(r.stderr).toBe('sandbox: stopped etcd, kube-apiserver, kube-controller-manager; .sandbox/logs and the audit log stay\n');
    expect(processesMentioning(join(dir, '.sandbox'))).toEqual([]);
    expect(readdirSync(join(dir, '.sandbox')).sort()).toEqual(['audit', 'logs']);
    expect(existsSync(join(dir, '.sandbox', 'audit', 'audit.log'))).toBe(true);
    expect(sandbox(dir, ['down'])).toEqual({ status: 0, stdout: '', stderr: 'sandbox: nothing is running in .sandbox/\n' });
  });
});

describeCluster('npm run sandbox: bad input and faults start nothing and leave nothing running', () => {
  it('without dist/', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-rbac-sandbox-'));
    cpSync(fixture('example'), join(dir, 'teams.yaml'));
    expect(sandbox(dir, ['up'])).toEqual({ status: 1, stdout: '', stderr: 'sandbox: dist/ does not exist: run `npx cdk8s synth` first\n' });
    expect(existsSync(join(dir, '.sandbox'))).toBe(false);
  });

  it('with an invalid teams.yaml: located errors', () => {
    const dir = workspace();
    writeFileSync(join(dir, 'teams.yaml'), readFileSync(join(dir, 'teams.yaml'), 'utf8').replace('  - name: data\n', '  - name: Data\n'));
    const r = sandbox(dir, ['up']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/\nteams\.yaml:108:11: teams\[3\]\.name: must be a DNS-1123 label .*, got "Data"\nsandbox: 2 errors in teams\.yaml; nothing was started or applied\n$/);
    expect(existsSync(join(dir, '.sandbox'))).toBe(false);
  });

  it('with dist/ out of date with teams.yaml', () => {
    const dir = workspace();
    writeFileSync(join(dir, 'teams.yaml'), readFileSync(join(dir, 'teams.yaml'), 'utf8').replace('gpu: 16\n', 'gpu: 24\n'));
    expect(sandbox(dir, ['up'])).toEqual({ status: 1, stdout: '', stderr: 'sandbox: dist/ is not what teams.yaml gives (team-data.yaml): run `npx cdk8s synth` first\n' });
  });

  it('with the port taken', async () => {
    const dir = workspace();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const r = sandbox(dir, ['up', '--port', String(port)]);
      expect(r).toEqual({ status: 1, stdout: '', stderr: `sandbox: port ${port} on 127.0.0.1 is taken by another process: choose another --port, or leave it out for a free one\n` });
      expect(processesMentioning(join(dir, '.sandbox'))).toEqual([]);
    } finally {
      taken.close();
    }
  });

  it('with a component that dies at start: its last log lines, and what was started is stopped', async () => {
    const dir = workspace();
    const real = await ensureBinaries();
    const assets = join(dir, 'assets');
    mkdirSync(assets);
    for (const b of ['etcd', 'kube-controller-manager', 'kubectl'] as const) symlinkSync(real[b], join(assets, b));
    // a script runs as /bin/sh, not as kube-apiserver: the pause makes sure its death, not its name, is awaited
    writeFileSync(join(assets, 'kube-apiserver'), '#!/bin/sh\nsleep 1\necho "E1201 run.go:72] error: unable to load server certificate: open /nowhere: no such file or directory" >&2\nexit 1\n');
    chmodSync(join(assets, 'kube-apiserver'), 0o755);
    const r = sandbox(dir, ['up'], { KUBEBUILDER_ASSETS: assets });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('sandbox: kube-apiserver exited while starting; the end of .sandbox/logs/kube-apiserver.log:\n  E1201 run.go:72] error: unable to load server certificate');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(processesMentioning(join(dir, '.sandbox'))).toEqual([]);
  });

  it('a killed up leaves nothing a later up cannot clean up', async () => {
    const dir = workspace();
    const child = spawn(process.execPath, ['-r', require.resolve('tsx/cjs'), join(ROOT, 'lib/cli/index.ts'), 'sandbox', 'up'], { cwd: dir, stdio: 'ignore' });
    const pidFile = join(dir, '.sandbox', 'kube-apiserver.pid');
    for (let i = 0; i < 600 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGKILL');
    expect(processesMentioning(join(dir, '.sandbox')).length).toBeGreaterThan(0); // etcd and kube-apiserver run on
    const r = sandbox(dir, ['up']);
    expect(r.stderr).toMatch(/^sandbox: stopping what an interrupted start left running in \.sandbox\/: etcd, kube-apiserver/);
    expect(r.status).toBe(0);
    expect(sandbox(dir, ['down']).status).toBe(0);
    expect(processesMentioning(join(dir, '.sandbox'))).toEqual([]);
  });
});
