import { type EditCommand, runEdit } from './edit-command';
import { expectArguments, parseRotationDate } from './arguments';
import { rotateToken } from './teams-edits';

const ROTATE: EditCommand = {
  name: 'rotate',
  usage: ['TEAM TOKEN'],
  description: "Record that a team's token was rotated: today, or on --date.",
  options: { date: { type: 'string', description: 'the day it was rotated (default today)', value: 'YYYY-MM-DD' } },
};

/** `rotate TEAM TOKEN`: record that a token was rotated today (or on --date). */
export function rotate(argv: readonly string[]): number {
  return runEdit(ROTATE, argv, (file, { positionals, values, now }) => {
    const [team, token] = expectArguments(positionals, ['TEAM', 'TOKEN']);
    const date = parseRotationDate((values.date as string | undefined) ?? now.toISOString().slice(0, 10), now);
    return rotateToken(file, team, token, date);
  });
}
