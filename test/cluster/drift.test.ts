import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { countVolumeClaims, readCluster } from '../../lib/drift/cluster-reader';
import { desiredState, readDesiredState } from '../../lib/drift/desired-state';
import { findDrift } from '../../lib/drift/find-drift';
import { scanOrphans } from '../../lib/drift/find-orphans';
import { fixCommands } from '../../lib/drift/fix-commands';
import { kindsToList } from '../../lib/drift/listed-kinds';
import { driftJson } from '../../lib/drift/report-json';
import { kubeconfigText, sandboxClient } from '../../lib/sandbox/control-plane';
import type { Org } from '../../lib/sandbox/sandbox';
import { applyTestOrg, clusterState, describeCluster, kubectl, userToken } from '../helpers/cluster';
import { runCli } from '../helpers/cli';
import { NOW } from '../helpers/example';
import { fixture, orgOfText } from '../helpers/org';

type Json = Record<string, any>;

/** The example org with cluster.auditors, so dist/ binds a group to the auditor ClusterRole too. */
const TEXT = readFileSync(fixture('example'), 'utf8').replace('  admins: [platform-admins]', '  auditors: [platform-auditors]\n  admins: [platform-admins]');
/** The same org with one more team, applied first so that its namespace stays behind (Flux prune is disabled on it). */
const WITH_SCRATCH = `${TEXT}\n  - name: scratch\n    quota: { gpu: 0 }\n`;

/** A user of the cluster fixture's tokens: the global setup gave it a static token, and this org binds it to nothing. */
const AUDITOR_USER = 'cw-token-lab1';
/** The commands drift prints act on the kubeconfig it read. */
const KUBECTL = 'kubectl --kubeconfig admin.kubeconfig';
const RESTORE = `${KUBECTL} apply --server-side --field-manager=kustomize-controller --force-conflicts -f dist/team-research.yaml`;

describeCluster('drift against the real API server', () => {
  let dir: string;
  let org: Org;
  const kubeconfigFor = (name: string, token: string) => {
    const path = join(dir, `${name}.kubeconfig`);
    writeFileSync(path, kubeconfigText(clusterState(), [{ name, token }], name));
    return path;
  };
  const drift = (args: string[] = [], kubeconfig = 'admin.kubeconfig') => runCli(dir, 'drift', ['--kubeconfig', kubeconfig, ...args]);
  /** The report `drift -o json --kubeconfig admin.kubeconfig` prints, made in this process (each CLI run costs seconds of start-up). */
  const report = async (): Promise<Record<string, Json[]>> => {
    // dist/ checked where it is, its files named as from drift's folder
    const desired = desiredState(readDesiredState({ teamsFile: join(dir, 'teams.yaml'), distDir: join(dir, 'dist'), now: NOW }).plan, 'dist');
    const connection = { api: sandboxClient(clusterState()), server: clusterState().server, context: 'admin' };
    try {
      const snapshot = await readCluster(connection, kindsToList(desired));
      const claims = await countVolumeClaims(connection, scanOrphans(desired, snapshot).orphans.map((o) => o.name));
      const found = findDrift({ desired, snapshot, volumeClaims: claims, commands: fixCommands({ kubeconfig: 'admin.kubeconfig' }) });
      return JSON.parse(driftJson(found)) as Record<string, Json[]>;
    } finally {
      connection.api.close();
    }
  };
  const cliJson = (kubeconfig: string) => {
    const r = drift(['-o', 'json'], kubeconfig);
    return { status: r.status, stderr: r.stderr, report: JSON.parse(r.stdout) as Record<string, Json[]> };
  };
  /** Only warnings about the namespaces other test files' orgs left behind, labelled for their own cluster names. */
  const onlyOtherOrgWarnings = (stderr: string) => stderr.split('\n').filter(Boolean).every((l) => /^drift: warning: \d+ namespaces? (is|are) labelled for cluster (bench|generated|sandbox-test), /.test(l));
  const ok = (r: { status: number | null; stderr: string }) => expect(r.status === 0 && onlyOtherOrgWarnings(r.stderr), r.stderr).toBe(true);
  /** A printed command, run by the test's kubectl (which brings its own server and token) in drift's folder. */
  const run = (command: string) => {
    expect(command.startsWith(`${KUBECTL} `)).toBe(true);
    const args = command.slice(KUBECTL.length + 1).split(' ');
    const r = kubectl(args.map((a) => (a.endsWith('.yaml') && !isAbsolute(a) ? join(dir, a) : a)));
    expect(r.status, r.stderr).toBe(0);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cw-rbac-drift-'));
    writeFileSync(join(dir, 'teams.yaml'), TEXT);
    expect(runCli(dir, 'synth', ['--quiet']).status).toBe(0);
    org = orgOfText(TEXT);
    await applyTestOrg(org);
    kubeconfigFor('admin', clusterState().adminToken);
  });

  afterAll(async () => {
    kubectl(['delete', 'rolebinding', 'debug', '-n', 'research', '--ignore-not-found']);
    kubectl(['delete', 'clusterrolebinding', 'debug-edit', 'ci-auditor', 'partial-reader', '--ignore-not-found']);
    kubectl(['delete', 'clusterrole', 'partial-reader', '--ignore-not-found']);
    kubectl(['patch', 'pvc', 'checkpoints', '-n', 'scratch', '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    kubectl(['delete', 'namespace', 'scratch', '--ignore-not-found', '--wait=false']);
    await applyTestOrg(org);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a freshly applied org: no output, exit 0 (the fields the server sets are not drift)', async () => {
    const r = drift();
    expect(r.stdout).toBe('');
    ok(r);
    expect(await report()).toEqual({ extra: [], changed: [], missing: [], orphaned: [], unlisted: [] });
  });

  it('each kind of drift made by hand is named exactly, with its command, and nothing else; running the commands ends it', async () => {
    await applyTestOrg(orgOfText(WITH_SCRATCH));
    await applyTestOrg(org); // the scratch team leaves: its objects are pruned, its namespace is kept
    const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'checkpoints' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
    expect(kubectl(['create', '-n', 'scratch', '-f', '-'], { input: JSON.stringify(pvc) }).status).toBe(0);
    expect(kubectl(['create', 'rolebinding', 'debug', '-n', 'research', '--clusterrole=admin', '--group=oidc:contractors']).status).toBe(0);
    expect(kubectl(['create', 'clusterrolebinding', 'debug-edit', '--clusterrole=edit', '--group=oidc:debuggers']).status).toBe(0);
    const contractor = { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'oidc:contractors' };
    expect(kubectl(['patch', 'rolebinding', 'team-lead', '-n', 'research', '--type=json', '-p', JSON.stringify([{ op: 'add', path: '/subjects/-', value: contractor }])]).status).toBe(0);
    expect(kubectl(['patch', 'resourcequota', 'team-quota', '-n', 'research', '--type=merge', '-p', '{"spec":{"hard":{"requests.nvidia.com/gpu":"512"}}}']).status).toBe(0);
    expect(kubectl(['delete', 'networkpolicy', 'allow-monitoring', '-n', 'research']).status).toBe(0);

    const found = await report();
    expect(found.extra?.map((e) => [e.kind, e.namespace, e.name, e.summary, e.command])).toEqual([
      [
        'RoleBinding',
        'research',
        'debug',
        'RoleBinding research/debug grants oidc:contractors admin in research: more than teamLead, ! reads secrets, ! mints ServiceAccount tokens, ! writes bindings, ! impersonates',
        `${KUBECTL} delete rolebinding debug -n research`,
      ],
      [
        'ClusterRoleBinding',
        null,
        'debug-edit',
        'ClusterRoleBinding debug-edit grants oidc:debuggers edit cluster-wide: more than teamLead in every namespace, and cluster-scoped namespaces, namespaces/status, ! reads secrets, ! mints ServiceAccount tokens, ! impersonates',
        `${KUBECTL} delete clusterrolebinding debug-edit`,
      ],
    ]);
    expect(found.extra?.[0]?.subjects?.[0]?.adds).toContain('get, list, watch, create, update, patch, delete, deletecollection secrets in research');
    expect(found.changed).toEqual([
      { kind: 'ResourceQuota', namespace: 'research', name: 'team-quota', file: 'dist/team-research.yaml', fields: [{ field: 'spec.hard["requests.nvidia.com/gpu"]', dist: '448', cluster: '512' }], command: RESTORE },
      {
        kind: 'RoleBinding',
        namespace: 'research',
        name: 'team-lead',
        file: 'dist/team-research.yaml',
        fields: [{ field: 'subjects', dist: [{ ...contractor, name: 'oidc:research-leads' }], cluster: [{ ...contractor, name: 'oidc:research-leads' }, contractor] }],
        command: RESTORE,
      },
    ]);
    expect(found.missing).toEqual([{ kind: 'NetworkPolicy', namespace: 'research', name: 'allow-monitoring', file: 'dist/team-research.yaml', command: RESTORE }]);
    expect(found.orphaned).toEqual([{ kind: 'Namespace', namespace: null, name: 'scratch', team: 'scratch', persistentVolumeClaims: 1, command: `${KUBECTL} delete namespace scratch` }]);
    expect(found.unlisted).toEqual([]);

    const table = drift();
    expect(table.status).toBe(1);
    expect(table.stderr.split('\n').filter((l) => !l.includes('warning')).join('\n')).toBe('drift: 2 extra grants, 2 changed, 1 missing, 1 orphaned namespace\n');
    expect(table.stdout).toContain('orphaned  Namespace scratch: team scratch is not in teams.yaml; it holds 1 PersistentVolumeClaim\n');
    expect(table.stdout).toContain(`            fix: ${KUBECTL} delete namespace scratch  # deletes the namespace and its 1 PersistentVolumeClaim with their data\n`);

    // the commands drift printed put the cluster back as dist/ has it, and no other command is needed. (This control
    // plane runs no pvc-protection controller: its finalizer is lifted here, as that controller would for an unused claim.)
    expect(kubectl(['patch', 'pvc', 'checkpoints', '-n', 'scratch', '--type=merge', '-p', '{"metadata":{"finalizers":null}}']).status).toBe(0);
    const commands = new Set([...(found.extra ?? []), ...(found.changed ?? []), ...(found.missing ?? []), ...(found.orphaned ?? [])].map((f) => String(f.command)));
    for (const command of commands) run(command);
    expect(await report()).toEqual({ extra: [], changed: [], missing: [], orphaned: [], unlisted: [] });
  });

  it('a token bound only to the auditor ClusterRole runs drift and verify, and cannot read secrets', () => {
    expect(kubectl(['create', 'clusterrolebinding', 'ci-auditor', '--clusterrole=coreweave-rbac-auditor', `--user=${AUDITOR_USER}`]).status).toBe(0);
    const token = userToken(AUDITOR_USER);
    const auditor = kubeconfigFor('auditor', token);
    const json = cliJson(auditor);
    expect(json.status, json.stderr).toBe(0);
    expect(json.report).toEqual({ extra: [], changed: [], missing: [], orphaned: [], unlisted: [] });
    const verify = runCli(dir, 'verify', ['--kubeconfig', auditor]);
    expect(verify.stderr).toMatch(/verify: \d+ cells, the cluster agrees with the plan on every one\n$/);
    expect(verify.status).toBe(0);

    const secrets = kubectl(['get', 'secrets', '-n', 'research'], { token });
    expect(secrets.status).toBe(1);
    expect(secrets.stderr).toBe(`Error from server (Forbidden): secrets is forbidden: User "${AUDITOR_USER}" cannot list resource "secrets" in API group "" in the namespace "research"\n`);
    for (const [args, answer] of [
      [['list', 'secrets', '-A'], 'no'],
      [['get', 'secrets', '-n', 'research'], 'no'],
      [['create', 'rolebindings', '-n', 'research'], 'no'],
      [['watch', 'rolebindings', '-A'], 'no'],
      [['list', 'rolebindings', '-A'], 'yes'],
      [['create', 'subjectaccessreviews'], 'yes'],
    ] as const) {
      expect(kubectl(['auth', 'can-i', ...args], { token }).stdout, args.join(' ')).toBe(`${answer}\n`);
    }
    // the group cluster.auditors names has the same, through dist/'s own binding
    expect(kubectl(['auth', 'can-i', 'list', 'clusterrolebindings', '--as=someone', '--as-group=oidc:platform-auditors']).stdout).toBe('yes\n');
    expect(kubectl(['auth', 'can-i', 'get', 'secrets', '-n', 'research', '--as=someone', '--as-group=oidc:platform-auditors']).stdout).toBe('no\n');
  });

  it('a kind the credentials may not list is named with the API server’s reason and left out; the rest is compared', () => {
    const auditorRole = JSON.parse(kubectl(['get', 'clusterrole', 'coreweave-rbac-auditor', '-o', 'json']).stdout) as Json;
    const rules = (auditorRole.rules as Json[]).map((r) => ({ ...r, resources: (r.resources as string[]).filter((x) => x !== 'rolebindings') }));
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'partial-reader' }, rules };
    expect(kubectl(['create', '-f', '-'], { input: JSON.stringify(role) }).status).toBe(0);
    const user = 'cw-token-2b9c'; // the finetune scheduler token of the example org
    expect(kubectl(['create', 'clusterrolebinding', 'partial-reader', '--clusterrole=partial-reader', `--user=${user}`]).status).toBe(0);
    const r = cliJson(kubeconfigFor('partial', userToken(user)));
    expect(r.status).toBe(1);
    expect(r.report.unlisted).toEqual([
      { kind: 'RoleBinding', reason: `forbidden: rolebindings.rbac.authorization.k8s.io is forbidden: User "${user}" cannot list resource "rolebindings" in API group "rbac.authorization.k8s.io" at the cluster scope` },
    ]);
    expect(r.stderr).toContain(`drift: warning: could not list RoleBinding: forbidden: rolebindings.rbac.authorization.k8s.io is forbidden: User "${user}" cannot list resource "rolebindings"`);
    // what it could read is still compared: the binding that lets the token read is itself an extra grant to a team token
    expect(r.report.extra?.map((e) => `${e.kind} ${e.name}: ${e.subjects?.map((s: Json) => s.subject).join(', ') ?? ''}`)).toEqual([
      'ClusterRoleBinding partial-reader: token scheduler (User cw-token-2b9c)',
      'ClusterRole partial-reader: ',
    ]);
    expect([r.report.changed, r.report.missing, r.report.orphaned]).toEqual([[], [], []]);
  });

  it('credentials that may list nothing: one line, exit 1', () => {
    const r = drift([], kubeconfigFor('dashboard', userToken('cw-token-9a1b')));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^drift: cannot read the cluster at https:\/\/127\.0\.0\.1:\d+ \(context dashboard\): no kind could be listed; Namespace: forbidden: namespaces is forbidden: User "cw-token-9a1b" cannot list resource "namespaces" in API group "" at the cluster scope\n$/);
  });
});
