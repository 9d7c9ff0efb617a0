import { dirname, join } from 'node:path';
import { AUDIT_POLICY_FILE, auditPolicyText } from '../audit/audit-policy';
import { ACCESS_REPORT_FILE, accessMatrixMarkdown, buildAccessMatrix } from '../access/access-matrix';
import { loadConfig, LoadedConfig, parseConfig } from '../config/load';
import { ConfigError } from '../config/problem';
import { buildPlan } from '../plan/build-plan';
import type { Plan } from '../plan/types';
import { renderDist } from '../synth/render';
import { DistChange, writeDist, writeFileIfChanged } from '../synth/write-dist';

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
  /** The content of teamsFile to use instead of reading it (the edit commands validate before they write). @default - read teamsFile */
  readonly text?: string;
  /**
   * Also render ACCESS.md. Synth leaves it out: evaluating who-may-do-what costs more than all the rest at thousands
   * of teams, and `npm run access-matrix` writes it; check and the edit commands include it.
   * @default false
   */
  readonly accessReport?: boolean;
}

/** Validate teams.yaml and render everything synth writes, in memory. Throws ConfigError on bad input. */
export function buildOutputs(options: OutputOptions): Outputs {
  const load = { now: options.now, file: options.teamsFile };
  const loaded = options.text === undefined ? loadConfig(options.teamsFile, load) : parseConfig(options.text, load);
  if (options.strict && loaded.warnings.length > 0) {
    throw new ConfigError(options.teamsFile, loaded.warnings.map((w) => ({ ...w })));
  }
  const plan = buildPlan(loaded.config);
  // beside teams.yaml (the repository root), so that a teams.yaml elsewhere never writes into this repository
  const files = new Map([[join(dirname(options.teamsFile), AUDIT_POLICY_FILE), auditPolicyText(plan)]]);
  // the report reads the objects as rendered: the same as parsing dist/ back, without the parsing
  const { files: dist, objects } = renderDist(plan, { objects: options.accessReport ?? false });
  if (options.accessReport) files.set(join(dirname(options.teamsFile), ACCESS_REPORT_FILE), accessMatrixMarkdown(buildAccessMatrix(objects)));
  return { loaded, plan, dist, files };
}

/** Write what buildOutputs rendered: dist/ all at once, then each other file; unchanged files are not touched. */
export function writeOutputs(outputs: Outputs, out: string): DistChange {
  const change = writeDist(out, outputs.dist);
  for (const [path, content] of outputs.files) writeFileIfChanged(path, content);
  return change;
}
