/** teams.yaml as written (after schema validation): optional fields stay optional here; lib/plan resolves defaults. */

import type { TeamTier } from '../core/tiers';

export { TEAM_TIERS, type TeamTier } from '../core/tiers';
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';
export type Quantity = string | number;

export interface PolicyRuleConfig {
  readonly apiGroups?: string[];
  readonly resources?: string[];
  readonly verbs: string[];
  readonly resourceNames?: string[];
  readonly nonResourceURLs?: string[];
}

export interface QuotaConfig {
  readonly gpu?: number;
  readonly gpuByClass?: Record<string, number>;
  readonly cpu?: Quantity;
  readonly memory?: Quantity;
  readonly storage?: Quantity;
  readonly storageClasses?: Record<string, Quantity>;
  readonly persistentVolumeClaims?: number;
  readonly loadBalancers?: number;
}

export interface LimitsConfig {
  readonly maxGpuPerPod?: number;
  readonly defaultCpu?: Quantity;
  readonly defaultMemory?: Quantity;
}

export interface TokenConfig {
  readonly name: string;
  readonly tier?: TeamTier;
  readonly role?: string;
  readonly user?: string;
  readonly serviceAccount?: string;
  readonly rotatedAt: string;
}

export interface RoleConfig {
  readonly name: string;
  readonly rules: PolicyRuleConfig[];
  readonly groups?: string[];
}

export interface TeamConfig {
  readonly name: string;
  readonly namespace?: string;
  readonly description?: string;
  readonly costCenter?: string;
  readonly podSecurity?: PodSecurityLevel;
  readonly quota?: QuotaConfig;
  readonly limits?: LimitsConfig;
  readonly groups?: Partial<Record<TeamTier, string[]>>;
  readonly tokens?: TokenConfig[];
  readonly roles?: RoleConfig[];
  readonly network?: { readonly allowFrom?: string[]; readonly egress?: 'open' | 'restricted'; readonly egressCidrs?: string[] };
  readonly queue?: { readonly borrowingLimit?: number };
}

export interface KueueConfig {
  readonly apiVersion?: 'v1beta2' | 'v1beta1';
  readonly cohort?: string | null;
  readonly nodeLabel?: string;
}

export interface ClusterConfig {
  readonly name: string;
  readonly oidcGroupPrefix?: string;
  readonly admins: string[];
  readonly viewers?: string[];
  /** IdP groups bound to the read-only auditor ClusterRole (what `drift` and `verify` need). */
  readonly auditors?: string[];
  readonly gpuCapacity?: Record<string, number>;
  readonly network?: { readonly ingressNamespaces?: string[]; readonly monitoringNamespaces?: string[] };
  readonly tokenMaxAgeDays?: number;
  readonly kueue?: KueueConfig;
  readonly audit?: AuditConfig;
}

export interface AuditConfig {
  /** Record reads of team subjects in team namespaces too, for `coreweave-rbac usage`. @default false */
  readonly usage?: boolean;
}

export interface TeamsConfig {
  readonly cluster: ClusterConfig;
  readonly defaults?: { readonly podSecurity?: PodSecurityLevel; readonly quota?: QuotaConfig; readonly limits?: LimitsConfig };
  readonly teams: TeamConfig[];
}
