import { UsageError } from '../common';
import { checkLabel, checkLabelValue, expectArguments, parseGpuCount } from './arguments';
import { type EditCommand, runEdit } from './edit-command';
import { addTeam, removeTeam } from './teams-edits';

const TEAM: EditCommand = {
  name: 'team',
  usage: ['add NAME --gpu N', 'remove NAME'],
  description: 'Add a team to teams.yaml (with its GPU quota, and its namespace and cost center when they differ from the defaults), or remove one. A removed team keeps its namespace and data on the cluster: dist/ marks namespaces so that Flux never prunes them.',
  options: {
    gpu: { type: 'string', description: 'the GPUs of its quota (team add)', value: 'N' },
    namespace: { type: 'string', short: 'n', description: 'its namespace (team add; default its name)', value: 'NS' },
    'cost-center': { type: 'string', description: 'its cost center label (team add)', value: 'CC' },
  },
};

/** `team add NAME --gpu N`: append a team; `team remove NAME`: remove one. */
export function team(argv: readonly string[]): number {
  return runEdit(TEAM, argv, (file, { positionals, values }) => {
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
