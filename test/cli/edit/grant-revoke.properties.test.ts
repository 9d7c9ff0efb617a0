import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grantRole, grantTier, revokeGroup } from '../../../lib/cli/edit/teams-edits';
import { YamlEditor } from '../../../lib/cli/edit/yaml-editor';
import { parseConfig } from '../../../lib/config/load';
import { TEAM_TIERS, TeamsConfig } from '../../../lib/config/types';
import { commentsOf, EDIT_FIXTURE } from '../../helpers/edit-workspace';

const NOW = new Date('2026-11-23T00:00:00Z');
const FIXTURE = readFileSync(EDIT_FIXTURE, 'utf8');
const TEAMS = ['research', 'serving', 'data'];
// existing groups, new ones, and names YAML would read as numbers, booleans or null unless quoted
const GROUPS = ['research-ml', 'interns', 'research-leads', 'data-leads', 'research-observers', 'new-group', 'vendor:ml', 'a.b', '123', 'null', 'true'];

type Op = { kind: 'grant'; team: string; tier: string; group: string } | { kind: 'revoke'; team: string; group: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('grant' as const), team: fc.constantFrom(...TEAMS), tier: fc.constantFrom(...TEAM_TIERS, 'role:pod-reader'), group: fc.constantFrom(...GROUPS) }),
  fc.record({ kind: fc.constant('revoke' as const), team: fc.constantFrom(...TEAMS), group: fc.constantFrom(...GROUPS) }),
);

/** Who has what, as a flat sorted list: `team tier group` and `team role:name group`. */
function bindings(config: TeamsConfig): string[] {
  return config.teams
    .flatMap((t) => [
      ...TEAM_TIERS.flatMap((tier) => (t.groups?.[tier] ?? []).map((g) => `${t.name} ${tier} ${g}`)),
      ...(t.roles ?? []).flatMap((r) => (r.groups ?? []).map((g) => `${t.name} role:${r.name} ${g}`)),
    ])
    .sort();
}

/** The same edit on the model: a set of bindings. */
function model(before: readonly string[], o: Op): string[] {
  if (o.kind === 'revoke') return before.filter((b) => !(b.startsWith(`${o.team} `) && b.endsWith(` ${o.group}`)));
  const hasRole = o.team === 'research';
  if (o.tier.startsWith('role:') && !hasRole) return [...before];
  return [...new Set([...before, `${o.team} ${o.tier} ${o.group}`])].sort();
}

/** One command's in-memory work: validate, edit, and hand back the text it would write. */
function apply(text: string, o: Op): string {
  const loaded = parseConfig(text, { now: NOW });
  const file = { path: 'teams.yaml', config: loaded.config, source: loaded.source, editor: new YamlEditor(text) };
  try {
    const outcome =
      o.kind === 'revoke'
        ? revokeGroup(file, o.team, o.group)
        : o.tier.startsWith('role:')
          ? grantRole(file, o.team, o.tier.slice(5), o.group)
          : grantTier(file, o.team, o.tier as (typeof TEAM_TIERS)[number], o.group);
    return outcome.changed ? file.editor.result() : text;
  } catch (e) {
    // refusals leave the text as it was: a role the team does not have, a group a revoke does not find
    if ((e as Error).message.startsWith('team ') && (e as Error).message.includes('has no role')) return text;
    if (o.kind === 'revoke' && (e as Error).message.includes('has no tier or role in team')) return text;
    throw e;
  }
}

describe('any sequence of grant and revoke', () => {
  it('keeps teams.yaml valid, its comments intact and in order, and binds exactly what the sequence says', () => {
    const comments = commentsOf(FIXTURE);
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        let text = FIXTURE;
        let expected = bindings(parseConfig(text, { now: NOW }).config);
        for (const o of ops) {
          text = apply(text, o);
          expected = model(expected, o);
          const config = parseConfig(text, { now: NOW }).config; // throws on any error
          expect(bindings(config)).toEqual(expected);
          expect(commentsOf(text)).toEqual(comments);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('changes nothing but the edited list: granting then revoking a new group restores the file byte for byte', () => {
    const config = parseConfig(FIXTURE, { now: NOW }).config;
    const lists = config.teams.flatMap((t) => TEAM_TIERS.filter((tier) => t.groups?.[tier] !== undefined).map((tier) => [t.name, tier] as const));
    fc.assert(
      fc.property(fc.constantFrom(...lists), fc.constantFrom('new-group', '123', 'vendor:ml'), ([team, tier], group) => {
        const granted = apply(FIXTURE, { kind: 'grant', team, tier, group });
        expect(granted).not.toBe(FIXTURE);
        expect(apply(granted, { kind: 'revoke', team, group })).toBe(FIXTURE);
      }),
    );
  });
});
