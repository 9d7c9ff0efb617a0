import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { diffAccess } from '../../lib/access/access-diff';
import { objectsOfDir, objectsOfTexts } from '../../lib/access/dist-objects';
import { RbacModel } from '../../lib/access/evaluator';
import { dirExistsAtRef, locateDist, readYamlDirAtRef } from '../../lib/access/git-dist';
import { compareDist } from '../../lib/access/grant-diff';
import type { AccessDiffReport } from '../../lib/access/grant-diff-report';
import { tierClusterRoleName } from '../../lib/core/object-names';
import { synthesize } from '../../lib/synth/synthesize';
import { NOW } from '../helpers/example';
import { changedOrg, newTeam, orgChange, orgModel, teamsYaml, TIER_RULES, withTierRule, type OrgChange, type OrgModel, type TeamModel } from '../helpers/grant-diff-org';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Write teams.yaml and its dist/ as synth would: files of removed teams disappear. */
function writeOrg(dir: string, org: OrgModel): void {
  const text = teamsYaml(org);
  writeFileSync(join(dir, 'teams.yaml'), text);
  const dist = synthesize(text, { now: NOW }).dist;
  const out = join(dir, 'dist');
  mkdirSync(out, { recursive: true });
  for (const file of readdirSync(out)) if (!dist.has(file)) rmSync(join(out, file));
  for (const [file, content] of dist) writeFileSync(join(out, file), content);
}

/** teams.yaml changes, synthesized, then the hand edits of dist/cluster.yaml. */
function applyChanges(dir: string, org: OrgModel, changes: readonly OrgChange[], added: TeamModel): void {
  writeOrg(dir, changes.reduce((o, change) => changedOrg(o, change, added), org));
  const file = join(dir, 'dist', 'cluster.yaml');
  for (const change of changes) {
    if (change.kind === 'add tier rule') writeFileSync(file, withTierRule(readFileSync(file, 'utf8'), tierClusterRoleName(change.tier), TIER_RULES[change.rule] as (typeof TIER_RULES)[number]));
  }
}

/** The reference: all of dist/ at both sides, every fact compared (what access-diff did before it read only what changed). */
function referenceLines(dir: string, base: string, head: string | undefined): string[] {
  const atRef = (ref: string) => RbacModel.fromObjects(dirExistsAtRef(ref, 'dist', dir) ? objectsOfTexts(readYamlDirAtRef(ref, 'dist', dir)) : []);
  const after = head === undefined ? RbacModel.fromObjects(objectsOfDir(join(dir, 'dist'))) : atRef(head);
  return diffAccess(atRef(base), after).map((c) => c.line);
}

/** Every per-resource line belongs to a grant line or a role line of its subject and scope; every widening one to a widening one. */
function expectConsistent(report: AccessDiffReport): void {
  for (const d of report.details) {
    const grants = report.grants.filter((g) => g.subject === d.subject && g.namespace === d.namespace);
    const roles = report.roles.filter((r) => r.reaches.some((x) => x.subject === d.subject && x.namespace === d.namespace));
    expect(grants.length + roles.length, `${d.line}: no grant or role line`).toBeGreaterThan(0);
    if (d.widens) expect([...grants, ...roles].some((x) => x.sign === '+' && x.widens), `${d.line}: no widening grant or role line`).toBe(true);
  }
}

/**
 * A token user another team's new token also names, while every team file changes: the label comes from an
 * unchanged binding of a changed file, which the fast comparison must read as well.
 */
const SHARED_TOKEN_USER: [OrgModel, OrgChange[], TeamModel] = [
  {
    viewers: ['finance', 'auditors'],
    teams: [{ name: 't0', groups: { teamLead: [], mlEngineer: [], inferenceOperator: [], viewer: [] }, roles: [], tokens: [{ name: 'ci', grant: { tier: 'teamLead' }, user: 'cw-token-c' }] }],
  },
  [{ kind: 'add team' }, { kind: 'add cluster viewer', group: 'sre' }],
  { name: 'new', groups: { teamLead: [], mlEngineer: [], inferenceOperator: [], viewer: [] }, roles: [], tokens: [{ name: 'bot', grant: { tier: 'teamLead' }, user: 'cw-token-c' }] },
];

describe('access-diff reads what changed and says what the full comparison says', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-rbac-grant-diff-'));
  git(dir, 'init', '-q');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('on generated orgs and changes: the same per-resource lines as the reference, working tree and commits alike', () => {
    fc.assert(
      fc.property(orgModel, fc.array(orgChange, { minLength: 1, maxLength: 2 }), newTeam, (org, changes, added) => {
        writeOrg(dir, org);
        git(dir, 'add', '-A');
        git(dir, 'commit', '-q', '--allow-empty', '-m', 'base');
        applyChanges(dir, org, changes, added);
        const repo = locateDist('dist', dir);

        // new team files are not tracked yet: read as added
        const working = compareDist(repo, 'HEAD', undefined);
        const reference = referenceLines(dir, 'HEAD', undefined);
        expect(working.details.map((d) => d.line)).toEqual(reference);
        expectConsistent(working);

        git(dir, 'add', '-A');
        git(dir, 'commit', '-q', '--allow-empty', '-m', changes.map((c) => c.kind).join(', '));
        const committed = compareDist(repo, 'HEAD~1', 'HEAD');
        expect(committed).toEqual(working);
        expect(compareDist(repo, 'HEAD~1', 'HEAD', { full: true })).toEqual(committed);
      }),
      { numRuns: 15, examples: [SHARED_TOKEN_USER] },
    );
  }, 600_000);

  it('reads everything when dist/ is laid out otherwise than synth lays it out, and still agrees', () => {
    const org: OrgModel = {
      viewers: ['finance'],
      teams: ['t0', 't1'].map((name) => ({ name, groups: { teamLead: [], mlEngineer: ['ml'], inferenceOperator: [], viewer: ['audit'] }, roles: [], tokens: [] })),
    };
    writeOrg(dir, org);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    const binding = (namespace: string, group: string, role: string) =>
      `---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: extra\n  namespace: ${namespace}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: ${role}\nsubjects:\n  - apiGroup: rbac.authorization.k8s.io\n    kind: Group\n    name: ${group}\n`;
    const clusterRole = '---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: extra\nrules:\n  - apiGroups: [""]\n    resources: [secrets]\n    verbs: [get]\n';
    const repo = locateDist('dist', dir);
    // a team file with a ClusterRole and another namespace's binding; cluster.yaml with a namespaced binding
    const teamFile = join(dir, 'dist', 'team-t0.yaml');
    writeFileSync(teamFile, readFileSync(teamFile, 'utf8') + clusterRole + binding('t1', 'oidc:t1-ml', 'extra'));
    expect(compareDist(repo, 'HEAD', undefined).details.map((d) => d.line)).toEqual(referenceLines(dir, 'HEAD', undefined));
    git(dir, 'checkout', '-q', '--', '.');
    const clusterFile = join(dir, 'dist', 'cluster.yaml');
    writeFileSync(clusterFile, readFileSync(clusterFile, 'utf8') + binding('t1', 'oidc:ops', 'admin'));
    const report = compareDist(repo, 'HEAD', undefined);
    expect(report.details.map((d) => d.line)).toEqual(referenceLines(dir, 'HEAD', undefined));
    expect(report.grants.map((g) => [g.sign, g.subject, g.grant, g.namespace])).toEqual([['+', 'oidc:ops', 'admin', 't1']]);
    git(dir, 'checkout', '-q', '--', '.');
  });
});
