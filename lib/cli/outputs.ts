import { loadConfig, LoadedConfig } from '../config/load';
import { ConfigError } from '../config/problem';
import { buildPlan } from '../plan/build-plan';
import type { Plan } from '../plan/types';
import { renderFiles } from '../synth/render';

export interface Outputs {
  readonly loaded: LoadedConfig;
  readonly plan: Plan;
  /** dist/ file name → content. */
  readonly dist: Map<string, string>;
  /** Other files synth writes, outside dist/ (repository-relative path → content), e.g. audit/audit-policy.yaml. */
  readonly files: Map<string, string>;
}

export interface OutputOptions {
  readonly teamsFile: string;
  readonly now: Date;
  /** Treat warnings as errors. */
  readonly strict: boolean;
}

/** Validate teams.yaml and render everything synth writes, in memory. Throws ConfigError on bad input. */
export function buildOutputs(options: OutputOptions): Outputs {
  const loaded = loadConfig(options.teamsFile, { now: options.now, file: options.teamsFile });
  if (options.strict && loaded.warnings.length > 0) {
    throw new ConfigError(options.teamsFile, loaded.warnings.map((w) => ({ ...w })));
  }
  const plan = buildPlan(loaded.config);
  return { loaded, plan, dist: renderFiles(plan), files: new Map() };
}
