import { parseArgs, ParseArgsConfig } from 'node:util';
import { ConfigError, formatProblem, Problem } from '../config/problem';
import { parseDate } from '../config/names';
import { InputError } from '../core/input-error';
import { suggestion } from '../core/suggestion';

/** Exit codes: 0 success, 1 the answer is "no" / the input is invalid / drift, 2 the command line is wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export class UsageError extends Error {}

/**
 * Asked by `coreweave-rbac completion`: a command called with this argument answers with the flags of its own
 * parser definition (thrown as FlagList, before anything runs), so completion is made from what each command parses.
 */
export const LIST_FLAGS = '--list-flags-for-completion';

export class FlagList extends Error {
  constructor(readonly flags: readonly string[]) {
    super('flag list');
  }
}

/** util.parseArgs with usage errors that say what was received, and for an unknown flag the one it may have meant. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  if (config.args?.includes(LIST_FLAGS)) {
    throw new FlagList(Object.entries(config.options ?? {}).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]));
  }
  try {
    return parseArgs(config);
  } catch (e) {
    const message = (e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, '');
    const unknown = /^Unknown option '(-{1,2})([^']*)'/.exec(message);
    if (unknown) {
      const flags = Object.keys(config.options ?? {});
      // flags are short words: two edits (a swapped pair of letters) still say which one was meant
      const meant = suggestion(unknown[2] ?? '', flags, 2) ?? flags.find((f) => (unknown[2] ?? '').startsWith(f));
      throw new UsageError(`unknown flag ${unknown[1]}${unknown[2]}${meant ? `, did you mean --${meant}?` : ''}`);
    }
    throw new UsageError(message);
  }
}

/** Which teams.yaml: every command that reads it takes -f, as kubectl takes its manifests. */
export const FILE_OPTION = { file: { type: 'string', short: 'f', default: 'teams.yaml', description: 'the teams.yaml to read', value: 'FILE' } } as const;

/** Which teams.yaml, and "today" for its time-dependent checks: every command that validates teams.yaml takes these. */
export const TEAMS_OPTIONS = {
  ...FILE_OPTION,
  now: { type: 'string', description: '"today" for token ages (default $COREWEAVE_RBAC_NOW, else the clock)', value: 'YYYY-MM-DD' },
} as const;

/** Where output goes: for the commands that write dist/, the directory. */
export const DIST_OPTIONS = { out: { type: 'string', default: 'dist', description: 'where the generated manifests go', value: 'DIR' } } as const;

/** The generated manifests a command reads. */
export const DIST_INPUT_OPTION = { dist: { type: 'string', default: 'dist', description: 'the generated manifests to read', value: 'DIR' } } as const;

/** The output format, with kubectl's -o. */
export function formatOption<const F extends string>(formats: readonly F[], fallback: F) {
  return { format: { type: 'string', short: 'o', default: fallback, description: `output format: ${formats.join(', ')}`, value: 'FORMAT' } } as const;
}

/** "Today" for time-dependent checks: --now, else $COREWEAVE_RBAC_NOW, else the clock. */
export function resolveNow(option: string | undefined): Date {
  const value = option ?? process.env.COREWEAVE_RBAC_NOW;
  if (value === undefined || value === '') return new Date();
  const date = parseDate(value) ?? (Number.isNaN(Date.parse(value)) ? undefined : new Date(value));
  if (!date) throw new UsageError(`--now must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return date;
}

/** Where a command writes: the process's streams, or a test's. */
export interface Output {
  write(text: string): unknown;
}

export function printProblems(file: string, problems: readonly Problem[], stderr: Output = process.stderr): void {
  for (const p of problems) stderr.write(`${formatProblem(file, p)}\n`);
}

/** The one mapping from what a command throws to its message and exit code. */
export function failure(name: string, usage: string, e: unknown, onInvalidInput: string, inputErrorExit: number = EXIT.failed, stderr: Output = process.stderr): number {
  if (e instanceof FlagList) throw e;
  if (e instanceof ConfigError) {
    printProblems(e.file, e.problems, stderr);
    const errors = e.problems.filter((p) => p.severity === 'error').length;
    const warnings = e.problems.length - errors;
    // only a strict run (check, --strict) fails on warnings alone
    const what = errors > 0 ? `${errors} error${errors === 1 ? '' : 's'} in ${e.file}` : `${warnings} warning${warnings === 1 ? '' : 's'} in ${e.file} (warnings are errors here)`;
    stderr.write(`${name}: ${what}; ${onInvalidInput}\n`);
    return inputErrorExit;
  }
  if (e instanceof UsageError) {
    stderr.write(`${name}: ${e.message}\nusage: ${usage}\n`);
    return EXIT.usage;
  }
  if (e instanceof InputError) {
    stderr.write(`${name}: ${(e as Error).message}\n`);
    return inputErrorExit;
  }
  // the reader of stdout closed it (`| head`): it has what it wanted (see lib/cli/index.ts)
  if ((e as NodeJS.ErrnoException | undefined)?.code === 'EPIPE') return EXIT.ok;
  stderr.write(`${name}: internal error (a bug in coreweave-rbac, please report it): ${(e as Error).stack ?? e}\n`);
  return EXIT.failed;
}
