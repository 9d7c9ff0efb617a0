import { subjectNameError } from '../../config/names';
import { UsageError } from '../common';
import { type EditCommand, runEdit } from './edit-command';
import { EditRefused, grantRole, grantTier } from './teams-edits';
import { parseTier } from './arguments';

const GRANT: EditCommand = {
  name: 'grant',
  usage: ['TEAM TIER GROUP', 'TEAM GROUP --role ROLE'],
  description: 'Bind an IdP group to a tier of a team (teamLead, mlEngineer, inferenceOperator, viewer), or with --role to one of its custom roles. GROUP is written without cluster.oidcGroupPrefix.',
  options: { role: { type: 'string', short: 'r', description: 'a custom role of the team instead of a tier' } },
};

/** `grant TEAM TIER GROUP`: bind an IdP group to a tier of a team; `--role ROLE` binds it to a custom role instead. */
export function grant(argv: readonly string[]): number {
  return runEdit(GRANT, argv, (file, { positionals, values }) => {
    const role = values.role as string | undefined;
    const expected = role === undefined ? 3 : 2;
    if (positionals.length !== expected) {
      const shape = role === undefined ? 'TEAM TIER GROUP' : 'TEAM GROUP (with --role, no TIER)';
      throw new UsageError(`expected ${shape}, got ${positionals.length} argument${positionals.length === 1 ? '' : 's'}${positionals.length ? `: ${positionals.join(' ')}` : ''}`);
    }
    const [team, ...rest] = positionals;
    const group = rest[rest.length - 1];
    const groupError = subjectNameError(group, 'group');
    if (groupError) throw new UsageError(`GROUP ${groupError}`);
    const prefix = file.config.cluster.oidcGroupPrefix;
    if (prefix && group.startsWith(prefix)) {
      throw new EditRefused(`group ${group} starts with cluster.oidcGroupPrefix ${JSON.stringify(prefix)}, which is added to every group: write ${group.slice(prefix.length)}`);
    }
    return role === undefined ? grantTier(file, team, parseTier(rest[0]), group) : grantRole(file, team, role, group);
  });
}
