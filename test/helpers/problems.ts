import { ConfigError, formatProblem, parseConfig } from '../../lib/config';
import { NOW } from './example';

/** Every problem of a teams.yaml text (errors, or the warnings of a valid file), formatted as the CLI prints it. */
export function problems(text: string): string[] {
  try {
    return parseConfig(text, { now: NOW }).warnings.map((p) => formatProblem('teams.yaml', p));
  } catch (e) {
    if (e instanceof ConfigError) return e.problems.map((p) => formatProblem('teams.yaml', p));
    throw e;
  }
}
