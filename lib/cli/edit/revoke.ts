import { type EditCommand, runEdit } from './edit-command';
import { expectArguments } from './arguments';
import { revokeGroup } from './teams-edits';

const REVOKE: EditCommand = {
  name: 'revoke',
  usage: ['TEAM GROUP'],
  description: 'Remove an IdP group from every tier and custom role of a team (GROUP as teams.yaml writes it, or with cluster.oidcGroupPrefix).',
  options: {},
};

/** `revoke TEAM GROUP`: remove an IdP group from every tier and custom role of a team. */
export function revoke(argv: readonly string[]): number {
  return runEdit(REVOKE, argv, (file, { positionals }) => {
    const [team, group] = expectArguments(positionals, ['TEAM', 'GROUP']);
    return revokeGroup(file, team, group);
  });
}
