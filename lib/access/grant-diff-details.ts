import { changesOfFacts, factKey, type AccessChange, type Fact } from './access-diff';
import type { SubjectChange } from './grant-diff-compare';

/** The per-resource lines of the changed subjects: what the reference prints for the same two sides. */
export function detailChanges(changes: readonly SubjectChange[]): AccessChange[] {
  const before = new Map<string, Fact>();
  const after = new Map<string, Fact>();
  for (const change of changes) {
    const namespace = change.scope !== undefined ? { namespace: change.scope } : {};
    for (const p of change.removed.values()) {
      const fact: Fact = { ...p, ...namespace, subject: change.before?.label as string };
      before.set(factKey(fact), fact);
    }
    for (const p of change.added.values()) {
      const fact: Fact = { ...p, ...namespace, subject: change.after?.label as string };
      after.set(factKey(fact), fact);
    }
  }
  return changesOfFacts(before, after);
}
