import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../../lib/cli/check';
import { grant } from '../../../lib/cli/edit/grant';
import { revoke } from '../../../lib/cli/edit/revoke';
import { rotate } from '../../../lib/cli/edit/rotate';
import { team } from '../../../lib/cli/edit/team';
import { capture, commentsOf, EDIT_FIXTURE, EditWorkspace } from '../../helpers/edit-workspace';

const golden = (name: string): string => join(__dirname, '__golden__', `${name}.yaml`);
const FIXTURE_COMMENTS = commentsOf(readFileSync(EDIT_FIXTURE, 'utf8'));

type Command = (argv: readonly string[]) => number;

/** Run one edit on a fresh copy of the fixture; the result must be valid, synthesized and pass `check`. */
function edit(command: Command, ...args: string[]): { ws: EditWorkspace; stderr: string; text: string } {
  const ws = new EditWorkspace();
  const run = ws.run(command, ...args);
  expect(run, run.stderr).toMatchObject({ code: 0, stdout: '' });
  expect(capture(check, ['--file', ws.file, '--out', ws.out]).code).toBe(0);
  return { ws, stderr: run.stderr, text: ws.teamsYaml() };
}

const distOf = (ws: EditWorkspace, team: string): string => readFileSync(join(ws.out, `team-${team}.yaml`), 'utf8');

describe('grant (docs/common-tasks.md)', () => {
  it('appends to a flow list, and binds the group in dist/', async () => {
    const { ws, stderr, text } = edit(grant, 'research', 'viewer', 'research-dashboards');
    expect(stderr).toContain('grant: group research-dashboards now has tier viewer in team research\n');
    await expect(text).toMatchFileSnapshot(golden('grant-flow-list'));
    expect(commentsOf(text)).toEqual(FIXTURE_COMMENTS);
    expect(distOf(ws, 'research')).toContain('name: oidc:research-dashboards');
  });

  it('appends to a block list under its last item, keeping the items\' comments', async () => {
    const { text } = edit(grant, 'research', 'mlEngineer', 'research-residents');
    await expect(text).toMatchFileSnapshot(golden('grant-block-list'));
    expect(commentsOf(text)).toEqual(FIXTURE_COMMENTS);
  });

  it('adds the tier in tier order when the team lacks it', async () => {
    const { text } = edit(grant, 'research', 'inference-operator', 'research-sre');
    await expect(text).toMatchFileSnapshot(golden('grant-new-tier'));
  });

  it('adds groups: to a team that has none, after its quota and before the next team\'s comment', async () => {
    const { ws, text } = edit(grant, 'serving', 'teamLead', 'serving-leads');
    await expect(text).toMatchFileSnapshot(golden('grant-new-groups'));
    expect(commentsOf(text)).toEqual(FIXTURE_COMMENTS);
    expect(distOf(ws, 'serving')).toContain('name: oidc:serving-leads');
  });

  it('keeps a flow mapping flow, and fills an empty flow list', async () => {
    const { text } = edit(grant, 'data', 'mlEngineer', 'data-eng');
    expect(text).toContain('    groups: { teamLead: [data-leads], mlEngineer: [data-eng], viewer: [] }\n');
    const filled = edit(grant, 'data', 'viewer', 'research-ml').text;
    expect(filled).toContain('    groups: { teamLead: [data-leads], viewer: [research-ml] }\n');
  });

  it('binds a group to a custom role with --role', async () => {
    const { ws, text } = edit(grant, 'research', 'research-dashboards', '--role', 'pod-reader');
    await expect(text).toMatchFileSnapshot(golden('grant-role'));
    expect(distOf(ws, 'research')).toContain('  name: role-pod-reader\n');
  });

  it('quotes a group that YAML would read as something else', () => {
    const { text } = edit(grant, 'research', 'viewer', 'oidc-team:#1');
    expect(text).toContain('      viewer: [research-observers, "oidc-team:#1"]\n');
  });
});

describe('revoke', () => {
  it('removes the group from every tier and role of the team, and keeps the comment that shared its line', async () => {
    const ws = new EditWorkspace();
    expect(ws.run(grant, 'research', 'research-ml', '--role', 'pod-reader').code).toBe(0);
    const run = ws.run(revoke, 'research', 'research-ml');
    expect(run.stderr).toContain('revoke: group research-ml no longer has tier mlEngineer, role pod-reader in team research\n');
    const text = ws.teamsYaml();
    await expect(text).toMatchFileSnapshot(golden('revoke'));
    expect(commentsOf(text)).toEqual(FIXTURE_COMMENTS);
    expect(distOf(ws, 'research')).not.toContain('research-ml');
  });

  it('empties a flow list to []', () => {
    const { text } = edit(revoke, 'data', 'data-leads');
    expect(text).toContain('    groups: { teamLead: [], viewer: [] }\n');
  });
});

describe('rotate', () => {
  it('records today (COREWEAVE_RBAC_NOW) by default, keeping the trailing comment', async () => {
    const { ws, stderr, text } = edit(rotate, 'research', 'pipeline');
    expect(stderr).toContain('rotate: token pipeline of team research rotated on 2026-11-23 (was 2026-10-15)\n');
    await expect(text).toMatchFileSnapshot(golden('rotate'));
    expect(distOf(ws, 'research')).toContain('coreweave-rbac/rotated-at: "2026-11-23"');
  });

  it('keeps a quoted date quoted, in a flow mapping', () => {
    const { text } = edit(rotate, 'research', 'dashboard', '--date', '2026-11-20');
    expect(text).toContain('      - { name: dashboard, role: pod-reader, user: cw-token-9a1b, rotatedAt: "2026-11-20" }\n');
  });
});

describe('team', () => {
  it('add appends a team after the last one, before the file\'s closing comment', async () => {
    const { ws, stderr, text } = edit(team, 'add', 'vision', '--gpu', '8', '--namespace', 'vision-lab', '--cost-center', 'CC-7001');
    expect(stderr).toContain('team: team vision added in namespace vision-lab with 8 GPUs\n');
    await expect(text).toMatchFileSnapshot(golden('team-add'));
    expect(commentsOf(text)).toEqual(FIXTURE_COMMENTS);
    expect(distOf(ws, 'vision')).toContain('requests.nvidia.com/gpu: "8"');
  });

  it('remove deletes the team with its comment and one blank line, and its dist/ file', async () => {
    const { ws, text } = edit(team, 'remove', 'serving');
    await expect(text).toMatchFileSnapshot(golden('team-remove'));
    expect(commentsOf(text)).toEqual(FIXTURE_COMMENTS.filter((c) => c !== '# Inference: no groups yet.'));
    expect(() => distOf(ws, 'serving')).toThrow(/ENOENT/);
  });
});

describe('through the CLI entry point, as `npm run grant` runs it', () => {
  it('edits teams.yaml and dist/ of the working directory by default', () => {
    const ws = new EditWorkspace();
    const cli = join(__dirname, '..', '..', '..', 'lib', 'cli', 'index.ts');
    const run = (...args: string[]): string =>
      execFileSync(process.execPath, ['-r', 'tsx/cjs', cli, ...args], { cwd: ws.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_PATH: join(__dirname, '..', '..', '..', 'node_modules') } });
    expect(run('grant', 'research', 'viewer', 'research-dashboards')).toBe('');
    expect(ws.teamsYaml()).toContain('      viewer: [research-observers, research-dashboards]\n');
    expect(distOf(ws, 'research')).toContain('name: oidc:research-dashboards');
  });
});
