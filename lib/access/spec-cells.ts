import { compareStrings } from '../core/compare';
import type { TeamTier } from '../config/types';
import type { Plan, TeamPlan } from '../plan/types';
import { serviceAccountUser, type AccessRequest, type Subject } from './evaluator';

/** One promise of the tier tables (README, "The tiers"): a subject, a request and the answer the plan promises. */
export interface SpecCell {
  /** `oidc:research-ml`, `token ci-deployer (User cw-token-7f3a)`. */
  readonly who: string;
  readonly subject: Subject;
  readonly request: AccessRequest;
  readonly expected: boolean;
  /** Which promise this cell checks, e.g. `mlEngineer in research`. */
  readonly because: string;
}

export type Probe = Omit<AccessRequest, 'namespace'>;

export const R = ['get', 'list', 'watch'];
export const WRITES = ['create', 'update', 'patch', 'delete', 'deletecollection'];

/** `verbs × targets`; a target is `plural`, `plural.group`, `plural/sub` or `plural.group/sub`, or `plural.group:NAME`. */
export function probes(verbs: readonly string[], targets: readonly string[]): Probe[] {
  return verbs.flatMap((verb) =>
    targets.map((t): Probe => {
      const [withSub = '', name] = t.split(':');
      const [resourceAndGroup = '', subresource] = withSub.split('/');
      const dot = resourceAndGroup.indexOf('.');
      return {
        verb,
        apiGroup: dot < 0 ? '' : resourceAndGroup.slice(dot + 1),
        resource: dot < 0 ? resourceAndGroup : resourceAndGroup.slice(0, dot),
        ...(subresource ? { subresource } : {}),
        ...(name ? { name } : {}),
      };
    }),
  );
}

const VIEWER_ALLOW = [
  ...probes(R, ['pods', 'events', 'services', 'persistentvolumeclaims', 'resourcequotas', 'limitranges']),
  ...probes(R, ['deployments.apps', 'statefulsets.apps', 'replicasets.apps', 'jobs.batch', 'cronjobs.batch']),
  ...probes(['get'], ['pods/log']),
  ...probes(['get', 'list'], ['pods.metrics.k8s.io']),
];
const WRITE_TARGETS = ['pods', 'services', 'configmaps', 'secrets', 'persistentvolumeclaims', 'deployments.apps', 'jobs.batch', 'cronjobs.batch', 'resourcequotas', 'limitranges', 'rolebindings.rbac.authorization.k8s.io'];
const NO_EXEC = probes(['create', 'get'], ['pods/exec', 'pods/attach', 'pods/portforward']);
const NO_TOKENS = probes(['create'], ['serviceaccounts/token']);
const NO_SECRETS = probes(R, ['secrets']);
const NO_ADMIN_WRITES = probes(WRITES, ['roles.rbac.authorization.k8s.io', 'rolebindings.rbac.authorization.k8s.io', 'resourcequotas', 'limitranges', 'networkpolicies.networking.k8s.io']);
const ML_ALLOW = [
  ...VIEWER_ALLOW,
  ...probes(['create', 'delete', 'patch'], ['jobs.batch', 'cronjobs.batch']),
  ...probes(['create', 'delete'], ['pods']),
  ...probes(['get', 'list', 'create', 'delete'], ['persistentvolumeclaims']),
  ...probes(['create', 'delete'], ['pytorchjobs.kubeflow.org', 'rayjobs.ray.io', 'rayclusters.ray.io']),
  ...probes(['create'], ['configmaps']),
];
const INFERENCE_ALLOW = [
  ...VIEWER_ALLOW,
  ...probes(['create', 'update', 'patch', 'delete'], ['deployments.apps']),
  ...probes(['update', 'patch'], ['deployments.apps/scale']),
  ...probes(['create', 'update', 'patch', 'delete'], ['services', 'horizontalpodautoscalers.autoscaling', 'inferenceservices.serving.kserve.io']),
];
const LEAD_ALLOW = [
  ...ML_ALLOW,
  ...INFERENCE_ALLOW,
  ...probes(['create', 'delete'], ['serviceaccounts']),
  ...probes(['create'], ['serviceaccounts/token']),
  ...probes(['get', 'list', 'create', 'update', 'delete'], ['secrets']),
  ...probes(['update', 'patch'], ['limitranges']),
  ...probes(['create', 'delete'], ['rolebindings.rbac.authorization.k8s.io']),
];
const LEAD_DENY = [
  ...probes(['update', 'patch', 'delete'], ['resourcequotas']),
  ...probes(WRITES, ['networkpolicies.networking.k8s.io', 'roles.rbac.authorization.k8s.io']),
  ...probes(['escalate'], ['roles.rbac.authorization.k8s.io', 'clusterroles.rbac.authorization.k8s.io']),
  ...probes(['impersonate'], ['users', 'groups', 'serviceaccounts']),
  ...probes(['bind'], ['clusterroles.rbac.authorization.k8s.io:cluster-admin', 'clusterroles.rbac.authorization.k8s.io:admin', 'clusterroles.rbac.authorization.k8s.io:edit']),
];
/** Writes to the namespace object itself (a request on namespaces/NAME is authorized in that namespace). */
const NAMESPACE_WRITES = (namespace: string) => probes(['update', 'patch', 'delete'], [`namespaces:${namespace}`]);
const KUEUE_READ = probes(R, ['localqueues.kueue.x-k8s.io', 'workloads.kueue.x-k8s.io']);
const KUEUE_WRITE = probes(['create', 'update', 'delete'], ['localqueues.kueue.x-k8s.io']);

/** The tier tables (README, "The tiers"): what each team tier must and must not be able to do in its own namespace. */
export const TIERS: Record<TeamTier, { readonly allow: readonly Probe[]; readonly deny: readonly Probe[] }> = {
  viewer: { allow: VIEWER_ALLOW, deny: [...probes(WRITES, WRITE_TARGETS), ...NO_SECRETS, ...NO_EXEC, ...NO_TOKENS] },
  mlEngineer: { allow: ML_ALLOW, deny: [...NO_SECRETS, ...NO_ADMIN_WRITES, ...NO_TOKENS] },
  inferenceOperator: { allow: INFERENCE_ALLOW, deny: [...NO_SECRETS, ...NO_ADMIN_WRITES, ...NO_TOKENS] },
  teamLead: { allow: LEAD_ALLOW, deny: LEAD_DENY },
};

/** "Nothing at all" in a namespace that is not the subject's, probed with the requests teams make. */
const ANYTHING = [
  ...probes(['get', 'list', 'create', 'delete'], ['pods', 'secrets']),
  ...probes(['create'], ['pods/exec', 'configmaps', 'deployments.apps', 'jobs.batch', 'rolebindings.rbac.authorization.k8s.io', 'serviceaccounts/token']),
];
const CLUSTER_WRITES = probes(['create', 'delete'], ['namespaces', 'nodes', 'persistentvolumes', 'clusterroles.rbac.authorization.k8s.io', 'clusterrolebindings.rbac.authorization.k8s.io']);

const key = (p: Probe) => JSON.stringify([p.verb, p.apiGroup, p.resource, p.subresource ?? '', p.name ?? '']);

/** What a subject holding `tiers` in a namespace must and must not be able to do there. */
function tierCells(tiers: readonly TeamTier[], namespace: string, kueue: boolean): { allow: Probe[]; deny: Probe[] } {
  const allow = new Map<string, Probe>();
  for (const t of tiers) for (const p of [...TIERS[t].allow, ...(kueue ? KUEUE_READ : [])]) allow.set(key(p), p);
  // a request is a must-deny only when every tier the subject holds there must deny it
  const denySets = tiers.map((t) => new Map([...TIERS[t].deny, ...NAMESPACE_WRITES(namespace), ...(kueue ? KUEUE_WRITE : [])].map((p) => [key(p), p])));
  const deny = [...(denySets[0] ?? new Map<string, Probe>()).entries()].filter(([k]) => denySets.every((s) => s.has(k)) && !allow.has(k)).map(([, p]) => p);
  return { allow: [...allow.values()], deny };
}

interface Holder {
  readonly who: string;
  readonly subject: Subject;
  /** namespace → tiers held there. */
  readonly tiers: Map<string, TeamTier[]>;
  /** Namespaces where it holds something the cells do not model (a custom role): no "nothing here" probes there. */
  readonly otherwiseBound: Set<string>;
  readonly clusterViewer: boolean;
}

function holders(plan: Plan): Holder[] {
  const byWho = new Map<string, Holder>();
  const holder = (who: string, subject: Subject): Holder => {
    const h = byWho.get(who) ?? { who, subject, tiers: new Map(), otherwiseBound: new Set<string>(), clusterViewer: false };
    byWho.set(who, h);
    return h;
  };
  const hold = (h: Holder, team: TeamPlan, tier: TeamTier) => h.tiers.set(team.namespace, [...(h.tiers.get(team.namespace) ?? []), tier]);
  for (const team of plan.teams) {
    for (const b of team.tierBindings) for (const g of b.groups) hold(holder(g, { groups: [g] }), team, b.tier);
    for (const g of team.clusterViewerGroups) hold(holder(g, { groups: [g] }), team, 'viewer');
    for (const r of team.roles) for (const g of r.groups) holder(g, { groups: [g] }).otherwiseBound.add(team.namespace);
    for (const token of team.tokens) {
      const user = token.subject.kind === 'User' ? token.subject.name : serviceAccountUser(token.subject.namespace, token.subject.name);
      const h = holder(`token ${token.name} (${token.subject.kind} ${token.subject.kind === 'User' ? token.subject.name : `${token.subject.namespace}/${token.subject.name}`})`, { user });
      if ('tier' in token.binding) hold(h, team, token.binding.tier);
      else h.otherwiseBound.add(team.namespace);
    }
  }
  for (const g of plan.cluster.viewerGroups) byWho.set(g, { ...holder(g, { groups: [g] }), clusterViewer: true });
  for (const g of plan.cluster.adminGroups) byWho.delete(g);
  return [...byWho.values()].sort((a, b) => (a.who < b.who ? -1 : a.who > b.who ? 1 : 0));
}

/** Every tier-table promise for every tier group, token and cluster viewer of the plan, plus the cluster admins'. */
export function specCells(plan: Plan): SpecCell[] {
  const kueue = plan.cluster.kueue !== undefined;
  const teamNamespaces = plan.teams.map((t) => t.namespace);
  const cells: SpecCell[] = [];
  const push = (h: { who: string; subject: Subject }, probe: Probe, namespace: string | undefined, expected: boolean, because: string) =>
    cells.push({ who: h.who, subject: h.subject, request: { ...probe, ...(namespace !== undefined ? { namespace } : {}) }, expected, because });
  for (const h of holders(plan)) {
    for (const [namespace, tiers] of [...h.tiers.entries()].sort(([a], [b]) => compareStrings(a, b))) {
      const { allow, deny } = tierCells(tiers, namespace, kueue);
      const because = `${[...new Set(tiers)].join(' + ')} in ${namespace}`;
      for (const p of allow) push(h, p, namespace, true, because);
      for (const p of deny) push(h, p, namespace, false, because);
    }
    for (const namespace of [...teamNamespaces, 'default', 'kube-system']) {
      if (h.tiers.has(namespace) || h.otherwiseBound.has(namespace)) continue;
      for (const p of ANYTHING) push(h, p, namespace, false, `nothing in ${namespace}, not its team's namespace`);
    }
    for (const p of CLUSTER_WRITES) push(h, p, undefined, false, 'no cluster-scoped writes');
    push(h, { verb: 'list', apiGroup: '', resource: 'secrets' }, undefined, false, 'no list secrets across namespaces');
    if (h.clusterViewer) {
      for (const p of probes(R, ['namespaces', 'resourcequotas'])) push(h, p, undefined, true, 'cluster viewer: namespaces and quotas cluster-wide');
      for (const p of probes(['list'], ['pods', 'deployments.apps', 'nodes'])) push(h, p, undefined, false, 'cluster viewer: nothing more cluster-wide');
    }
  }
  for (const g of plan.cluster.adminGroups) {
    for (const p of [...ANYTHING, ...CLUSTER_WRITES]) for (const ns of [undefined, 'kube-system']) push({ who: g, subject: { groups: [g] } }, p, ns, true, 'cluster admin: everything');
  }
  return cells;
}
