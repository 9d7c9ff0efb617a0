import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureBinaries } from '../../lib/sandbox/binaries';
import { startControlPlane, stopControlPlane, type SandboxState } from '../../lib/sandbox/control-plane';
import { SandboxError } from '../../lib/sandbox/sandbox-error';
import { tokenUsers } from '../../lib/sandbox/sandbox';
import { fixture, orgOfText } from '../helpers/org';

/** What the cluster tests get: the running control plane, or why there is none. */
export type ClusterContext = { readonly state: SandboxState; readonly dir: string } | { readonly skipped: string };

declare module 'vitest' {
  export interface ProvidedContext {
    cluster: ClusterContext;
  }
}

/**
 * One control plane for the whole run, started by the sandbox's own code with the audit policy of the cluster
 * fixture org (test/fixtures/cluster) and static tokens for the user tokens of it and of the example org. Without Go (and without KUBEBUILDER_ASSETS) the cluster tests skip on a
 * laptop, saying how to enable them once; in CI that is a failure.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  let binaries;
  try {
    binaries = await ensureBinaries({ log: (line) => process.stderr.write(`${line}\n`) });
  } catch (e) {
    if (!(e instanceof SandboxError) || process.env.CI === 'true') throw e;
    const skipped = `cluster tests skipped: ${e.message}`;
    process.stderr.write(`${skipped}\n`);
    project.provide('cluster', { skipped });
    return undefined;
  }
  const [cluster, example] = ['cluster', 'example'].map((name) => orgOfText(readFileSync(fixture(name), 'utf8')));
  const dir = mkdtempSync(join(tmpdir(), 'cw-rbac-cluster-'));
  const users = [...tokenUsers(cluster.plan), ...tokenUsers(example.plan)];
  const state = await startControlPlane({ dir, binaries, auditPolicy: cluster.auditPolicy, users });
  project.provide('cluster', { state, dir });
  return async () => {
    await stopControlPlane(dir);
    rmSync(dir, { recursive: true, force: true });
  };
}
