import { BoundSubjects } from './bound-subjects';
import { requestNamespace, type AccessRequest, type BindingDef, type RbacModel } from './evaluator';
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
  return entriesOf(model, namedSubjects(model), request);
}

/** The entries of the subjects (in their order) that may do `request`. */
function entriesOf(model: RbacModel, subjects: readonly NamedSubject[], request: AccessRequest): WhoCanEntry[] {
  const out: WhoCanEntry[] = [];
  for (const subject of subjects) {
    const decision = model.authorize(subject.requester, request);
    if (decision.allowed === false) continue;
    const bindings = decision.allowed === true ? decision.grants.map((g) => g.binding) : decision.unresolved.map((u) => u.binding);
    out.push({ subject, allowed: decision.allowed, bindings: [...new Set(bindings)] });
  }
  return out;
}

/** Every namespace the objects know of: the Namespace objects and the namespaces of RoleBindings, sorted. */
export function knownNamespaces(model: RbacModel): string[] {
  const names = new Set(model.namespaces);
  for (const b of model.bindings) if (b.kind === 'RoleBinding' && b.namespace !== undefined) names.add(b.namespace);
  return [...names].sort();
}

/**
 * who-can in every namespace (`-A`): per namespace, the subjects its RoleBindings let in; ClusterRoleBindings once, under `*`.
 * In each namespace only the subjects some binding there applies to are asked (any other is allowed nothing), so
 * the work grows with the bindings, not with subjects × namespaces.
 */
export function whoCanEverywhere(model: RbacModel, request: AccessRequest): { namespace: string; entry: WhoCanEntry }[] {
  const rows: { namespace: string; entry: WhoCanEntry }[] = [];
  const clusterWide = new Map<string, WhoCanEntry>();
  const bound = new BoundSubjects(model, namedSubjects(model));
  for (const namespace of knownNamespaces(model)) {
    const asked = { ...request, namespace };
    for (const entry of entriesOf(model, bound.in(requestNamespace(asked)), asked)) {
      const local = entry.bindings.filter((b) => b.kind === 'RoleBinding');
      const cluster = entry.bindings.filter((b) => b.kind === 'ClusterRoleBinding');
      if (local.length > 0) rows.push({ namespace, entry: { ...entry, bindings: local } });
      if (cluster.length > 0 && !clusterWide.has(entry.subject.key)) clusterWide.set(entry.subject.key, { ...entry, bindings: cluster });
    }
  }
  return [...[...clusterWide.values()].map((entry) => ({ namespace: '*', entry })), ...rows];
}

/** `RoleBinding research/ml-engineer → ClusterRole coreweave-rbac-ml-engineer`. */
export function describeVia(binding: BindingDef): string {
  return `${describeBinding(binding)} → ${describeRoleRef(binding)}`;
}
