import fc from 'fast-check';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { synthesize } from '../../lib/synth/synthesize';
import { writeDist } from '../../lib/synth/write-dist';
import { NOW } from './example';
import { generateOrgWithRoles } from './generated-org';

// Generated orgs for the differential tests of the access commands: generateOrgWithRoles (custom roles with
// resourceNames, user and ServiceAccount tokens, cluster viewers and admins, Kueue), edits of its teams.yaml, and
// hand-written objects added to dist/ that synth never writes (aggregated roles, built-in roles, undefined roles,
// system: groups, Lists, flow-style YAML, bindings outside any team namespace).

export const genNamespace = (i: number): string => `gen-${String(i).padStart(3, '0')}`;

/** One hand-written addition to dist/, given the org's team count: YAML documents. */
export type Extra = (teams: number, pick: number) => string;

const rbac = 'rbac.authorization.k8s.io';
const binding = (ns: string, name: string, role: string, subjects: string, roleKind = 'ClusterRole', annotations = '') =>
  `---\napiVersion: ${rbac}/v1\nkind: RoleBinding\nmetadata:\n${annotations}  name: ${name}\n  namespace: ${ns}\nroleRef:\n  apiGroup: ${rbac}\n  kind: ${roleKind}\n  name: ${role}\nsubjects:\n${subjects}`;
const group = (name: string) => `  - apiGroup: ${rbac}\n    kind: Group\n    name: "${name}"\n`;
const user = (name: string) => `  - apiGroup: ${rbac}\n    kind: User\n    name: "${name}"\n`;

export const EXTRAS: Readonly<Record<string, Extra>> = {
  aggregated: (n, p) =>
    `---\napiVersion: ${rbac}/v1\nkind: ClusterRole\nmetadata:\n  name: aggregate-team\naggregationRule:\n  clusterRoleSelectors:\n    - matchLabels:\n        example.com/aggregate-to-team: "true"\nrules: []\n` +
    `---\napiVersion: ${rbac}/v1\nkind: ClusterRole\nmetadata:\n  labels:\n    example.com/aggregate-to-team: "true"\n  name: team-extras\nrules:\n  - apiGroups:\n      - ""\n    resourceNames:\n      - registry-creds\n    resources:\n      - secrets\n    verbs:\n      - get\n  - apiGroups:\n      - apps\n    resources:\n      - deployments/scale\n    verbs:\n      - update\n` +
    binding(genNamespace(p % n), 'aggregated', 'aggregate-team', group('oidc:extra-aggregated')),
  builtin: (n, p) => binding(genNamespace(p % n), 'builtin', ['view', 'edit', 'admin'][p % 3] as string, group(`oidc:${genNamespace((p + 1) % n)}-ml`)),
  unknown: (n, p) => binding(genNamespace(p % n), 'vendor', 'vendor-operator', user('vendor-bot')),
  wide: (n, p) => binding(genNamespace(p % n), 'everyone', 'coreweave-rbac-viewer', group(p % 2 === 0 ? 'system:authenticated' : `system:serviceaccounts:${genNamespace((p + 1) % n)}`)),
  serviceAccountUser: (n, p) => binding(genNamespace(p % n), 'sa-as-user', 'edit', user(`system:serviceaccount:${genNamespace((p + 1) % n)}:pipeline`)),
  serviceAccountWithoutNamespace: (n, p) =>
    `---\napiVersion: ${rbac}/v1\nkind: Role\nmetadata:\n  name: extra-reader\n  namespace: ${genNamespace(p % n)}\nrules:\n  - apiGroups:\n      - ""\n    resources:\n      - pods\n      - pods/log\n    verbs:\n      - get\n` +
    binding(genNamespace(p % n), 'extra-reader', 'extra-reader', '  - kind: ServiceAccount\n    name: pipeline\n', 'Role'),
  clusterBinding: (n, p) =>
    `---\napiVersion: ${rbac}/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: extra-cluster\nroleRef:\n  apiGroup: ${rbac}\n  kind: ClusterRole\n  name: ${p % 2 === 0 ? 'view' : 'coreweave-rbac-viewer'}\nsubjects:\n${group(`oidc:${genNamespace(p % n)}-leads`)}`,
  list: (n, p) =>
    `---\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: ${rbac}/v1\n    kind: RoleBinding\n    metadata: { name: listed, namespace: ${genNamespace(p % n)} }\n    roleRef: { apiGroup: ${rbac}, kind: ClusterRole, name: coreweave-rbac-team-lead }\n    subjects: [{ kind: Group, name: "oidc:extra-listed" }]\n`,
  flowStyle: (n, p) =>
    `--- # written by hand\n{ apiVersion: ${rbac}/v1, kind: RoleBinding, metadata: { name: flow, namespace: "${genNamespace(p % n)}" },\n  roleRef: { kind: ClusterRole, name: coreweave-rbac-ml-engineer }, subjects: [{ kind: Group, name: "oidc:extra-flow" }] }\n`,
  orphanNamespace: () => binding('orphan', 'orphan', 'coreweave-rbac-viewer', group('oidc:shared-ml')),
  borrowedToken: (n, p) =>
    binding(genNamespace(p % n), 'token-borrowed', 'coreweave-rbac-viewer', user(`cw-token-gen${(p + 1) % n}`), 'ClusterRole', '  annotations:\n    coreweave-rbac/token: borrowed\n'),
  labelLikeGroup: (n, p) => binding(genNamespace(p % n), 'odd-group', 'coreweave-rbac-viewer', group(`User cw-token-gen${p % n}`)),
  escapedNamespace: (n, p) => binding(genNamespace(p % n).replace('gen', 'g\\x65n'), 'escaped', 'coreweave-rbac-viewer', group('oidc:extra-escaped')).replace(/namespace: (\S+)/, 'namespace: "$1"'),
};

export const extrasArbitrary = fc.tuple(fc.subarray(Object.keys(EXTRAS)), fc.nat(1000));

/** A temp directory holding dist/ of a generated org of `teams` teams, with `extras` added as dist/zz-extra.yaml. */
export function orgWithExtras(teams: number, extras: readonly string[], pick: number): { readonly dir: string; readonly dist: string; readonly text: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cw-rbac-access-org-'));
  const text = generateOrgWithRoles(teams);
  writeFileSync(join(dir, 'teams.yaml'), text);
  const dist = join(dir, 'dist');
  writeDist(dist, synthesize(text, { now: NOW }).dist);
  if (extras.length > 0) {
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, 'zz-extra.yaml'), `# added by hand\n${extras.map((e, i) => (EXTRAS[e] as Extra)(teams, pick + i)).join('')}`);
  }
  return { dir, dist, text };
}

/** teams.yaml as a value (YAML 1.2: dates stay strings), to be edited and written back as JSON (which is YAML). */
type Teams = { cluster: Record<string, unknown> & { admins: string[]; viewers: string[] }; teams: Team[] };
type Team = { name: string; quota: { gpu: number }; groups: Record<string, string[]>; roles: { name: string; rules: { verbs: string[] }[]; groups: string[] }[]; tokens: Record<string, string>[] };

/** An edit of teams.yaml, by a reviewer's kind of change: one team's groups, tokens, roles; the cluster's admins and viewers; what changes no access. */
export type Edit = (org: Teams, pick: number) => void;

const teamOf = (org: Teams, pick: number): Team => org.teams[pick % org.teams.length] as Team;

export const EDITS: Readonly<Record<string, Edit>> = {
  addGroup: (org, p) => void (teamOf(org, p).groups[['teamLead', 'mlEngineer', 'inferenceOperator', 'viewer'][p % 4] as string] ??= []).push(`added-${p}`),
  removeTeam: (org, p) => void (org.teams.length > 1 && org.teams.splice(p % org.teams.length, 1)),
  addTeam: (org, p) => void org.teams.push({ name: `new-${p}`, quota: { gpu: 0 }, groups: { viewer: [`new-${p}-viewers`], mlEngineer: ['shared-ml'] }, roles: [], tokens: [] }),
  shareTokenUser: (org, p) => {
    const [a, b] = [teamOf(org, p), teamOf(org, p + 1)];
    if (a.tokens[0] && b.tokens[0]?.user !== undefined) a.tokens[0] = { ...a.tokens[0], user: b.tokens[0].user as string, serviceAccount: undefined as never };
  },
  renameToken: (org, p) => void (teamOf(org, p).tokens[0] && ((teamOf(org, p).tokens[0] as Record<string, string>).name = `renamed-${p}`)),
  rotateToken: (org, p) => void (teamOf(org, p).tokens[0] && ((teamOf(org, p).tokens[0] as Record<string, string>).rotatedAt = '2026-11-20')),
  changeQuota: (org, p) => void (teamOf(org, p).quota.gpu = 16 + (p % 8)),
  widenRole: (org, p) => void teamOf(org, p).roles[0]?.rules[0]?.verbs.push('watch'),
  addViewer: (org, p) => void org.cluster.viewers.push(`viewers-${p}`),
  changeAdmins: (org, p) => void (org.cluster.admins = [`admins-${p}`]),
};

export const editsArbitrary = fc.array(fc.tuple(fc.constantFrom(...Object.keys(EDITS)), fc.nat(1000)), { minLength: 1, maxLength: 3 });

/** teams.yaml after the edits, or undefined when synth would refuse it. */
export function edited(text: string, edits: readonly (readonly [string, number])[]): string | undefined {
  const org = parse(text) as Teams;
  for (const [edit, pick] of edits) (EDITS[edit] as Edit)(org, pick);
  const result = JSON.stringify(org, (_, v: unknown) => (v === undefined ? undefined : v));
  try {
    synthesize(result, { now: NOW });
    return result;
  } catch {
    return undefined;
  }
}
