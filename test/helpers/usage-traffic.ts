// The work the grants of test/fixtures/usage/teams.yaml do on a real control plane, phase by phase: what
// test/fixtures/usage/record.ts records into audit.log, and what test/cluster/usage.test.ts replays. People
// work through the admin's impersonation (`--as`, `--as-group`), tokens with their own credentials.

/** What one kubectl call answered. */
export interface TrafficResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** How the traffic reaches the API server. */
export interface TrafficClient {
  /** As the admin, impersonating a user of IdP groups (written with cluster.oidcGroupPrefix). */
  readonly as: (user: string, groups: readonly string[], args: readonly string[], input?: string) => TrafficResult;
  /** With a token of the org: its own credential. */
  readonly token: (token: UsageToken, args: readonly string[]) => TrafficResult;
  /** As the admin. */
  readonly admin: (args: readonly string[], input?: string) => TrafficResult;
}

export type UsageToken = 'ci-deployer' | 'dashboard' | 'notebook' | 'pipeline';

/** The phases, and the day (relative to the tests' NOW, 2026-11-23) each is moved to when a test models 90 days. */
export const USAGE_PHASES = [
  { name: 'before', day: -95 },
  { name: 'early', day: -60 },
  { name: 'late', day: 0 },
] as const;
export type UsagePhase = (typeof USAGE_PHASES)[number]['name'];

const alice = ['alice', ['oidc:research-ml']] as const;
const bob = ['bob', ['oidc:research-ml']] as const;
const carl = ['carl', ['oidc:contractors']] as const;
const lena = ['lena', ['oidc:research-leads']] as const;
const otto = ['otto', ['oidc:research-observers']] as const;
const dave = ['dave', ['oidc:serving-oncall']] as const;
const erin = ['erin', ['oidc:finance']] as const;

const PVC = JSON.stringify({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'checkpoints' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } });

/**
 * Wait (up to 30 s) for what admission needs and the controller-manager makes: each team namespace's quota
 * status (a ResourceQuota without status refuses every pod) and its default ServiceAccount.
 */
export function waitForTeamNamespaces(client: TrafficClient, namespaces: readonly string[] = ['research', 'inference']): void {
  const deadline = Date.now() + 30_000;
  for (const ns of namespaces) {
    for (;;) {
      const quota = client.admin(['get', 'resourcequota', 'team-quota', '-n', ns, '-o', 'jsonpath={.status.hard}']);
      const account = client.admin(['get', 'serviceaccount', 'default', '-n', ns]);
      if (quota.status === 0 && quota.stdout.trim() !== '' && account.status === 0) break;
      if (Date.now() > deadline) throw new Error(`namespace ${ns} is not ready for pods after 30 s: ${quota.stderr}${account.stderr}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
}

/**
 * Run the traffic; `phase` is called as each phase starts and once more, with undefined, after the last. A call
 * whose outcome the findings rest on (an allowed or refused request) must go as written: `expect` checks it.
 */
export function usageTraffic(client: TrafficClient, phase: (name: UsagePhase | undefined) => void): void {
  const expect = (r: TrafficResult, ok: boolean, what: string): void => {
    const refused = /\(Forbidden\)|is forbidden: User/.test(r.stderr);
    if (ok ? refused : !refused) throw new Error(`${what}: expected ${ok ? 'to be allowed' : 'a refusal'}, got status ${r.status}: ${r.stderr || r.stdout}`);
  };
  const as = (who: readonly [string, readonly string[]], args: readonly string[], ok = true, input?: string): void => expect(client.as(who[0], who[1], args, input), ok, `${who[0]} ${args.join(' ')}`);
  const token = (name: UsageToken, args: readonly string[], ok = true): void => expect(client.token(name, args), ok, `token ${name} ${args.join(' ')}`);
  const research = ['-n', 'research'];
  const inference = ['-n', 'inference'];

  phase('before');
  expect(client.admin(['create', 'deployment', 'llm', '--image=registry.example/llm:1', ...inference]), true, 'admin creates deployment llm');
  as(carl, ['run', 'scratch', '--image=registry.example/busybox:1', '--restart=Never', ...research]);
  as(carl, ['get', 'pods', ...research]);
  token('notebook', ['get', 'pods', ...research]);

  phase('early');
  as(alice, ['create', 'job', 'train', '--image=registry.example/trainer:1', ...research]);
  as(alice, ['get', 'jobs', ...research]);
  as(alice, ['get', 'job', 'train', ...research]);
  as(alice, ['run', 'notebook-alice', '--image=registry.example/notebook:1', '--restart=Never', ...research]);
  as(alice, ['get', 'pods', ...research]);
  as(alice, ['get', 'pod', 'notebook-alice', ...research]);
  // the pod never runs (no nodes): the API server refuses the logs and the exec after authorizing them
  client.as(alice[0], alice[1], ['logs', 'notebook-alice', ...research]);
  client.as(alice[0], alice[1], ['exec', 'notebook-alice', ...research, '--', 'true']);
  as(alice, ['create', 'configmap', 'hparams', '--from-literal=lr=0.1', ...research]);
  as(alice, ['create', '-f', '-', ...research], true, PVC);
  as(alice, ['delete', 'pod', 'notebook-alice', '--wait=false', ...research]);
  as(bob, ['run', 'sneak', '--image=registry.example/busybox:1', '--restart=Never', ...inference], false);
  as(lena, ['get', 'pods', ...research]);
  as(lena, ['create', 'job', 'eval', '--image=registry.example/eval:1', ...research]);
  as(lena, ['get', 'jobs', ...research]);
  as(lena, ['delete', 'job', 'eval', '--wait=false', ...research]);
  token('pipeline', ['get', 'pods', ...research]);
  token('pipeline', ['get', 'pod', 'scratch', ...research]);
  client.token('pipeline', ['logs', 'scratch', ...research]);
  token('pipeline', ['get', 'secrets', ...research], false);
  as(otto, ['get', 'pods', ...research]);
  as(otto, ['get', 'pod', 'scratch', ...research]);
  client.as(otto[0], otto[1], ['logs', 'scratch', ...research]);
  as(otto, ['get', 'jobs', ...research]);
  as(otto, ['get', 'cronjobs', ...research]);
  as(otto, ['get', 'deployments', ...research]);
  as(otto, ['create', 'configmap', 'notes', '--from-literal=a=b', ...research], false);

  phase('late');
  token('ci-deployer', ['scale', 'deployment', 'llm', '--replicas=2', ...inference]);
  token('ci-deployer', ['scale', 'deployment', 'llm', '--replicas=3', ...inference]);
  token('dashboard', ['get', 'pods', ...research]);
  token('dashboard', ['get', 'pod', 'scratch', ...research]);
  as(dave, ['get', 'pods', ...inference]);
  as(dave, ['get', 'deployments', ...inference]);
  as(dave, ['get', 'deployment', 'llm', ...inference]);
  as(dave, ['rollout', 'restart', 'deployment', 'llm', ...inference]);
  as(dave, ['get', 'services', ...inference]);
  as(dave, ['get', 'hpa', ...inference]);
  as(dave, ['create', 'configmap', 'oncall', '--from-literal=pager=dave', ...inference]);
  as(dave, ['label', 'configmap', 'oncall', 'rota=week48', ...inference]);
  as(dave, ['get', 'configmaps', ...inference]);
  as(dave, ['get', 'configmap', 'oncall', ...inference]);
  as(dave, ['get', 'secrets', ...inference], false);
  for (const kind of ['pods', 'deployments', 'jobs', 'resourcequotas', 'persistentvolumeclaims', 'cronjobs', 'services', 'statefulsets']) as(erin, ['get', kind, ...research]);
  as(alice, ['get', 'pods', ...research]);
  phase(undefined);
}
