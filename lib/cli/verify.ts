import { loadConfig } from '../config/load';
import { buildPlan } from '../plan/build-plan';
import { specCells, type SpecCell } from '../access/spec-cells';
import { describeDisagreement, subjectAccessReviewSpec, unreachable, verifyCells, type ReviewAnswer } from '../access/verify';
import { AccessInputError } from '../access/dist-objects';
import { connectWithKubeconfig } from '../kube/kubeconfig-connection';
import { ApiError, UnreachableError } from '../kube/rest-client';
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
  const { api, server, context } = await connectWithKubeconfig(kubeconfig, contextName);
  const review = async (cell: SpecCell): Promise<ReviewAnswer> => {
    try {
      const body = { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: subjectAccessReviewSpec(cell.subject, cell.request) };
      const result = await api.send<{ status?: { allowed?: boolean; denied?: boolean; evaluationError?: string } }>('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', body);
      const status = result.status;
      if (status === undefined) throw new AccessInputError(`${server} answered a SubjectAccessReview without a status`);
      return { allowed: status.allowed === true && status.denied !== true, ...(status.evaluationError ? { reason: status.evaluationError } : {}) };
    } catch (e) {
      if (e instanceof ApiError) throw new AccessInputError(`${server} refused the SubjectAccessReview (HTTP ${e.status}): ${e.message.slice(0, 300)}`);
      if (e instanceof UnreachableError) throw unreachable(server, context, new Error(e.detail));
      throw e;
    }
  };
  return { review, server, context };
}
