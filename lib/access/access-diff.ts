import type { RbacModel } from './evaluator';
import { bindingPermissions, compareVerbs, type Permission } from './permissions';
import { compare, nameSubject, tokenOf } from './subjects';

/** "subject may verb target in scope": one fact of the access a set of RBAC objects implies. */
export interface Fact extends Permission {
  readonly subject: string;
}

const scopeKey = (namespace: string | undefined) => (namespace === undefined ? '' : `~${namespace}`);
export const factKey = (f: Fact): string => JSON.stringify([scopeKey(f.namespace), f.subject, f.target, f.names, f.verb]);

/** Every (subject, verb, target, scope) the bindings of a model grant, keyed for set comparison. */
export function accessFacts(model: RbacModel): Map<string, Fact> {
  const labels = new Map<string, string>();
  for (const b of model.bindings) for (const s of b.subjects) {
    const named = nameSubject(s, b, tokenOf(b));
    if (!labels.has(named.key) || named.token) labels.set(named.key, named.label);
  }
  const facts = new Map<string, Fact>();
  for (const binding of model.bindings) {
    const permissions = bindingPermissions(model, binding);
    for (const s of binding.subjects) {
      const named = nameSubject(s, binding);
      const subject = labels.get(named.key) ?? named.label;
      for (const p of permissions) {
        const fact = { ...p, subject };
        facts.set(factKey(fact), fact);
      }
    }
  }
  return facts;
}

/** Grants that let their holder widen access further: escalate, bind, impersonate, wildcards, bindings, secrets, tokens, unknown roles. */
export function mayWidenAccess(p: Permission): boolean {
  if (p.kind === 'unknownRole') return true;
  if (['*', 'escalate', 'bind', 'impersonate'].includes(p.verb) || p.target.includes('*')) return true;
  const base = p.resource ?? '';
  const group = p.apiGroup ?? '';
  const write = ['create', 'update', 'patch'].includes(p.verb);
  if (group === 'rbac.authorization.k8s.io' && (base === 'rolebindings' || base === 'clusterrolebindings') && write) return true;
  if (group === '' && base === 'secrets' && ['get', 'list', 'watch'].includes(p.verb)) return true;
  return group === '' && base === 'serviceaccounts/token' && p.verb === 'create';
}

/** Verbs on one target, added or removed, and whether that widens access. */
export interface PermissionChange {
  readonly sign: '+' | '-';
  readonly widens: boolean;
  readonly kind: Permission['kind'];
  readonly verbs: readonly string[];
  readonly target: string;
  readonly names: readonly string[];
}

/** One line of the per-resource diff: a subject's verbs on one target in one scope, added or removed. */
export interface AccessChange extends PermissionChange {
  readonly line: string;
  readonly subject: string;
  /** undefined: cluster-wide. */
  readonly namespace?: string;
}

/** `pods/exec named a, b`, or for a role whose rules are unknown, what using it means. */
export function describeTarget(p: Pick<Permission, 'kind' | 'target' | 'names'>): string {
  if (p.kind === 'unknownRole') return `use ${p.target} (not defined in the objects read: its rules are unknown)`;
  const names = p.names.length > 0 ? ` named ${p.names.join(', ')}` : '';
  return `${p.target}${names}`;
}

/** The access `head` grants that `base` does not (+) and the reverse (-), one line per subject, target and scope. */
export function diffAccess(base: RbacModel, head: RbacModel): AccessChange[] {
  return changesOfFacts(accessFacts(base), accessFacts(head));
}

/**
 * The facts of `after` not in `before` (+) and the reverse (-), grouped by subject, target and scope. The maps may
 * hold only the facts that differ: facts in both cancel out.
 */
export function changesOfFacts(before: ReadonlyMap<string, Fact>, after: ReadonlyMap<string, Fact>): AccessChange[] {
  const changes = new Map<string, { sign: '+' | '-'; facts: Fact[] }>();
  const add = (sign: '+' | '-', f: Fact) => {
    const key = JSON.stringify([scopeKey(f.namespace), f.subject, f.target, f.names, sign === '-' ? 0 : 1]);
    const entry = changes.get(key) ?? { sign, facts: [] };
    entry.facts.push(f);
    changes.set(key, entry);
  };
  for (const [key, f] of before) if (!after.has(key)) add('-', f);
  for (const [key, f] of after) if (!before.has(key)) add('+', f);
  return [...changes.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([, { sign, facts }]) => {
      const f = facts[0] as Fact;
      const widens = sign === '+' && facts.some(mayWidenAccess);
      const verbs = f.kind === 'unknownRole' ? [] : facts.map((x) => x.verb).sort(compareVerbs);
      const scope = f.namespace === undefined ? 'cluster-wide' : `in ${f.namespace}`;
      const line = `${sign}${widens ? '!' : ''} ${f.subject} may ${verbs.length > 0 ? `${verbs.join(', ')} ` : ''}${describeTarget(f)} ${scope}`;
      return { sign, widens, line, subject: f.subject, ...(f.namespace !== undefined ? { namespace: f.namespace } : {}), kind: f.kind, verbs, target: f.target, names: f.names };
    });
}
