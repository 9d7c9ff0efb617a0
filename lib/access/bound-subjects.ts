import { effectiveGroups, serviceAccountUser, type BindingDef, type RbacModel } from './evaluator';
import type { NamedSubject } from './subjects';

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The bindings of a model by scope, and the named subjects each binding applies to, by the rule of the evaluator's
 * subjectApplies, through an index: a subject no binding of a scope applies to is allowed nothing there, so reports
 * ask the evaluator only about these, instead of about every subject in every namespace (the square of the teams).
 */
export class BoundSubjects {
  /** ClusterRoleBindings, in the model's order. */
  readonly clusterBindings: readonly BindingDef[];
  private readonly roleBindings = new Map<string, BindingDef[]>();
  private readonly position: ReadonlyMap<NamedSubject, number>;
  private readonly byUser = new Map<string, NamedSubject[]>();
  private readonly byGroup = new Map<string, NamedSubject[]>();
  private clusterBound: readonly NamedSubject[] | undefined;

  /** `subjects`: the subjects to index, in the order answers list them. */
  constructor(model: RbacModel, subjects: readonly NamedSubject[]) {
    this.position = new Map(subjects.map((s, i) => [s, i]));
    // only the groups some binding names are looked up: every subject is in system:authenticated, say
    const named = new Set<string>();
    for (const b of model.bindings) for (const x of b.subjects) if (x.kind === 'Group') named.add(x.name);
    // the groups a subject has besides its own are all system: groups (effectiveGroups)
    const systemNamed = [...named].some((g) => g.startsWith('system:'));
    for (const s of subjects) {
      if (s.requester.user !== undefined) push(this.byUser, s.requester.user, s);
      if (!systemNamed) {
        if (s.kind === 'Group') push(this.byGroup, s.name, s);
        continue;
      }
      for (const group of effectiveGroups(s.requester)) if (named.has(group)) push(this.byGroup, group, s);
    }
    this.clusterBindings = model.bindings.filter((b) => b.kind === 'ClusterRoleBinding');
    for (const b of model.bindings) if (b.kind !== 'ClusterRoleBinding' && b.namespace !== undefined) push(this.roleBindings, b.namespace, b);
  }

  /** The RoleBindings of a namespace, in the model's order. */
  localBindings(namespace: string): readonly BindingDef[] {
    return this.roleBindings.get(namespace) ?? [];
  }

  /** The subjects some ClusterRoleBinding or (with a namespace) some RoleBinding of `namespace` applies to, in `subjects` order. */
  in(namespace: string | undefined): NamedSubject[] {
    this.clusterBound ??= this.boundBy(this.clusterBindings);
    if (namespace === undefined) return [...this.clusterBound];
    const local = this.boundBy(this.localBindings(namespace));
    if (local.length === 0) return [...this.clusterBound];
    const all = new Set([...this.clusterBound, ...local]);
    return [...all].sort((a, b) => (this.position.get(a) ?? 0) - (this.position.get(b) ?? 0));
  }

  private boundBy(bindings: readonly BindingDef[]): NamedSubject[] {
    const found = new Set<NamedSubject>();
    for (const b of bindings) {
      for (const x of b.subjects) {
        const user = x.kind === 'User' ? x.name : x.kind === 'ServiceAccount' ? serviceAccountUser(x.namespace ?? b.namespace ?? '', x.name) : undefined;
        for (const s of (user !== undefined ? this.byUser.get(user) : this.byGroup.get(x.name)) ?? []) found.add(s);
      }
    }
    return [...found].sort((a, b) => (this.position.get(a) ?? 0) - (this.position.get(b) ?? 0));
  }
}
