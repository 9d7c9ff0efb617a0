import { isDeepStrictEqual } from 'node:util';
import { formatRule } from '../access/explain';
import type { PolicyRule } from '../core/policy-rule';
import type { FieldChange, OrphanedNamespace } from './report';

type Json = Record<string, unknown>;
const isMap = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A value as a reviewer reads it: `Group oidc:contractors`, `verbs [get] on secrets`, `128`, `(none)`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (typeof value !== 'object') return String(value);
  if (isMap(value) && typeof value.kind === 'string' && typeof value.name === 'string') {
    return `${value.kind} ${typeof value.namespace === 'string' ? `${value.namespace}/` : ''}${value.name}`;
  }
  if (isMap(value) && Array.isArray(value.verbs)) return formatRule(value as unknown as PolicyRule);
  return JSON.stringify(value);
}

/** `subjects: + Group oidc:contractors`, `spec.hard["requests.nvidia.com/gpu"]: dist/ 128, cluster 256`. */
export function describeFieldChange(change: FieldChange): string {
  const { dist, cluster } = change;
  if (Array.isArray(dist) && Array.isArray(cluster)) {
    const added = cluster.filter((c) => !dist.some((d) => isDeepStrictEqual(c, d)));
    const removed = dist.filter((d) => !cluster.some((c) => isDeepStrictEqual(c, d)));
    if (added.length + removed.length > 0) return `${change.field}: ${[...added.map((a) => `+ ${describeValue(a)}`), ...removed.map((r) => `- ${describeValue(r)}`)].join(', ')}`;
  }
  return `${change.field}: dist/ ${describeValue(dist)}, cluster ${describeValue(cluster)}`;
}

const claims = (n: number) => `${n} PersistentVolumeClaim${n === 1 ? '' : 's'}`;

/** `team scratch is not in teams.yaml; the namespace holds 1 PersistentVolumeClaim`. */
export function describeOrphan(o: OrphanedNamespace): string {
  const who = o.team !== null ? `team ${o.team} is not in teams.yaml` : 'no team of teams.yaml has it';
  const held = o.persistentVolumeClaims === null ? 'its PersistentVolumeClaims could not be listed' : `it holds ${claims(o.persistentVolumeClaims)}`;
  return `${who}; ${held}`;
}

/** The warning that goes with deleting an orphaned namespace. */
export function orphanDeletionNote(o: OrphanedNamespace): string {
  if (o.persistentVolumeClaims === 0) return 'deletes the namespace';
  return o.persistentVolumeClaims === null ? 'deletes the namespace and every volume in it' : `deletes the namespace and its ${claims(o.persistentVolumeClaims)} with their data`;
}
