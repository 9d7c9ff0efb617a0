import { runEdit } from './edit-command';
import { expectArguments, parseRotationDate } from './arguments';
import { rotateToken } from './teams-edits';

const USAGE = ['npm run rotate -- TEAM TOKEN [--date YYYY-MM-DD]'];

/** `rotate TEAM TOKEN`: record that a token was rotated today (or on --date). */
export function rotate(argv: readonly string[]): number {
  return runEdit('rotate', USAGE, argv, { date: { type: 'string' } }, (file, { positionals, values, now }) => {
    const [team, token] = expectArguments(positionals, ['TEAM', 'TOKEN']);
    const date = parseRotationDate((values.date as string | undefined) ?? now.toISOString().slice(0, 10), now);
    return rotateToken(file, team, token, date);
  });
}
