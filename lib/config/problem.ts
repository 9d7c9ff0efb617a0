/** Every kind of problem teams.yaml can have; one code per rule so tests and tools can match on it. */
export type ProblemCode =
  | 'yaml-syntax'
  | 'yaml-duplicate-key'
  | 'yaml-alias'
  | 'yaml-nesting'
  | 'encoding'
  | 'empty-file'
  | 'not-a-mapping'
  | 'unknown-key'
  | 'missing-key'
  | 'wrong-type'
  | 'invalid-value'
  | 'invalid-name'
  | 'duplicate'
  | 'reserved-namespace'
  | 'invalid-quantity'
  | 'invalid-group'
  | 'invalid-token'
  | 'invalid-date'
  | 'unknown-team'
  | 'gpu-by-class'
  | 'unknown-gpu-class'
  | 'role-escalation'
  | 'unknown-role'
  | 'token-overdue'
  | 'gpu-oversubscribed';

export type Severity = 'error' | 'warning';

/** One located problem in teams.yaml. `path` is a list of keys and indexes from the document root. */
export interface Problem {
  readonly code: ProblemCode;
  readonly severity: Severity;
  readonly path: readonly (string | number)[];
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

/** `teams[2].namespace`, `cluster.gpuCapacity["H100"]`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

/** The one format of a problem: `teams.yaml:12:5: teams[2].namespace: must be ..., got "Research"`. */
export function formatProblem(file: string, p: Problem): string {
  const where = `${file}:${p.line}:${p.col}:`;
  const path = p.path.length > 0 ? ` ${formatPath(p.path)}:` : '';
  return p.severity === 'warning' ? `${where} warning:${path} ${p.message}` : `${where}${path} ${p.message}`;
}

export function sortProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  const unique: Problem[] = [];
  for (const p of problems) {
    const key = `${p.line}:${p.col}:${formatPath(p.path)}:${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(p);
  }
  return unique.sort((a, b) => a.line - b.line || a.col - b.col || formatPath(a.path).localeCompare(formatPath(b.path)));
}

/** Thrown by the loader when teams.yaml has at least one error; carries every problem found. */
export class ConfigError extends Error {
  constructor(readonly file: string, readonly problems: readonly Problem[]) {
    super(problems.map((p) => formatProblem(file, p)).join('\n'));
    this.name = 'ConfigError';
  }
}

/** Quote a received value for a message: strings in JSON quotes, the rest as YAML would show them. */
export function got(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}
