import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatResource } from '../../lib/access/resources';
import { specCells, type SpecCell } from '../../lib/access/spec-cells';
import { canI } from '../../lib/cli/can-i';
import { oidcGroupPrefixOf } from '../../lib/cli/access-common';
import { groupPrefixOf } from '../../lib/config/group-prefix';
import { capture } from '../helpers/capture';
import { exampleWorkspace, runCli } from '../helpers/cli';
import { EXAMPLE_TEAMS, examplePlan } from '../helpers/example';

let dir: string;
beforeAll(() => {
  dir = exampleWorkspace();
  expect(runCli(dir, 'synth', ['--quiet']).status).toBe(0);
});

/** The command line a person would type for a cell. */
function argvOf(cell: SpecCell, dist: string): string[] {
  const r = cell.request;
  const target = `${formatResource(r.apiGroup ?? '', r.resource ?? '', r.subresource)}${r.name ? `/${r.name}` : ''}`;
  return [
    r.verb,
    target,
    ...(r.namespace ? ['-n', r.namespace] : ['-A']),
    ...(cell.subject.user ? ['--as', cell.subject.user] : []),
    ...(cell.subject.groups ?? []).flatMap((g) => ['--as-group', g]),
    '--dist',
    dist,
  ];
}

describe('every tier-table promise of the example org, through can-i', () => {
  const cells = specCells(examplePlan());
  it('covers every tier group, token, cluster viewer and cluster admin', () => {
    const who = new Set(cells.map((c) => c.who));
    for (const expected of ['oidc:research-ml', 'oidc:serving-oncall', 'oidc:finance', 'oidc:platform-admins', 'token ci-deployer (User cw-token-7f3a)', 'token pipeline (ServiceAccount research/pipeline)']) {
      expect(who).toContain(expected);
    }
    expect(cells.filter((c) => c.expected).length).toBeGreaterThan(500);
    expect(cells.filter((c) => !c.expected).length).toBeGreaterThan(500);
  });
  it('answers each one as the plan promises (yes / exit 0, no / exit 1)', async () => {
    const wrong: string[] = [];
    for (const cell of cells) {
      const argv = argvOf(cell, join(dir, 'dist'));
      const r = await capture(canI, argv);
      const expected = cell.expected ? { code: 0, stdout: 'yes\n' } : { code: 1, stdout: 'no\n' };
      // asked outside the team namespaces (default, kube-system) or about what no tier names, can-i warns as kubectl does
      const onlyWarnings = r.stderr.split('\n').every((l) => l === '' || l.startsWith('Warning: '));
      if (r.code !== expected.code || r.stdout !== expected.stdout || !onlyWarnings) wrong.push(`${argv.join(' ')} → ${r.code} ${r.stdout.trim()} ${r.stderr} (${cell.because})`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('can-i as a user runs it', () => {
  const run = (args: string[]) => runCli(dir, 'can-i', args);

  it('yes, exit 0, and --explain names the binding, the role and the rule', () => {
    expect(run(['create', 'pods/exec', '-n', 'research', '--as-group', 'oidc:research-ml', '--explain'])).toEqual({
      status: 0,
      stdout: 'yes\nallowed by RoleBinding research/ml-engineer → ClusterRole coreweave-rbac-ml-engineer, rule 13: verbs [create get] on pods/exec, pods/portforward\n',
      stderr: '',
    });
  });

  it('no, exit 1, and --explain names the bindings that would allow it elsewhere', () => {
    const r = run(['create', 'pods/exec', '-n', 'inference', '--as-group', 'oidc:research-ml', '--explain']);
    expect(r.status).toBe(1);
    expect(r.stdout.split('\n')).toEqual([
      'no',
      'nothing allows create pods/exec in namespace inference for a user in groups oidc:research-ml, system:authenticated',
      'near misses:',
      '  - RoleBinding finetune/ml-engineer → ClusterRole coreweave-rbac-ml-engineer, rule 13 (verbs [create get] on pods/exec, pods/portforward) would allow it, but only in namespace finetune',
      '  - RoleBinding research/ml-engineer → ClusterRole coreweave-rbac-ml-engineer, rule 13 (verbs [create get] on pods/exec, pods/portforward) would allow it, but only in namespace research',
      '',
    ]);
  });

  it('cluster-wide (-A or no -n) is not any namespace: a team lead may not list secrets across namespaces', () => {
    const r = run(['list', 'secrets', '-A', '--as-group', 'oidc:research-leads', '--explain']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('would allow it in namespace research only, and this asks cluster-wide');
    expect(run(['list', 'secrets', '--as-group', 'oidc:research-leads']).stdout).toBe('no\n');
  });

  it('resolves API groups like kubectl: deployments is deployments.apps; takes tokens and ServiceAccounts with --as', () => {
    expect(run(['create', 'deployments', '-n', 'inference', '--as', 'cw-token-7f3a']).stdout).toBe('yes\n');
    expect(run(['update', 'deployments.apps/scale', '-n', 'inference', '--as', 'cw-token-7f3a']).stdout).toBe('yes\n');
    expect(run(['create', 'jobs.batch', '-n', 'research', '--as', 'system:serviceaccount:research:pipeline']).stdout).toBe('yes\n');
    expect(run(['create', 'jobs.batch', '-n', 'research', '--as', 'system:serviceaccount:research:someone-else']).stdout).toBe('no\n');
  });

  it('non-resource URLs: only cluster admins', () => {
    expect(run(['get', '/metrics', '--as-group', 'oidc:platform-admins']).stdout).toBe('yes\n');
    expect(run(['get', '/metrics', '--as-group', 'oidc:finance']).stdout).toBe('no\n');
  });

  it('--list shows every permission and its scope, like kubectl auth can-i --list', () => {
    const r = run(['--list', '-n', 'research', '--as-group', 'oidc:finance']);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^Resources +Non-Resource URLs +Resource Names +Verbs +Scope$/);
    expect(lines).toContainEqual(expect.stringMatching(/^namespaces +\[\] +\[\] +\[get list watch\] +cluster-wide$/));
    expect(lines).toContainEqual(expect.stringMatching(/^pods\/log +\[\] +\[\] +\[get\] +namespace research$/));
    expect(lines.some((l) => l.startsWith('secrets '))).toBe(false);
    const json = JSON.parse(run(['--list', '-n', 'research', '--as-group', 'oidc:finance', '--format', 'json']).stdout) as { resource?: string; scope: string; verbs: string[] }[];
    expect(json).toContainEqual({ scope: 'cluster', namespace: null, resource: 'resourcequotas', resourceNames: [], verbs: ['get', 'list', 'watch'] });
  });

  it('unknown, exit 3, when the answer depends on a role dist/ does not define', () => {
    const custom = mkdtempSync(join(tmpdir(), 'cw-rbac-can-i-'));
    mkdirSync(join(custom, 'dist'));
    writeFileSync(
      join(custom, 'dist', 'x.yaml'),
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: { name: vendor, namespace: team }\n' +
        'roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: vendor-operator }\nsubjects: [{ kind: Group, name: vendor }]\n',
    );
    const r = runCli(custom, 'can-i', ['delete', 'pods', '-n', 'team', '--as-group', 'vendor', '--explain']);
    expect(r).toEqual({
      status: 3,
      stdout: 'unknown\nunknown: RoleBinding team/vendor names ClusterRole vendor-operator, which is not defined in the objects read (nor a built-in role), so its rules are unknown\n',
      stderr: "Warning: no team has the namespace 'team' (dist/ has no Namespace of that name)\n",
    });
  });

  it('bad command lines exit 2 and say what was expected', () => {
    expect(run(['get', 'pods', '-n', 'research'])).toMatchObject({ status: 2, stderr: expect.stringContaining('can-i: say who asks: --as USER') });
    expect(run(['get', '--as', 'x'])).toMatchObject({ status: 2, stderr: expect.stringContaining('can-i: expected VERB and RESOURCE, got "get"') });
    expect(run(['get', 'pods', '-n', 'a', '-A', '--as', 'x'])).toMatchObject({ status: 2, stderr: expect.stringContaining('-n and -A exclude each other') });
    const missing = run(['get', 'pods', '--as', 'x', '--dist', 'nowhere']);
    expect(missing).toEqual({ status: 2, stdout: '', stderr: 'can-i: nowhere/ is not a directory: run `npx cdk8s synth` first, or pass --dist DIR\n' });
  });

  it('--help prints usage to stdout', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('usage: coreweave-rbac can-i VERB RESOURCE');
    expect(r.stdout).toMatch(/^ {2}-o, --format FORMAT +output format: table, json \(default table\)$/m);
  });

  it('-o json is --format json; a format it does not know is a usage error', () => {
    const args = ['create', 'pods', '-n', 'research', '--as-group', 'oidc:research-ml'];
    const json = run([...args, '-o', 'json']);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ allowed: 'yes', request: { verb: 'create', resource: 'pods', namespace: 'research' } });
    expect(run([...args, '--format', 'json']).stdout).toBe(json.stdout);
    expect(run([...args, '-o', 'table']).stdout).toBe('yes\n');
    expect(run([...args, '-o', 'yaml'])).toMatchObject({ status: 2, stderr: expect.stringContaining('can-i: --format must be one of table, json, got "yaml"') });
  });
});

describe('the group prefix, read from the cluster: block of teams.yaml', () => {
  it('is what reading the whole file gives, for valid files of every shape', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-rbac-prefix-'));
    const file = join(dir, 'teams.yaml');
    const texts = [
      'cluster:\n  name: a\n  oidcGroupPrefix: "oidc:"\nteams: []\n',
      '# header\ncluster: # the cluster\n  oidcGroupPrefix: x-\n\n  # a comment at column 0 below:\n# here\n  admins: [a]\nteams:\n  - name: a\n',
      'teams: []\ncluster:\n  oidcGroupPrefix: y\n',
      'cluster: { oidcGroupPrefix: z }\n',
      'defaults: &d { x: 1 }\ncluster:\n  <<: *d\n  oidcGroupPrefix: q\n',
      'clusterx: 1\ncluster:\n  oidcGroupPrefix: w\n',
      '---\ncluster:\n  oidcGroupPrefix: a\n',
      'cluster:\n  oidcGroupPrefix: 12\n',
      'cluster:\n  oidcGroupPrefix:\n',
      'cluster:\n  name: n\n',
      '"cluster":\n  oidcGroupPrefix: quoted\n',
      readFileSync(EXAMPLE_TEAMS, 'utf8'),
    ];
    for (const text of texts) {
      writeFileSync(file, text);
      expect(oidcGroupPrefixOf(file), text).toBe(groupPrefixOf(file));
    }
    expect(oidcGroupPrefixOf(join(dir, 'missing.yaml'))).toBe('');
  });
});
