import type { PodSecurityLevel, TeamTier } from '../config/types';
import type { PolicyRule } from '../core/policy-rule';

/** Everything synth writes, with every default resolved and every list sorted. Pure data: no cdk8s, no I/O. */
export interface Plan {
  readonly cluster: ClusterPlan;
  /** Sorted by name. */
  readonly teams: readonly TeamPlan[];
}

export interface ClusterPlan {
  readonly name: string;
  /** Groups of the Cluster Admin tier, with the OIDC prefix. */
  readonly adminGroups: readonly string[];
  /** cluster.viewers with the OIDC prefix: viewer tier in every team namespace, namespaces and quotas cluster-wide. */
  readonly viewerGroups: readonly string[];
  /** cluster.auditors with the OIDC prefix, bound to the auditor ClusterRole; present when it names a group. */
  readonly auditorGroups?: readonly string[];
  readonly tokenMaxAgeDays: number;
  readonly gpuCapacity: readonly GpuClassCapacity[];
  /** Present when cluster.kueue is set. */
  readonly kueue?: KueuePlan;
  /** Present when cluster.audit.usage is true: the audit policy also records reads of team subjects. */
  readonly auditUsage?: true;
}

export interface GpuClassCapacity {
  readonly gpuClass: string;
  readonly gpus: number;
}

export interface KueuePlan {
  readonly apiVersion: 'v1beta2' | 'v1beta1';
  /** undefined: no cohort, no borrowing. */
  readonly cohort?: string;
  readonly nodeLabel: string;
  /** One per GPU class of gpuCapacity, sorted by class. */
  readonly flavors: readonly FlavorPlan[];
}

export interface FlavorPlan {
  /** The ResourceFlavor name: the class lower-cased, `_` → `-`. */
  readonly name: string;
  readonly gpuClass: string;
}

export interface TeamPlan {
  readonly name: string;
  readonly namespace: string;
  readonly description?: string;
  readonly costCenter?: string;
  readonly podSecurity: PodSecurityLevel;
  readonly quota: QuotaPlan;
  readonly limits: LimitsPlan;
  /** One per tier that has groups, in tier order teamLead, mlEngineer, inferenceOperator, viewer. */
  readonly tierBindings: readonly TierBindingPlan[];
  /** cluster.viewers, prefixed: bound to the viewer tier in this namespace. */
  readonly clusterViewerGroups: readonly string[];
  /** Sorted by name. */
  readonly tokens: readonly TokenPlan[];
  /** Sorted by name. */
  readonly roles: readonly RolePlan[];
  readonly network: NetworkPlan;
  /** Present when Kueue is on. */
  readonly queue?: QueuePlan;
}

export interface QuotaPlan {
  readonly gpu: number;
  /** Sorted by class. */
  readonly gpuByClass: readonly GpuClassCapacity[];
  readonly cpu?: string;
  readonly memory?: string;
  readonly storage?: string;
  /** Sorted by storage class. */
  readonly storageClasses: readonly { readonly storageClass: string; readonly storage: string }[];
  readonly persistentVolumeClaims?: number;
  readonly loadBalancers?: number;
}

export interface LimitsPlan {
  readonly maxGpuPerPod: number;
  readonly defaultCpu: string;
  readonly defaultMemory: string;
}

export interface TierBindingPlan {
  readonly tier: TeamTier;
  /** Prefixed, sorted, unique. */
  readonly groups: readonly string[];
}

export type SubjectPlan =
  | { readonly kind: 'User'; readonly name: string }
  | { readonly kind: 'ServiceAccount'; readonly name: string; readonly namespace: string };

export interface TokenPlan {
  readonly name: string;
  /** The tier or the custom role the token is bound to. */
  readonly binding: { readonly tier: TeamTier } | { readonly role: string };
  readonly subject: SubjectPlan;
  readonly rotatedAt: string;
  /** rotatedAt + tokenMaxAgeDays. */
  readonly rotateBy: string;
}

export interface RolePlan {
  readonly name: string;
  readonly rules: readonly PolicyRule[];
  /** Prefixed, sorted. */
  readonly groups: readonly string[];
  /** Tokens bound to the role, sorted by name. */
  readonly tokens: readonly TokenPlan[];
}

export interface NetworkPlan {
  /** Namespaces allowed to open connections to the team's pods, besides its own: sorted. */
  readonly ingressNamespaces: readonly string[];
  readonly monitoringNamespaces: readonly string[];
  /** Namespaces of the allowFrom teams, sorted. */
  readonly allowFromNamespaces: readonly string[];
  readonly egress: 'open' | 'restricted';
  readonly egressCidrs: readonly string[];
}

export interface QueuePlan {
  /** Kueue API version of the queue objects (cluster.kueue.apiVersion). */
  readonly apiVersion: KueuePlan['apiVersion'];
  /** The ClusterQueue name: the team's namespace. */
  readonly clusterQueue: string;
  /** One per flavor of the cluster, sorted: the team's gpuByClass (0 when it has none of a class). */
  readonly nominalQuota: readonly { readonly flavor: string; readonly gpus: number }[];
  readonly borrowingLimit?: number;
}
