import { uncoveredRules, type PolicyRule } from '../core/policy-rule';
import { formatResource } from '../core/resource-format';
import { tierRules } from '../core/tier-rules';
import { KNOWN_VERBS } from '../core/verbs';
import { cidrError, dns1123LabelError, dns1123SubdomainError, labelValueError, parseDate, quantityError, subjectNameError } from './names';
import { Problem, ProblemCode, Severity } from './problem';
import { Locator, Path, Target } from './source';
import { LimitsConfig, QuotaConfig, RoleConfig, TEAM_TIERS, TeamConfig, TeamsConfig, TokenConfig } from './types';

export interface RuleOptions {
  /** "Today" for rotatedAt checks. */
  readonly now: Date;
}

const DAY_MS = 86_400_000;
export const DEFAULT_TOKEN_MAX_AGE_DAYS = 90;

/** Flavor name of a GPU class in Kueue: lower-cased, `_` → `-`. */
export function flavorName(gpuClass: string): string {
  return gpuClass.toLowerCase().replace(/_/g, '-');
}

/** Whole days from `rotatedAt` to `now` (both UTC calendar days). */
export function tokenAgeDays(rotatedAt: string, now: Date): number {
  const then = parseDate(rotatedAt);
  return then ? daysBetween(then, now) : 0;
}

const daysBetween = (then: Date, now: Date): number => Math.floor((Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - then.getTime()) / DAY_MS);

/** The rules of teams.yaml (README: teams.yaml, Kueue, Custom roles) that a JSON schema cannot express. Runs only on schema-valid input. */
export function ruleProblems(source: Locator, config: TeamsConfig, options: RuleOptions): Problem[] {
  const problems: Problem[] = [];
  const report = (path: Path, code: ProblemCode, message: string | undefined, severity: Severity = 'error', target: Target = 'value'): void => {
    if (message !== undefined) problems.push(source.problemAt(path, code, message, target, severity));
  };
  const { cluster } = config;
  const kueue = cluster.kueue !== undefined;

  report(['cluster', 'name'], 'invalid-name', dns1123LabelError(cluster.name));
  // the prefix becomes part of every bound group name, so it must pass the same checks (it may be empty)
  if (cluster.oidcGroupPrefix) report(['cluster', 'oidcGroupPrefix'], 'invalid-group', subjectNameError(cluster.oidcGroupPrefix, 'group'));
  const prefix = cluster.oidcGroupPrefix ?? '';
  checkGroups(['cluster', 'admins'], cluster.admins, prefix, report);
  checkGroups(['cluster', 'viewers'], cluster.viewers, prefix, report);
  checkGroups(['cluster', 'auditors'], cluster.auditors, prefix, report);
  const networkNamespaces = new Set<string>();
  for (const key of ['ingressNamespaces', 'monitoringNamespaces'] as const) {
    (cluster.network?.[key] ?? []).forEach((ns, i) => {
      report(['cluster', 'network', key, i], 'invalid-name', dns1123LabelError(ns));
      networkNamespaces.add(ns);
    });
  }
  const flavorOwners = new Map<string, string>();
  for (const gpuClass of Object.keys(cluster.gpuCapacity ?? {})) {
    report(['cluster', 'gpuCapacity', gpuClass], 'invalid-name', labelValueError(gpuClass), 'error', 'key');
    if (kueue && labelValueError(gpuClass) === undefined) {
      const flavor = flavorName(gpuClass);
      const flavorError = dns1123SubdomainError(flavor);
      if (flavorError) report(['cluster', 'gpuCapacity', gpuClass], 'invalid-name', `cannot become a Kueue ResourceFlavor name: ${flavorError.replace(/^must/, 'the flavor name must')}`, 'error', 'key');
      const owner = flavorOwners.get(flavor);
      if (owner !== undefined) report(['cluster', 'gpuCapacity', gpuClass], 'duplicate', `GPU classes ${JSON.stringify(owner)} and ${JSON.stringify(gpuClass)} both become the Kueue ResourceFlavor ${JSON.stringify(flavor)}, expected classes that differ after lower-casing and "_" → "-"`, 'error', 'key');
      else flavorOwners.set(flavor, gpuClass);
    }
  }
  if (kueue && cluster.gpuCapacity === undefined) report(['cluster'], 'missing-key', 'missing required key "gpuCapacity" (required when cluster.kueue is set)');
  if (kueue && cluster.gpuCapacity !== undefined && Object.keys(cluster.gpuCapacity).length === 0) {
    report(['cluster', 'gpuCapacity'], 'invalid-value', 'names no GPU class, expected at least one class when cluster.kueue is set (each becomes a Kueue ResourceFlavor)');
  }
  const gpuClassError = (gpuClass: string): string | undefined =>
    kueue && cluster.gpuCapacity && !(gpuClass in cluster.gpuCapacity)
      ? `GPU class ${JSON.stringify(gpuClass)} is not in cluster.gpuCapacity, expected one of ${Object.keys(cluster.gpuCapacity).join(', ') || '(none)'}`
      : undefined;
  for (const gpuClass of Object.keys(config.defaults?.quota?.gpuByClass ?? {})) {
    report(['defaults', 'quota', 'gpuByClass', gpuClass], 'unknown-gpu-class', gpuClassError(gpuClass), 'error', 'key');
  }
  if (cluster.kueue?.nodeLabel !== undefined && !/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(cluster.kueue.nodeLabel)) {
    report(['cluster', 'kueue', 'nodeLabel'], 'invalid-name', `must be a label key such as gpu.nvidia.com/class, got ${JSON.stringify(cluster.kueue.nodeLabel)}`);
  }
  if (typeof cluster.kueue?.cohort === 'string') report(['cluster', 'kueue', 'cohort'], 'invalid-name', dns1123SubdomainError(cluster.kueue.cohort));

  checkQuota(['defaults', 'quota'], config.defaults?.quota, report);
  checkLimits(['defaults', 'limits'], config.defaults?.limits, report);

  const teamsByName = new Map<string, number>();
  const namespaces = new Map<string, number>();
  config.teams.forEach((team, t) => {
    const at = (...rest: (string | number)[]): Path => ['teams', t, ...rest];
    const nameError = dns1123LabelError(team.name);
    report(at('name'), 'invalid-name', nameError);
    if (teamsByName.has(team.name)) report(at('name'), 'duplicate', `duplicate team name ${JSON.stringify(team.name)}, first used by teams[${teamsByName.get(team.name)}]`);
    else teamsByName.set(team.name, t);

    const ns = team.namespace ?? team.name;
    const nsPath = team.namespace === undefined ? at('name') : at('namespace');
    if (team.namespace !== undefined) report(nsPath, 'invalid-name', dns1123LabelError(ns));
    if (team.namespace !== undefined || nameError === undefined) {
      if (ns === 'default' || ns.startsWith('kube-')) report(nsPath, 'reserved-namespace', `namespace ${JSON.stringify(ns)} is reserved for Kubernetes, expected a namespace of the team's own`);
      else if (networkNamespaces.has(ns)) report(nsPath, 'reserved-namespace', `namespace ${JSON.stringify(ns)} is one of cluster.network's namespaces, expected a namespace of the team's own`);
      if (namespaces.has(ns)) report(nsPath, 'duplicate', `namespace ${JSON.stringify(ns)} is already used by teams[${namespaces.get(ns)}]`);
      else namespaces.set(ns, t);
    }
    if (team.costCenter !== undefined) report(at('costCenter'), 'invalid-value', labelValueError(team.costCenter));
    if (team.description !== undefined && team.description.length > 4096) report(at('description'), 'invalid-value', `must be at most 4096 characters, got ${team.description.length}`);

    checkQuota(at('quota'), team.quota, report);
    checkLimits(at('limits'), team.limits, report);
    if (team.quota?.gpu === undefined && config.defaults?.quota?.gpu === undefined) {
      report(team.quota ? at('quota') : at(), 'missing-key', 'missing required key "gpu" (set quota.gpu here or in defaults.quota)');
    }
    const gpu = team.quota?.gpu ?? config.defaults?.quota?.gpu;
    if (team.quota?.gpuByClass) {
      const sum = Object.values(team.quota.gpuByClass).reduce((a, b) => a + b, 0);
      if (gpu !== undefined && sum > gpu) report(at('quota', 'gpuByClass'), 'gpu-by-class', `classes add up to ${sum} GPUs, more than quota.gpu ${gpu}`);
      for (const gpuClass of Object.keys(team.quota.gpuByClass)) {
        report(at('quota', 'gpuByClass', gpuClass), 'invalid-name', labelValueError(gpuClass), 'error', 'key');
        report(at('quota', 'gpuByClass', gpuClass), 'unknown-gpu-class', gpuClassError(gpuClass), 'error', 'key');
      }
    }
    if (team.queue?.borrowingLimit !== undefined && !kueue) {
      report(at('queue'), 'invalid-value', 'has no effect without cluster.kueue, expected cluster.kueue to be set (or no queue)', 'warning', 'key');
    } else if (team.queue?.borrowingLimit !== undefined && cluster.kueue?.cohort === null) {
      report(at('queue', 'borrowingLimit'), 'invalid-value', 'cannot borrow without a cohort (cluster.kueue.cohort is null), expected a cohort or no borrowingLimit');
    }
    for (const tier of TEAM_TIERS) checkGroups(at('groups', tier), team.groups?.[tier], prefix, report);
    checkRoles(at, team, kueue, prefix, report);
    checkTokens(at, team, cluster.tokenMaxAgeDays ?? DEFAULT_TOKEN_MAX_AGE_DAYS, options.now, report);
    (team.network?.egressCidrs ?? []).forEach((cidr, i) => report(at('network', 'egressCidrs', i), 'invalid-value', cidrError(cidr)));
  });

  config.teams.forEach((team, t) => {
    (team.network?.allowFrom ?? []).forEach((other, i) => {
      const path: Path = ['teams', t, 'network', 'allowFrom', i];
      if (other === team.name) report(path, 'unknown-team', `a team cannot list itself in allowFrom (its own pods always reach each other), got ${JSON.stringify(other)}`);
      else if (!teamsByName.has(other)) report(path, 'unknown-team', `unknown team ${JSON.stringify(other)}, expected one of ${[...teamsByName.keys()].filter((n) => n !== team.name).join(', ') || '(no other teams)'}`);
    });
  });

  for (const [gpuClass, capacity] of Object.entries(cluster.gpuCapacity ?? {})) {
    const requested = config.teams.reduce((sum, team) => sum + ((team.quota?.gpuByClass ?? config.defaults?.quota?.gpuByClass)?.[gpuClass] ?? 0), 0);
    if (requested > capacity) {
      report(['cluster', 'gpuCapacity', gpuClass], 'gpu-oversubscribed', `${gpuClass} is oversubscribed: teams' gpuByClass add up to ${requested} GPUs, the cluster has ${capacity}`, 'warning');
    }
  }
  return problems;
}

type Report = (path: Path, code: ProblemCode, message: string | undefined, severity?: Severity, target?: Target) => void;

/** Group names are written bare: the API server's OIDC prefix is added to every one, so a prefixed name would bind `oidc:oidc:…`. */
function checkGroups(path: Path, groups: readonly string[] | undefined, prefix: string, report: Report): void {
  const seen = new Set<string>();
  (groups ?? []).forEach((group, i) => {
    report([...path, i], 'invalid-group', subjectNameError(group, 'group'));
    if (prefix !== '' && group.startsWith(prefix)) {
      report([...path, i], 'invalid-group', `starts with cluster.oidcGroupPrefix ${JSON.stringify(prefix)}, which is added to every group: write ${JSON.stringify(group.slice(prefix.length))}`);
    }
    if (seen.has(group)) report([...path, i], 'duplicate', `group ${JSON.stringify(group)} is listed twice, expected each group once`);
    seen.add(group);
  });
}

function checkQuota(path: Path, quota: QuotaConfig | undefined, report: Report): void {
  if (!quota) return;
  for (const key of ['cpu', 'memory', 'storage'] as const) {
    if (quota[key] !== undefined) report([...path, key], 'invalid-quantity', quantityError(quota[key]));
  }
  for (const [storageClass, size] of Object.entries(quota.storageClasses ?? {})) {
    report([...path, 'storageClasses', storageClass], 'invalid-name', dns1123SubdomainError(storageClass), 'error', 'key');
    report([...path, 'storageClasses', storageClass], 'invalid-quantity', quantityError(size));
  }
}

function checkLimits(path: Path, limits: LimitsConfig | undefined, report: Report): void {
  if (!limits) return;
  for (const key of ['defaultCpu', 'defaultMemory'] as const) {
    if (limits[key] !== undefined) report([...path, key], 'invalid-quantity', quantityError(limits[key]));
  }
}

function checkRoles(at: (...rest: (string | number)[]) => Path, team: TeamConfig, kueue: boolean, prefix: string, report: Report): void {
  const names = new Set<string>();
  const teamLead = tierRules('teamLead', { kueue });
  (team.roles ?? []).forEach((role: RoleConfig, r) => {
    const nameError = dns1123SubdomainError(role.name);
    report(at('roles', r, 'name'), 'invalid-name', nameError);
    // the groups' RoleBinding is named role-<name>, itself a DNS-1123 subdomain of at most 253 characters
    if (nameError === undefined && role.name.length > MAX_ROLE_NAME) report(at('roles', r, 'name'), 'invalid-name', `must be at most ${MAX_ROLE_NAME} characters (its RoleBinding is named "role-" + name), got ${role.name.length} characters`);
    if (names.has(role.name)) report(at('roles', r, 'name'), 'duplicate', `duplicate role name ${JSON.stringify(role.name)} in this team`);
    names.add(role.name);
    checkGroups(at('roles', r, 'groups'), role.groups, prefix, report);
    role.rules.forEach((rule, i) => {
      const path = at('roles', r, 'rules', i);
      const unknown = rule.verbs.filter((v) => !KNOWN_VERBS.includes(v));
      if (unknown.length > 0) report([...path, 'verbs'], 'invalid-value', `unknown verb${unknown.length > 1 ? 's' : ''} ${unknown.map((v) => JSON.stringify(v)).join(', ')}, expected Kubernetes verbs such as get, list, watch, create, update, patch, delete`);
      if ((rule.nonResourceURLs ?? []).length > 0) {
        report([...path, 'nonResourceURLs'], 'invalid-value', 'a namespaced Role cannot grant nonResourceURLs, expected apiGroups and resources');
        return;
      }
      const listError = (key: 'apiGroups' | 'resources', empty: string, hint: string): boolean => {
        if (rule[key] === undefined) report(path, 'missing-key', `missing required key "${key}"${hint}`, 'error', 'entry');
        else if (rule[key].length === 0) report([...path, key], 'invalid-value', `${empty}, expected at least one${hint}`);
        else return false;
        return true;
      };
      const incomplete = [listError('apiGroups', 'lists no API group', ' (use [""] for the core group)'), listError('resources', 'lists no resource', '')].some(Boolean);
      if (incomplete || unknown.length > 0) return;
      const beyond = uncoveredPermissions(teamLead, rule);
      if (beyond.length > 0) {
        const more = beyond.length > 5 ? ` and ${beyond.length - 5} more` : '';
        report(path, 'role-escalation', `grants ${beyond.slice(0, 5).map((p) => `"${p}"`).join(', ')}${more}, beyond the teamLead tier`, 'error', 'entry');
      }
    });
  });
}

/** Longest custom role name whose RoleBinding name `role-<name>` is still a valid object name. */
const MAX_ROLE_NAME = 253 - 'role-'.length;

/**
 * What `rule` grants that the owner's rules do not, as kubectl names it ("list secrets", "patch deployments.apps/scale"),
 * each once. Uncovered parts differ only in resourceNames when the owner restricts names, which the tiers never do.
 */
function uncoveredPermissions(owner: readonly PolicyRule[], rule: PolicyRule): string[] {
  const permissions = uncoveredRules(owner, [rule]).map((u) => `${u.verbs[0]} ${kubectlResource(u.apiGroups?.[0] ?? '', u.resources?.[0] ?? '')}`);
  return [...new Set(permissions)];
}

function checkTokens(at: (...rest: (string | number)[]) => Path, team: TeamConfig, maxAgeDays: number, now: Date, report: Report): void {
  const names = new Set<string>();
  const accounts = new Set<string>();
  const roles = new Set((team.roles ?? []).map((r) => r.name));
  (team.tokens ?? []).forEach((token: TokenConfig, k) => {
    const path = at('tokens', k);
    report([...path, 'name'], 'invalid-name', dns1123LabelError(token.name));
    if (names.has(token.name)) report([...path, 'name'], 'duplicate', `duplicate token name ${JSON.stringify(token.name)} in this team, expected unique token names`);
    names.add(token.name);
    if ((token.tier === undefined) === (token.role === undefined)) {
      report(path, 'invalid-token', token.tier === undefined ? 'missing key "tier" (or "role"), expected exactly one of tier / role' : 'has both "tier" and "role", expected exactly one of them');
    }
    if (token.role !== undefined && !roles.has(token.role)) {
      report([...path, 'role'], 'unknown-role', `unknown role ${JSON.stringify(token.role)}, expected one of this team's roles: ${[...roles].join(', ') || '(none declared)'}`);
    }
    if ((token.user === undefined) === (token.serviceAccount === undefined)) {
      report(path, 'invalid-token', token.user === undefined ? 'missing key "user" (or "serviceAccount"), expected exactly one of user / serviceAccount' : 'has both "user" and "serviceAccount", expected exactly one of them');
    }
    if (token.user !== undefined) report([...path, 'user'], 'invalid-token', subjectNameError(token.user, 'user'));
    if (token.serviceAccount !== undefined) {
      report([...path, 'serviceAccount'], 'invalid-name', dns1123SubdomainError(token.serviceAccount));
      if (accounts.has(token.serviceAccount)) report([...path, 'serviceAccount'], 'duplicate', `service account ${JSON.stringify(token.serviceAccount)} is used by another token of this team`);
      accounts.add(token.serviceAccount);
    }
    const rotated = parseDate(token.rotatedAt);
    if (!rotated) {
      report([...path, 'rotatedAt'], 'invalid-date', `must be a date YYYY-MM-DD, got ${JSON.stringify(token.rotatedAt)}`);
      return;
    }
    const age = daysBetween(rotated, now);
    if (age < 0) report([...path, 'rotatedAt'], 'invalid-date', `is in the future (today is ${now.toISOString().slice(0, 10)}), got ${JSON.stringify(token.rotatedAt)}`);
    else if (age > maxAgeDays) report([...path, 'rotatedAt'], 'token-overdue', `token ${JSON.stringify(token.name)} was rotated ${age} days ago (on ${token.rotatedAt}), more than tokenMaxAgeDays ${maxAgeDays}: rotate it`, 'warning');
  });
}

/** `pods/exec` in group "" → `pods/exec`; `deployments/scale` in apps → `deployments.apps/scale`. */
function kubectlResource(apiGroup: string, resource: string): string {
  const [base = '', ...sub] = resource.split('/');
  return formatResource(apiGroup, base, sub.length ? sub.join('/') : undefined);
}
