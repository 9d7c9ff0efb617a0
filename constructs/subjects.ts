import { k8s } from 'cdk8s-plus-28';
import type { SubjectPlan } from '../lib/plan/types';
import type { ObjectSpec } from './api-objects';
import { RBAC_API_GROUP } from '../lib/core/object-names';

export function groupSubjects(groups: readonly string[]): k8s.Subject[] {
  return groups.map((name) => ({ kind: 'Group', apiGroup: RBAC_API_GROUP, name }));
}

/** A ClusterRoleBinding `name` of `groups` to the ClusterRole `role`. */
export function groupsClusterRoleBinding(id: string, name: string, role: string, groups: readonly string[]): ObjectSpec {
  return { id, kind: 'ClusterRoleBinding', props: { metadata: { name }, roleRef: { apiGroup: RBAC_API_GROUP, kind: 'ClusterRole', name: role }, subjects: groupSubjects(groups) } };
}

export function tokenSubject(subject: SubjectPlan): k8s.Subject {
  return subject.kind === 'User'
    ? { kind: 'User', apiGroup: RBAC_API_GROUP, name: subject.name }
    : { kind: 'ServiceAccount', name: subject.name, namespace: subject.namespace };
}
