import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { grant } from '../../../lib/cli/edit/grant';
import { revoke } from '../../../lib/cli/edit/revoke';
import { rotate } from '../../../lib/cli/edit/rotate';
import { team } from '../../../lib/cli/edit/team';
import { EditWorkspace, runUnchanged } from '../../helpers/edit-workspace';

type Command = (argv: readonly string[]) => number;
const GRANT_USAGE = 'usage: coreweave-rbac grant TEAM TIER GROUP [flags]\n       coreweave-rbac grant TEAM GROUP --role ROLE [flags]\n';
const TEAM_USAGE = 'usage: coreweave-rbac team add NAME --gpu N [flags]\n       coreweave-rbac team remove NAME [flags]\n';
const ROTATE_USAGE = 'usage: coreweave-rbac rotate TEAM TOKEN [flags]\n';

const unchanged = runUnchanged;

describe('edit commands refuse, and write nothing', () => {
  it.each<[string, Command, string[], number, string]>([
    ['an unknown team', grant, ['vision', 'viewer', 'vision-ml'], 1, 'grant: unknown team "vision", expected one of research, serving, data; nothing was written\n'],
    ['an unknown tier', grant, ['research', 'admin', 'research-ml'], 2, `grant: unknown tier "admin", expected one of teamLead, mlEngineer, inferenceOperator, viewer\n${GRANT_USAGE}`],
    ['a group with whitespace', grant, ['research', 'viewer', 'research observers'], 2, `grant: GROUP must be a group name without whitespace, got "research observers"\n${GRANT_USAGE}`],
    ['a system: group', grant, ['research', 'viewer', 'system:masters'], 2, `grant: GROUP must not start with "system:" (reserved for Kubernetes), got "system:masters"\n${GRANT_USAGE}`],
    ['an unknown custom role', grant, ['research', 'research-ml', '--role', 'secret-reader'], 1, 'grant: team research has no role "secret-reader", expected one of its roles: pod-reader; nothing was written\n'],
    ['a tier and --role together', grant, ['research', 'viewer', 'research-ml', '--role', 'pod-reader'], 2, `grant: expected TEAM GROUP (with --role, no TIER), got 3 arguments: research viewer research-ml\n${GRANT_USAGE}`],
    ['too few arguments', grant, ['research', 'viewer'], 2, `grant: expected TEAM TIER GROUP, got 2 arguments: research viewer\n${GRANT_USAGE}`],
    ['an unknown option', grant, ['research', 'viewer', 'x', '--force'], 2, `grant: unknown flag --force\n${GRANT_USAGE}`],
    ['revoking in an unknown team', revoke, ['vision', 'research-ml'], 1, 'revoke: unknown team "vision", expected one of research, serving, data; nothing was written\n'],
    ['rotating an unknown token', rotate, ['research', 'ci-deployer'], 1, 'rotate: team research has no token "ci-deployer", expected one of its tokens: pipeline, dashboard; nothing was written\n'],
    ['a rotation date in the future', rotate, ['research', 'pipeline', '--date', '2026-12-01'], 2, `rotate: --date must not be in the future (today is 2026-11-23), got "2026-12-01"\n${ROTATE_USAGE}`],
    ['a rotation date that is no calendar day', rotate, ['research', 'pipeline', '--date', '2026-02-30'], 2, `rotate: --date must be a date YYYY-MM-DD, got "2026-02-30"\n${ROTATE_USAGE}`],
    ['removing a team another one allows traffic from', team, ['remove', 'data'], 1, 'team: team data is named in network.allowFrom of research (teams.yaml:36:19), expected no team to allow traffic from it: remove it there first; nothing was written\n'],
    ['removing an unknown team', team, ['remove', 'vision'], 1, 'team: unknown team "vision", expected one of research, serving, data; nothing was written\n'],
    ['adding a team that exists', team, ['add', 'research', '--gpu', '8'], 1, 'team: team research already exists; nothing was written\n'],
    ['adding a team without --gpu', team, ['add', 'vision'], 2, `team: missing --gpu N, the GPUs of the team's quota\n${TEAM_USAGE}`],
    ['a GPU count that is no integer', team, ['add', 'vision', '--gpu', '1.5'], 2, `team: --gpu must be a non-negative integer, got "1.5"\n${TEAM_USAGE}`],
    ['a team name that is no DNS-1123 label', team, ['add', 'Vision', '--gpu', '8'], 2, `team: NAME must be a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit), got "Vision"\n${TEAM_USAGE}`],
    ['an unknown team action', team, ['rename', 'data'], 2, `team: expected add or remove, got "rename"\n${TEAM_USAGE}`],
    [
      'an edit whose result is invalid (a namespace another team uses)',
      team,
      ['add', 'vision', '--gpu', '8', '--namespace', 'inference'],
      1,
      'team: the edit would make teams.yaml invalid (lines as they would be after the edit):\nteams.yaml:49:16: teams[3].namespace: namespace "inference" is already used by teams[1]\nteam: nothing was written\n',
    ],
    ['revoking a group the team does not bind, naming the groups it has', revoke, ['serving', 'research-ml'], 1, 'revoke: group research-ml has no tier or role in team serving, expected one of its groups: (none); nothing was written\n'],
    ['granting a group written with the OIDC prefix, naming the bare name', grant, ['research', 'viewer', 'oidc:vision-viewers'], 1, 'grant: group oidc:vision-viewers starts with cluster.oidcGroupPrefix "oidc:", which is added to every group: write vision-viewers; nothing was written\n'],
  ])('refuses %s', (_what, command, args, code, stderr) => {
    expect(unchanged(command, ...args)).toEqual({ code, stderr });
  });

  it.each<[string, Command, string[], string]>([
    ['granting a group it already has', grant, ['research', 'teamLead', 'research-leads'], 'grant: group research-leads already has tier teamLead in team research; nothing changed\n'],
    ['rotating on the recorded date', rotate, ['research', 'pipeline', '--date', '2026-10-15'], 'rotate: token pipeline of team research was already rotated on 2026-10-15; nothing changed\n'],
  ])('is idempotent: %s says so, exits 0', (_what, command, args, stderr) => {
    expect(unchanged(command, ...args)).toEqual({ code: 0, stderr });
  });

  it('refuses to edit a teams.yaml that is already invalid, and lists its problems', () => {
    const ws = new EditWorkspace();
    writeFileSync(ws.file, ws.teamsYaml().replace('gpu: 64 ', 'gpu: -1 '));
    const before = ws.files();
    const run = ws.run(grant, 'research', 'viewer', 'research-dashboards');
    expect(ws.files()).toEqual(before);
    expect({ code: run.code, stderr: run.stderr.replaceAll(ws.file, 'teams.yaml') }).toEqual({
      code: 1,
      stderr: 'teams.yaml:16:12: teams[0].quota.gpu: must be a non-negative integer, got -1\ngrant: 1 error in teams.yaml; nothing was written\n',
    });
  });

  it('prints its help for --help, on stdout: usage and every flag', () => {
    const ws = new EditWorkspace();
    const run = ws.run(grant, '--help');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(`\n${GRANT_USAGE}`);
    for (const flag of ['-r, --role ROLE', '-f, --file FILE', '--out DIR', '--now YYYY-MM-DD', '-h, --help']) expect(run.stdout).toContain(flag);
  });
});
