import { DEFAULT_TOKEN_MAX_AGE_DAYS, flavorName } from '../config/rules';
import { TEAM_TIERS, TeamConfig, TeamsConfig, TokenConfig } from '../config/types';
import { parseDate } from '../config/names';
import { compareStrings, sortKeys } from '../core/compare';
import { ClusterPlan, GpuClassCapacity, KueuePlan, Plan, TeamPlan, TokenPlan } from './types';

export const DEFAULT_LIMITS = { maxGpuPerPod: 8, defaultCpu: '1', defaultMemory: '4Gi' } as const;
export const DEFAULT_KUEUE = { apiVersion: 'v1beta2', cohort: 'gpu', nodeLabel: 'gpu.nvidia.com/class' } as const;

const byString = compareStrings;
// sortKeys, not sort(): a thousand teams sort tens of thousands of short lists, and sort() allocates for each
const sortedUnique = (xs: Iterable<string>): string[] => sortKeys([...new Set(xs)]);
const sortedEntries = <T>(record: Record<string, T> | undefined): [string, T][] => (record === undefined ? [] : sortKeys(Object.keys(record)).map((key) => [key, record[key] as T]));
const str = (q: string | number | undefined): string | undefined => (q === undefined ? undefined : String(q));

/** Resolve every default of a validated teams.yaml into the plan that synth renders. Pure. */
export function buildPlan(config: TeamsConfig): Plan {
  const prefix = config.cluster.oidcGroupPrefix ?? '';
  const groups = (list: readonly string[] | undefined): string[] => sortedUnique((list ?? []).map((g) => prefix + g));
  const cluster = buildCluster(config, groups);
  const namespaceOf = new Map(config.teams.map((t) => [t.name, t.namespace ?? t.name]));
  const teams = config.teams.map((team) => buildTeam(config, team, cluster, groups, namespaceOf)).sort((a, b) => byString(a.name, b.name));
  return { cluster, teams };
}

function buildCluster(config: TeamsConfig, groups: (list: readonly string[] | undefined) => string[]): ClusterPlan {
  const { cluster } = config;
  const gpuCapacity: GpuClassCapacity[] = sortedEntries(cluster.gpuCapacity).map(([gpuClass, gpus]) => ({ gpuClass, gpus }));
  let kueue: KueuePlan | undefined;
  if (cluster.kueue) {
    const cohort = cluster.kueue.cohort === undefined ? DEFAULT_KUEUE.cohort : cluster.kueue.cohort ?? undefined;
    kueue = {
      apiVersion: cluster.kueue.apiVersion ?? DEFAULT_KUEUE.apiVersion,
      ...(cohort !== undefined ? { cohort } : {}),
      nodeLabel: cluster.kueue.nodeLabel ?? DEFAULT_KUEUE.nodeLabel,
      flavors: gpuCapacity.map((c) => ({ name: flavorName(c.gpuClass), gpuClass: c.gpuClass })),
    };
  }
  const auditorGroups = groups(cluster.auditors);
  return {
    name: cluster.name,
    adminGroups: groups(cluster.admins),
    viewerGroups: groups(cluster.viewers),
    ...(auditorGroups.length > 0 ? { auditorGroups } : {}),
    tokenMaxAgeDays: cluster.tokenMaxAgeDays ?? DEFAULT_TOKEN_MAX_AGE_DAYS,
    gpuCapacity,
    ...(kueue ? { kueue } : {}),
    ...(cluster.audit?.usage === true ? { auditUsage: true as const } : {}),
  };
}

function buildTeam(
  config: TeamsConfig,
  team: TeamConfig,
  cluster: ClusterPlan,
  groups: (list: readonly string[] | undefined) => string[],
  namespaceOf: Map<string, string>,
): TeamPlan {
  const namespace = team.namespace ?? team.name;
  const dq = config.defaults?.quota ?? {};
  const q = team.quota ?? {};
  const dl = config.defaults?.limits ?? {};
  const l = team.limits ?? {};
  const gpuByClass = sortedEntries(q.gpuByClass ?? dq.gpuByClass).map(([gpuClass, gpus]) => ({ gpuClass, gpus }));
  const tokens = (team.tokens ?? []).map((t) => buildToken(t, namespace, cluster.tokenMaxAgeDays)).sort((a, b) => byString(a.name, b.name));
  const opt = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } => (value === undefined ? {} : ({ [key]: value } as { [P in K]?: V }));
  return {
    name: team.name,
    namespace,
    ...opt('description', team.description),
    ...opt('costCenter', team.costCenter),
    podSecurity: team.podSecurity ?? config.defaults?.podSecurity ?? 'baseline',
    quota: {
      gpu: q.gpu ?? dq.gpu ?? 0,
      gpuByClass,
      ...opt('cpu', str(q.cpu ?? dq.cpu)),
      ...opt('memory', str(q.memory ?? dq.memory)),
      ...opt('storage', str(q.storage ?? dq.storage)),
      storageClasses: sortedEntries(q.storageClasses ?? dq.storageClasses).map(([storageClass, s]) => ({ storageClass, storage: String(s) })),
      ...opt('persistentVolumeClaims', q.persistentVolumeClaims ?? dq.persistentVolumeClaims),
      ...opt('loadBalancers', q.loadBalancers ?? dq.loadBalancers),
    },
    limits: {
      maxGpuPerPod: l.maxGpuPerPod ?? dl.maxGpuPerPod ?? DEFAULT_LIMITS.maxGpuPerPod,
      defaultCpu: String(l.defaultCpu ?? dl.defaultCpu ?? DEFAULT_LIMITS.defaultCpu),
      defaultMemory: String(l.defaultMemory ?? dl.defaultMemory ?? DEFAULT_LIMITS.defaultMemory),
    },
    tierBindings: TEAM_TIERS.map((tier) => ({ tier, groups: groups(team.groups?.[tier]) })).filter((b) => b.groups.length > 0),
    clusterViewerGroups: cluster.viewerGroups,
    tokens,
    roles: (team.roles ?? [])
      .map((role) => ({
        name: role.name,
        rules: role.rules.map((r) => ({ ...r })),
        groups: groups(role.groups),
        tokens: tokens.filter((t) => 'role' in t.binding && t.binding.role === role.name),
      }))
      .sort((a, b) => byString(a.name, b.name)),
    network: {
      ingressNamespaces: sortedUnique(config.cluster.network?.ingressNamespaces ?? []),
      monitoringNamespaces: sortedUnique(config.cluster.network?.monitoringNamespaces ?? []),
      allowFromNamespaces: sortedUnique((team.network?.allowFrom ?? []).map((t) => namespaceOf.get(t) ?? t)),
      egress: team.network?.egress ?? 'open',
      egressCidrs: sortedUnique(team.network?.egressCidrs ?? []),
    },
    ...(cluster.kueue
      ? {
          queue: {
            apiVersion: cluster.kueue.apiVersion,
            clusterQueue: namespace,
            nominalQuota: cluster.kueue.flavors.map((f) => ({ flavor: f.name, gpus: gpuByClass.find((c) => c.gpuClass === f.gpuClass)?.gpus ?? 0 })),
            ...opt('borrowingLimit', team.queue?.borrowingLimit),
          },
        }
      : {}),
  };
}

function buildToken(token: TokenConfig, namespace: string, maxAgeDays: number): TokenPlan {
  const rotated = parseDate(token.rotatedAt) ?? new Date(0);
  const rotateBy = new Date(rotated.getTime() + maxAgeDays * 86_400_000).toISOString().slice(0, 10);
  return {
    name: token.name,
    binding: token.role !== undefined ? { role: token.role } : { tier: token.tier ?? 'viewer' },
    subject: token.serviceAccount !== undefined ? { kind: 'ServiceAccount', name: token.serviceAccount, namespace } : { kind: 'User', name: token.user ?? '' },
    rotatedAt: token.rotatedAt,
    rotateBy,
  };
}
