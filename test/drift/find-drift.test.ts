import { describe, expect, it } from 'vitest';
import { findDrift } from '../../lib/drift/find-drift';
import { fixCommands } from '../../lib/drift/fix-commands';
import type { AnyObject } from '../../lib/drift/object-identity';
import type { DriftReport } from '../../lib/drift/report';
import { asServed, exampleDesired, freshCluster, snapshotOf } from './served-objects';

type Json = Record<string, any>;
const desired = exampleDesired();
const commands = fixCommands();
const rbac = 'rbac.authorization.k8s.io/v1';

function drift(objects: readonly AnyObject[], options: { unlisted?: string[]; claims?: Map<string, number | null> } = {}): DriftReport {
  return findDrift({ desired, snapshot: snapshotOf(desired, objects, options.unlisted), commands, ...(options.claims ? { volumeClaims: { counts: options.claims } } : {}) });
}

/** The fresh cluster with one object replaced by what `edit` makes of it (undefined: deleted). */
function edited(kind: string, namespace: string | undefined, name: string, edit: (o: Json) => Json | undefined): AnyObject[] {
  return freshCluster().flatMap((o) => {
    if (o.kind !== kind || o.metadata?.namespace !== namespace || o.metadata?.name !== name) return [o];
    const changed = edit(JSON.parse(JSON.stringify(o)) as Json);
    return changed ? [changed as AnyObject] : [];
  });
}

const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', name: string, namespace: string | undefined, role: string, subjects: Json[], roleKind = 'ClusterRole'): AnyObject =>
  asServed({ apiVersion: rbac, kind, metadata: { name, ...(namespace ? { namespace } : {}) }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: role }, subjects });
const group = (name: string) => ({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name });

const counts = (r: DriftReport) => ({ extra: r.extra.length, changed: r.changed.length, missing: r.missing.length, orphaned: r.orphaned.length });
const NONE = { extra: 0, changed: 0, missing: 0, orphaned: 0 };

describe('drift of the example org, on object lists', () => {
  it('a freshly applied org: nothing, whatever the server added (bookkeeping, defaults, status, canonical quantities, bootstrap RBAC)', () => {
    const report = drift(freshCluster());
    expect(counts(report)).toEqual(NONE);
    expect(report.unlisted).toEqual([]);
  });

  it('an extra RoleBinding to admin for an unknown group: one extra grant, in the tiers’ terms, with the command that removes it', () => {
    const report = drift([...freshCluster(), binding('RoleBinding', 'debug', 'research', 'admin', [group('oidc:contractors')])]);
    expect(counts(report)).toEqual({ ...NONE, extra: 1 });
    const [extra] = report.extra;
    expect(extra).toMatchObject({
      kind: 'RoleBinding',
      namespace: 'research',
      name: 'debug',
      role: 'ClusterRole admin',
      access: 'more than teamLead',
      summary: 'RoleBinding research/debug grants oidc:contractors admin in research: more than teamLead, ! reads secrets, ! mints ServiceAccount tokens, ! writes bindings, ! impersonates',
      command: 'kubectl delete rolebinding debug -n research',
    });
    expect(extra?.subjects?.[0]?.adds).toContain('get, list, watch, create, update, patch, delete, deletecollection secrets in research');
  });

  it('an extra ClusterRoleBinding to edit: every namespace, and the cluster-scoped reads that come with it', () => {
    const report = drift([...freshCluster(), binding('ClusterRoleBinding', 'debug-edit', undefined, 'edit', [group('oidc:debuggers')])]);
    expect(counts(report)).toEqual({ ...NONE, extra: 1 });
    expect(report.extra[0]).toMatchObject({
      kind: 'ClusterRoleBinding',
      namespace: null,
      name: 'debug-edit',
      summary: 'ClusterRoleBinding debug-edit grants oidc:debuggers edit cluster-wide: more than teamLead in every namespace, and cluster-scoped namespaces, namespaces/status, ! reads secrets, ! mints ServiceAccount tokens, ! impersonates',
      command: 'kubectl delete clusterrolebinding debug-edit',
    });
  });

  it('a subject added to a tier RoleBinding: changed, with the subject it gained', () => {
    const subject = group('oidc:contractors');
    const report = drift(edited('RoleBinding', 'research', 'team-lead', (o) => ({ ...o, subjects: [...o.subjects, subject] })));
    expect(counts(report)).toEqual({ ...NONE, changed: 1 });
    expect(report.changed[0]).toMatchObject({ kind: 'RoleBinding', namespace: 'research', name: 'team-lead', file: 'dist/team-research.yaml' });
    expect(report.changed[0]?.fields).toEqual([{ field: 'subjects', dist: [group('oidc:research-leads')], cluster: [group('oidc:research-leads'), subject] }]);
    expect(report.changed[0]?.command).toBe('kubectl apply --server-side --field-manager=kustomize-controller --force-conflicts -f dist/team-research.yaml');
  });

  it('a rule added to a tier ClusterRole, a quota raised, a Pod Security label edited: each field, dist/ value and cluster value', () => {
    const rule = { apiGroups: [''], resources: ['secrets'], verbs: ['get'] };
    let objects = edited('ClusterRole', undefined, 'coreweave-rbac-viewer', (o) => ({ ...o, rules: [...o.rules, rule] }));
    const report = drift(objects);
    expect(report.changed.map((c) => [c.kind, c.name, c.fields.map((f) => f.field), c.file])).toEqual([['ClusterRole', 'coreweave-rbac-viewer', ['rules'], 'dist/cluster.yaml']]);

    objects = edited('ResourceQuota', 'research', 'team-quota', (o) => ({ ...o, spec: { hard: { ...o.spec.hard, 'requests.nvidia.com/gpu': '512' } } }));
    expect(drift(objects).changed.flatMap((c) => c.fields)).toEqual([{ field: 'spec.hard["requests.nvidia.com/gpu"]', dist: '448', cluster: '512' }]);

    objects = edited('Namespace', undefined, 'research', (o) => ({ ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, 'pod-security.kubernetes.io/enforce': 'privileged' } } }));
    expect(drift(objects).changed.flatMap((c) => c.fields)).toEqual([{ field: 'metadata.labels["pod-security.kubernetes.io/enforce"]', dist: 'baseline', cluster: 'privileged' }]);
  });

  it('a key added to a ResourceQuota is a change (the hard list is ours); a field the server defaults is not', () => {
    const objects = edited('ResourceQuota', 'data', 'team-quota', (o) => ({ ...o, spec: { hard: { ...o.spec.hard, pods: '10' } } }));
    expect(drift(objects).changed.flatMap((c) => c.fields)).toEqual([{ field: 'spec.hard.pods', dist: null, cluster: '10' }]);
  });

  it('a deleted NetworkPolicy: missing, with the file that restores it', () => {
    const report = drift(edited('NetworkPolicy', 'research', 'allow-monitoring', () => undefined));
    expect(counts(report)).toEqual({ ...NONE, missing: 1 });
    expect(report.missing).toEqual([
      { kind: 'NetworkPolicy', namespace: 'research', name: 'allow-monitoring', file: 'dist/team-research.yaml', command: 'kubectl apply --server-side --field-manager=kustomize-controller --force-conflicts -f dist/team-research.yaml' },
    ]);
  });

  it("a removed team's namespace: orphaned with its PersistentVolumeClaims; another cluster's and a terminating one are not", () => {
    const namespace = (name: string, labels: Json, status = { phase: 'Active' }) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels }, status });
    const ours = { 'app.kubernetes.io/managed-by': 'coreweave-rbac', 'coreweave-rbac/cluster': 'ord1-prod' };
    const objects = [
      ...freshCluster(),
      namespace('vision', { ...ours, 'coreweave-rbac/team': 'vision' }),
      namespace('leaving', { ...ours, 'coreweave-rbac/team': 'leaving' }, { phase: 'Terminating' }),
      namespace('bench-1', { ...ours, 'coreweave-rbac/cluster': 'bench', 'coreweave-rbac/team': 'bench-1' }),
      namespace('monitoring', {}),
    ];
    const report = drift(objects, { claims: new Map([['vision', 3]]) });
    expect(counts(report)).toEqual({ ...NONE, orphaned: 1 });
    expect(report.orphaned).toEqual([{ kind: 'Namespace', namespace: null, name: 'vision', team: 'vision', persistentVolumeClaims: 3, command: 'kubectl delete namespace vision' }]);
    expect(report.otherClusters).toEqual([{ cluster: 'bench', namespaces: ['bench-1'] }]);
  });

  it('several drifts at once: each exactly, nothing else', () => {
    let objects = edited('RoleBinding', 'research', 'team-lead', (o) => ({ ...o, subjects: [...o.subjects, group('oidc:contractors')] }));
    objects = objects.filter((o) => !(o.kind === 'NetworkPolicy' && o.metadata?.name === 'default-deny' && o.metadata.namespace === 'inference'));
    objects.push(binding('RoleBinding', 'debug', 'research', 'admin', [group('oidc:contractors')]), binding('ClusterRoleBinding', 'debug-edit', undefined, 'edit', [group('oidc:debuggers')]));
    const report = drift(objects);
    expect(report.extra.map((e) => `${e.kind} ${e.name}`)).toEqual(['RoleBinding debug', 'ClusterRoleBinding debug-edit']);
    expect(report.changed.map((c) => `${c.kind} ${c.name}`)).toEqual(['RoleBinding team-lead']);
    expect(report.missing.map((c) => `${c.kind} ${c.namespace}/${c.name}`)).toEqual(['NetworkPolicy inference/default-deny']);
  });
});

describe('which RBAC objects dist/ lacks are drift', () => {
  const extras = (...objects: AnyObject[]) => drift([...freshCluster(), ...objects]).extra.map((e) => `${e.kind} ${e.namespace ?? ''}/${e.name}`);

  it("the cluster's own bindings never are: bootstrapped, system: or kubeadm: names, system: roles, system: identities, kube-system ServiceAccounts", () => {
    expect(extras()).toEqual([]);
    expect(extras(binding('ClusterRoleBinding', 'kubeadm:get-nodes', undefined, 'view', [group('oidc:anyone')]), binding('RoleBinding', 'x', 'research', 'system:aggregate-to-view', [group('oidc:anyone')]))).toEqual([]);
  });

  it('a binding of everyone (system:authenticated, system:serviceaccounts) in a team namespace is', () => {
    expect(extras(binding('RoleBinding', 'open', 'research', 'view', [group('system:authenticated')]))).toEqual(['RoleBinding research/open']);
  });

  it('a RoleBinding outside the team namespaces only when it names a team subject', () => {
    expect(extras(binding('RoleBinding', 'scrape', 'monitoring', 'view', [group('oidc:prometheus')]))).toEqual([]);
    expect(extras(binding('RoleBinding', 'peek', 'monitoring', 'view', [group('oidc:research-ml')]))).toEqual(['RoleBinding monitoring/peek']);
    expect(extras(binding('RoleBinding', 'sa', 'monitoring', 'view', [{ kind: 'ServiceAccount', name: 'default', namespace: 'research' }]))).toEqual(['RoleBinding monitoring/sa']);
  });

  it('a ClusterRoleBinding when its role grants anything in namespaces, or it names a team subject', () => {
    const nodes = asServed({ apiVersion: rbac, kind: 'ClusterRole', metadata: { name: 'node-reader' }, rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] }] });
    expect(extras(nodes, binding('ClusterRoleBinding', 'nodes', undefined, 'node-reader', [group('oidc:sre')]))).toEqual([]);
    expect(extras(nodes, binding('ClusterRoleBinding', 'nodes-ml', undefined, 'node-reader', [group('oidc:research-ml')]))).toEqual(['ClusterRoleBinding /nodes-ml', 'ClusterRole /node-reader']);
  });

  it('a Role in a team namespace, and a ClusterRole an extra binding names, with who binds them', () => {
    const role = asServed({ apiVersion: rbac, kind: 'Role', metadata: { name: 'debugger', namespace: 'research' }, rules: [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }] });
    const report = drift([...freshCluster(), role, binding('RoleBinding', 'debug', 'research', 'debugger', [group('oidc:oncall')], 'Role')]);
    expect(report.extra.map((e) => e.summary)).toEqual([
      'RoleBinding research/debug grants oidc:oncall Role research/debugger in research: within mlEngineer',
      'Role research/debugger, bound by RoleBinding research/debug: within mlEngineer',
    ]);
    expect(extras(asServed({ apiVersion: rbac, kind: 'Role', metadata: { name: 'x', namespace: 'monitoring' }, rules: [] }))).toEqual([]);
  });

  it('what an extra binding adds beyond dist/, per subject: nothing for a group that has it already; tokens by name', () => {
    const report = drift([...freshCluster(), binding('RoleBinding', 'again', 'research', 'coreweave-rbac-viewer', [group('oidc:research-ml'), { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'cw-token-9a1b' }])]);
    expect(report.extra[0]?.subjects?.map((s) => [s.subject, s.adds.length > 0])).toEqual([
      ['oidc:research-ml', false],
      ['token dashboard (User cw-token-9a1b)', true],
    ]);
    const again = drift([...freshCluster(), binding('RoleBinding', 'again', 'research', 'coreweave-rbac-viewer', [group('oidc:research-ml')])]);
    expect(again.extra[0]?.summary).toBe('RoleBinding research/again grants oidc:research-ml coreweave-rbac-viewer in research: within viewer, adds nothing beyond what dist/ grants them');
  });

  it('a binding to a role the cluster does not have: unknown, flagged', () => {
    expect(drift([...freshCluster(), binding('RoleBinding', 'ghost', 'research', 'not-there', [group('oidc:x')])]).extra[0]?.summary).toBe(
      'RoleBinding research/ghost grants oidc:x not-there in research: unknown: its ClusterRole not-there is not on the cluster, ! unknown role',
    );
  });
});

describe('kinds that could not be listed', () => {
  it('are not compared: neither extra, changed nor missing, and each is named with why', () => {
    const objects = [...edited('RoleBinding', 'research', 'team-lead', () => undefined), binding('RoleBinding', 'debug', 'research', 'admin', [group('oidc:contractors')])];
    const report = drift(objects, { unlisted: ['RoleBinding', 'LocalQueue'] });
    expect(counts(report)).toEqual(NONE);
    expect(report.unlisted).toEqual([
      { kind: 'RoleBinding', reason: 'forbidden: cannot list RoleBinding' },
      { kind: 'LocalQueue', reason: 'forbidden: cannot list LocalQueue' },
    ]);
  });

  it('roles that could not be listed resolve as dist/ has them', () => {
    const report = drift([...freshCluster(), binding('ClusterRoleBinding', 'all-viewers', undefined, 'coreweave-rbac-viewer', [group('oidc:x')])], { unlisted: ['ClusterRole'] });
    expect(report.extra.map((e) => e.access)).toEqual(['within viewer in every namespace']);
  });
});

describe('bindings of the auditor ClusterRole', () => {
  it('are not drift: a CI identity is bound to it by hand on purpose', () => {
    const ci = binding('ClusterRoleBinding', 'ci-drift', undefined, 'coreweave-rbac-auditor', [{ kind: 'ServiceAccount', name: 'drift', namespace: 'ci' }]);
    expect(counts(drift([...freshCluster(), ci]))).toEqual(NONE);
  });
});
