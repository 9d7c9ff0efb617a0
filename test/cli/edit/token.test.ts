import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { check } from '../../../lib/cli/check';
import { token } from '../../../lib/cli/edit/token';
import { capture, commentsOf, EDIT_FIXTURE, EditWorkspace, runUnchanged } from '../../helpers/edit-workspace';

// COREWEAVE_RBAC_NOW is 2026-11-23 in vitest.config.mts: the default --rotated-at
const FIXTURE = readFileSync(EDIT_FIXTURE, 'utf8');
const FIXTURE_COMMENTS = commentsOf(FIXTURE);
const TOKEN_USAGE =
  'usage: coreweave-rbac token add TEAM NAME (--tier TIER | --role ROLE) (--user USER | --service-account SA) [flags]\n' +
  '       coreweave-rbac token remove TEAM NAME [flags]\n';

/** The fixture's line that ends the research team's tokens list, and the lines around the teams without tokens. */
const DASHBOARD = '      - { name: dashboard, role: pod-reader, user: cw-token-9a1b, rotatedAt: "2026-10-01" }\n';
const PIPELINE = '      - name: pipeline\n        tier: mlEngineer\n        serviceAccount: pipeline\n        rotatedAt: 2026-10-15       # quarterly\n';
const SERVING_QUOTA = '    quota: { gpu: 16 }\n';
const DATA_GROUPS = '    groups: { teamLead: [data-leads], viewer: [] }\n';

/** `text` with `lines` inserted just after `anchor` (a text found exactly once). */
function after(text: string, anchor: string, lines: string): string {
  expect(text.split(anchor)).toHaveLength(2);
  return text.replace(anchor, anchor + lines);
}

/** `text` without `lines` (found exactly once). */
function without(text: string, lines: string): string {
  expect(text.split(lines)).toHaveLength(2);
  return text.replace(lines, '');
}

/** Run `token` in a workspace; it must succeed, print nothing on stdout, and leave a teams.yaml and dist/ that pass `check`. */
function ok(ws: EditWorkspace, ...args: string[]): string {
  const run = ws.run(token, ...args);
  expect(run, run.stderr).toMatchObject({ code: 0, stdout: '' });
  expect(capture(check, ['--file', ws.file, '--out', ws.out]).code).toBe(0);
  return run.stderr.replaceAll(ws.file, 'teams.yaml').replaceAll(ws.out, 'dist');
}

type K8sObject = { kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> }; roleRef?: unknown; subjects?: unknown[] };

/** The objects of a team's dist/ file. */
function distObjects(ws: EditWorkspace, team: string): K8sObject[] {
  return parseAllDocuments(readFileSync(join(ws.out, `team-${team}.yaml`), 'utf8')).map((d) => d.toJS() as K8sObject);
}

function roleBinding(ws: EditWorkspace, team: string, name: string): K8sObject | undefined {
  return distObjects(ws, team).find((o) => o.kind === 'RoleBinding' && o.metadata.name === name);
}

describe('token add', () => {
  it('appends a block entry under the last token of a block list, and dist/ gets its RoleBinding and ServiceAccount', () => {
    const ws = new EditWorkspace();
    expect(roleBinding(ws, 'research', 'token-ci')).toBeUndefined();
    const stderr = ok(ws, 'add', 'research', 'ci', '--tier', 'viewer', '--service-account', 'ci-sa');
    expect(stderr).toBe('token: token ci added to team research: tier viewer for service account ci-sa, rotated on 2026-11-23\nteams.yaml: updated\ndist/: 1 written, 0 removed, 3 unchanged (3 teams)\n');
    expect(ws.teamsYaml()).toBe(after(FIXTURE, DASHBOARD, '      - name: ci\n        tier: viewer\n        serviceAccount: ci-sa\n        rotatedAt: 2026-11-23\n'));
    expect(commentsOf(ws.teamsYaml())).toEqual(FIXTURE_COMMENTS);
    expect(roleBinding(ws, 'research', 'token-ci')).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: {
        annotations: { 'coreweave-rbac/rotate-by': '2027-02-21', 'coreweave-rbac/rotated-at': '2026-11-23', 'coreweave-rbac/token': 'ci' },
        labels: { 'app.kubernetes.io/managed-by': 'coreweave-rbac', 'coreweave-rbac/cluster': 'lab1', 'coreweave-rbac/team': 'research' },
        name: 'token-ci',
        namespace: 'research',
      },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'coreweave-rbac-viewer' },
      subjects: [{ kind: 'ServiceAccount', name: 'ci-sa', namespace: 'research' }],
    });
    expect(distObjects(ws, 'research').some((o) => o.kind === 'ServiceAccount' && o.metadata.name === 'ci-sa')).toBe(true);
  });

  it('creates tokens: as a flow list for a team without tokens (after quota, in the schema\'s key order), then appends to that flow list', () => {
    const ws = new EditWorkspace();
    ok(ws, 'add', 'serving', 'deployer', '--tier', 'team-lead', '--user', 'cw-token-51c0');
    const created = after(FIXTURE, SERVING_QUOTA, '    tokens: [{ name: deployer, tier: teamLead, user: cw-token-51c0, rotatedAt: 2026-11-23 }]\n');
    expect(ws.teamsYaml()).toBe(created);
    expect(roleBinding(ws, 'serving', 'token-deployer')).toMatchObject({
      metadata: { namespace: 'inference' },
      roleRef: { kind: 'ClusterRole', name: 'coreweave-rbac-team-lead' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'cw-token-51c0' }],
    });

    ok(ws, 'add', 'serving', 'status', '--tier', 'viewer', '--user', 'cw-token-77aa', '--rotated-at', '2026-11-01');
    expect(ws.teamsYaml()).toBe(
      created.replace(
        'rotatedAt: 2026-11-23 }]\n',
        'rotatedAt: 2026-11-23 }, { name: status, tier: viewer, user: cw-token-77aa, rotatedAt: 2026-11-01 }]\n',
      ),
    );
    expect(commentsOf(ws.teamsYaml())).toEqual(FIXTURE_COMMENTS);
    expect(roleBinding(ws, 'serving', 'token-status')?.metadata.annotations?.['coreweave-rbac/rotated-at']).toBe('2026-11-01');
  });

  it('creates tokens: in the last team after its flow groups, before the file\'s closing comment', () => {
    const ws = new EditWorkspace();
    ok(ws, 'add', 'data', 'loader', '--tier', 'mlEngineer', '--service-account', 'loader');
    expect(ws.teamsYaml()).toBe(after(FIXTURE, DATA_GROUPS, '    tokens: [{ name: loader, tier: mlEngineer, serviceAccount: loader, rotatedAt: 2026-11-23 }]\n'));
    expect(ws.teamsYaml().endsWith('rotatedAt: 2026-11-23 }]\n# end of teams\n')).toBe(true);
  });

  it('fills an empty flow list, keeping its trailing comment', () => {
    const ws = new EditWorkspace();
    const empty = after(FIXTURE, SERVING_QUOTA, '    tokens: []                      # none yet\n');
    writeFileSync(ws.file, empty);
    ok(ws, 'add', 'serving', 'deployer', '--tier', 'viewer', '--user', 'cw-token-51c0');
    expect(ws.teamsYaml()).toBe(empty.replace('tokens: []', 'tokens: [{ name: deployer, tier: viewer, user: cw-token-51c0, rotatedAt: 2026-11-23 }]'));
  });

  it('binds a custom role with --role', () => {
    const ws = new EditWorkspace();
    const stderr = ok(ws, 'add', 'research', 'status-page', '--role', 'pod-reader', '--user', 'cw-token-51c0', '--rotated-at', '2026-11-20');
    expect(stderr).toContain('token: token status-page added to team research: role pod-reader for user cw-token-51c0, rotated on 2026-11-20\n');
    expect(ws.teamsYaml()).toBe(after(FIXTURE, DASHBOARD, '      - name: status-page\n        role: pod-reader\n        user: cw-token-51c0\n        rotatedAt: 2026-11-20\n'));
    expect(roleBinding(ws, 'research', 'token-status-page')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
      subjects: [{ kind: 'User', name: 'cw-token-51c0' }],
    });
  });

  it('defaults --rotated-at to --now when given (a day after COREWEAVE_RBAC_NOW, so not refused as in the future)', () => {
    const ws = new EditWorkspace();
    const run = ws.run(token, 'add', 'research', 'ci', '--tier', 'viewer', '--user', 'cw-token-51c0', '--now', '2026-11-30');
    expect(run, run.stderr).toMatchObject({ code: 0, stdout: '' });
    expect(run.stderr).toContain('rotated on 2026-11-30\n');
    expect(ws.teamsYaml()).toBe(after(FIXTURE, DASHBOARD, '      - name: ci\n        tier: viewer\n        user: cw-token-51c0\n        rotatedAt: 2026-11-30\n'));
    expect(capture(check, ['--file', ws.file, '--out', ws.out, '--now', '2026-11-30']).code).toBe(0);
    expect(roleBinding(ws, 'research', 'token-ci')?.metadata.annotations?.['coreweave-rbac/rotated-at']).toBe('2026-11-30');
  });
});

describe('token remove', () => {
  it('removes a block entry with its trailing comment, and dist/ loses its RoleBinding and ServiceAccount', () => {
    const ws = new EditWorkspace();
    expect(roleBinding(ws, 'research', 'token-pipeline')).toBeDefined();
    const stderr = ok(ws, 'remove', 'research', 'pipeline');
    expect(stderr).toBe('token: token pipeline removed from team research\nteams.yaml: updated\ndist/: 1 written, 0 removed, 3 unchanged (3 teams)\n');
    expect(ws.teamsYaml()).toBe(without(FIXTURE, PIPELINE));
    expect(commentsOf(ws.teamsYaml())).toEqual(FIXTURE_COMMENTS.filter((c) => c !== '# quarterly'));
    expect(roleBinding(ws, 'research', 'token-pipeline')).toBeUndefined();
    expect(distObjects(ws, 'research').some((o) => o.kind === 'ServiceAccount' && o.metadata.name === 'pipeline')).toBe(false);
    expect(roleBinding(ws, 'research', 'token-dashboard')).toBeDefined();
  });

  it('removes a flow mapping entry, the last of a block list', () => {
    const ws = new EditWorkspace();
    ok(ws, 'remove', 'research', 'dashboard');
    expect(ws.teamsYaml()).toBe(without(FIXTURE, DASHBOARD));
    expect(roleBinding(ws, 'research', 'token-dashboard')).toBeUndefined();
  });

  it('removes what token add added, from a flow list, which it empties to []', () => {
    const ws = new EditWorkspace();
    ok(ws, 'add', 'serving', 'deployer', '--tier', 'viewer', '--user', 'cw-token-51c0');
    expect(roleBinding(ws, 'serving', 'token-deployer')).toBeDefined();
    ok(ws, 'remove', 'serving', 'deployer');
    expect(ws.teamsYaml()).toBe(after(FIXTURE, SERVING_QUOTA, '    tokens: []\n'));
    expect(roleBinding(ws, 'serving', 'token-deployer')).toBeUndefined();
  });

  it('leaves [] when it removes the last token of a block list', () => {
    const ws = new EditWorkspace();
    ok(ws, 'remove', 'research', 'pipeline');
    ok(ws, 'remove', 'research', 'dashboard');
    expect(ws.teamsYaml()).toBe(FIXTURE.replace(PIPELINE + DASHBOARD, '      []\n'));
  });
});

describe('token refuses, and writes nothing', () => {
  const unchanged = (...args: string[]) => runUnchanged(token, ...args);
  const invalid = (problem: string): string => `token: the edit would make teams.yaml invalid (lines as they would be after the edit):\nteams.yaml:${problem}\ntoken: nothing was written\n`;

  it.each<[string, string[], number, string]>([
    ['adding to an unknown team', ['add', 'vision', 'ci', '--tier', 'viewer', '--user', 'cw-1'], 1, 'token: unknown team "vision", expected one of research, serving, data; nothing was written\n'],
    ['a duplicate token name', ['add', 'research', 'pipeline', '--tier', 'viewer', '--user', 'cw-1'], 1, invalid('30:15: teams[0].tokens[2].name: duplicate token name "pipeline" in this team, expected unique token names')],
    ['an unknown tier', ['add', 'research', 'ci', '--tier', 'admin', '--user', 'cw-1'], 1, invalid('31:15: teams[0].tokens[2].tier: must be one of teamLead, mlEngineer, inferenceOperator, viewer, got "admin"')],
    ['an unknown role', ['add', 'research', 'ci', '--role', 'secret-reader', '--user', 'cw-1'], 1, invalid('31:15: teams[0].tokens[2].role: unknown role "secret-reader", expected one of this team\'s roles: pod-reader')],
    ['a role in a team without roles (flow list)', ['add', 'serving', 'ci', '--role', 'pod-reader', '--user', 'cw-1'], 1, invalid('42:32: teams[1].tokens[0].role: unknown role "pod-reader", expected one of this team\'s roles: (none declared)')],
    ['a system: user', ['add', 'research', 'ci', '--tier', 'viewer', '--user', 'system:admin'], 1, invalid('32:15: teams[0].tokens[2].user: must not start with "system:" (reserved for Kubernetes), got "system:admin"')],
    ['a service account another token uses', ['add', 'research', 'ci', '--tier', 'viewer', '--service-account', 'pipeline'], 1, invalid('32:25: teams[0].tokens[2].serviceAccount: service account "pipeline" is used by another token of this team')],
    ['a token name that is no DNS-1123 label', ['add', 'research', 'CI', '--tier', 'viewer', '--user', 'cw-1'], 1, invalid('30:15: teams[0].tokens[2].name: must be a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit), got "CI"')],
    ['a rotation date in the future', ['add', 'research', 'ci', '--tier', 'viewer', '--user', 'cw-1', '--rotated-at', '2026-12-01'], 1, invalid('33:20: teams[0].tokens[2].rotatedAt: is in the future (today is 2026-11-23), got "2026-12-01"')],
    ['a rotation date that is no date', ['add', 'research', 'ci', '--tier', 'viewer', '--user', 'cw-1', '--rotated-at', 'soon'], 1, invalid('33:20: teams[0].tokens[2].rotatedAt: must be a date YYYY-MM-DD, got "soon"')],
    ['both --tier and --role', ['add', 'research', 'ci', '--tier', 'viewer', '--role', 'pod-reader', '--user', 'cw-1'], 2, `token: expected exactly one of --tier / --role, got both: --tier "viewer" and --role "pod-reader"\n${TOKEN_USAGE}`],
    ['neither --tier nor --role', ['add', 'research', 'ci', '--user', 'cw-1'], 2, `token: expected exactly one of --tier / --role, got neither\n${TOKEN_USAGE}`],
    ['both --user and --service-account', ['add', 'research', 'ci', '--tier', 'viewer', '--user', 'cw-1', '--service-account', 'ci'], 2, `token: expected exactly one of --user / --service-account, got both: --user "cw-1" and --service-account "ci"\n${TOKEN_USAGE}`],
    ['neither --user nor --service-account', ['add', 'research', 'ci', '--tier', 'viewer'], 2, `token: expected exactly one of --user / --service-account, got neither\n${TOKEN_USAGE}`],
    ['add without NAME', ['add', 'research', '--tier', 'viewer', '--user', 'cw-1'], 2, `token: expected TEAM NAME, got 1: "research"\n${TOKEN_USAGE}`],
    ['removing a token that is not there', ['remove', 'research', 'ci'], 1, 'token: team research has no token "ci", expected one of its tokens: pipeline, dashboard; nothing was written\n'],
    ['removing from a team without tokens', ['remove', 'serving', 'ci'], 1, 'token: team serving has no token "ci", expected one of its tokens: (none declared); nothing was written\n'],
    ['removing from an unknown team', ['remove', 'vision', 'ci'], 1, 'token: unknown team "vision", expected one of research, serving, data; nothing was written\n'],
    ['an option of add on remove', ['remove', 'research', 'pipeline', '--tier', 'viewer'], 2, `token: --tier is for token add, not token remove\n${TOKEN_USAGE}`],
    ['an unknown action', ['rename', 'research', 'pipeline'], 2, `token: expected add or remove, got "rename"\n${TOKEN_USAGE}`],
    ['no action', [], 2, `token: expected add or remove, got nothing\n${TOKEN_USAGE}`],
  ])('refuses %s', (_what, args, code, stderr) => {
    expect(unchanged(...args)).toEqual({ code, stderr });
  });

  it('prints its help for --help, on stdout: usage and every flag', () => {
    const run = new EditWorkspace().run(token, '--help');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(`\n${TOKEN_USAGE}`);
    for (const flag of ['--tier TIER', '--role ROLE', '--user USER', '--service-account SA', '--rotated-at YYYY-MM-DD', '-f, --file FILE']) expect(run.stdout).toContain(flag);
  });
});

describe('through the CLI entry point, as `npm run token` runs it', () => {
  it('is a registered command and an npm script, and edits teams.yaml and dist/ of the working directory', () => {
    const root = join(__dirname, '..', '..', '..');
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.token).toBe('node bin/run.js lib/cli/index.ts token');
    const ws = new EditWorkspace();
    const run = (...args: string[]): string =>
      execFileSync(process.execPath, ['-r', 'tsx/cjs', join(root, 'lib', 'cli', 'index.ts'), ...args], { cwd: ws.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_PATH: join(root, 'node_modules') } });
    expect(run('token', 'add', 'research', 'ci', '--tier', 'viewer', '--user', 'cw-token-51c0')).toBe('');
    expect(ws.teamsYaml()).toContain(DASHBOARD + '      - name: ci\n');
    expect(roleBinding(ws, 'research', 'token-ci')).toBeDefined();
    expect(run('token', 'remove', 'research', 'ci')).toBe('');
    expect(ws.teamsYaml()).toBe(FIXTURE);
    expect(roleBinding(ws, 'research', 'token-ci')).toBeUndefined();
  });
});
