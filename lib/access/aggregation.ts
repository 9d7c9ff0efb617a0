import type { PolicyRule } from '../core/policy-rule';
import type { LabelSelector, RoleDef } from './rbac-objects';

/** metav1.LabelSelectorAsSelector semantics: every requirement must hold; an empty selector selects everything. */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const inValues = has && (e.values ?? []).includes(labels[e.key] as string);
    const ok = e.operator === 'In' ? inValues : e.operator === 'NotIn' ? !inValues : e.operator === 'Exists' ? has : e.operator === 'DoesNotExist' ? !has : false;
    if (!ok) return false;
  }
  return true;
}

const ruleKey = (r: PolicyRule): string =>
  JSON.stringify([r.verbs, r.apiGroups ?? [], r.resources ?? [], r.resourceNames ?? [], r.nonResourceURLs ?? []]);

/**
 * The rules of every ClusterRole after the clusterrole-aggregation controller has settled: an aggregated role's
 * rules are the rules of the ClusterRoles its selectors match (sorted by name, duplicates dropped, itself
 * excluded), and since aggregated roles may select each other, repeat until nothing changes.
 */
export function aggregateClusterRoles(clusterRoles: readonly RoleDef[]): Map<string, readonly PolicyRule[]> {
  const rules = new Map<string, readonly PolicyRule[]>(clusterRoles.map((r) => [r.name, r.rules]));
  const sorted = [...clusterRoles].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (let round = 0; round <= clusterRoles.length; round++) {
    let changed = false;
    for (const role of sorted) {
      if (!role.aggregationSelectors) continue;
      const seen = new Set<string>();
      const next: PolicyRule[] = [];
      for (const other of sorted) {
        if (other.name === role.name || !role.aggregationSelectors.some((s) => selectorMatches(s, other.labels))) continue;
        for (const rule of rules.get(other.name) ?? []) {
          const key = ruleKey(rule);
          if (!seen.has(key)) {
            seen.add(key);
            next.push(rule);
          }
        }
      }
      const before = rules.get(role.name) ?? [];
      if (before.length !== next.length || before.some((r, i) => ruleKey(r) !== ruleKey(next[i] as PolicyRule))) {
        rules.set(role.name, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return rules;
}
