import { compareStrings } from '../core/compare';
import { dirname, join, relative } from 'node:path';
import { summarizeApply, type ApplyResult } from '../sandbox/apply';
import { ensureBinaries } from '../sandbox/binaries';
import { checkPortFree, stopControlPlane } from '../sandbox/control-plane';
import { applyOrg, DEFAULT_DIR, readOrg, sandboxDown, sandboxStatus, sandboxUp, tokenContexts, writeKubeconfig } from '../sandbox/sandbox';
import { SandboxError } from '../sandbox/sandbox-error';
import { defineCommand, runCli } from './command-spec';
import { EXIT, resolveNow, TEAMS_OPTIONS, UsageError } from './common';

const SANDBOX = defineCommand({
  name: 'sandbox',
  usage: ['up|apply|down|build [flags]'],
  description: `A local Kubernetes control plane for teams.yaml: etcd, kube-apiserver (RBAC, the default admission plugins,
audit/audit-policy.yaml) and kube-controller-manager on 127.0.0.1, built from the pinned Go modules.

  up      start the control plane in DIR, install Kueue's CRDs when dist/ uses Kueue, apply dist/ with
          server-side apply, and write DIR/kubeconfig (context admin, and token-TEAM-TOKEN for every token)
  apply   apply the current dist/ again and say what changed (objects removed from dist/ are pruned,
          team namespaces are kept, as Flux does)
  down    stop every process up started
  build   build the binaries into the cache now (up does it when they are missing) and say where they are`,
  options: {
    dir: { type: 'string', default: DEFAULT_DIR, description: 'where the sandbox keeps its state, logs and audit log', value: 'DIR' },
    ...TEAMS_OPTIONS,
    dist: { type: 'string', default: 'dist', description: 'the generated manifests to apply', value: 'DIR' },
    port: { type: 'string', description: "the API server's port on 127.0.0.1 (default: a free one)", value: 'N' },
  },
  notes: `The first up builds the binaries into ~/.cache/coreweave-rbac (about 10 minutes on 2 cores), or uses
$KUBEBUILDER_ASSETS when it is set.`,
  onInvalidInput: 'nothing was started or applied',
});

export function sandbox(argv: readonly string[]): Promise<number> {
  return runCli(SANDBOX, argv, async ({ values, positionals }) => {
    const [action, ...extra] = positionals;
    if (action === undefined) throw new UsageError('say what to do: up, apply, down or build');
    if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
    const port = values.port === undefined ? undefined : Number(values.port);
    if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new UsageError(`--port must be a port number, got ${JSON.stringify(values.port)}`);
    const org = () => readOrg({ teamsFile: values.file, distDir: values.dist, now: resolveNow(values.now) });
    switch (action) {
      case 'up':
        return up(values.dir, org, port);
      case 'apply':
        return apply(values.dir, org);
      case 'down':
        return down(values.dir);
      case 'build':
        return build();
      default:
        throw new UsageError(`unknown action ${JSON.stringify(action)}: expected up, apply, down or build`);
    }
  });
}

const say = (line: string) => process.stderr.write(`${line}\n`);

async function up(dir: string, readOrgOnce: () => ReturnType<typeof readOrg>, port: number | undefined): Promise<number> {
  const status = sandboxStatus(dir);
  if (status.running === 'all') {
    say(`sandbox: already running in ${dir}/ (${status.state.server}); nothing changed. \`sandbox apply\` applies dist/ again, \`sandbox down\` stops it`);
    return EXIT.ok;
  }
  const org = readOrgOnce(); // before anything starts: bad input starts nothing
  if (status.running === 'some') {
    say(`sandbox: stopping what an interrupted start left running in ${dir}/: ${status.components.join(', ')}`);
    await stopControlPlane(dir);
  }
  if (port !== undefined) await checkPortFree(port);
  const binaries = await ensureBinaries({ log: say });
  // Ctrl-C while starting: stop what was started, leave nothing running
  const interrupted = async () => {
    await stopControlPlane(dir);
    say('sandbox: interrupted; everything it started is stopped');
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const result = await sandboxUp({ dir, org, binaries, ...(port !== undefined ? { apiServerPort: port } : {}), log: say });
    say(`sandbox: Kubernetes control plane running at ${result.state.server} (state, logs and audit log in ${dir}/)`);
    say(`sandbox: dist/ applied: ${summarizeApply(result.applied)}`);
    for (const m of result.missingContexts) say(`sandbox: warning: ${m}`);
    const contexts = ['admin', ...tokenContexts(org.plan).map((t) => t.context).filter((c) => !result.missingContexts.some((m) => m.startsWith(`${c}:`)))];
    const kubectlDir = dirname(binaries.kubectl);
    const example = tokenContexts(org.plan)[0];
    process.stdout.write(
      [
        `kubeconfig: ${result.kubeconfig} (contexts: ${contexts.join(', ')})`,
        `audit log:  ${join(dir, 'audit', 'audit.log')}`,
        '',
        'Use it:',
        `  export KUBECONFIG=${result.kubeconfig} PATH=${kubectlDir}:$PATH`,
        '  kubectl get namespaces',
        ...(example ? [`  kubectl --context ${example.context} get pods -n ${example.namespace}`, `  kubectl --context ${example.context} get secrets -n ${example.namespace}`] : []),
        `  npx coreweave-rbac sandbox apply${dir === DEFAULT_DIR ? '' : ` --dir ${dir}`}     # after the next synth`,
        `  npx coreweave-rbac sandbox down${dir === DEFAULT_DIR ? '' : ` --dir ${dir}`}`,
        '',
      ].join('\n'),
    );
    return EXIT.ok;
  } finally {
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
  }
}

async function apply(dir: string, readOrgOnce: () => ReturnType<typeof readOrg>): Promise<number> {
  const status = sandboxStatus(dir);
  if (status.running !== 'all') throw new SandboxError(`no sandbox is running in ${dir}/: start one with \`sandbox up\``);
  const org = readOrgOnce();
  const result = await applyOrg(status.state, org);
  printChanges(result);
  const { missingContexts } = await writeKubeconfig(dir, status.state, org.plan);
  for (const m of missingContexts) say(`sandbox: warning: ${m}`);
  say(`sandbox: dist/ applied: ${summarizeApply(result)}`);
  return EXIT.ok;
}

/** One line per object that changed, as kubectl apply prints them: `rolebinding research/team-lead configured`. */
function printChanges(result: ApplyResult): void {
  const lines = [...result.actions].filter(([, action]) => action !== 'unchanged').sort(([a], [b]) => compareStrings(a, b));
  for (const [ref, action] of lines) process.stdout.write(`${ref} ${action}${action === 'kept' ? ' (removed from dist/; Flux prune is disabled on it, delete it by hand once its data is safe)' : ''}\n`);
}

async function build(): Promise<number> {
  const binaries = await ensureBinaries({ log: say });
  for (const [name, path] of Object.entries(binaries)) process.stdout.write(`${name}: ${path}\n`);
  return EXIT.ok;
}

async function down(dir: string): Promise<number> {
  const stopped = await sandboxDown(dir);
  say(stopped.length === 0 ? `sandbox: nothing is running in ${dir}/` : `sandbox: stopped ${stopped.join(', ')}; ${relative('.', join(dir, 'logs')) || dir} and the audit log stay`);
  return EXIT.ok;
}
