import { compareStrings } from '../core/compare';
import { ANNOTATION } from '../core/object-names';
import { serviceAccountUser, type BindingDef, type BindingSubject, type RbacModel, type Subject } from './evaluator';

/** A subject some binding names, with the identity it authenticates as and how reviewers know it. */
export interface NamedSubject {
  /** `Group:NAME`, `User:NAME`, `ServiceAccount:NS/NAME`: unique. */
  readonly key: string;
  /** `oidc:research-ml`, `token ci-deployer (User cw-token-7f3a)`, `ServiceAccount research/pipeline`. */
  readonly label: string;
  readonly kind: BindingSubject['kind'];
  readonly name: string;
  readonly namespace?: string;
  /** The project's token name, when a binding of this subject is annotated as a token. */
  readonly token?: string;
  /** Who to ask the authorizer about. */
  readonly requester: Subject;
}

function keyOf(subject: BindingSubject, binding: BindingDef): { key: string; namespace?: string } {
  if (subject.kind !== 'ServiceAccount') return { key: `${subject.kind}:${subject.name}` };
  const namespace = subject.namespace ?? binding.namespace ?? '';
  return { key: `ServiceAccount:${namespace}/${subject.name}`, namespace };
}

/** The key of the subject a binding names (NamedSubject's key), without naming it. */
export function subjectKey(subject: BindingSubject, binding: BindingDef): string {
  return subject.kind === 'ServiceAccount' ? `ServiceAccount:${subject.namespace ?? binding.namespace ?? ''}/${subject.name}` : `${subject.kind}:${subject.name}`;
}

export function nameSubject(subject: BindingSubject, binding: BindingDef, token?: string): NamedSubject {
  const { key, namespace } = keyOf(subject, binding);
  const plain = subject.kind === 'Group' ? subject.name : subject.kind === 'User' ? `User ${subject.name}` : `ServiceAccount ${namespace}/${subject.name}`;
  const label = token && subject.kind !== 'Group' ? `token ${token} (${plain})` : plain;
  const requester: Subject =
    subject.kind === 'Group' ? { groups: [subject.name] } : subject.kind === 'User' ? { user: subject.name } : { user: serviceAccountUser(namespace ?? '', subject.name) };
  // built field by field rather than with spreads (thousands of subjects), in the same order: key … namespace, token, requester
  const named: { -readonly [K in keyof NamedSubject]?: NamedSubject[K] } = { key, label, kind: subject.kind, name: subject.name };
  if (namespace !== undefined) named.namespace = namespace;
  if (token) named.token = token;
  named.requester = requester;
  return named as NamedSubject;
}

/** The token a binding stands for (coreweave-rbac/token annotation), if any. */
export function tokenOf(binding: BindingDef): string | undefined {
  return binding.annotations[ANNOTATION.token];
}

/** Every subject named by a binding of the model, sorted by label, each once. */
export function namedSubjects(model: RbacModel): NamedSubject[] {
  const byKey = new Map<string, NamedSubject>();
  for (const binding of model.bindings) {
    const token = tokenOf(binding);
    for (const s of binding.subjects) {
      const key = subjectKey(s, binding);
      const known = byKey.get(key);
      if (!known || (!known.token && token)) byKey.set(key, nameSubject(s, binding, token));
    }
  }
  return [...byKey.values()].sort((a, b) => compare(a.label, b.label));
}

/** The label of a binding subject, knowing every token of the model. */
export function subjectLabeler(model: RbacModel): (subject: BindingSubject, binding: BindingDef) => string {
  const byKey = new Map(namedSubjects(model).map((s) => [s.key, s.label]));
  return (subject, binding) => byKey.get(nameSubject(subject, binding).key) ?? nameSubject(subject, binding).label;
}

export const compare = compareStrings;

/** `RoleBinding research/ml-engineer`, `ClusterRoleBinding coreweave-rbac-cluster-admins`. */
export function describeBinding(binding: BindingDef): string {
  return `${binding.kind} ${binding.namespace ? `${binding.namespace}/` : ''}${binding.name}`;
}

/** `ClusterRole coreweave-rbac-ml-engineer`, `Role research/pod-reader`. */
export function describeRoleRef(binding: BindingDef): string {
  return `${binding.roleRef.kind} ${binding.roleRef.kind === 'Role' && binding.namespace ? `${binding.namespace}/` : ''}${binding.roleRef.name}`;
}
