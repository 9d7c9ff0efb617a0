import { readFileSync } from 'node:fs';
import { ConfigError, Problem, sortProblems } from './problem';
import { ruleProblemsDespiteSchema } from './despite-schema';
import { ruleProblems } from './rules';
import { schemaProblems } from './schema';
import { Source } from './source';
import { TeamsConfig } from './types';

export interface LoadOptions {
  /** "Today" for rotatedAt checks. @default - the current time */
  readonly now?: Date;
  /** Name used in messages. @default "teams.yaml" */
  readonly file?: string;
}

export interface LoadedConfig {
  readonly config: TeamsConfig;
  readonly source: Source;
  /** Problems of severity warning, sorted by position. */
  readonly warnings: readonly Problem[];
}

/** Parse and validate teams.yaml text. Throws ConfigError listing every error (and the warnings) at once. */
export function parseConfig(text: string | Uint8Array, options: LoadOptions = {}): LoadedConfig {
  const file = options.file ?? 'teams.yaml';
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const source = Source.parse(bytes);
  if (Array.isArray(source)) throw new ConfigError(file, sortProblems(source));
  const value = source.toJS();
  const rules = { now: options.now ?? new Date() };
  const schema = schemaProblems(source, value);
  if (schema.length > 0) throw new ConfigError(file, sortProblems([...schema, ...ruleProblemsDespiteSchema(source, value, schema, rules)]));
  const config = value as TeamsConfig;
  const problems = sortProblems(ruleProblems(source, config, rules));
  if (problems.some((p) => p.severity === 'error')) throw new ConfigError(file, problems);
  return { config, source, warnings: problems };
}

/** Read and validate a teams.yaml file. */
export function loadConfig(path: string, options: LoadOptions = {}): LoadedConfig {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message;
    throw new ConfigError(options.file ?? path, [{ code: 'encoding', severity: 'error', path: [], line: 1, col: 1, message: `cannot read the file: ${reason}` }]);
  }
  return parseConfig(bytes, { ...options, file: options.file ?? path });
}
