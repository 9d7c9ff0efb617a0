import { dirname, join } from 'node:path';
import { LoadedConfig, readTeamsBytes } from '../config/load';
import type { Plan } from '../plan/types';
import { synthesize } from '../synth/synthesize';
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

/** Read teams.yaml (unless given its text) and synthesize everything synth writes, the other files placed beside it. */
export function buildOutputs(options: OutputOptions): Outputs {
  const text = options.text ?? readTeamsBytes(options.teamsFile);
  const synthesis = synthesize(text, { now: options.now, strict: options.strict, file: options.teamsFile, accessReport: options.accessReport ?? false });
  // beside teams.yaml (the repository root), so that a teams.yaml elsewhere never writes into this repository
  const files = new Map([...synthesis.files].map(([path, content]) => [join(dirname(options.teamsFile), path), content]));
  return { ...synthesis, files };
}

/** Write what buildOutputs rendered: dist/ all at once, then each other file; unchanged files are not touched. */
export function writeOutputs(outputs: Outputs, out: string): DistChange {
  const change = writeDist(out, outputs.dist);
  for (const [path, content] of outputs.files) writeFileIfChanged(path, content);
  return change;
}
