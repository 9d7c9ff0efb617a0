import type { AccessRequest, BindingDef, RbacModel } from './evaluator';
import { describeBinding, describeRoleRef, namedSubjects, type NamedSubject } from './subjects';

export interface WhoCanEntry {
  readonly subject: NamedSubject;
  /** yes, or unknown when only a binding to an undefined role might allow it. */
  readonly allowed: true | 'unknown';
  /** The bindings that allow it (or, when unknown, that name undefined roles), each once. */
  readonly bindings: readonly BindingDef[];
}

/** Every subject named by a binding that may do `request`, with the bindings that let it; sorted by subject. */
export function whoCan(model: RbacModel, request: AccessRequest): WhoCanEntry[] {
  const out: WhoCanEntry[] = [];
  for (const subject of namedSubjects(model)) {
    const decision = model.authorize(subject.requester, request);
    if (decision.allowed === false) continue;
    const bindings = decision.allowed === true ? decision.grants.map((g) => g.binding) : decision.unresolved.map((u) => u.binding);
    out.push({ subject, allowed: decision.allowed, bindings: [...new Set(bindings)] });
  }
  return out;
}

/** `RoleBinding research/ml-engineer → ClusterRole coreweave-rbac-ml-engineer`. */
export function describeVia(binding: BindingDef): string {
  return `${describeBinding(binding)} → ${describeRoleRef(binding)}`;
}
