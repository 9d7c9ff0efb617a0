import { compareVerbs } from '../access/permissions';
import { compareStrings } from '../core/compare';
import type { PolicyRule } from '../core/policy-rule';
import type { GrantUse } from './usage-tally';

/**
 * The rules of a Role that allows exactly what a grant was used for: one rule per resource with the verbs used
 * on it, merged. Verbs that name one object (get, update, patch, delete) keep the names they were used on, when
 * there were few and none of them was created by the grant itself (objects it creates get new names each run);
 * create, list, watch and deletecollection never carry resourceNames, as the API server cannot match them by name.
 */
export function rulesOfUse(use: GrantUse): PolicyRule[] {
  const byResource = new Map<string, { apiGroup: string; resource: string; unnamed: Set<string>; named: Map<string, { names: string[]; verbs: Set<string> }> }>();
  for (const p of use.permissions.values()) {
    const resource = p.subresource ? `${p.resource}/${p.subresource}` : p.resource;
    const key = `${p.apiGroup}\0${resource}`;
    let entry = byResource.get(key);
    if (entry === undefined) byResource.set(key, (entry = { apiGroup: p.apiGroup, resource, unnamed: new Set(), named: new Map() }));
    const names = p.names !== undefined && !p.unnamed && p.names.size > 0 && !use.created.has(`${p.apiGroup}/${p.resource}`) ? [...p.names].sort(compareStrings) : undefined;
    if (names === undefined) {
      entry.unnamed.add(p.verb);
      continue;
    }
    const namesKey = names.join('\0');
    const named = entry.named.get(namesKey) ?? { names, verbs: new Set<string>() };
    named.verbs.add(p.verb);
    entry.named.set(namesKey, named);
  }
  const rules: PolicyRule[] = [];
  const sortedVerbs = (verbs: Iterable<string>): string[] => [...verbs].sort(compareVerbs);
  for (const entry of [...byResource.values()].sort((a, b) => compareStrings(a.apiGroup, b.apiGroup) || compareStrings(a.resource, b.resource))) {
    // a verb used without a name somewhere needs no named rule of its own
    for (const named of entry.named.values()) for (const verb of entry.unnamed) named.verbs.delete(verb);
    if (entry.unnamed.size > 0) rules.push({ apiGroups: [entry.apiGroup], resources: [entry.resource], verbs: sortedVerbs(entry.unnamed) });
    for (const named of [...entry.named.values()].filter((n) => n.verbs.size > 0).sort((a, b) => compareStrings(a.names.join(','), b.names.join(',')))) {
      rules.push({ apiGroups: [entry.apiGroup], resources: [entry.resource], verbs: sortedVerbs(named.verbs), resourceNames: named.names });
    }
  }
  return rules;
}

/** A Role name (DNS-1123 subdomain) for what a subject used, unique among `taken`: `used-by-ci-deployer`. */
export function usedByRoleName(subject: string, taken: ReadonlySet<string>): string {
  const slug = subject.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 50).replace(/^-+|-+$/g, '') || 'subject';
  const base = `used-by-${slug}`;
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}
