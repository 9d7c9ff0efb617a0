import { compareStrings } from '../core/compare';
import { mayWidenAccess } from './access-diff';
import type { Comparison, HeldGrant, Scope, SubjectChange } from './grant-diff-compare';
import type { GrantChange } from './grant-diff-report';
import type { ScopelessPermission } from './grant-diff-templates';

/** The grants each changed subject gains or loses, with a group that already holds each gained one. */
export function grantChanges(changes: readonly SubjectChange[], comparison: Comparison): GrantChange[] {
  const like = likeFinder(comparison);
  const out: GrantChange[] = [];
  for (const change of changes) {
    const had = change.before?.holding.grants ?? new Map<string, HeldGrant>();
    const has = change.after?.holding.grants ?? new Map<string, HeldGrant>();
    const relabeled = change.before !== undefined && change.after !== undefined && change.before.label !== change.after.label;
    for (const [id, held] of had) {
      if (relabeled || !has.has(id)) out.push(grantChange('-', change, change.before?.label as string, held, false));
    }
    for (const [id, held] of has) {
      if (!relabeled && had.has(id)) continue;
      const widens = held.templates.some((t) => widensWith(t.permissions, change.added));
      const group = like(change.scope, id, change.key, held.bindings);
      out.push({ ...grantChange('+', change, change.after?.label as string, held, widens), ...(group !== undefined ? { like: group } : {}) });
    }
  }
  const scopeOrder = (g: GrantChange) => (g.namespace === undefined ? '0' : `1${g.namespace}`);
  return out.sort(
    (a, b) => compareStrings(scopeOrder(a), scopeOrder(b)) || compareStrings(a.subject, b.subject) || compareStrings(a.sign === '-' ? '0' : '1', b.sign === '-' ? '0' : '1') || compareStrings(a.grant, b.grant),
  );
}

/** Whether a permission of the grant that the subject gains can widen access further. */
function widensWith(granted: ReadonlyMap<string, ScopelessPermission>, added: ReadonlyMap<string, ScopelessPermission>): boolean {
  for (const [key, p] of granted) if (added.has(key) && mayWidenAccess(p)) return true;
  return false;
}

function grantChange(sign: '+' | '-', change: SubjectChange, subject: string, held: HeldGrant, widens: boolean): GrantChange {
  return {
    sign,
    widens,
    subject,
    subjectKind: change.kind,
    grant: held.grant.name,
    grantKind: held.grant.kind,
    role: held.grant.role,
    ...(change.scope !== undefined ? { namespace: change.scope } : {}),
  };
}

/**
 * A group other than `key` that holds the grant in the scope before and after the change: first one bound by the
 * same binding (another group of the same tier of the team, another cluster viewer), else the first by name.
 */
function likeFinder(comparison: Comparison): (scope: Scope, grantId: string, key: string, bindings: readonly string[]) => string | undefined {
  const holders = new Map<string, { key: string; name: string; bindings: readonly string[] }[]>();
  return (scope, grantId, key, bindings) => {
    const cacheKey = JSON.stringify([scope ?? null, grantId]);
    let groups = holders.get(cacheKey);
    if (!groups) {
      const after = comparison.holdings(comparison.head, scope);
      groups = [...comparison.holdings(comparison.base, scope).values()]
        .filter((h) => h.subject.kind === 'Group' && h.grants.has(grantId) && after.get(h.key)?.grants.has(grantId))
        .map((h) => ({ key: h.key, name: h.subject.name, bindings: h.grants.get(grantId)?.bindings ?? [] }))
        .sort((a, b) => compareStrings(a.name, b.name));
      holders.set(cacheKey, groups);
    }
    const others = groups.filter((g) => g.key !== key);
    return (others.find((g) => g.bindings.some((b) => bindings.includes(b))) ?? others[0])?.name;
  };
}
