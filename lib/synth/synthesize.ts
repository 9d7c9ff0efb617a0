import { AUDIT_POLICY_FILE, auditPolicyText } from '../audit/audit-policy';
import { ACCESS_REPORT_FILE, updatedAccessReport, type PreviousReport } from '../access/access-report';
import { accessDigestPiece, digestSourceOf, type DigestPiece } from '../access/report-inputs';
import { LoadedConfig, parseConfig } from '../config/load';
import { ConfigError } from '../config/problem';
import { buildPlan } from '../plan/build-plan';
import type { Plan } from '../plan/types';
import { inFileOrder, renderDist, renderObjects } from './render';

export interface SynthesizeOptions {
  /** "Today", for the token-age checks. */
  readonly now: Date;
  /** Treat warnings as errors. @default false */
  readonly strict?: boolean;
  /** The name problems are located in (`teams.yaml:12:5: …`). @default 'teams.yaml' */
  readonly file?: string;
  /** Also render ACCESS.md. @default false */
  readonly accessReport?: boolean;
  /**
   * The ACCESS.md written before, whose namespace sections are kept where their digest shows that nothing they
   * depend on changed (the result is the same as without it, sooner). When it is current as a whole, `files`
   * leaves ACCESS.md out: there is nothing to write. @default - every section is evaluated
   */
  readonly previousAccessReport?: string | PreviousReport;
  /**
   * Tells a dist/ file that is already written as rendered (synth compares each with the file on disk as soon as it
   * is rendered): such a file is left out of `dist` and named in `unchangedDist`. @default - every file is in `dist`
   */
  readonly isWritten?: (file: string, text: string) => boolean;
}

export interface Synthesis {
  readonly loaded: LoadedConfig;
  readonly plan: Plan;
  /** dist/ file name → content, for every file but those of `unchangedDist`. */
  readonly dist: Map<string, string>;
  /** The dist/ files that `isWritten` found already written as rendered. */
  readonly unchangedDist: ReadonlySet<string>;
  /**
   * The other files, by their path beside teams.yaml: audit/audit-policy.yaml, and ACCESS.md when asked for (unless
   * `previousAccessReport` is current).
   */
  readonly files: ReadonlyMap<string, string>;
}

/** The kinds ACCESS.md is evaluated from. */
const ACCESS_KINDS = new Set(['Namespace', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'] as const);

/**
 * The whole pipeline as a library call that touches no file system, like kustomize's Run: teams.yaml's text →
 * validated config → plan → every file synth writes. Throws ConfigError with every problem on bad input.
 */
export function synthesize(text: string | Uint8Array, options: SynthesizeOptions): Synthesis {
  const file = options.file ?? 'teams.yaml';
  const loaded = parseConfig(text, { now: options.now, file });
  if (options.strict && loaded.warnings.length > 0) throw new ConfigError(file, loaded.warnings.map((w) => ({ ...w })));
  const plan = buildPlan(loaded.config);
  const files = new Map([[AUDIT_POLICY_FILE, auditPolicyText(plan)]]);
  // the report reads the objects as rendered: the same as parsing dist/ back, without the parsing
  const previous = options.previousAccessReport;
  // with a report written before, that is most likely current, only its digest is worked out while rendering; the
  // objects are rendered again when it is not
  const pieces: [string, DigestPiece][] = [];
  const { files: dist, unchanged: unchangedDist, objects } = renderDist(plan, {
    objects: options.accessReport ? ACCESS_KINDS : false,
    ...(options.isWritten ? { isWritten: options.isWritten } : {}),
    ...(options.accessReport && previous !== undefined ? { eachFileObjects: (file: string, objects: readonly unknown[]) => void pieces.push([file, accessDigestPiece(objects)]) } : {}),
  });
  if (options.accessReport) {
    const source = previous === undefined ? objects : { digestSource: digestSourceOf(inFileOrder(pieces)), objects: () => renderObjects(plan, ACCESS_KINDS) };
    const report = updatedAccessReport(source, typeof previous === 'string' ? { text: previous } : previous);
    if (report !== undefined) files.set(ACCESS_REPORT_FILE, report);
  }
  return { loaded, plan, dist, unchangedDist, files };
}
