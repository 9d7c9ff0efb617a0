import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/load';
import { buildPlan } from '../plan/build-plan';
import { specCells, type SpecCell } from '../access/spec-cells';
import { describeDisagreement, subjectAccessReviewSpec, unreachable, verifyCells, type ReviewAnswer } from '../access/verify';
import { AccessInputError } from '../access/dist-objects';
import { ApiError, RestClient, UnreachableError } from '../kube/rest-client';
import { checkFormat, defineCommand, noArguments, runCli } from './command-spec';
import { EXIT, formatOption, resolveNow, TEAMS_OPTIONS, UsageError } from './common';

const VERIFY = defineCommand({
  name: 'verify',
  usage: ['[flags]'],
  description: `Ask the live cluster, with SubjectAccessReviews, every promise of the tier tables (README, "The tiers") for every team tier group, token,
cluster viewer and cluster admin of teams.yaml, and report each cell where the cluster disagrees with the plan.
Exit 0 when it agrees everywhere, 1 when a cell disagrees or the cluster cannot be asked, 2 for a bad command line.
Run it after Flux applied a change. The credentials used need \`create subjectaccessreviews\`.`,
  options: {
    kubeconfig: { type: 'string', description: 'the kubeconfig (default $KUBECONFIG, else ~/.kube/config)', value: 'PATH' },
    context: { type: 'string', description: "the kubeconfig's context (default its current context)", value: 'NAME' },
    ...TEAMS_OPTIONS,
    concurrency: { type: 'string', default: '16', description: 'reviews asked at once', value: 'N' },
    ...formatOption(['table', 'json'], 'table'),
  },
  onInvalidInput: 'nothing was asked',
});

export function verify(argv: readonly string[]): Promise<number> {
  return runCli(VERIFY, argv, async ({ values, positionals }) => {
    noArguments(positionals);
    checkFormat(values.format, ['table', 'json']);
    if (!/^[1-9][0-9]*$/.test(values.concurrency)) throw new UsageError(`--concurrency must be a positive integer, got ${JSON.stringify(values.concurrency)}`);
    const plan = buildPlan(loadConfig(values.file, { now: resolveNow(values.now), file: values.file }).config);
    const cells = specCells(plan);
    const { review, server, context } = await clusterReviewer(values.kubeconfig, values.context);
    process.stderr.write(`verify: asking ${context} (${server}) about ${cells.length} cells...\n`);
    const disagreements = await verifyCells(cells, review, Number(values.concurrency));
    if (values.format === 'json') {
      process.stdout.write(`${JSON.stringify(disagreements.map((d) => ({ who: d.cell.who, request: d.cell.request, plan: d.cell.expected, cluster: d.cluster, because: d.cell.because, ...(d.reason ? { reason: d.reason } : {}) })), null, 2)}\n`);
    } else {
      for (const d of disagreements) process.stdout.write(`${describeDisagreement(d)}\n`);
    }
    process.stderr.write(`verify: ${cells.length} cells, ${disagreements.length === 0 ? 'the cluster agrees with the plan on every one' : `${disagreements.length} where the cluster disagrees with the plan`}\n`);
    return disagreements.length === 0 ? EXIT.ok : EXIT.failed;
  });
}

/** A SubjectAccessReview client for the kubeconfig's context. */
async function clusterReviewer(kubeconfig: string | undefined, contextName: string | undefined) {
  // @kubernetes/client-node is an ES module: load it only when a cluster is asked
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  const defaultFile = join(homedir(), '.kube', 'config');
  if (kubeconfig === undefined && !process.env.KUBECONFIG && !existsSync(defaultFile) && !process.env.KUBERNETES_SERVICE_HOST) {
    throw new AccessInputError(`no kubeconfig: $KUBECONFIG is not set and ${defaultFile} does not exist; pass --kubeconfig PATH`);
  }
  try {
    if (kubeconfig !== undefined) kc.loadFromFile(kubeconfig);
    else kc.loadFromDefault();
  } catch (e) {
    throw new AccessInputError(`cannot read kubeconfig ${kubeconfig ?? '(default)'}: ${(e as Error).message}`);
  }
  if (contextName !== undefined) {
    if (!kc.getContexts().some((c) => c.name === contextName)) {
      throw new AccessInputError(`no context ${JSON.stringify(contextName)} in the kubeconfig; it has ${kc.getContexts().map((c) => c.name).join(', ') || 'none'}`);
    }
    kc.setCurrentContext(contextName);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new AccessInputError(`the kubeconfig ${kubeconfig ?? '(default)'} has no current cluster: pass --kubeconfig PATH and --context NAME`);
  const context = kc.getCurrentContext();
  const api = await RestClient.fromKubeConfig(kc);
  const review = async (cell: SpecCell): Promise<ReviewAnswer> => {
    try {
      const body = { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: subjectAccessReviewSpec(cell.subject, cell.request) };
      const result = await api.send<{ status?: { allowed?: boolean; denied?: boolean; evaluationError?: string } }>('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', body);
      const status = result.status;
      if (status === undefined) throw new AccessInputError(`${cluster.server} answered a SubjectAccessReview without a status`);
      return { allowed: status.allowed === true && status.denied !== true, ...(status.evaluationError ? { reason: status.evaluationError } : {}) };
    } catch (e) {
      if (e instanceof ApiError) throw new AccessInputError(`${cluster.server} refused the SubjectAccessReview (HTTP ${e.status}): ${e.message.slice(0, 300)}`);
      if (e instanceof UnreachableError) throw unreachable(cluster.server, context, new Error(e.detail));
      throw e;
    }
  };
  return { review, server: cluster.server, context };
}
