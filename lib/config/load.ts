import { readFileSync } from 'node:fs';
import { decodeUtf8 } from './decode';
import { ConfigError, Problem, sortProblems } from './problem';
import { ruleProblemsDespiteSchema } from './despite-schema';
import { quickParse } from './quick-parse';
import { RuleOptions, ruleProblems } from './rules';
import { schemaProblems } from './schema';
import { Locator, Source } from './source';
import { TeamsConfig } from './types';

export interface LoadOptions {
  /** "Today" for rotatedAt checks. @default - the current time */
  readonly now?: Date;
  /** Name used in messages. @default "teams.yaml" */
  readonly file?: string;
  /**
   * Try js-yaml first (see quickLoad); false parses with `yaml` only, for tests that compare the two.
   * @default true
   */
  readonly quick?: boolean;
}

export interface LoadedConfig {
  readonly config: TeamsConfig;
  /** The parsed document, for positions and edits (parsed on first use when the quick path loaded the file). */
  readonly source: Source;
  /** Problems of severity warning, sorted by position. */
  readonly warnings: readonly Problem[];
}

/** Parse and validate teams.yaml text. Throws ConfigError listing every error (and the warnings) at once. */
export function parseConfig(text: string | Uint8Array, options: LoadOptions = {}): LoadedConfig {
  const file = options.file ?? 'teams.yaml';
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const rules = { now: options.now ?? new Date() };
  return (options.quick !== false ? quickLoad(bytes, rules) : undefined) ?? fullLoad(bytes, file, rules);
}

class NeedsPositions extends Error {}
const NEEDS_POSITIONS: Locator = {
  problemAt: () => {
    throw new NeedsPositions();
  },
  plainText: () => {
    throw new NeedsPositions();
  },
};

/**
 * A thousand teams parse ten times faster through js-yaml (quickParse) than through `yaml`, which keeps the
 * positions every message needs. So a file is first read quickly and validated; at its first problem or warning,
 * or whenever quickParse is unsure, parseConfig starts over with the full parse, which finds and locates them all.
 */
function quickLoad(bytes: Uint8Array, rules: RuleOptions): LoadedConfig | undefined {
  const decoded = decodeUtf8(bytes);
  if ('failure' in decoded) return undefined;
  const value = quickParse(decoded.text);
  if (value === undefined) return undefined;
  try {
    if (schemaProblems(NEEDS_POSITIONS, value).length > 0 || ruleProblems(NEEDS_POSITIONS, value as unknown as TeamsConfig, rules).length > 0) return undefined;
  } catch (e) {
    if (e instanceof NeedsPositions) return undefined;
    throw e;
  }
  let source: Source | undefined;
  return {
    config: value as unknown as TeamsConfig,
    warnings: [],
    get source(): Source {
      source ??= parsedSource(bytes);
      return source;
    },
  };
}

function parsedSource(bytes: Uint8Array): Source {
  const source = Source.parse(bytes);
  if (Array.isArray(source)) throw new Error(`internal error: js-yaml read a file that yaml rejects (${source[0]?.message}); please report it`);
  return source;
}

function fullLoad(bytes: Uint8Array, file: string, rules: RuleOptions): LoadedConfig {
  const source = Source.parse(bytes);
  if (Array.isArray(source)) throw new ConfigError(file, sortProblems(source));
  const value = source.toJS();
  const schema = schemaProblems(source, value);
  if (schema.length > 0) throw new ConfigError(file, sortProblems([...schema, ...ruleProblemsDespiteSchema(source, value, schema, rules)]));
  const config = value as TeamsConfig;
  const problems = sortProblems(ruleProblems(source, config, rules));
  if (problems.some((p) => p.severity === 'error')) throw new ConfigError(file, problems);
  return { config, source, warnings: problems };
}

/** Read and validate a teams.yaml file. */
export function loadConfig(path: string, options: LoadOptions = {}): LoadedConfig {
  return parseConfig(readTeamsBytes(path, options.file ?? path), { ...options, file: options.file ?? path });
}

/** The bytes of a teams.yaml; a file that cannot be read is a located problem of that file, like any other. */
export function readTeamsBytes(path: string, shownAs = path): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message;
    throw new ConfigError(shownAs, [{ code: 'encoding', severity: 'error', path: [], line: 1, col: 1, message: `cannot read the file: ${reason}` }]);
  }
}
