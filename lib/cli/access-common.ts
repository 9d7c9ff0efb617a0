import { existsSync, readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import type { Subject } from '../access/evaluator';
import { groupPrefixOf, prefixedGroup } from '../config/group-prefix';
import { UsageError } from './common';

/**
 * The subject of --as / --as-group, as kubectl impersonation would present it. A group may be written as in
 * teams.yaml (research-ml) or as bound (oidc:research-ml); the bare form gets the prefix, and `say` tells which.
 * The prefix is read (`prefix()`) only when a group may need it.
 */
export function subjectOf(as: string | undefined, asGroups: readonly string[] | undefined, prefix: () => string, say: (line: string) => void = () => undefined): Subject {
  if (as === undefined && (asGroups ?? []).length === 0) {
    throw new UsageError('say who asks: --as USER (system:serviceaccount:NS:NAME for a ServiceAccount) and/or --as-group GROUP');
  }
  if (as === '') throw new UsageError('--as must be a user name, got ""');
  let known: string | undefined;
  const groups = (asGroups ?? []).map((g) => {
    if (g.startsWith('system:')) return g;
    known ??= prefix();
    const bound = prefixedGroup(g, known);
    if (bound !== g) say(`group ${g} is ${bound} (cluster.oidcGroupPrefix ${JSON.stringify(known)})`);
    return bound;
  });
  return { ...(as !== undefined ? { user: as } : {}), groups };
}

/**
 * groupPrefixOf (cluster.oidcGroupPrefix, '' when there is none), from the `cluster:` block alone when it stands on
 * its own: a teams.yaml of thousands of teams takes longer to parse than a question takes to answer. The block is
 * the lines from the one `cluster:` line at column 0 to the next key at column 0; when the file has another
 * document, or the block uses anchors, aliases, merge keys or tags (which may reach outside it), the whole file is read.
 */
export function oidcGroupPrefixOf(teamsFile: string): string {
  if (!existsSync(teamsFile)) return '';
  const text = readFileSync(teamsFile, 'utf8');
  const line = text.startsWith('cluster:') ? -1 : text.indexOf('\ncluster:');
  const start = line + 1;
  if ((line < 0 && start !== 0) || (line < 0 && !text.startsWith('cluster:')) || !standsAlone(text, start)) return groupPrefixOf(teamsFile);
  const next = /^[^\s#]/m.exec(text.slice(start + 'cluster:'.length));
  const block = text.slice(start, next ? start + 'cluster:'.length + next.index : text.length);
  if (/[&*!%|>\\]|<</.test(block)) return groupPrefixOf(teamsFile);
  try {
    const prefix = (load(block) as { cluster?: { oidcGroupPrefix?: unknown } } | undefined)?.cluster?.oidcGroupPrefix;
    return typeof prefix === 'string' ? prefix : '';
  } catch {
    return groupPrefixOf(teamsFile);
  }
}

/**
 * Whether the `cluster:` line at `start` is the only one and the file one document of plain top-level keys: no other
 * `cluster:` key, no document marker, no top-level key quoted, in a flow collection or explicit (`?`).
 */
function standsAlone(text: string, start: number): boolean {
  const end = text.indexOf('\n', start);
  if (!/^cluster:(?:[ \t]+(?:#.*)?)?$/.test(text.slice(start, end < 0 ? text.length : end))) return false;
  if (text.indexOf('\ncluster', start) >= 0 || (start > 0 && (text.startsWith('cluster') || text.lastIndexOf('\ncluster', start - 2) >= 0))) return false;
  return !['\n---', '\n...', '\n"', "\n'", '\n{', '\n[', '\n?', '\ncluster '].some((s) => text.includes(s)) && !/^(?:---|\.\.\.|["'{[?])/.test(text);
}

/** The options can-i and who-can share with `kubectl auth can-i`: where, and which subresource. */
export const SCOPE_OPTIONS = {
  namespace: { type: 'string', short: 'n', description: 'in namespace NS (default: cluster-wide)', value: 'NS' },
  'all-namespaces': { type: 'boolean', short: 'A', default: false, description: 'in every namespace' },
  subresource: { type: 'string', description: 'the subresource (pods/exec is the same as pods --subresource exec)', value: 'S' },
} as const;

/** The namespace SCOPE_OPTIONS ask about: -n NS, or undefined for -A / none (cluster-wide), as kubectl reads them. */
export function scopeNamespace(values: { readonly namespace?: string; readonly 'all-namespaces'?: boolean }): string | undefined {
  if (values.namespace !== undefined && values['all-namespaces']) throw new UsageError('-n and -A exclude each other');
  return values['all-namespaces'] ? undefined : values.namespace;
}
