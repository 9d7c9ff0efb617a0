// The tier tables (README, "The tiers"), cell by cell, evaluated on the synthesized RBAC of the example org.
import { describe, expect, it } from 'vitest';
import { RbacModel, Subject } from '../lib/access/evaluator';
import { Probe, probes, R, TIERS, WRITES } from '../lib/access/spec-cells';
import { allObjects, examplePlan } from './helpers/example';

const plan = examplePlan();
const objects = allObjects(plan);
const rbac = RbacModel.fromObjects(objects);

const cells = probes;

const can = (subject: Subject, namespace: string | undefined, probe: Probe): boolean | 'unknown' =>
  rbac.authorize(subject, { ...probe, ...(namespace ? { namespace } : {}) }).allowed;
const show = (p: Probe) => `${p.verb} ${p.resource}${p.apiGroup ? `.${p.apiGroup}` : ''}${p.subresource ? `/${p.subresource}` : ''}${p.name ? ` ${p.name}` : ''}`;

// writes to the namespace object itself are asked of that namespace, so they are probed by name here
const NAMESPACE_WRITES = (ns: string) => cells(WRITES, [`namespaces:${ns}`]);

/** A broad probe of "anything at all": every verb on every kind of resource a team works with. */
const ANYTHING = cells([...R, ...WRITES], ['pods', 'pods/log', 'pods/exec', 'secrets', 'configmaps', 'services', 'persistentvolumeclaims', 'serviceaccounts/token', 'deployments.apps', 'jobs.batch', 'rolebindings.rbac.authorization.k8s.io', 'resourcequotas', 'events']);
const CLUSTER_WRITES = cells(['create', 'update', 'patch', 'delete'], ['namespaces', 'nodes', 'persistentvolumes', 'clusterroles.rbac.authorization.k8s.io', 'clusterrolebindings.rbac.authorization.k8s.io', 'storageclasses.storage.k8s.io']);

const prefix = 'oidc:';
/** One subject per tier per team: the first group of that tier. */
const tierSubjects = plan.teams.flatMap((team) => team.tierBindings.map((b) => ({ team, tier: b.tier, subject: { groups: [b.groups[0]] } as Subject })));
const otherNamespaces = (own: string) => [...plan.teams.map((t) => t.namespace).filter((n) => n !== own), 'default', 'kube-system'];

describe.each(tierSubjects.map((s) => [`${s.team.name} ${s.tier} (${s.subject.groups![0]})`, s] as const))('%s', (_, { team, tier, subject }) => {
  it.each(TIERS[tier].allow.map((c) => [show(c), c] as const))('may %s in its namespace', (_, cell) => {
    expect(can(subject, team.namespace, cell)).toBe(true);
  });
  it.each([...TIERS[tier].deny, ...NAMESPACE_WRITES(team.namespace)].map((c) => [show(c), c] as const))('may not %s in its namespace', (_, cell) => {
    expect(can(subject, team.namespace, cell)).toBe(false);
  });
  it('may do nothing at all in any other namespace, nor cluster-wide writes, nor list secrets across namespaces', () => {
    // a group may belong to more than one team (research-ml is a viewer in data too): only probe namespaces it has no binding in
    const elsewhere = otherNamespaces(team.namespace).filter((ns) => !plan.teams.some((t) => t.namespace === ns && t.tierBindings.some((b) => b.groups.includes(subject.groups![0]))));
    for (const ns of elsewhere) for (const cell of ANYTHING) expect(can(subject, ns, cell), `${show(cell)} in ${ns}`).toBe(false);
    for (const cell of CLUSTER_WRITES) expect(can(subject, undefined, cell), show(cell)).toBe(false);
    expect(can(subject, undefined, { verb: 'list', apiGroup: '', resource: 'secrets' })).toBe(false);
  });
});

describe('tokens get exactly their tier in their own namespace', () => {
  // tokens bound to a custom role instead of a tier: test/access/pod-reader.test.ts
  const tokens = plan.teams.flatMap((team) =>
    team.tokens.filter((token) => 'tier' in token.binding).map((token) => ({
      team,
      token,
      subject: token.subject.kind === 'User' ? { user: token.subject.name } : { user: `system:serviceaccount:${team.namespace}:${token.subject.name}` },
    })),
  );
  it('the example has tokens of both kinds', () => {
    expect(new Set(tokens.filter((t) => 'tier' in t.token.binding).map((t) => t.token.subject.kind))).toEqual(new Set(['User', 'ServiceAccount']));
  });
  it.each(tokens.map((t) => [`${t.team.name}/${t.token.name}`, t] as const))('%s', (_, { team, token, subject }) => {
    if ('tier' in token.binding) {
      for (const cell of TIERS[token.binding.tier].allow) expect(can(subject, team.namespace, cell), show(cell)).toBe(true);
      for (const cell of TIERS[token.binding.tier].deny) expect(can(subject, team.namespace, cell), show(cell)).toBe(false);
    }
    for (const ns of otherNamespaces(team.namespace)) for (const cell of ANYTHING) expect(can(subject, ns, cell), `${show(cell)} in ${ns}`).toBe(false);
    for (const cell of CLUSTER_WRITES) expect(can(subject, undefined, cell), show(cell)).toBe(false);
  });
});

describe('cluster viewers and cluster admins', () => {
  const finance = { groups: [`${prefix}finance`] };
  it('cluster.viewers get the viewer tier in every team namespace', () => {
    for (const team of plan.teams) {
      for (const cell of TIERS.viewer.allow) expect(can(finance, team.namespace, cell), `${show(cell)} in ${team.namespace}`).toBe(true);
      for (const cell of TIERS.viewer.deny) expect(can(finance, team.namespace, cell), `${show(cell)} in ${team.namespace}`).toBe(false);
    }
  });
  it('cluster.viewers may read namespaces and resourcequotas cluster-wide, nothing more', () => {
    for (const cell of cells(R, ['namespaces', 'resourcequotas'])) expect(can(finance, undefined, cell), show(cell)).toBe(true);
    for (const cell of [...cells(R, ['pods', 'secrets', 'nodes', 'deployments.apps']), ...CLUSTER_WRITES]) expect(can(finance, undefined, cell), show(cell)).toBe(false);
    // a cluster-wide grant reaches every namespace: quotas there too, and nothing else
    for (const ns of ['default', 'kube-system']) {
      for (const cell of ANYTHING) expect(can(finance, ns, cell), `${show(cell)} in ${ns}`).toBe(cell.resource === 'resourcequotas' && R.includes(cell.verb));
    }
  });
  it('cluster.admins may do anything anywhere', () => {
    const admin = { groups: [`${prefix}platform-admins`] };
    for (const ns of [undefined, 'kube-system', 'research']) for (const cell of [...ANYTHING, ...CLUSTER_WRITES]) expect(can(admin, ns, cell)).toBe(true);
  });
  it('someone in no group may do nothing', () => {
    for (const ns of [undefined, 'research', 'default']) for (const cell of ANYTHING) expect(can({ user: 'mallory', groups: ['oidc:nobody'] }, ns, cell)).toBe(false);
  });
});

describe('subjects of every binding', () => {
  const bindings = objects.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') as { subjects: { kind: string; name: string }[] }[];
  const subjects = bindings.flatMap((b) => b.subjects);
  it('never name a system: group', () => {
    expect(subjects.filter((s) => s.kind === 'Group' && s.name.startsWith('system:'))).toEqual([]);
  });
  it('name Users only for declared tokens', () => {
    const tokenUsers = plan.teams.flatMap((t) => t.tokens).flatMap((t) => (t.subject.kind === 'User' ? [t.subject.name] : []));
    expect(subjects.filter((s) => s.kind === 'User').map((s) => s.name).sort()).toEqual(tokenUsers.sort());
  });
});
