import { existsSync, readFileSync } from 'node:fs';
import { load } from 'js-yaml';

/**
 * cluster.oidcGroupPrefix of a teams.yaml, read without validating the rest ('' when there is no such file or
 * value): what the access commands need to take a group as teams.yaml writes it.
 */
export function groupPrefixOf(teamsFile: string): string {
  if (!existsSync(teamsFile)) return '';
  try {
    const prefix = (load(readFileSync(teamsFile, 'utf8')) as { cluster?: { oidcGroupPrefix?: unknown } } | undefined)?.cluster?.oidcGroupPrefix;
    return typeof prefix === 'string' ? prefix : '';
  } catch {
    return '';
  }
}

/** A group as the API server sees it: the prefix added to a bare name, a prefixed or `system:` name as it is. */
export function prefixedGroup(group: string, prefix: string): string {
  return prefix === '' || group.startsWith(prefix) || group.startsWith('system:') ? group : `${prefix}${group}`;
}
