import { UsageError } from '../common';
import { checkLabel, checkLabelValue, expectArguments, parseGpuCount } from './arguments';
import { runEdit } from './edit-command';
import { addTeam, removeTeam } from './teams-edits';

const USAGE = ['npm run team -- add NAME --gpu N [--namespace NS] [--cost-center CC]', 'npm run team -- remove NAME'];

/** `team add NAME --gpu N`: append a team; `team remove NAME`: remove one. */
export function team(argv: readonly string[]): number {
  const options = { gpu: { type: 'string' }, namespace: { type: 'string', short: 'n' }, 'cost-center': { type: 'string' } } as const;
  return runEdit('team', USAGE, argv, options, (file, { positionals, values }) => {
    const [action, ...rest] = positionals;
    if (action === 'remove') {
      for (const flag of ['gpu', 'namespace', 'cost-center']) if (values[flag] !== undefined) throw new UsageError(`--${flag} is for team add, not team remove`);
      const [name] = expectArguments(rest, ['NAME']);
      return removeTeam(file, name);
    }
    if (action !== 'add') throw new UsageError(`expected add or remove, got ${action === undefined ? 'nothing' : JSON.stringify(action)}`);
    const [name] = expectArguments(rest, ['NAME']);
    const namespace = values.namespace as string | undefined;
    const costCenter = values['cost-center'] as string | undefined;
    checkLabel('NAME', name);
    checkLabel('--namespace', namespace);
    checkLabelValue('--cost-center', costCenter);
    return addTeam(file, { name, gpu: parseGpuCount(values.gpu as string | undefined), namespace, costCenter });
  });
}
