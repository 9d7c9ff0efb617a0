import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { parseConfig } from '../../config/load';
import type { PolicyRule } from '../../core/policy-rule';
import type { UsageEdit, TeamsBinding } from '../../usage/edit-plan';
import { EditRefused, grantRole, grantTier, removeToken, TEAM_KEYS, type EditOutcome, type TeamsFile } from './teams-edits';
import { blockLines, type EditValue, flowText, scalarText, YamlEditor } from './yaml-editor';

/**
 * Make `usage --apply`'s edits of teams.yaml one after the other, each on the text the one before left (parsed
 * afresh, so that no two edits splice the same lines), keeping comments and layout as every edit command does.
 * Returns the edited text; nothing is written here.
 */
export function applyUsageEdits(text: string, edits: readonly UsageEdit[], options: { readonly now: Date; readonly file: string }): string {
  let current = text;
  for (const edit of edits) {
    const loaded = parseConfig(current, { now: options.now, file: options.file });
    const file: TeamsFile = { path: options.file, config: loaded.config, source: loaded.source, editor: new YamlEditor(current) };
    const outcome = applyOne(file, edit);
    if (outcome.changed) current = file.editor.result();
  }
  return current;
}

function applyOne(file: TeamsFile, edit: UsageEdit): EditOutcome {
  switch (edit.kind) {
    case 'add-role':
      return addRole(file, edit.team, edit.role);
    case 'add-group':
      return 'tier' in edit.to ? grantTier(file, edit.team, edit.to.tier, edit.group) : grantRole(file, edit.team, edit.to.role, edit.group);
    case 'bind-token':
      return bindToken(file, edit.team, edit.token, edit.to);
    case 'remove-group':
      return removeGroup(file, edit.team, edit.group, edit.from);
    case 'remove-token':
      return removeToken(file, edit.team, edit.token);
  }
}

/** Add a custom role to a team: to its `roles` list, or as a new `roles` list, in block style with one rule per line. */
export function addRole(file: TeamsFile, teamName: string, role: { readonly name: string; readonly rules: readonly PolicyRule[]; readonly groups?: readonly string[] }): EditOutcome {
  const node = teamNode(file, teamName);
  if ((teamOf(file, teamName).roles ?? []).some((r) => r.name === role.name)) throw new EditRefused(`team ${teamName} already has a role ${JSON.stringify(role.name)}`);
  const value = { name: role.name, rules: role.rules.map(ruleValue), ...(role.groups !== undefined ? { groups: role.groups } : {}) };
  const roles = node.get('roles', true) as Node | undefined;
  if (roles === undefined) file.editor.addPair(node, 'roles', [value], TEAM_KEYS, listOfMappingsLines);
  else {
    const seq = asSeq(roles, `team ${teamName}'s roles`);
    const spaced = seq.items.slice(1).some((item) => (item as Node).spaceBefore === true);
    file.editor.appendMapping(seq, value, spaced, listOfMappingsLines);
  }
  return { changed: true, message: `role ${role.name} added to team ${teamName}` };
}

/** A rule as teams.yaml writes one, its keys in the schema's order. */
function ruleValue(rule: PolicyRule): { readonly [key: string]: EditValue } {
  return {
    ...(rule.apiGroups !== undefined ? { apiGroups: rule.apiGroups } : {}),
    ...(rule.resources !== undefined ? { resources: rule.resources } : {}),
    verbs: rule.verbs,
    ...(rule.resourceNames !== undefined && rule.resourceNames.length > 0 ? { resourceNames: rule.resourceNames } : {}),
  };
}

/** Bind a token to another tier or custom role: `tier: X` / `role: X` rewritten in place, keeping its style. */
export function bindToken(file: TeamsFile, teamName: string, tokenName: string, to: TeamsBinding): EditOutcome {
  const node = teamNode(file, teamName);
  const index = (teamOf(file, teamName).tokens ?? []).findIndex((t) => t.name === tokenName);
  if (index < 0) throw new EditRefused(`team ${teamName} has no token ${JSON.stringify(tokenName)}`);
  const token = node.getIn(['tokens', index], true);
  if (!isMap(token)) throw new EditRefused(`token ${tokenName} of team ${teamName} is not written as a plain mapping (an alias?), edit it by hand`);
  const pair = (token.items as Pair<Scalar, Node>[]).find((p) => isScalar(p.key) && (p.key.value === 'tier' || p.key.value === 'role'));
  if (pair === undefined || !isScalar(pair.value)) throw new EditRefused(`token ${tokenName} of team ${teamName} has no tier or role to change`);
  const [key, value] = 'tier' in to ? ['tier', to.tier] : ['role', to.role];
  if (pair.key.value === key && pair.value.value === value) return { changed: false, message: `token ${tokenName} of team ${teamName} already has ${key} ${value}` };
  if (pair.key.value !== key) file.editor.setScalar(pair.key, key);
  file.editor.setScalar(pair.value as Scalar, value);
  return { changed: true, message: `token ${tokenName} of team ${teamName} now has ${key} ${value}` };
}

/** Remove a group from one tier or one custom role of a team (revoke removes it from all of them). */
export function removeGroup(file: TeamsFile, teamName: string, group: string, from: TeamsBinding): EditOutcome {
  const node = teamNode(file, teamName);
  let list: Node | undefined;
  if ('tier' in from) {
    const groups = node.get('groups', true);
    list = isMap(groups) ? (groups.get(from.tier, true) as Node | undefined) : undefined;
  } else {
    const index = (teamOf(file, teamName).roles ?? []).findIndex((r) => r.name === from.role);
    const role = index < 0 ? undefined : node.getIn(['roles', index], true);
    list = isMap(role) ? (role.get('groups', true) as Node | undefined) : undefined;
  }
  const where = 'tier' in from ? `tier ${from.tier}` : `role ${from.role}`;
  if (list === undefined) throw new EditRefused(`group ${group} has no ${where} in team ${teamName}`);
  const seq = asSeq(list, `${where}'s groups`);
  const index = seq.items.findIndex((item) => isScalar(item) && item.value === group);
  if (index < 0) throw new EditRefused(`group ${group} has no ${where} in team ${teamName}`);
  file.editor.removeItem(seq, index, false);
  return { changed: true, message: `group ${group} no longer has ${where} in team ${teamName}` };
}

/**
 * Block lines for a new value whose lists of mappings are written as block lists (a role as teams.yaml writes
 * one: `- name: x`, `rules:` with a flow mapping per rule); everything else as blockLines writes it.
 */
export function listOfMappingsLines(key: string, value: EditValue, step: number): string[] {
  if (!Array.isArray(value) || value.length === 0 || typeof value[0] === 'string') return blockLines(key, value, step);
  const pad = ' '.repeat(step);
  const items = (value as readonly { readonly [key: string]: EditValue }[]).flatMap((item) => {
    if (Object.values(item).every((v) => typeof v === 'string' || typeof v === 'number' || (Array.isArray(v) && v.every((x) => typeof x === 'string')))) return [`- ${flowText(item)}`];
    const lines = Object.entries(item).flatMap(([k, v]) => listOfMappingsLines(k, v, step));
    return lines.map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`));
  });
  return [`${scalarText(key, false)}:`, ...items.map((l) => pad + l)];
}

function teamOf(file: TeamsFile, name: string) {
  const team = file.config.teams.find((t) => t.name === name);
  if (team === undefined) throw new EditRefused(`unknown team ${JSON.stringify(name)}, expected one of ${file.config.teams.map((t) => t.name).join(', ') || '(no teams)'}`);
  return team;
}

function teamNode(file: TeamsFile, name: string): YAMLMap {
  teamOf(file, name);
  const index = file.config.teams.findIndex((t) => t.name === name);
  const node = asSeq(file.editor.doc.get('teams', true) as Node | undefined, 'teams').items[index];
  if (!isMap(node)) throw new EditRefused(`teams[${index}] is not written as a plain mapping (an alias?), edit it by hand`);
  return node;
}

function asSeq(node: Node | undefined, what: string): YAMLSeq {
  if (!isSeq(node)) throw new EditRefused(`${what} is not written as a plain list (an alias?), edit it by hand`);
  return node;
}

