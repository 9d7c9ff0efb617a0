import { AUDIT_POLICY_FILE, auditPolicyText } from '../audit/audit-policy';
import { ACCESS_REPORT_FILE, accessReport, type PreviousReport } from '../access/access-report';
import { LoadedConfig, parseConfig } from '../config/load';
import { ConfigError } from '../config/problem';
import { buildPlan } from '../plan/build-plan';
import type { Plan } from '../plan/types';
import { renderDist } from './render';

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
   * depend on changed (the result is the same as without it, sooner). @default - every section is evaluated
   */
  readonly previousAccessReport?: string | PreviousReport;
}

export interface Synthesis {
  readonly loaded: LoadedConfig;
  readonly plan: Plan;
  /** dist/ file name → content. */
  readonly dist: Map<string, string>;
  /** The other files, by their path beside teams.yaml: audit/audit-policy.yaml, and ACCESS.md when asked for. */
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
  const { files: dist, objects } = renderDist(plan, { objects: options.accessReport ? ACCESS_KINDS : false });
  if (options.accessReport) files.set(ACCESS_REPORT_FILE, accessReport(objects, options.previousAccessReport));
  return { loaded, plan, dist, files };
}
