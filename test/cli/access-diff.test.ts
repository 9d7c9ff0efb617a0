import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';

const HEADER = 'cluster:\n  name: lab\n  oidcGroupPrefix: "oidc:"\n  admins: [ops]\nteams:\n';
const ALPHA = (groups: string, tokens: string) => `  - name: alpha\n    quota: { gpu: 8 }\n    groups: ${groups}\n    tokens: ${tokens}\n`;
const CI_TOKEN = '[{ name: ci, tier: viewer, user: cw-token-1, rotatedAt: 2026-11-01 }]';
const BETA = '  - name: beta\n    quota: { gpu: 0 }\n    groups: { viewer: [beta-view] }\n';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** A git repository whose commits are teams.yaml versions, each with its synthesized dist/. */
function repoWithHistory(versions: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'cw-rbac-diff-'));
  git(dir, 'init', '-q');
  versions.forEach((teams, i) => {
    writeFileSync(join(dir, 'teams.yaml'), teams);
    const synth = runCli(dir, 'synth', ['--quiet']);
    expect(synth.stderr).toBe('');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', `version ${i}`);
  });
  return dir;
}

const VIEWER_GRANTS = (subject: string, namespace: string, sign: '+' | '-') =>
  [
    'get, list, watch cronjobs.batch',
    'get, list, watch deployments.apps',
    'get, list, watch endpoints',
    'get, list, watch events',
    'get, list, watch events.events.k8s.io',
    'get, list, watch horizontalpodautoscalers.autoscaling',
    'get, list, watch inferenceservices.serving.kserve.io',
    'get, list, watch jobs.batch',
    'get, list, watch limitranges',
    'get, list, watch persistentvolumeclaims',
    'get, list, watch pods',
    'get, list pods.metrics.k8s.io',
    'get pods/log',
    'get, list, watch pytorchjobs.kubeflow.org',
    'get, list, watch rayclusters.ray.io',
    'get, list, watch rayjobs.ray.io',
    'get, list, watch replicasets.apps',
    'get, list, watch resourcequotas',
    'get, list, watch services',
    'get, list, watch statefulsets.apps',
  ].map((what) => `${sign} ${subject} may ${what} in ${namespace}`);

describe('access-diff on a real git history', () => {
  const versions = [
    HEADER + ALPHA('{ viewer: [alpha-view], mlEngineer: [alpha-ml] }', CI_TOKEN),
    // add a group
    HEADER + ALPHA('{ viewer: [alpha-view, alpha-audit], mlEngineer: [alpha-ml] }', CI_TOKEN),
    // remove a token
    HEADER + ALPHA('{ viewer: [alpha-view, alpha-audit], mlEngineer: [alpha-ml] }', '[]'),
    // change a tier: alpha-ml becomes team lead
    HEADER + ALPHA('{ viewer: [alpha-view, alpha-audit], teamLead: [alpha-ml] }', '[]'),
    // add a team
    HEADER + ALPHA('{ viewer: [alpha-view, alpha-audit], teamLead: [alpha-ml] }', '[]') + BETA,
  ];
  const dir = repoWithHistory(versions);
  const diff = (...args: string[]) => runCli(dir, 'access-diff', args);
  const lines = (base: string, head: string) => {
    const r = diff(base, head);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    return r.stdout.split('\n').filter(Boolean);
  };

  it('add a group: every grant of its tier, in its namespace', () => {
    expect(lines('HEAD~4', 'HEAD~3')).toEqual(VIEWER_GRANTS('oidc:alpha-audit', 'alpha', '+').sort(byLine));
  });

  it('remove a token: every grant it had, named as the token', () => {
    expect(lines('HEAD~3', 'HEAD~2')).toEqual(VIEWER_GRANTS('token ci (User cw-token-1)', 'alpha', '-').sort(byLine));
  });

  it('change a tier: only what differs, and ! on every grant that can widen access further', () => {
    expect(lines('HEAD~2', 'HEAD~1')).toEqual([
      '+ oidc:alpha-ml may create, update, patch, delete deployments.apps in alpha',
      '+ oidc:alpha-ml may get, update, patch deployments.apps/scale in alpha',
      '+ oidc:alpha-ml may create, update, patch, delete horizontalpodautoscalers.autoscaling in alpha',
      '+ oidc:alpha-ml may create, update, patch, delete inferenceservices.serving.kserve.io in alpha',
      '+ oidc:alpha-ml may update, patch limitranges in alpha',
      '+ oidc:alpha-ml may get, list, watch roles.rbac.authorization.k8s.io in alpha',
      '+! oidc:alpha-ml may get, list, watch, create, delete rolebindings.rbac.authorization.k8s.io in alpha',
      '+! oidc:alpha-ml may get, list, watch, create, update, patch, delete secrets in alpha',
      '+ oidc:alpha-ml may get, list, watch, create, delete serviceaccounts in alpha',
      '+! oidc:alpha-ml may create serviceaccounts/token in alpha',
      '+ oidc:alpha-ml may create, update, patch, delete services in alpha',
    ].sort(byLine));
  });

  it('add a team: its groups in its namespace, nothing else changes', () => {
    expect(lines('HEAD~1', 'HEAD')).toEqual(VIEWER_GRANTS('oidc:beta-view', 'beta', '+').sort(byLine));
  });

  it('the working tree against HEAD (no origin/main): empty output, exit 0 when nothing changed', () => {
    expect(diff()).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('defaults to origin/main when it exists, and compares with the working tree', () => {
    git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD~1');
    try {
      expect(lines('origin/main', 'HEAD')).toEqual(VIEWER_GRANTS('oidc:beta-view', 'beta', '+').sort(byLine));
      const r = diff();
      expect(r.stdout.split('\n').filter(Boolean)).toEqual(VIEWER_GRANTS('oidc:beta-view', 'beta', '+').sort(byLine));
    } finally {
      git(dir, 'update-ref', '-d', 'refs/remotes/origin/main');
    }
  });

  it('--markdown: a pull-request comment', () => {
    const r = diff('HEAD~2', 'HEAD~1', '--markdown');
    expect(r.stdout.split('\n').slice(0, 5)).toEqual([
      '### Access changes',
      '',
      '`HEAD~1` compared with `HEAD~2`: 11 added (3 may widen access further, marked `!`), 0 removed.',
      '',
      '```diff',
    ]);
    expect(r.stdout.endsWith('```\n')).toBe(true);
  });

  it('an unknown revision is a clear error', () => {
    expect(diff('no-such-branch')).toEqual({ status: 1, stdout: '', stderr: 'access-diff: unknown git revision "no-such-branch": expected a branch, tag or commit\n' });
  });
});

/** The command's order within one namespace and subject: by resource. */
function byLine(a: string, b: string): number {
  const target = (l: string) => / may (?:[a-z*]+, )*[a-z*]+ (\S+)/.exec(l)?.[1] ?? '';
  return target(a) < target(b) ? -1 : target(a) > target(b) ? 1 : 0;
}
