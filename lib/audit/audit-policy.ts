import { compareStrings } from '../core/compare';
import type { Plan } from '../plan/types';
import { toYaml } from '../synth/yaml';

/** Where synth writes the policy, relative to the directory of teams.yaml. */
export const AUDIT_POLICY_FILE = 'audit/audit-policy.yaml';

/** One `resources` entry of an audit policy rule (audit.k8s.io/v1 GroupResources). */
export interface GroupResources {
  readonly group: string;
  readonly resources: readonly string[];
}

/** One audit.k8s.io/v1 PolicyRule; the API server applies the first rule that matches a request. */
export interface AuditPolicyRule {
  readonly level: 'None' | 'Metadata' | 'Request' | 'RequestResponse';
  readonly users?: readonly string[];
  readonly userGroups?: readonly string[];
  readonly verbs?: readonly string[];
  readonly resources?: readonly GroupResources[];
  readonly namespaces?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];

/**
 * Objects that request GPUs, with the subresources that change how many: the list in README, "Audit". A rule's
 * `pods` matches only the pods resource (not pods/status, which kubelets write all the time).
 */
export const GPU_WORKLOAD_RESOURCES: readonly GroupResources[] = [
  { group: '', resources: ['pods'] },
  { group: 'apps', resources: ['deployments', 'deployments/scale', 'statefulsets', 'statefulsets/scale'] },
  { group: 'batch', resources: ['jobs', 'cronjobs'] },
  { group: 'kubeflow.org', resources: ['pytorchjobs'] },
  { group: 'ray.io', resources: ['rayjobs', 'rayclusters'] },
  { group: 'serving.kserve.io', resources: ['inferenceservices'] },
  { group: 'kueue.x-k8s.io', resources: ['workloads'] },
];

/** The audit policy rules, in the order the API server tries them. */
export function auditPolicyRules(plan: Plan): AuditPolicyRule[] {
  const teamNamespaces = [...new Set(plan.teams.map((t) => t.namespace))].sort();
  return [
    // Probes and metrics scrapes.
    { level: 'None', nonResourceURLs: ['/healthz*', '/livez*', '/readyz*', '/version', '/metrics', '/openapi*'] },
    // System noise: events, leader-election leases, endpoints, node heartbeats, and the token and access reviews
    // every authenticated request causes.
    {
      level: 'None',
      resources: [
        { group: '', resources: ['events', 'endpoints', 'nodes/status'] },
        { group: 'events.k8s.io', resources: ['events'] },
        { group: 'coordination.k8s.io', resources: ['leases'] },
        { group: 'discovery.k8s.io', resources: ['endpointslices'] },
        { group: 'authentication.k8s.io', resources: ['tokenreviews'] },
        { group: 'authorization.k8s.io', resources: ['subjectaccessreviews', 'selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
      ],
    },
    // Reads by nodes and control-plane components (kubelets read every mounted secret).
    { level: 'None', userGroups: ['system:nodes'], verbs: READ },
    { level: 'None', users: ['system:kube-scheduler', 'system:kube-controller-manager', 'system:apiserver'], verbs: READ },
    { level: 'None', userGroups: ['system:serviceaccounts:kube-system'], verbs: READ },
    // Secrets and service account tokens: who touched which, never their bodies; reads included.
    { level: 'Metadata', resources: [{ group: '', resources: ['secrets', 'serviceaccounts/token'] }] },
    ...usageRules(plan, teamNamespaces),
    // Every other read.
    { level: 'None', verbs: READ },
    // GPU allocation: the full request and response of every change to a GPU-bearing workload, in any namespace
    // (controllers' pod creations included: that is where quota rejections of Deployments and Jobs show).
    { level: 'RequestResponse', verbs: WRITE, resources: GPU_WORKLOAD_RESOURCES },
    // Changes to what a team may use and who may use it.
    {
      level: 'RequestResponse',
      verbs: WRITE,
      resources: [
        { group: '', resources: ['resourcequotas', 'limitranges'] },
        { group: 'rbac.authorization.k8s.io', resources: ['rolebindings'] },
      ],
      ...(teamNamespaces.length > 0 ? { namespaces: teamNamespaces } : {}),
    },
    // Kueue's GPU quotas (ClusterQueues are cluster-scoped, so the namespaced rule above cannot match them).
    { level: 'RequestResponse', verbs: WRITE, resources: [{ group: 'kueue.x-k8s.io', resources: ['clusterqueues', 'resourceflavors', 'localqueues'] }] },
    // Everything else: who changed what, without bodies.
    { level: 'Metadata' },
  ];
}

/**
 * With cluster.audit.usage, the reads of team subjects in team namespaces at Metadata level (their writes are
 * logged by the rules below), for `coreweave-rbac usage`. They come after the rules that drop system noise and
 * keep secrets at Metadata, so those still decide first. The API server picks a request's level by who
 * authenticated, before impersonation: so the impersonators, cluster admins and the break-glass system:masters,
 * are matched too, or a read made with `--as`/`--as-group` would go unrecorded.
 */
function usageRules(plan: Plan, teamNamespaces: readonly string[]): AuditPolicyRule[] {
  if (!plan.cluster.auditUsage || teamNamespaces.length === 0) return [];
  const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort(compareStrings);
  const users = sorted(plan.teams.flatMap((t) => t.tokens.map((token) => (token.subject.kind === 'User' ? token.subject.name : serviceAccountUserName(token.subject.namespace, token.subject.name)))));
  const groups = sorted([
    ...plan.cluster.adminGroups,
    'system:masters',
    ...plan.cluster.viewerGroups,
    ...plan.teams.flatMap((t) => [...t.tierBindings.flatMap((b) => b.groups), ...t.roles.flatMap((r) => r.groups)]),
  ]);
  return [
    ...(users.length > 0 ? [{ level: 'Metadata' as const, users, verbs: READ, namespaces: [...teamNamespaces] }] : []),
    { level: 'Metadata', userGroups: groups, verbs: READ, namespaces: [...teamNamespaces] },
  ];
}

/** How a ServiceAccount authenticates: `system:serviceaccount:NS:NAME` (as lib/access has it, which synth does not load). */
function serviceAccountUserName(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/** The audit.k8s.io/v1 Policy for the cluster's API server (README, "Audit"). */
export function auditPolicy(plan: Plan): Record<string, unknown> {
  return {
    apiVersion: 'audit.k8s.io/v1',
    kind: 'Policy',
    // RequestReceived would log every request twice; ResponseComplete carries the result.
    omitStages: ['RequestReceived'],
    rules: auditPolicyRules(plan),
  };
}

const HEADER = [
  '# Generated by coreweave-rbac from teams.yaml. Do not edit: change teams.yaml and run `npx cdk8s synth`.',
  '# The API server audit policy (--audit-policy-file): GPU allocation at RequestResponse, secrets at Metadata,',
  '# reads and system noise not at all. Not an object to apply: see README.md, "Audit".',
].join('\n');

const USAGE_HEADER = [
  '# Generated by coreweave-rbac from teams.yaml. Do not edit: change teams.yaml and run `npx cdk8s synth`.',
  '# The API server audit policy (--audit-policy-file): GPU allocation at RequestResponse, secrets at Metadata,',
  '# reads only of team subjects in team namespaces (cluster.audit.usage), system noise not at all.',
  '# Not an object to apply: see README.md, "Audit".',
].join('\n');

export function auditPolicyText(plan: Plan): string {
  return `${plan.cluster.auditUsage ? USAGE_HEADER : HEADER}\n${toYaml(auditPolicy(plan))}`;
}
