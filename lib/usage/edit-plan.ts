import type { PolicyRule } from '../core/policy-rule';
import type { TeamTier } from '../core/tiers';
import type { Grant } from './grants';
import type { GrantResult, UsageAnalysis } from './usage-analysis';

/** Where a group or token is bound in teams.yaml: a tier, or a custom role of its team. */
export type TeamsBinding = { readonly tier: TeamTier } | { readonly role: string };

/** One change of teams.yaml, in teams.yaml's own terms (groups without cluster.oidcGroupPrefix). */
export type UsageEdit =
  | { readonly kind: 'add-role'; readonly team: string; readonly role: { readonly name: string; readonly rules: readonly PolicyRule[]; readonly groups?: readonly string[] } }
  | { readonly kind: 'add-group'; readonly team: string; readonly group: string; readonly to: TeamsBinding }
  | { readonly kind: 'bind-token'; readonly team: string; readonly token: string; readonly to: TeamsBinding }
  | { readonly kind: 'remove-group'; readonly team: string; readonly group: string; readonly from: TeamsBinding }
  | { readonly kind: 'remove-token'; readonly team: string; readonly token: string };

export interface UsageEditPlan {
  /** In the order to make them: new roles, then new bindings, then removals (so that every step is a valid teams.yaml). */
  readonly edits: readonly UsageEdit[];
  /** One line per finding applied, for stderr. */
  readonly applied: readonly string[];
  /** Findings that --apply leaves to a person, with why. */
  readonly skipped: readonly string[];
}

const ORDER: readonly UsageEdit['kind'][] = ['add-role', 'add-group', 'bind-token', 'remove-group', 'remove-token'];

/**
 * The teams.yaml edits that carry out the findings: an unused grant removed (a token with it), a tier lowered,
 * or a custom role added and the group or token moved to it. Each takes away, never adds: a lower tier is one
 * the grant covers, and a new role holds only rules the grant covers (lib/usage/narrowing.ts).
 */
export function usageEdits(analysis: UsageAnalysis, groupPrefix: string): UsageEditPlan {
  const edits: UsageEdit[] = [];
  const applied: string[] = [];
  const skipped: string[] = [];
  for (const result of analysis.grants) {
    if (result.finding === null) continue;
    const { grant } = result;
    const what = describe(grant, groupPrefix);
    if (grant.clusterViewers) {
      skipped.push(`${what}: cluster.viewers holds in every team namespace, so --apply leaves it: change cluster.viewers by hand if the finding holds everywhere`);
      continue;
    }
    const from: TeamsBinding = grant.tier !== undefined ? { tier: grant.tier } : { role: grant.roleName ?? '' };
    const group = grant.kind === 'Group' ? bare(grant.subject, groupPrefix) : undefined;
    const token = grant.token?.name;
    if (group === undefined && token === undefined) {
      skipped.push(`${what}: not a group or token of teams.yaml, so --apply leaves it`);
      continue;
    }
    const change = editsOf(result, grant.team, from, group, token);
    edits.push(...change.edits);
    applied.push(`${what}: ${change.text}`);
  }
  edits.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  return { edits, applied, skipped };
}

function editsOf(result: GrantResult, team: string, from: TeamsBinding, group: string | undefined, token: string | undefined): { edits: UsageEdit[]; text: string } {
  const s = result.suggest;
  if (result.finding === 'unused' || s === null) {
    if (token !== undefined) return { edits: [{ kind: 'remove-token', team, token }], text: 'unused, token removed' };
    return { edits: [{ kind: 'remove-group', team, group: group ?? '', from }], text: `unused, removed from ${bindingText(from)}` };
  }
  if ('tier' in s) {
    const to: TeamsBinding = { tier: s.tier };
    if (token !== undefined) return { edits: [{ kind: 'bind-token', team, token, to }], text: `${bindingText(from)} lowered to ${bindingText(to)}` };
    return { edits: [{ kind: 'add-group', team, group: group ?? '', to }, { kind: 'remove-group', team, group: group ?? '', from }], text: `${bindingText(from)} lowered to ${bindingText(to)}` };
  }
  const to: TeamsBinding = { role: s.role.name };
  const text = `${bindingText(from)} replaced by new ${bindingText(to)} (${s.role.rules.length} rule${s.role.rules.length === 1 ? '' : 's'}: what it used)`;
  if (token !== undefined) return { edits: [{ kind: 'add-role', team, role: { name: s.role.name, rules: s.role.rules } }, { kind: 'bind-token', team, token, to }], text };
  return { edits: [{ kind: 'add-role', team, role: { name: s.role.name, rules: s.role.rules, groups: [group ?? ''] } }, { kind: 'remove-group', team, group: group ?? '', from }], text };
}

function bindingText(b: TeamsBinding): string {
  return 'tier' in b ? `tier ${b.tier}` : `role ${b.role}`;
}

function describe(grant: Grant, groupPrefix: string): string {
  const who = grant.token !== undefined ? `token ${grant.token.name}` : grant.kind === 'Group' ? `group ${bare(grant.subject, groupPrefix)}` : `${grant.kind} ${grant.subject}`;
  return `${who} of team ${grant.team}`;
}

function bare(group: string, prefix: string): string {
  return prefix !== '' && group.startsWith(prefix) ? group.slice(prefix.length) : group;
}
