import { spawnSync } from 'node:child_process';
import { describe, inject } from 'vitest';
import type { AccessRequest, Subject } from '../../lib/access/evaluator';
import { subjectAccessReviewSpec } from '../../lib/access/verify';
import type { ApplyResult } from '../../lib/sandbox/apply';
import { sandboxClient, type SandboxState } from '../../lib/sandbox/control-plane';
import { applyOrg, type Org } from '../../lib/sandbox/sandbox';

/** The control plane the global setup started (test/cluster/global-setup.ts). */
export function clusterState(): SandboxState {
  const c = inject('cluster');
  if ('skipped' in c) throw new Error(c.skipped);
  return c.state;
}

/** describe() for tests that need the real control plane: skipped, with the reason, where there is none. */
export function describeCluster(name: string, body: () => void): void {
  const c = inject('cluster');
  if ('skipped' in c) describe.skip(`${name} (${c.skipped})`, body);
  else describe(name, body);
}

/** Apply an org to the shared control plane as `sandbox apply` does: objects of earlier orgs are pruned. */
export function applyTestOrg(org: Org): Promise<ApplyResult> {
  return applyOrg(clusterState(), org);
}

export interface KubectlResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The sandbox's kubectl, as the admin unless a token is given, with `--as`/`--as-group` left to args. */
export function kubectl(args: readonly string[], options: { token?: string; input?: string } = {}): KubectlResult {
  const state = clusterState();
  const r = spawnSync(state.kubectl, [`--server=${state.server}`, `--certificate-authority=${state.caFile}`, `--token=${options.token ?? state.adminToken}`, ...args], {
    encoding: 'utf8',
    input: options.input,
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The static token of a user of the example org's tokens (the global setup registered them). */
export function userToken(user: string): string {
  const found = clusterState().userTokens.find((t) => t.user === user);
  if (!found) throw new Error(`the test control plane has no static token for ${user}`);
  return found.token;
}

/** A SubjectAccessReview client: what the real RBAC authorizer answers for a subject and a request. */
export function reviewer(): (subject: Subject, request: AccessRequest) => Promise<boolean> {
  const api = sandboxClient(clusterState());
  return async (subject, request) => {
    const body = { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: subjectAccessReviewSpec(subject, request) };
    const answer = await api.send<{ status?: { allowed?: boolean; denied?: boolean } }>('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', body);
    return answer.status?.allowed === true && answer.status.denied !== true;
  };
}

/** Poll until check() holds (the controller-manager works asynchronously), or fail with what was last seen. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
