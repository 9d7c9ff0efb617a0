import { AccessInputError } from '../access/load';
import type { Subject } from '../access/evaluator';
import { runCommand, UsageError } from './common';

/** runCommand, plus access commands' input problems (no dist/, no git ref, no cluster) said in one line with `code`. */
export function runAccessCommand(name: string, usage: string, code: number, body: () => number): number {
  return runCommand(name, usage, () => {
    try {
      return body();
    } catch (e) {
      if (!(e instanceof AccessInputError)) throw e;
      process.stderr.write(`${name}: ${e.message}\n`);
      return code;
    }
  });
}

/** The subject of --as / --as-group, as kubectl impersonation would present it. */
export function subjectOf(as: string | undefined, asGroups: readonly string[] | undefined): Subject {
  if (as === undefined && (asGroups ?? []).length === 0) {
    throw new UsageError('say who asks: --as USER (system:serviceaccount:NS:NAME for a ServiceAccount) and/or --as-group GROUP');
  }
  if (as === '') throw new UsageError('--as must be a user name, got ""');
  return { ...(as !== undefined ? { user: as } : {}), groups: [...(asGroups ?? [])] };
}

export function checkFormat(format: string | undefined, allowed: readonly string[]): void {
  if (format !== undefined && !allowed.includes(format)) {
    throw new UsageError(`--format must be one of ${allowed.join(', ')}, got ${JSON.stringify(format)}`);
  }
}

/** The options can-i and who-can share with `kubectl auth can-i`: where, and which subresource. */
export const SCOPE_OPTIONS = {
  namespace: { type: 'string', short: 'n' },
  'all-namespaces': { type: 'boolean', short: 'A', default: false },
  subresource: { type: 'string' },
} as const;

/** The namespace SCOPE_OPTIONS ask about: -n NS, or undefined for -A / none (cluster-wide), as kubectl reads them. */
export function scopeNamespace(values: { readonly namespace?: string; readonly 'all-namespaces'?: boolean }): string | undefined {
  if (values.namespace !== undefined && values['all-namespaces']) throw new UsageError('-n and -A exclude each other');
  return values['all-namespaces'] ? undefined : values.namespace;
}
