import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
  const lines = (base: string, head: string, ...flags: string[]) => {
    const r = diff(base, head, ...flags);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    return r.stdout.split('\n').filter(Boolean);
  };

  const details = (base: string, head: string) => lines(base, head, '--details');

  it('add a group: the tier it gains, named like a group that holds it; --details: every permission of the tier', () => {
    expect(lines('HEAD~4', 'HEAD~3')).toEqual(['+ oidc:alpha-audit: viewer in alpha (like oidc:alpha-view)']);
    expect(details('HEAD~4', 'HEAD~3')).toEqual(VIEWER_GRANTS('oidc:alpha-audit', 'alpha', '+').sort(byLine));
  });

  it('remove a token: the tier it loses, named as the token', () => {
    expect(lines('HEAD~3', 'HEAD~2')).toEqual(['- token ci (User cw-token-1): viewer in alpha']);
    expect(details('HEAD~3', 'HEAD~2')).toEqual(VIEWER_GRANTS('token ci (User cw-token-1)', 'alpha', '-').sort(byLine));
  });

  it('change a tier: one tier lost, one gained, ! when it can widen access further; --details: only what differs', () => {
    expect(lines('HEAD~2', 'HEAD~1')).toEqual(['- oidc:alpha-ml: mlEngineer in alpha', '+! oidc:alpha-ml: teamLead in alpha']);
    expect(details('HEAD~2', 'HEAD~1')).toEqual([
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
    expect(lines('HEAD~1', 'HEAD')).toEqual(['+ oidc:beta-view: viewer in beta']);
    expect(details('HEAD~1', 'HEAD')).toEqual(VIEWER_GRANTS('oidc:beta-view', 'beta', '+').sort(byLine));
  });

  it('the working tree against HEAD (no origin/main): empty output in every format, exit 0 when nothing changed', () => {
    for (const args of [[], ['--markdown'], ['-o', 'json'], ['--details']]) expect(diff(...args)).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('defaults to origin/main when it exists, and compares with the working tree', () => {
    git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD~1');
    try {
      expect(lines('origin/main', 'HEAD')).toEqual(['+ oidc:beta-view: viewer in beta']);
      expect(diff().stdout).toBe('+ oidc:beta-view: viewer in beta\n');
    } finally {
      git(dir, 'update-ref', '-d', 'refs/remotes/origin/main');
    }
  });

  it('a rule added to a tier ClusterRole by hand: one line for the role, with whom it reaches', () => {
    const file = join(dir, 'dist', 'cluster.yaml');
    const before = readFileSync(file, 'utf8');
    const rule = '  - apiGroups:\n      - ""\n    resources:\n      - secrets\n    verbs:\n      - get\n';
    writeFileSync(file, before.replace(/(\n {2}name: coreweave-rbac-viewer\nrules:\n)/, `$1${rule}`));
    try {
      expect(diff().stdout).toBe('+! tier viewer (ClusterRole coreweave-rbac-viewer) may now get secrets: 3 subjects in 2 namespaces\n');
      expect(diff('--details').stdout.split('\n').filter(Boolean)).toEqual([
        '+! oidc:alpha-audit may get secrets in alpha',
        '+! oidc:alpha-view may get secrets in alpha',
        '+! oidc:beta-view may get secrets in beta',
      ]);
    } finally {
      writeFileSync(file, before);
    }
  });

  it('--markdown: a pull-request comment that starts with a summary, grants by namespace, details collapsed', () => {
    const r = diff('HEAD~2', 'HEAD~1', '--markdown');
    expect(r.status).toBe(0);
    const comment = r.stdout.split('\n');
    expect(comment.slice(0, 10)).toEqual([
      '### Access changes: 1 subject gains access in 1 namespace, 1 widening grant',
      '',
      '`HEAD~1` compared with `HEAD~2`. `!` marks access that lets its holder widen access further.',
      '',
      '**namespace alpha**',
      '',
      '```diff',
      '- oidc:alpha-ml: mlEngineer in alpha',
      '+! oidc:alpha-ml: teamLead in alpha',
      '```',
    ]);
    expect(comment).toContain('<details><summary>11 permission changes, per subject, resource and namespace</summary>');
    expect(comment).toContain('+! oidc:alpha-ml may create serviceaccounts/token in alpha');
    expect(diff('HEAD~2', 'HEAD~1', '--format', 'markdown').stdout).toBe(r.stdout);
  });

  it('-o json: grants, roles and details in one object', () => {
    const r = diff('HEAD~4', 'HEAD~3', '-o', 'json');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.grants).toEqual([
      {
        sign: '+',
        widens: false,
        subject: 'oidc:alpha-audit',
        subjectKind: 'Group',
        grant: 'viewer',
        grantKind: 'tier',
        role: 'ClusterRole coreweave-rbac-viewer',
        namespace: 'alpha',
        like: 'oidc:alpha-view',
        line: '+ oidc:alpha-audit: viewer in alpha (like oidc:alpha-view)',
      },
    ]);
    expect(report.roles).toEqual([]);
    expect(report.details).toHaveLength(20);
    expect(report.details[0]).toEqual({
      sign: '+',
      widens: false,
      line: '+ oidc:alpha-audit may get, list, watch cronjobs.batch in alpha',
      subject: 'oidc:alpha-audit',
      namespace: 'alpha',
      kind: 'resource',
      verbs: ['get', 'list', 'watch'],
      target: 'cronjobs.batch',
      names: [],
    });
  });

  it('--full reads everything and says the same', () => {
    expect(lines('HEAD~2', 'HEAD~1', '--full')).toEqual(lines('HEAD~2', 'HEAD~1'));
  });

  it('an unknown revision, a missing dist/ and a bad command line are each one clear line', () => {
    expect(diff('no-such-branch')).toEqual({ status: 1, stdout: '', stderr: 'access-diff: unknown git revision "no-such-branch": expected a branch, tag or commit\n' });
    expect(diff('--dist', 'nowhere')).toEqual({ status: 1, stdout: '', stderr: 'access-diff: nowhere/ is not a directory: run `npx cdk8s synth` first, or pass --dist DIR\n' });
    expect(diff('--markdown', '-o', 'json')).toMatchObject({ status: 2, stderr: expect.stringMatching(/^access-diff: --markdown means --format markdown, got --format json as well\nusage: /) });
    expect(diff('--details', '-o', 'json')).toMatchObject({ status: 2, stderr: expect.stringMatching(/^access-diff: --details is for --format table/) });
    expect(diff('-o', 'yaml')).toMatchObject({ status: 2, stderr: expect.stringMatching(/^access-diff: --format must be one of table, json, markdown, got "yaml"\n/) });
    expect(diff('a', 'b', 'c')).toMatchObject({ status: 2, stderr: expect.stringMatching(/^access-diff: expected at most BASE_REF and HEAD_REF, got "a b c"\n/) });
  });

  it('--help names every flag', () => {
    const r = diff('--help');
    expect(r.status).toBe(0);
    for (const flag of ['--dist DIR', '-o, --format FORMAT', '--markdown', '--details', '--full']) expect(r.stdout).toContain(flag);
  });
});

/** The command's order within one namespace and subject: by resource. */
function byLine(a: string, b: string): number {
  const target = (l: string) => / may (?:[a-z*]+, )*[a-z*]+ (\S+)/.exec(l)?.[1] ?? '';
  return target(a) < target(b) ? -1 : target(a) > target(b) ? 1 : 0;
}
