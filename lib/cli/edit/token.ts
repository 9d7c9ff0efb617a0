import { UsageError } from '../common';
import { expectArguments, parseTier } from './arguments';
import { type EditCommand, runEdit } from './edit-command';
import { addToken, removeToken } from './teams-edits';

const ADD_ONLY = ['tier', 'role', 'user', 'service-account', 'rotated-at'] as const;

const TOKEN: EditCommand = {
  name: 'token',
  usage: ['add TEAM NAME (--tier TIER | --role ROLE) (--user USER | --service-account SA)', 'remove TEAM NAME'],
  description: "Add an API token to a team, bound to a tier or custom role, for a CoreWeave access token's user or a ServiceAccount, rotated today (or on --rotated-at); or remove one.",
  options: {
    tier: { type: 'string', description: 'the tier it is bound to (token add)' },
    role: { type: 'string', description: 'the custom role it is bound to (token add)' },
    user: { type: 'string', description: "the access token's user (token add)" },
    'service-account': { type: 'string', description: 'the ServiceAccount it is (token add)', value: 'SA' },
    'rotated-at': { type: 'string', description: 'when it was made or last rotated (token add; default today)', value: 'YYYY-MM-DD' },
  },
};

/**
 * `token add TEAM NAME`: append an API token bound to a tier or custom role, for a CoreWeave access token's user or a
 * ServiceAccount, rotated today (or on --rotated-at); `token remove TEAM NAME`: remove one.
 */
export function token(argv: readonly string[]): number {
  return runEdit(TOKEN, argv, (file, { positionals, values, now }) => {
    const [action, ...rest] = positionals;
    if (action === 'remove') {
      for (const flag of ADD_ONLY) if (values[flag] !== undefined) throw new UsageError(`--${flag} is for token add, not token remove`);
      const [team, name] = expectArguments(rest, ['TEAM', 'NAME']);
      return removeToken(file, team, name);
    }
    if (action !== 'add') throw new UsageError(`expected add or remove, got ${action === undefined ? 'nothing' : JSON.stringify(action)}`);
    const [team, name] = expectArguments(rest, ['TEAM', 'NAME']);
    const access = exactlyOne(values, 'tier', 'role');
    const subject = exactlyOne(values, 'user', 'service-account');
    return addToken(file, team, {
      name,
      tier: access.option === 'tier' ? tierAsWritten(access.value) : undefined,
      role: access.option === 'role' ? access.value : undefined,
      user: subject.option === 'user' ? subject.value : undefined,
      serviceAccount: subject.option === 'service-account' ? subject.value : undefined,
      rotatedAt: (values['rotated-at'] as string | undefined) ?? now.toISOString().slice(0, 10),
    });
  });
}

/** The one of two options that was given, with its value; neither or both is a usage error saying which. */
function exactlyOne<A extends string, B extends string>(values: Readonly<Record<string, unknown>>, a: A, b: B): { option: A | B; value: string } {
  const given = [a, b].filter((o) => values[o] !== undefined);
  if (given.length !== 1) {
    const got = given.length === 0 ? 'neither' : `both: ${given.map((o) => `--${o} ${JSON.stringify(values[o])}`).join(' and ')}`;
    throw new UsageError(`expected exactly one of --${a} / --${b}, got ${got}`);
  }
  return { option: given[0] as A | B, value: values[given[0]] as string };
}

/**
 * A tier in either spelling `grant` takes (teamLead, team-lead); anything else is written as given, and the validation
 * of the edited teams.yaml refuses it with its located message.
 */
function tierAsWritten(value: string): string {
  try {
    return parseTier(value);
  } catch (e) {
    if (e instanceof UsageError) return value;
    throw e;
  }
}
