import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { objectsOfTexts } from '../access/dist-objects';
import { readTeamsBytes } from '../config/load';
import { synthesize, type Synthesis } from '../synth/synthesize';
import { AUDIT_POLICY_FILE } from '../audit/audit-policy';
import type { Plan } from '../plan/types';
import { staleDist } from '../synth/write-dist';
import { applyObjects, type ApplyResult } from './apply';
import { ensureBinaries, type BinaryPaths } from './binaries';
import { COMPONENTS, forgetState, kubeconfigText, readState, sandboxClient, runningComponents, startControlPlane, stopControlPlane, type Component, type SandboxState } from './control-plane';
import { ApiError, objectRef, type KubeObject, type RestClient } from '../kube/rest-client';
import { kueueCrdTexts } from './kueue-crds';
import { SandboxError } from './sandbox-error';

export const DEFAULT_DIR = '.sandbox';

/** What the sandbox applies: the org of teams.yaml, as dist/ has it. */
export interface Org {
  readonly plan: Plan;
  readonly objects: readonly KubeObject[];
  readonly auditPolicy: string;
}

export interface OrgOptions {
  readonly teamsFile: string;
  readonly distDir: string;
  readonly now: Date;
}

/**
 * teams.yaml validated (a ConfigError for bad input) and dist/ checked to be exactly what synth writes for it:
 * the sandbox applies dist/, as Flux would, and a stale dist/ would test something nobody reviewed.
 */
export function readOrg(options: OrgOptions): Org {
  const outputs = synthesize(readTeamsBytes(options.teamsFile), { now: options.now, file: options.teamsFile });
  if (!existsSync(options.distDir)) throw new SandboxError(`${options.distDir}/ does not exist: run \`npx cdk8s synth\` first`);
  const stale = staleDist(options.distDir, outputs.dist);
  if (stale !== undefined) throw new SandboxError(`${options.distDir}/ is not what ${options.teamsFile} gives (${stale}): run \`npx cdk8s synth\` first`);
  return orgOfOutputs(outputs);
}

/** The org a synthesis describes: its plan, the objects of dist/ and the audit policy. */
export function orgOfOutputs(outputs: Pick<Synthesis, 'plan' | 'dist' | 'files'>): Org {
  return { plan: outputs.plan, objects: objectsOfTexts(outputs.dist) as KubeObject[], auditPolicy: outputs.files.get(AUDIT_POLICY_FILE) ?? '' };
}

/** A token of teams.yaml and the kubeconfig context it gets. */
export interface TokenContext {
  readonly context: string;
  readonly namespace: string;
  readonly subject: { readonly kind: 'User'; readonly name: string } | { readonly kind: 'ServiceAccount'; readonly name: string; readonly namespace: string };
}

export function tokenContexts(plan: Plan): TokenContext[] {
  return plan.teams.flatMap((team) => team.tokens.map((t) => ({ context: `token-${team.name}-${t.name}`, namespace: team.namespace, subject: t.subject })));
}

/** The users of the org's `user:` tokens, each once: the API server's static tokens. */
export function tokenUsers(plan: Plan): string[] {
  return [...new Set(tokenContexts(plan).flatMap((t) => (t.subject.kind === 'User' ? [t.subject.name] : [])))].sort();
}

export interface UpResult {
  readonly state: SandboxState;
  readonly applied: ApplyResult;
  readonly kubeconfig: string;
  /** Contexts that could not be made (a token whose ServiceAccount is missing), with why. */
  readonly missingContexts: readonly string[];
}

export interface UpOptions {
  readonly dir: string;
  readonly org: Org;
  /** @default - ensureBinaries() */
  readonly binaries?: BinaryPaths;
  readonly apiServerPort?: number;
  readonly log?: (line: string) => void;
}

/** Start the control plane for an org, install Kueue's CRDs when it uses Kueue, apply it, and write DIR/kubeconfig. */
export async function sandboxUp(options: UpOptions): Promise<UpResult> {
  const { dir, org } = options;
  const log = options.log ?? (() => undefined);
  const binaries = options.binaries ?? (await ensureBinaries({ log }));
  mkdirSync(dir, { recursive: true });
  log(`sandbox: starting ${COMPONENTS.join(', ')} in ${dir}/`);
  const state = await startControlPlane({ dir, binaries, auditPolicy: org.auditPolicy, users: tokenUsers(org.plan), ...(options.apiServerPort !== undefined ? { apiServerPort: options.apiServerPort } : {}) });
  try {
    const applied = await applyOrg(state, org);
    const { kubeconfig, missingContexts } = await writeKubeconfig(dir, state, org.plan);
    return { state, applied, kubeconfig, missingContexts };
  } catch (e) {
    await stopControlPlane(dir);
    throw e;
  }
}

/** Apply an org to a running sandbox (Kueue's CRDs first when it uses Kueue). Refused objects make it fail. */
export async function applyOrg(state: SandboxState, org: Org): Promise<ApplyResult> {
  const api = sandboxClient(state);
  try {
    if (org.objects.some((o) => o.apiVersion?.startsWith('kueue.x-k8s.io/'))) await installKueueCrds(api);
    const result = await applyObjects(api, org.objects);
    if (result.errors.length > 0) throw new SandboxError(`the API server refused ${result.errors.length} object(s) of dist/:\n${result.errors.map((e) => `  ${e}`).join('\n')}`);
    return result;
  } finally {
    api.close();
  }
}

/** Kueue's CRDs of the pinned release, applied and established. */
export async function installKueueCrds(api: RestClient): Promise<void> {
  const crds = objectsOfTexts(new Map(kueueCrdTexts().map((t, i) => [String(i).padStart(3, '0'), t]))) as KubeObject[];
  const result = await applyObjects(api, crds, { prune: false });
  if (result.errors.length > 0) throw new SandboxError(`Kueue's CRDs were refused:\n${result.errors.map((e) => `  ${e}`).join('\n')}`);
  const deadline = Date.now() + 30_000;
  for (const crd of crds) {
    for (;;) {
      const live = await api.get<{ status?: { conditions?: { type: string; status: string }[] } }>({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: crd.metadata.name } });
      if (live.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) break;
      if (Date.now() > deadline) throw new SandboxError(`${objectRef(crd)} was not established after 30 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/**
 * DIR/kubeconfig: context `admin` (current, system:masters) and `token-<team>-<token>` for every token: user tokens
 * with their static token, ServiceAccount tokens with a token from the TokenRequest API.
 */
export async function writeKubeconfig(dir: string, state: SandboxState, plan: Plan): Promise<{ kubeconfig: string; missingContexts: string[] }> {
  const api = sandboxClient(state);
  const users: { name: string; token: string }[] = [{ name: 'admin', token: state.adminToken }];
  const missingContexts: string[] = [];
  for (const t of tokenContexts(plan)) {
    if (t.subject.kind === 'User') {
      const name = t.subject.name;
      const token = state.userTokens.find((u) => u.user === name)?.token;
      if (token) users.push({ name: t.context, token });
      else missingContexts.push(`${t.context}: user ${name} is new since \`sandbox up\`, and the API server reads its tokens when it starts: run \`sandbox down\` and \`sandbox up\``);
      continue;
    }
    try {
      const path = `/api/v1/namespaces/${t.subject.namespace}/serviceaccounts/${t.subject.name}/token`;
      const answer = await api.send<{ status?: { token?: string } }>('POST', path, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 7 * 24 * 3600 } });
      if (answer.status?.token) users.push({ name: t.context, token: answer.status.token });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      missingContexts.push(`${t.context}: no token for ServiceAccount ${t.subject.namespace}/${t.subject.name}: ${e.message}`);
    }
  }
  api.close();
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, kubeconfigText(state, users, 'admin'), { mode: 0o600 });
  return { kubeconfig, missingContexts };
}

export type Status = { running: 'all'; state: SandboxState } | { running: 'none' } | { running: 'some'; components: Component[] };

export function sandboxStatus(dir: string): Status {
  const running = runningComponents(dir);
  const state = readState(dir);
  if (running.length === COMPONENTS.length && state) return { running: 'all', state };
  return running.length === 0 ? { running: 'none' } : { running: 'some', components: running };
}

/** Stop what DIR's `up` started and remove the rest of that cluster (its data, keys, tokens, kubeconfig); the logs and the audit log stay. */
export async function sandboxDown(dir: string): Promise<Component[]> {
  const stopped = await stopControlPlane(dir);
  forgetState(dir);
  for (const entry of ['kubeconfig', 'etcd', 'pki', 'tokens.csv', 'controller-manager.kubeconfig', 'audit-policy.yaml']) rmSync(join(dir, entry), { recursive: true, force: true });
  return stopped;
}
