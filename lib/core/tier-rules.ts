import type { PolicyRule } from './policy-rule';
import type { TeamTier } from './tiers';


const R = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete'];
const rule = (apiGroups: string[], resources: string[], verbs: string[]): PolicyRule => ({ apiGroups, resources, verbs });

/** Viewer: read workload status, logs and GPU metrics; never secrets, exec, attach, port-forward or tokens. */
const VIEWER: PolicyRule[] = [
  rule([''], ['pods', 'events', 'services', 'endpoints', 'persistentvolumeclaims', 'resourcequotas', 'limitranges'], R),
  rule([''], ['pods/log'], ['get']),
  rule(['apps'], ['deployments', 'statefulsets', 'replicasets'], R),
  rule(['batch'], ['jobs', 'cronjobs'], R),
  rule(['autoscaling'], ['horizontalpodautoscalers'], R),
  rule(['events.k8s.io'], ['events'], R),
  rule(['metrics.k8s.io'], ['pods'], ['get', 'list']),
  rule(['kubeflow.org'], ['pytorchjobs'], R),
  rule(['ray.io'], ['rayjobs', 'rayclusters'], R),
  rule(['serving.kserve.io'], ['inferenceservices'], R),
];

/** What ML engineers and inference operators share beyond the viewer: configuration of their workloads. */
const CONFIGMAPS = rule([''], ['configmaps'], [...R, ...WRITE]);

/** ML Engineer: launch jobs and pods, use volumes, debug in their pods. */
const ML_ENGINEER: PolicyRule[] = [
  ...VIEWER,
  CONFIGMAPS,
  rule([''], ['pods'], ['create', 'delete']),
  rule([''], ['pods/exec', 'pods/portforward'], ['create', 'get']),
  rule([''], ['persistentvolumeclaims'], ['create', 'update', 'patch', 'delete']),
  rule(['batch'], ['jobs', 'cronjobs'], WRITE),
  rule(['kubeflow.org'], ['pytorchjobs'], WRITE),
  rule(['ray.io'], ['rayjobs', 'rayclusters'], WRITE),
];

/** Inference Operator: deploy, expose and scale inference endpoints. */
const INFERENCE_OPERATOR: PolicyRule[] = [
  ...VIEWER,
  CONFIGMAPS,
  rule(['apps'], ['deployments'], WRITE),
  rule(['apps'], ['deployments/scale'], ['get', 'update', 'patch']),
  rule([''], ['services'], WRITE),
  rule(['autoscaling'], ['horizontalpodautoscalers'], WRITE),
  rule(['serving.kserve.io'], ['inferenceservices'], WRITE),
];

/** Team Lead: every other team tier, plus the team's service accounts, secrets, API tokens, limits and bindings. */
const TEAM_LEAD: PolicyRule[] = [
  ...ML_ENGINEER,
  ...INFERENCE_OPERATOR.filter((r) => !VIEWER.includes(r) && r !== CONFIGMAPS),
  rule([''], ['serviceaccounts'], [...R, 'create', 'delete']),
  rule([''], ['serviceaccounts/token'], ['create']),
  rule([''], ['secrets'], [...R, ...WRITE]),
  rule([''], ['limitranges'], ['update', 'patch']),
  rule(['rbac.authorization.k8s.io'], ['roles'], R),
  rule(['rbac.authorization.k8s.io'], ['rolebindings'], [...R, 'create', 'delete']),
];

/** Kueue objects every team tier may read in its own namespace (README, "GPU classes and Kueue"); nobody but admins writes them. */
export const KUEUE_READ: PolicyRule = rule(['kueue.x-k8s.io'], ['localqueues', 'workloads'], R);

const TIER_RULES: Record<TeamTier, PolicyRule[]> = {
  viewer: VIEWER,
  mlEngineer: ML_ENGINEER,
  inferenceOperator: INFERENCE_OPERATOR,
  teamLead: TEAM_LEAD,
};

/** The rules of a team tier's ClusterRole. */
export function tierRules(tier: TeamTier, options: { readonly kueue: boolean }): readonly PolicyRule[] {
  return options.kueue ? [...TIER_RULES[tier], KUEUE_READ] : TIER_RULES[tier];
}

/** What cluster.viewers may read across the cluster beyond the viewer tier in each team namespace. */
export const CLUSTER_VIEWER_RULES: readonly PolicyRule[] = [rule([''], ['namespaces', 'resourcequotas'], R)];
