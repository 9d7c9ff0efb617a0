import { isMap, isScalar, isSeq, Node, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Source } from '../../config/source';
import { TEAM_TIERS, TeamConfig, TeamsConfig, TeamTier, TokenConfig } from '../../config/types';
import { EditValue, YamlEditor } from './yaml-editor';

/** The edit cannot be made as asked (unknown team, a reference that blocks it): exit 1, nothing written. */
export class EditRefused extends Error {}

/** What an edit did, in words for stderr; `changed: false` when teams.yaml already says what was asked. */
export interface EditOutcome {
  readonly changed: boolean;
  readonly message: string;
}

/** Key order of a team and of a custom role in teams.schema.json: where a new key goes. */
export const TEAM_KEYS = ['name', 'namespace', 'description', 'costCenter', 'podSecurity', 'quota', 'limits', 'groups', 'tokens', 'roles', 'network', 'queue'];
export const ROLE_KEYS = ['name', 'rules', 'groups'];

/** teams.yaml as validated (`config`, `source`) and as being edited (`editor`): both describe the same file. */
export interface TeamsFile {
  /** The file's name in messages. */
  readonly path: string;
  readonly config: TeamsConfig;
  readonly source: Source;
  readonly editor: YamlEditor;
}

/** Bind a group to a tier of a team. */
export function grantTier(file: TeamsFile, teamName: string, tier: TeamTier, group: string): EditOutcome {
  const { team, node } = findTeam(file, teamName);
  if (team.groups?.[tier]?.includes(group)) return { changed: false, message: `group ${group} already has tier ${tier} in team ${teamName}` };
  addToList(file.editor, node, 'groups', TEAM_KEYS, tier, TEAM_TIERS, group);
  return { changed: true, message: `group ${group} now has tier ${tier} in team ${teamName}` };
}

/** Bind a group to a custom role of a team. */
export function grantRole(file: TeamsFile, teamName: string, roleName: string, group: string): EditOutcome {
  const { team, node } = findTeam(file, teamName);
  const roles = team.roles ?? [];
  const index = roles.findIndex((r) => r.name === roleName);
  if (index < 0) throw new EditRefused(`team ${teamName} has no role ${JSON.stringify(roleName)}, expected one of its roles: ${roles.map((r) => r.name).join(', ') || '(none declared)'}`);
  if (roles[index].groups?.includes(group)) return { changed: false, message: `group ${group} already has role ${roleName} in team ${teamName}` };
  const role = mapAt(file, node, ['roles', index], `teams[].roles[${index}]`);
  const list = role.get('groups', true);
  if (list === undefined) file.editor.addPair(role, 'groups', [group], ROLE_KEYS);
  else file.editor.appendScalar(asSeq(list, `role ${roleName}'s groups`), group);
  return { changed: true, message: `group ${group} now has role ${roleName} in team ${teamName}` };
}

/** Remove a group from every tier and every custom role of a team. */
export function revokeGroup(file: TeamsFile, teamName: string, given: string): EditOutcome {
  const { team, node } = findTeam(file, teamName);
  // either form is taken: the bare name of teams.yaml, or the prefixed one that can-i and the cluster show
  const group = bareGroup(given, file.config.cluster.oidcGroupPrefix);
  const removed: string[] = [];
  const removeFrom = (list: Node | undefined, what: string): void => {
    if (list === undefined) return;
    const seq = asSeq(list, what);
    const index = seq.items.findIndex((item) => isScalar(item) && item.value === group);
    if (index < 0) return;
    file.editor.removeItem(seq, index, false);
    removed.push(what);
  };
  const groups = node.get('groups', true);
  if (team.groups !== undefined && isMap(groups)) for (const tier of TEAM_TIERS) removeFrom(groups.get(tier, true) as Node | undefined, `tier ${tier}`);
  (team.roles ?? []).forEach((role, r) => {
    if (role.groups?.includes(group)) removeFrom(mapAt(file, node, ['roles', r], `role ${role.name}`).get('groups', true) as Node, `role ${role.name}`);
  });
  const named = group === given ? `group ${group}` : `group ${group} (${given})`;
  if (removed.length === 0) {
    const known = [...new Set([...TEAM_TIERS.flatMap((tier) => team.groups?.[tier] ?? []), ...(team.roles ?? []).flatMap((r) => r.groups ?? [])])].sort();
    throw new EditRefused(`${named} has no tier or role in team ${teamName}, expected one of its groups: ${known.join(', ') || '(none)'}`);
  }
  return { changed: true, message: `${named} no longer has ${removed.join(', ')} in team ${teamName}` };
}

/** A group as teams.yaml writes it: without the OIDC prefix the API server adds. */
export function bareGroup(group: string, prefix: string | undefined): string {
  return prefix && group.startsWith(prefix) ? group.slice(prefix.length) : group;
}

/** Record that a token was rotated on `date` (YYYY-MM-DD). */
export function rotateToken(file: TeamsFile, teamName: string, tokenName: string, date: string): EditOutcome {
  const { node, token, index } = findToken(file, teamName, tokenName);
  if (token.rotatedAt === date) return { changed: false, message: `token ${tokenName} of team ${teamName} was already rotated on ${date}` };
  const value = mapAt(file, node, ['tokens', index], `token ${tokenName}`).get('rotatedAt', true);
  if (!isScalar(value)) throw new EditRefused(`token ${tokenName} of team ${teamName} has no rotatedAt value to change`);
  file.editor.setScalar(value as Scalar, date);
  return { changed: true, message: `token ${tokenName} of team ${teamName} rotated on ${date} (was ${token.rotatedAt})` };
}

/** A token to add: exactly one of tier / role and of user / serviceAccount, as the command line gave them. */
export interface NewToken {
  readonly name: string;
  readonly tier?: string;
  readonly role?: string;
  readonly user?: string;
  readonly serviceAccount?: string;
  readonly rotatedAt: string;
}

/**
 * Append a token to a team's tokens, creating the list (in flow style, like every list an edit creates) when the
 * team has none. Its fields are written as given: the validation of the edited file refuses a duplicate name, an
 * unknown tier or role, a reserved user name or a bad date, located at the new lines.
 */
export function addToken(file: TeamsFile, teamName: string, token: NewToken): EditOutcome {
  const { node } = findTeam(file, teamName);
  // the schema's key order: name, tier / role, user / serviceAccount, rotatedAt
  const value: Record<string, EditValue> = { name: token.name };
  if (token.tier !== undefined) value.tier = token.tier;
  if (token.role !== undefined) value.role = token.role;
  if (token.user !== undefined) value.user = token.user;
  if (token.serviceAccount !== undefined) value.serviceAccount = token.serviceAccount;
  value.rotatedAt = token.rotatedAt;
  const list = node.get('tokens', true) as Node | undefined;
  if (list === undefined) {
    file.editor.addPair(node, 'tokens', [value], TEAM_KEYS);
  } else {
    const tokens = asSeq(list, `team ${teamName}'s tokens`);
    // a blank line before the new token when the list separates its tokens so
    const spaced = tokens.items.slice(1).some((item) => (item as Node).spaceBefore === true);
    file.editor.appendMapping(tokens, value, spaced);
  }
  const access = token.tier !== undefined ? `tier ${token.tier}` : `role ${token.role}`;
  const subject = token.user !== undefined ? `user ${token.user}` : `service account ${token.serviceAccount}`;
  return { changed: true, message: `token ${token.name} added to team ${teamName}: ${access} for ${subject}, rotated on ${token.rotatedAt}` };
}

/** Remove a token (with the comment lines just above it, like a team): its RoleBinding, and ServiceAccount if any, leave dist/. */
export function removeToken(file: TeamsFile, teamName: string, tokenName: string): EditOutcome {
  const { node, index } = findToken(file, teamName, tokenName);
  file.editor.removeItem(asSeq(node.get('tokens', true) as Node | undefined, `team ${teamName}'s tokens`), index, true);
  return { changed: true, message: `token ${tokenName} removed from team ${teamName}` };
}

export interface NewTeam {
  readonly name: string;
  readonly gpu: number;
  readonly namespace?: string;
  readonly costCenter?: string;
}

/** Append a team with its GPU quota; groups come with `grant`. */
export function addTeam(file: TeamsFile, team: NewTeam): EditOutcome {
  if (file.config.teams.some((t) => t.name === team.name)) throw new EditRefused(`team ${team.name} already exists`);
  const teams = teamsList(file);
  const value: Record<string, EditValue> = { name: team.name };
  if (team.namespace !== undefined) value.namespace = team.namespace;
  if (team.costCenter !== undefined) value.costCenter = team.costCenter;
  value.quota = { gpu: team.gpu };
  // a blank line between teams when the file separates them so
  const spaced = teams.items.slice(1).some((item) => (item as Node).spaceBefore === true);
  file.editor.appendMapping(teams, value, spaced);
  const where = team.namespace !== undefined && team.namespace !== team.name ? ` in namespace ${team.namespace}` : '';
  return { changed: true, message: `team ${team.name} added${where} with ${team.gpu} GPU${team.gpu === 1 ? '' : 's'}` };
}

/** Remove a team (and the comment lines just above it); refused while another team allows traffic from it. */
export function removeTeam(file: TeamsFile, name: string): EditOutcome {
  const { index } = findTeam(file, name);
  const blockers: string[] = [];
  file.config.teams.forEach((other, t) => {
    const at = (other.network?.allowFrom ?? []).indexOf(name);
    if (at < 0 || other.name === name) return;
    const { line, col } = file.source.problemAt(['teams', t, 'network', 'allowFrom', at], 'unknown-team', '');
    blockers.push(`${other.name} (${file.path}:${line}:${col})`);
  });
  if (blockers.length > 0) {
    throw new EditRefused(`team ${name} is named in network.allowFrom of ${blockers.join(', ')}, expected no team to allow traffic from it: remove it there first`);
  }
  file.editor.removeItem(teamsList(file), index, true);
  return { changed: true, message: `team ${name} removed (its namespace stays in the cluster: Flux never prunes it; delete it by hand once its data is safe)` };
}

function teamsList(file: TeamsFile): YAMLSeq {
  return asSeq(file.editor.doc.get('teams', true) as Node | undefined, 'teams');
}

function findTeam(file: TeamsFile, name: string): { team: TeamConfig; node: YAMLMap; index: number } {
  const index = file.config.teams.findIndex((t) => t.name === name);
  if (index < 0) {
    throw new EditRefused(`unknown team ${JSON.stringify(name)}, expected one of ${file.config.teams.map((t) => t.name).join(', ') || '(no teams)'}`);
  }
  const node = teamsList(file).items[index];
  if (!isMap(node)) throw new EditRefused(`teams[${index}] is not written as a plain mapping (an alias?), edit it by hand`);
  return { team: file.config.teams[index], node, index };
}

function findToken(file: TeamsFile, teamName: string, tokenName: string): { node: YAMLMap; token: TokenConfig; index: number } {
  const { team, node } = findTeam(file, teamName);
  const tokens = team.tokens ?? [];
  const index = tokens.findIndex((t) => t.name === tokenName);
  if (index < 0) throw new EditRefused(`team ${teamName} has no token ${JSON.stringify(tokenName)}, expected one of its tokens: ${tokens.map((t) => t.name).join(', ') || '(none declared)'}`);
  return { node, token: tokens[index], index };
}

function mapAt(file: TeamsFile, team: YAMLMap, path: readonly (string | number)[], what: string): YAMLMap {
  const node = team.getIn(path, true);
  if (!isMap(node)) throw new EditRefused(`${what} is not written as a plain mapping (an alias?), edit it by hand`);
  return node;
}

function asSeq(node: Node | undefined, what: string): YAMLSeq {
  if (!isSeq(node)) throw new EditRefused(`${what} is not written as a plain list (an alias?), edit it by hand`);
  return node;
}

/** Add `item` to `parent[key][entry]`, creating the mapping and the list where they are missing. */
function addToList(editor: YamlEditor, parent: YAMLMap, key: string, keyOrder: readonly string[], entry: string, entryOrder: readonly string[], item: string): void {
  const map = parent.get(key, true);
  if (map === undefined) return editor.addPair(parent, key, { [entry]: [item] }, keyOrder);
  if (!isMap(map)) throw new EditRefused(`${key} is not written as a plain mapping (an alias?), edit it by hand`);
  const list = map.get(entry, true);
  if (list === undefined) return editor.addPair(map, entry, [item], entryOrder);
  editor.appendScalar(asSeq(list as Node, `${key}.${entry}`), item);
}
