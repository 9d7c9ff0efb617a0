import type { AccessRequest, BindingDef, BindingSubject, RbacModel, RoleDef } from '../access/evaluator';
import { bindingPermissions, groupPermissions, type Permission } from '../access/permissions';
import { isClusterScoped } from '../access/resources';
import { nameSubject, subjectLabeler } from '../access/subjects';
import { compareStrings } from '../core/compare';
import type { SubjectGain } from './report';
import { narrowestTier } from './tier-coverage';
import { wideningRisks } from './widening-risks';

/** What an extra binding grants, in the tiers' terms. */
export interface BindingAccess {
  /** `ClusterRole admin`, `Role research/debugger`. */
  readonly role: string;
  /** `within viewer`, `more than teamLead`, `more than teamLead in every namespace, and cluster-scoped nodes`. */
  readonly access: string;
  readonly risks: readonly string[];
  readonly subjects: readonly SubjectGain[];
  /** `RoleBinding research/debug grants oidc:contractors admin in research: more than teamLead, ! reads secrets`. */
  readonly summary: string;
}

export interface AccessModels {
  /** The cluster's RBAC: roles resolve to the cluster's own rules (its aggregated admin, edit, view). */
  readonly live: RbacModel;
  /** dist/'s RBAC: what each subject is meant to have. */
  readonly dist: RbacModel;
  /** The tiers' rules include Kueue's read rule. */
  readonly kueue: boolean;
  /** How reviewers know a subject: `oidc:research-ml`, `token dashboard (User cw-token-9a1b)`. */
  readonly labelSubject: (subject: BindingSubject, binding: BindingDef) => string;
}

/** The models of the cluster and of dist/, and dist/'s names for the subjects it binds. */
export function accessModels(live: RbacModel, dist: RbacModel, kueue: boolean): AccessModels {
  // the labels of every subject of dist/: made only when an extra binding needs them
  let labeler: ReturnType<typeof subjectLabeler> | undefined;
  return { live, dist, kueue, labelSubject: (s, b) => (labeler ??= subjectLabeler(dist))(s, b) };
}

/** A permission on a cluster-scoped resource or a non-resource URL: one that reaches no namespace. */
export const clusterWide = (p: Permission): boolean => p.kind === 'nonResourceURL' || (p.kind === 'resource' && isClusterScoped(p.apiGroup ?? '', (p.resource ?? '').split('/')[0] ?? ''));

function tierPhrase(permissions: readonly Permission[], kueue: boolean): string {
  if (permissions.length === 0) return 'nothing';
  const tier = narrowestTier(permissions, { kueue });
  return tier === undefined ? 'more than teamLead' : `within ${tier}`;
}

function accessPhrase(binding: BindingDef, permissions: readonly Permission[], kueue: boolean): string {
  if (permissions.some((p) => p.kind === 'unknownRole')) return `unknown: its ${binding.roleRef.kind} ${binding.roleRef.name} is not on the cluster`;
  if (binding.kind === 'RoleBinding') return tierPhrase(permissions, kueue);
  const namespaced = permissions.filter((p) => !clusterWide(p));
  const targets = [...new Set(permissions.filter(clusterWide).map((p) => p.target))].sort(compareStrings);
  const shown = targets.length > 4 ? `${targets.slice(0, 4).join(', ')}, …` : targets.join(', ');
  if (namespaced.length === 0) return targets.length === 0 ? 'nothing' : `cluster-scoped ${shown} only`;
  return `${tierPhrase(namespaced, kueue)} in every namespace${targets.length > 0 ? `, and cluster-scoped ${shown}` : ''}`;
}

/** The requests a permission stands for (one per resourceName), to ask dist/'s model whether it grants them already. */
function requestsOf(p: Permission): AccessRequest[] {
  if (p.kind === 'nonResourceURL') return [{ verb: p.verb, path: p.target }];
  const [resource = '', subresource] = (p.resource ?? '').split('/');
  const base: AccessRequest = { verb: p.verb, apiGroup: p.apiGroup ?? '', resource, ...(subresource ? { subresource } : {}), ...(p.namespace !== undefined ? { namespace: p.namespace } : {}) };
  return p.names.length === 0 ? [base] : p.names.map((name) => ({ ...base, name }));
}

function describeGroup(g: ReturnType<typeof groupPermissions>[number]): string {
  const scope = g.namespace === undefined ? 'cluster-wide' : `in ${g.namespace}`;
  if (g.kind === 'unknownRole') return `whatever ${g.target} grants, ${scope}`;
  return `${g.verbs.join(', ')} ${g.target}${g.names.length > 0 ? ` named ${g.names.join(', ')}` : ''} ${scope}`;
}

function listSubjects(labels: readonly string[]): string {
  if (labels.length === 0) return 'nobody';
  return labels.length > 3 ? `${labels.slice(0, 3).join(', ')} and ${labels.length - 3} more` : labels.join(', ');
}

/**
 * What a binding dist/ does not have grants: its role with the cluster's rules, the narrowest tier that covers
 * it, what lets its holders widen access, and per subject what it adds beyond what dist/ grants that subject.
 */
export function bindingAccess(models: AccessModels, binding: BindingDef): BindingAccess {
  const permissions = bindingPermissions(models.live, binding);
  const subjects: SubjectGain[] = binding.subjects.map((s) => {
    const requester = nameSubject(s, binding).requester;
    const added = permissions.filter((p) => p.kind === 'unknownRole' || requestsOf(p).some((r) => models.dist.authorize(requester, r).allowed !== true));
    return { subject: models.labelSubject(s, binding), kind: s.kind, adds: groupPermissions(added).map(describeGroup) };
  });
  const role = binding.roleRef.kind === 'ClusterRole' ? binding.roleRef.name : `Role ${binding.namespace}/${binding.roleRef.name}`;
  const access = accessPhrase(binding, permissions, models.kueue);
  const risks = wideningRisks(permissions);
  const scope = binding.kind === 'RoleBinding' ? `in ${binding.namespace}` : 'cluster-wide';
  const nothingAdded = subjects.length > 0 && permissions.length > 0 && subjects.every((s) => s.adds.length === 0);
  const ref = `${binding.kind} ${binding.namespace ? `${binding.namespace}/` : ''}${binding.name}`;
  const tail = [...risks.map((r) => `! ${r}`), ...(nothingAdded ? ['adds nothing beyond what dist/ grants them'] : [])];
  const summary = `${ref} grants ${listSubjects(subjects.map((s) => s.subject))} ${role} ${scope}: ${[access, ...tail].join(', ')}`;
  return { role: `${binding.roleRef.kind} ${binding.roleRef.kind === 'Role' ? `${binding.namespace}/` : ''}${binding.roleRef.name}`, access, risks, subjects, summary };
}

/** What a Role or ClusterRole would grant wherever it is bound: a RoleBinding for a Role, a ClusterRoleBinding for a ClusterRole. */
export function roleAccess(models: AccessModels, role: RoleDef): { readonly access: string; readonly risks: readonly string[] } {
  const binding: BindingDef =
    role.kind === 'Role'
      ? { kind: 'RoleBinding', name: '', namespace: role.namespace ?? '', roleRef: { kind: 'Role', name: role.name }, subjects: [], annotations: {} }
      : { kind: 'ClusterRoleBinding', name: '', roleRef: { kind: 'ClusterRole', name: role.name }, subjects: [], annotations: {} };
  const permissions = bindingPermissions(models.live, binding);
  return { access: accessPhrase(binding, permissions, models.kueue), risks: wideningRisks(permissions) };
}
