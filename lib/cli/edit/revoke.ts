import { runEdit } from './edit-command';
import { expectArguments } from './arguments';
import { revokeGroup } from './teams-edits';

const USAGE = ['npm run revoke -- TEAM GROUP'];

/** `revoke TEAM GROUP`: remove an IdP group from every tier and custom role of a team. */
export function revoke(argv: readonly string[]): number {
  return runEdit('revoke', USAGE, argv, {}, (file, { positionals }) => {
    const [team, group] = expectArguments(positionals, ['TEAM', 'GROUP']);
    return revokeGroup(file, team, group);
  });
}
