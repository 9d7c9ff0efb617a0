import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ACCESS_REPORT_FILE } from '../access/access-report';
import { LoadedConfig, readTeamsBytes } from '../config/load';
import type { Plan } from '../plan/types';
import { synthesize } from '../synth/synthesize';
import { DistChange, fileHolds, writeDist, writeFileIfChanged } from '../synth/write-dist';

export interface Outputs {
  readonly loaded: LoadedConfig;
  readonly plan: Plan;
  /** dist/ file name → content, for every file but those of `unchangedDist`. */
  readonly dist: Map<string, string>;
  /** With `compareWith`, the dist/ files found to hold their content already. */
  readonly unchangedDist: ReadonlySet<string>;
  /**
   * Other files synth writes, outside dist/ (repository-relative path → content), e.g. audit/audit-policy.yaml;
   * ACCESS.md only when the one on disk is not current.
   */
  readonly files: Map<string, string>;
}

export interface OutputOptions {
  readonly teamsFile: string;
  readonly now: Date;
  /** Treat warnings as errors. */
  readonly strict: boolean;
  /** The content of teamsFile to use instead of reading it (the edit commands validate before they write). @default - read teamsFile */
  readonly text?: string;
  /** Also render ACCESS.md (synth, check and the edit commands do). @default false */
  readonly accessReport?: boolean;
  /**
   * Keep what the digests of the ACCESS.md beside teams.yaml show to be current (the whole report, or the sections
   * whose objects did not change), evaluating only the rest: the report is the same either way.
   * @default true
   */
  readonly reuseAccessReport?: boolean;
  /**
   * The dist/ the outputs will be compared with or written to: each file is compared with it as soon as it is
   * rendered, and only the others are held (`dist`; the rest are named in `unchangedDist`). @default - every file is held
   */
  readonly compareWith?: string;
}

/** Read teams.yaml (unless given its text) and synthesize everything synth writes, the other files placed beside it. */
export function buildOutputs(options: OutputOptions): Outputs {
  const text = options.text ?? readTeamsBytes(options.teamsFile);
  const beside = (path: string): string => join(dirname(options.teamsFile), path);
  const previous = options.accessReport && options.reuseAccessReport !== false ? readIfExists(beside(ACCESS_REPORT_FILE)) : undefined;
  const synthesis = synthesize(text, {
    now: options.now,
    strict: options.strict,
    file: options.teamsFile,
    accessReport: options.accessReport ?? false,
    ...(previous !== undefined ? { previousAccessReport: { bytes: previous } } : {}),
    ...(options.compareWith !== undefined ? { isWritten: (file: string, text: string) => fileHolds(join(options.compareWith as string, file), text) } : {}),
  });
  // beside teams.yaml (the repository root), so that a teams.yaml elsewhere never writes into this repository
  const files = new Map([...synthesis.files].map(([path, content]) => [beside(path), content]));
  return { ...synthesis, files };
}

function readIfExists(path: string): Buffer | undefined {
  try {
    return existsSync(path) ? readFileSync(path) : undefined;
  } catch {
    return undefined;
  }
}

/** Write what buildOutputs rendered: dist/ all at once, then each other file; unchanged files are not touched. */
export function writeOutputs(outputs: Outputs, out: string): DistChange {
  const change = writeDist(out, outputs.dist, outputs.unchangedDist);
  for (const [path, content] of outputs.files) writeFileIfChanged(path, content);
  return change;
}
