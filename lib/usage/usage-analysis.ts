import { formatResource } from '../access/resources';
import { compareStrings } from '../core/compare';
import { ruleAllows } from '../core/policy-rule';
import type { Plan } from '../plan/types';
import { usedByRoleName } from './custom-role';
import { TIERS_LOWEST_FIRST, type Grant, type GrantIndex } from './grants';
import { policyWithoutUsage, unrecordedPermissions } from './log-visibility';
import { verdictOf, type Verdict } from './narrowing';
import type { GrantUse, UsageTally } from './usage-tally';
import { addDays, microsTime, type UsageWindow } from './usage-window';
import type { TeamTier } from '../core/tiers';

/** What the log says of one grant. */
export interface GrantResult extends Verdict {
  readonly grant: Grant;
  readonly use: GrantUse | undefined;
  /** The first and last allowed request in the window, as the log writes timestamps. */
  readonly firstSeen: string | undefined;
  readonly lastSeen: string | undefined;
  /** `verb resource[/subresource]`, sorted: `get deployments.apps`, `patch deployments.apps/scale`. */
  readonly used: readonly string[];
}

export interface DeniedResult {
  readonly subject: string;
  readonly namespace: string | null;
  /** `create pods`, `list secrets`. */
  readonly request: string;
  readonly count: number;
  /** The lowest tier whose rules allow it, where the subject holds a grant in that team namespace; null: no tier. */
  readonly lowestTier: TeamTier | null;
}

export type TokenFinding = 'unused' | 'used-after-rotate-by';

export interface TokenResult {
  readonly team: string;
  readonly token: string;
  readonly grant: Grant;
  readonly lastUsed: string | null;
  readonly rotateBy: string | undefined;
  readonly finding: TokenFinding | null;
}

export interface UsageAnalysis {
  readonly window: UsageWindow & {
    /** The log holds the whole window: it starts at or before `from` and ends at most a day before `to`. */
    readonly covered: boolean;
    /** Reads of team subjects are recorded (cluster.audit.usage) from the window's first day on. */
    readonly readsRecorded: boolean;
  };
  /** First and last timestamp of the log. */
  readonly log: { readonly first: string | undefined; readonly last: string | undefined; readonly events: number };
  readonly grants: readonly GrantResult[];
  readonly denied: readonly DeniedResult[];
  readonly deniedOverflow: number;
  readonly tokens: readonly TokenResult[];
}

/** The verbs a log recorded without cluster.audit.usage cannot show, as the report names them. */
export const UNRECORDED_VERBS = ['get', 'list', 'watch'] as const;

export interface AnalysisInput {
  readonly index: GrantIndex;
  readonly tally: UsageTally;
  readonly window: UsageWindow;
  /** teams.yaml's plan: the audit policy a log without reads was recorded under. */
  readonly plan: Plan;
  /** cluster.oidcGroupPrefix: new roles are named after groups as teams.yaml writes them. */
  readonly groupPrefix: string;
  /** Only this team's grants, refusals and tokens. */
  readonly team?: string;
}

/** Turn a tally into findings (docs/least-privilege.md). */
export function analyseUsage({ index, tally, window, plan, groupPrefix: prefix, team }: AnalysisInput): UsageAnalysis {
  const covered = tally.first !== undefined && tally.last !== undefined && tally.first <= window.from && tally.last >= addDays(window.to, -1);
  const readsRecorded = tally.firstTeamRead !== undefined && tally.firstTeamRead <= addDays(window.from, 1);
  const rulesWithoutUsage = policyWithoutUsage(plan);
  const takenRoleNames = new Map<string, Set<string>>();
  for (const role of index.model.roles) {
    if (role.kind !== 'Role' || role.namespace === undefined) continue;
    const team = index.teamOf(role.namespace);
    if (team !== undefined) takenRoleNames.set(team, (takenRoleNames.get(team) ?? new Set()).add(role.name));
  }
  const context = {
    index,
    covered,
    readsRecorded,
    unrecorded: (grant: Grant) => (readsRecorded ? [] : unrecordedPermissions(grant, index.model, rulesWithoutUsage)),
    roleName: (grant: Grant) => {
      const taken = takenRoleNames.get(grant.team) ?? new Set<string>();
      const subject = grant.token?.name ?? (grant.kind === 'Group' && prefix && grant.subject.startsWith(prefix) ? grant.subject.slice(prefix.length) : grant.subject.split('/').pop() ?? grant.subject);
      const name = usedByRoleName(subject, taken);
      takenRoleNames.set(grant.team, taken.add(name));
      return name;
    },
  };
  const inTeam = (of: string | undefined): boolean => team === undefined || of === team;
  const grants = index.grants.filter((g) => inTeam(g.team)).map((grant): GrantResult => {
    const use = tally.uses.get(grant);
    const used = [...(use?.permissions.values() ?? [])].map((p) => `${p.verb} ${formatResource(p.apiGroup, p.resource, p.subresource)}`).sort(compareStrings);
    const seen = use === undefined || use.requests === 0 ? { firstSeen: undefined, lastSeen: undefined } : { firstSeen: microsTime(use.firstAt), lastSeen: microsTime(use.lastAt) };
    return { grant, use, used, ...seen, ...verdictOf(grant, use, context) };
  });
  const denied = [...tally.denied.values()]
    .filter((d) => inTeam(index.teamOf(d.namespace)))
    .map((d): DeniedResult => ({
      subject: d.user,
      namespace: d.namespace ?? null,
      request: d.ref === undefined ? d.verb : `${d.verb} ${formatResource(d.ref.apiGroup, d.ref.resource, d.ref.subresource)}`,
      count: d.count,
      lowestTier: lowestTierAllowing(index, d),
    }))
    .sort((a, b) => compareStrings(a.namespace ?? '', b.namespace ?? '') || compareStrings(a.subject, b.subject) || compareStrings(a.request, b.request));
  const tokens = index.grants
    .filter((g) => g.token !== undefined && inTeam(g.team))
    .map((grant): TokenResult => {
      const lastAt = tally.tokenLastUsed.get(grant);
      const lastUsed = lastAt === undefined ? null : microsTime(lastAt);
      const rotateBy = grant.token?.rotateBy;
      let finding: TokenFinding | null = null;
      if (lastUsed !== null && rotateBy !== undefined && lastUsed >= addDays(`${rotateBy}T00:00:00.000000Z`, 1)) finding = 'used-after-rotate-by';
      else if ((lastUsed === null || lastUsed < window.from) && covered && readsRecorded) finding = 'unused';
      return { team: grant.team, token: grant.token?.name ?? '', grant, lastUsed, rotateBy, finding };
    })
    .sort((a, b) => compareStrings(a.team, b.team) || compareStrings(a.token, b.token));
  return {
    window: { ...window, covered, readsRecorded },
    log: { first: tally.first, last: tally.last, events: tally.events },
    grants,
    denied,
    deniedOverflow: tally.deniedOverflow,
    tokens,
  };
}

/** The lowest tier that allows a refused request, when the subject holds any grant in that team namespace. */
function lowestTierAllowing(index: GrantIndex, denied: UsageTally['denied'] extends Map<string, infer D> ? D : never): TeamTier | null {
  const { namespace, ref } = denied;
  if (namespace === undefined || ref === undefined || index.teamOf(namespace) === undefined) return null;
  const holdsGrant = index.model.bindingsFor({ user: denied.user, groups: denied.groups }, namespace).some((b) => b.kind === 'RoleBinding' && index.grantsOfBinding(namespace, b.name).length > 0);
  if (!holdsGrant) return null;
  const request = { verb: denied.verb, apiGroup: ref.apiGroup, resource: ref.resource, ...(ref.subresource ? { subresource: ref.subresource } : {}), ...(ref.name ? { name: ref.name } : {}) };
  for (const tier of TIERS_LOWEST_FIRST) {
    if (index.tierRoles.get(tier)?.rules.some((rule) => ruleAllows(rule, request))) return tier;
  }
  return null;
}
