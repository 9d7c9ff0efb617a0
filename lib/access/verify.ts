import { effectiveGroups, type AccessRequest, type Subject } from './evaluator';
import { AccessInputError } from './dist-objects';
import { describeRequest } from './request-syntax';
import type { SpecCell } from './spec-cells';

/** The spec of an authorization.k8s.io/v1 SubjectAccessReview asking whether a subject may make a request. */
export function subjectAccessReviewSpec(subject: Subject, r: AccessRequest) {
  const groups = effectiveGroups(subject);
  const who = { ...(subject.user !== undefined ? { user: subject.user } : {}), groups };
  if (r.resource === undefined) return { ...who, nonResourceAttributes: { path: r.path ?? '', verb: r.verb } };
  return {
    ...who,
    resourceAttributes: {
      verb: r.verb,
      group: r.apiGroup ?? '',
      resource: r.resource,
      ...(r.subresource ? { subresource: r.subresource } : {}),
      ...(r.name ? { name: r.name } : {}),
      ...(r.namespace ? { namespace: r.namespace } : {}),
    },
  };
}

export interface Disagreement {
  readonly cell: SpecCell;
  readonly cluster: boolean;
  /** status.reason / evaluationError from the cluster, when given. */
  readonly reason?: string;
}

/** What the cluster said about one cell. */
export interface ReviewAnswer {
  readonly allowed: boolean;
  readonly reason?: string;
}

/**
 * Ask the cluster about every cell, `concurrency` at a time, and return the cells where it disagrees with the plan.
 * The first error (unreachable cluster, a refused review) stops everything: it would be the same for every cell.
 */
export async function verifyCells(cells: readonly SpecCell[], review: (cell: SpecCell) => Promise<ReviewAnswer>, concurrency = 16): Promise<Disagreement[]> {
  const answers: (ReviewAnswer | undefined)[] = new Array(cells.length);
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && next < cells.length) {
      const i = next++;
      try {
        answers[i] = await review(cells[i] as SpecCell);
      } catch (e) {
        failure ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, cells.length) }, worker));
  if (failure !== undefined) throw failure;
  return cells.flatMap((cell, i) => {
    const answer = answers[i] as ReviewAnswer;
    return answer.allowed === cell.expected ? [] : [{ cell, cluster: answer.allowed, ...(answer.reason ? { reason: answer.reason } : {}) }];
  });
}

/** `oidc:research-ml may create pods/exec in research: the plan says yes, the cluster says no (mlEngineer in research)`. */
export function describeDisagreement(d: Disagreement): string {
  const where = d.cell.request.namespace ? `in ${d.cell.request.namespace}` : 'cluster-wide';
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  const reason = d.reason ? `; cluster: ${d.reason}` : '';
  return `${d.cell.who} may ${describeRequest(d.cell.request)} ${where}: the plan says ${yes(d.cell.expected)}, the cluster says ${yes(d.cluster)} (${d.cell.because}${reason})`;
}

/** A connection error in words: what was tried and what happened. */
export function unreachable(server: string, context: string, error: unknown): AccessInputError {
  const e = error as { code?: string; cause?: { code?: string; message?: string }; message?: string };
  const detail = e.cause?.message ?? e.message ?? String(error);
  return new AccessInputError(`cannot reach the cluster at ${server} (context ${context}): ${detail}`);
}
