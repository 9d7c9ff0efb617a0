// Generated orgs and changes to them, for the differential test of access-diff's fast comparison.
import fc from 'fast-check';
import { TEAM_TIERS, type TeamTier } from '../../lib/core/tiers';

/** Custom roles within teamLead: plain, with subresources, and with resourceNames. */
export const CUSTOM_ROLES = {
  'pod-reader': '{ apiGroups: [""], resources: [pods], verbs: [get, list, watch] }, { apiGroups: [""], resources: [pods/log], verbs: [get] }',
  'config-editor': '{ apiGroups: [""], resources: [configmaps], resourceNames: [app-config], verbs: [get, update, patch] }',
  'registry-reader': '{ apiGroups: [""], resources: [secrets], resourceNames: [registry-creds], verbs: [get] }',
  'job-runner': '{ apiGroups: [batch], resources: [jobs], verbs: [create, delete, get, list] }',
} as const;
export type CustomRoleName = keyof typeof CUSTOM_ROLES;
/** A rule a change adds to a custom role. */
const EXTRA_ROLE_RULE = '{ apiGroups: [""], resources: [services, secrets], verbs: [get, list] }';
const ROLE_NAMES = Object.keys(CUSTOM_ROLES) as CustomRoleName[];

const GROUPS = ['ml', 'leads', 'oncall', 'observers', 'interns', 'audit'];
/** Groups named the same in every team, so that one group holds grants in several namespaces; the others get the team's name. */
const SHARED_GROUPS = new Set(['oncall', 'audit']);
const groupName = (team: string, group: string) => (SHARED_GROUPS.has(group) ? group : `${team}-${group}`);
/** Token users shared between teams: a user's label comes from every token binding that names it. */
const USERS = ['cw-token-a', 'cw-token-b', 'cw-token-c'];

export interface TokenModel {
  readonly name: string;
  readonly grant: { readonly tier: TeamTier } | { readonly role: CustomRoleName };
  readonly user?: string;
  readonly serviceAccount?: string;
}

export interface TeamModel {
  readonly name: string;
  readonly groups: Readonly<Record<TeamTier, readonly string[]>>;
  readonly roles: readonly { readonly name: CustomRoleName; readonly groups: readonly string[]; readonly widened?: boolean }[];
  readonly tokens: readonly TokenModel[];
}

export interface OrgModel {
  readonly viewers: readonly string[];
  readonly teams: readonly TeamModel[];
}

const groupList = fc.uniqueArray(fc.constantFrom(...GROUPS), { maxLength: 2 });

function teamModel(name: string): fc.Arbitrary<TeamModel> {
  return fc
    .record({
      groups: fc.record(Object.fromEntries(TEAM_TIERS.map((t) => [t, groupList])) as Record<TeamTier, fc.Arbitrary<string[]>>),
      roles: fc.uniqueArray(fc.record({ name: fc.constantFrom(...ROLE_NAMES), groups: groupList }), { maxLength: 2, selector: (r) => r.name }),
      tokens: fc.uniqueArray(
        fc.record({
          name: fc.constantFrom('ci', 'deploy', 'bot'),
          tier: fc.constantFrom(...TEAM_TIERS),
          useRole: fc.boolean(),
          user: fc.option(fc.constantFrom(...USERS), { nil: undefined }),
          serviceAccount: fc.constantFrom('pipeline', 'runner', 'sync'),
        }),
        { maxLength: 3, selector: (t) => t.name },
      ),
    })
    .map(({ groups, roles, tokens }) => {
      const users = new Set<string>();
      const accounts = new Set<string>();
      const kept: TokenModel[] = [];
      for (const t of tokens) {
        const grant = t.useRole && roles.length > 0 ? { role: (roles[kept.length % roles.length] as { name: CustomRoleName }).name } : { tier: t.tier };
        const user = t.user !== undefined && !users.has(t.user) ? t.user : undefined;
        if (user !== undefined) users.add(user);
        else if (accounts.has(t.serviceAccount)) continue;
        else accounts.add(t.serviceAccount);
        kept.push({ name: t.name, grant, ...(user !== undefined ? { user } : { serviceAccount: t.serviceAccount }) });
      }
      return { name, groups, roles, tokens: kept };
    });
}

export const orgModel: fc.Arbitrary<OrgModel> = fc
  .record({ viewers: fc.uniqueArray(fc.constantFrom('finance', 'auditors'), { maxLength: 2 }), count: fc.integer({ min: 1, max: 4 }) })
  .chain(({ viewers, count }) => fc.tuple(...Array.from({ length: count }, (_, i) => teamModel(`t${i}`))).map((teams) => ({ viewers, teams })));

export function teamsYaml(org: OrgModel): string {
  const lines = ['cluster:', '  name: diff', '  oidcGroupPrefix: "oidc:"', '  admins: [ops]', `  viewers: [${org.viewers.join(', ')}]`, 'teams:'];
  for (const team of org.teams) {
    lines.push(`  - name: ${team.name}`, '    quota: { gpu: 0 }');
    const tiers = TEAM_TIERS.filter((t) => team.groups[t].length > 0);
    if (tiers.length > 0) lines.push(`    groups: { ${tiers.map((t) => `${t}: [${team.groups[t].map((g) => groupName(team.name, g)).join(', ')}]`).join(', ')} }`);
    if (team.roles.length > 0) {
      lines.push('    roles:');
      for (const r of team.roles) {
        const rules = `${CUSTOM_ROLES[r.name]}${r.widened ? `, ${EXTRA_ROLE_RULE}` : ''}`;
        lines.push(`      - { name: ${r.name}, rules: [${rules}], groups: [${r.groups.map((g) => groupName(team.name, g)).join(', ')}] }`);
      }
    }
    if (team.tokens.length > 0) {
      lines.push('    tokens:');
      for (const t of team.tokens) {
        const grant = 'tier' in t.grant ? `tier: ${t.grant.tier}` : `role: ${t.grant.role}`;
        const who = t.user !== undefined ? `user: ${t.user}` : `serviceAccount: ${t.serviceAccount}`;
        lines.push(`      - { name: ${t.name}, ${grant}, ${who}, rotatedAt: 2026-11-01 }`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A change a pull request makes: to teams.yaml (then synth), or to dist/cluster.yaml by hand. */
export type OrgChange =
  | { readonly kind: 'add group'; readonly team: number; readonly tier: TeamTier; readonly group: string }
  | { readonly kind: 'remove group'; readonly team: number; readonly pick: number }
  | { readonly kind: 'change token tier'; readonly team: number; readonly pick: number; readonly tier: TeamTier }
  | { readonly kind: 'rename token'; readonly team: number; readonly pick: number }
  | { readonly kind: 'add role rule'; readonly team: number; readonly pick: number }
  | { readonly kind: 'add team' }
  | { readonly kind: 'remove team'; readonly team: number }
  | { readonly kind: 'add cluster viewer'; readonly group: string }
  | { readonly kind: 'add tier rule'; readonly tier: TeamTier; readonly rule: number };

/** Rules a hand edit adds to a tier ClusterRole: one that widens access, a cluster-scoped one (no effect through RoleBindings), resourceNames, a wildcard. */
export const TIER_RULES = [
  ['""', 'secrets', 'get'],
  ['""', 'nodes', 'get, list'],
  ['apps', 'deployments', 'delete', 'web'],
  ['"*"', '"*"', 'escalate'],
  ['""', 'pods/exec', 'create'],
] as const;

export const orgChange: fc.Arbitrary<OrgChange> = fc.oneof(
  fc.record({ kind: fc.constant('add group' as const), team: fc.nat(), tier: fc.constantFrom(...TEAM_TIERS), group: fc.constantFrom('newcomers', ...GROUPS) }),
  fc.record({ kind: fc.constant('remove group' as const), team: fc.nat(), pick: fc.nat() }),
  fc.record({ kind: fc.constant('change token tier' as const), team: fc.nat(), pick: fc.nat(), tier: fc.constantFrom(...TEAM_TIERS) }),
  fc.record({ kind: fc.constant('rename token' as const), team: fc.nat(), pick: fc.nat() }),
  fc.record({ kind: fc.constant('add role rule' as const), team: fc.nat(), pick: fc.nat() }),
  fc.constant({ kind: 'add team' as const }),
  fc.record({ kind: fc.constant('remove team' as const), team: fc.nat() }),
  fc.record({ kind: fc.constant('add cluster viewer' as const), group: fc.constantFrom('finance', 'auditors', 'sre') }),
  fc.record({ kind: fc.constant('add tier rule' as const), tier: fc.constantFrom(...TEAM_TIERS), rule: fc.nat({ max: TIER_RULES.length - 1 }) }),
);

/** The org after a teams.yaml change (the same org for a change to dist/ by hand). */
export function changedOrg(org: OrgModel, change: OrgChange, added: TeamModel): OrgModel {
  const teams = [...org.teams];
  const at = (n: number) => n % Math.max(teams.length, 1);
  const team = (n: number) => teams[at(n)] as TeamModel;
  switch (change.kind) {
    case 'add group': {
      const t = team(change.team);
      teams[at(change.team)] = { ...t, groups: { ...t.groups, [change.tier]: [...new Set([...t.groups[change.tier], change.group])] } };
      break;
    }
    case 'remove group': {
      const t = team(change.team);
      const held = TEAM_TIERS.flatMap((tier) => t.groups[tier].map((g) => [tier, g] as const));
      const [tier, group] = held[change.pick % Math.max(held.length, 1)] ?? [];
      if (tier !== undefined) teams[at(change.team)] = { ...t, groups: { ...t.groups, [tier]: t.groups[tier].filter((g) => g !== group) } };
      break;
    }
    case 'change token tier': {
      const t = team(change.team);
      const pick = change.pick % Math.max(t.tokens.length, 1);
      teams[at(change.team)] = { ...t, tokens: t.tokens.map((k, i) => (i === pick ? { ...k, grant: { tier: change.tier } } : k)) };
      break;
    }
    case 'rename token': {
      const t = team(change.team);
      const pick = change.pick % Math.max(t.tokens.length, 1);
      if (!t.tokens.some((k) => k.name === 'renamed')) teams[at(change.team)] = { ...t, tokens: t.tokens.map((k, i) => (i === pick ? { ...k, name: 'renamed' } : k)) };
      break;
    }
    case 'add role rule': {
      const t = team(change.team);
      const pick = change.pick % Math.max(t.roles.length, 1);
      teams[at(change.team)] = { ...t, roles: t.roles.map((r, i) => (i === pick ? { ...r, widened: true } : r)) };
      break;
    }
    case 'add team':
      teams.push({ ...added, name: `t${teams.length + 10}` });
      break;
    case 'remove team':
      if (teams.length > 1) teams.splice(at(change.team), 1);
      break;
    case 'add cluster viewer':
      return { ...org, viewers: [...new Set([...org.viewers, change.group])] };
    case 'add tier rule':
      break;
  }
  return { ...org, teams };
}

/** cluster.yaml with a rule added by hand to a tier's ClusterRole. */
export function withTierRule(clusterYaml: string, clusterRole: string, rule: (typeof TIER_RULES)[number]): string {
  const [group, resource, verbs, name] = rule;
  const lines = ['  - apiGroups:', `      - ${group}`, '    resources:', `      - ${resource}`, ...(name ? ['    resourceNames:', `      - ${name}`] : []), '    verbs:', ...verbs.split(', ').map((v) => `      - ${v}`)];
  const documents = clusterYaml.split('\n---\n');
  const index = documents.findIndex((d) => /^kind: ClusterRole$/m.test(d) && d.includes(`\n  name: ${clusterRole}\n`));
  if (index < 0) throw new Error(`cluster.yaml: expected the ClusterRole ${clusterRole}, found none`);
  documents[index] = (documents[index] as string).replace(/^rules:\n/m, `rules:\n${lines.join('\n')}\n`);
  return documents.join('\n---\n');
}

export const newTeam: fc.Arbitrary<TeamModel> = teamModel('new');
