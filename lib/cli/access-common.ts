import { AccessInputError } from '../access/dist-objects';
import type { Subject } from '../access/evaluator';
import { prefixedGroup } from '../config/group-prefix';
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

/**
 * The subject of --as / --as-group, as kubectl impersonation would present it. A group may be written as in
 * teams.yaml (research-ml) or as bound (oidc:research-ml); the bare form gets the prefix, and `say` tells which.
 */
export function subjectOf(as: string | undefined, asGroups: readonly string[] | undefined, prefix = '', say: (line: string) => void = () => undefined): Subject {
  if (as === undefined && (asGroups ?? []).length === 0) {
    throw new UsageError('say who asks: --as USER (system:serviceaccount:NS:NAME for a ServiceAccount) and/or --as-group GROUP');
  }
  if (as === '') throw new UsageError('--as must be a user name, got ""');
  const groups = (asGroups ?? []).map((g) => {
    const bound = prefixedGroup(g, prefix);
    if (bound !== g) say(`group ${g} is ${bound} (cluster.oidcGroupPrefix ${JSON.stringify(prefix)})`);
    return bound;
  });
  return { ...(as !== undefined ? { user: as } : {}), groups };
}

/** Where the access commands read cluster.oidcGroupPrefix from. */
export const FILE_OPTION = { file: { type: 'string', short: 'f', default: 'teams.yaml' } } as const;

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
