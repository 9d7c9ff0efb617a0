import { spawn } from 'node:child_process';
import { randomBytes, generateKeyPairSync } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import { RestClient } from '../kube/rest-client';
import type { BinaryPaths } from './binaries';
import { isAlive } from './binaries';
import { lastLines, SandboxError } from './sandbox-error';

/** The processes of a sandbox, in start order (stopped in reverse). */
export const COMPONENTS = ['etcd', 'kube-apiserver', 'kube-controller-manager'] as const;
export type Component = (typeof COMPONENTS)[number];

/**
 * The controllers that matter on a cluster without nodes: quota usage (a ResourceQuota without status enforces
 * nothing), namespace deletion, garbage collection, ClusterRole aggregation, ServiceAccounts and their tokens.
 */
export const CONTROLLERS = [
  'resourcequota-controller',
  'namespace-controller',
  'garbage-collector-controller',
  'clusterrole-aggregation-controller',
  'serviceaccount-controller',
  'serviceaccount-token-controller',
  'root-ca-certificate-publisher-controller',
];

/** A static token a user authenticates with (kube-apiserver --token-auth-file). */
export interface StaticToken {
  readonly token: string;
  readonly user: string;
  readonly groups?: readonly string[];
}

/** What `up` records in DIR/sandbox.json: enough for `apply`, `down`, the kubeconfig and the tests. */
export interface SandboxState {
  readonly server: string;
  readonly caFile: string;
  readonly adminToken: string;
  readonly auditLog: string;
  readonly ports: Readonly<Record<'etcd' | 'etcdPeer' | 'apiServer' | 'controllerManager', number>>;
  readonly userTokens: readonly StaticToken[];
  readonly kubectl: string;
}

export interface StartOptions {
  readonly dir: string;
  readonly binaries: BinaryPaths;
  /** The audit policy the API server runs with (audit/audit-policy.yaml). */
  readonly auditPolicy: string;
  /** Users of `user:` tokens: each gets a static token. */
  readonly users: readonly string[];
  /** The API server's port on 127.0.0.1. @default - a free port */
  readonly apiServerPort?: number;
  /** How long a component may take to become ready. @default 60 s */
  readonly timeoutMs?: number;
}

export const STATE_FILE = 'sandbox.json';
const pidFile = (dir: string, c: Component) => join(dir, `${c}.pid`);
export const logFile = (dir: string, c: Component) => join(dir, 'logs', `${c}.log`);

export function readState(dir: string): SandboxState | undefined {
  const file = join(dir, STATE_FILE);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SandboxState;
  } catch {
    return undefined;
  }
}

/** The components of DIR whose recorded process still runs the binary that was started. */
export function runningComponents(dir: string): Component[] {
  return COMPONENTS.filter((c) => recordedPid(dir, c) !== undefined);
}

function recordedPid(dir: string, component: Component): number | undefined {
  const file = pidFile(dir, component);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!isAlive(pid)) return undefined;
  // a pid can be reused after a reboot or a crash: only a process of the recorded binary is ours
  try {
    const argv0 = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    return argv0.endsWith(`/${component}`) ? pid : undefined;
  } catch {
    return pid; // no /proc: trust the pid file
  }
}

/** Stop every process DIR recorded (SIGTERM, then SIGKILL after 10 s), and forget them. Returns what was running. */
export async function stopControlPlane(dir: string): Promise<Component[]> {
  const running = COMPONENTS.flatMap((c) => {
    const pid = recordedPid(dir, c);
    return pid === undefined ? [] : [{ component: c, pid }];
  });
  // the API server and the controller-manager first, together; etcd, which they write to, last
  await Promise.all(running.filter((r) => r.component !== 'etcd').map((r) => terminate(r.pid)));
  await Promise.all(running.filter((r) => r.component === 'etcd').map((r) => terminate(r.pid)));
  for (const component of COMPONENTS) rmSync(pidFile(dir, component), { force: true });
  return running.map((r) => r.component);
}

async function terminate(pid: number): Promise<void> {
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) signal(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(50);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A port on 127.0.0.1 nothing listens on now; several at once are distinct. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => listen(0)));
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

function listen(port: number): Promise<ReturnType<typeof createServer>> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

export async function checkPortFree(port: number): Promise<void> {
  try {
    const server = await listen(port);
    await new Promise((r) => server.close(r));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SandboxError(code === 'EADDRINUSE' ? `port ${port} on 127.0.0.1 is taken by another process: choose another --port, or leave it out for a free one` : `cannot listen on 127.0.0.1:${port}: ${(e as Error).message}`);
  }
}

/**
 * Start etcd, kube-apiserver and kube-controller-manager on 127.0.0.1 in DIR, wait until each is ready, and leave
 * them running. On any failure, stop what was started and throw a SandboxError with the failing component's log.
 */
export async function startControlPlane(options: StartOptions): Promise<SandboxState> {
  const { binaries } = options;
  // the processes outlive this one: they get absolute paths; messages keep the folder as the user named it
  const dir = resolve(options.dir);
  if (options.apiServerPort !== undefined) await checkPortFree(options.apiServerPort);
  // a fresh cluster every time: nothing of an earlier one is kept
  for (const sub of ['etcd', 'pki', 'logs', 'audit']) rmSync(join(dir, sub), { recursive: true, force: true });
  for (const sub of ['pki', 'logs', 'audit']) mkdirSync(join(dir, sub), { recursive: true });
  const [etcdPort, etcdPeer, free, kcmPort] = await freePorts(4);
  const ports = { etcd: etcdPort as number, etcdPeer: etcdPeer as number, apiServer: options.apiServerPort ?? (free as number), controllerManager: kcmPort as number };
  const pki = join(dir, 'pki');
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  writeFileSync(join(pki, 'sa.key'), privateKey, { mode: 0o600 });
  writeFileSync(join(pki, 'sa.pub'), publicKey);
  writeFileSync(join(dir, 'audit-policy.yaml'), options.auditPolicy);
  const newToken = () => randomBytes(24).toString('hex');
  const admin: StaticToken = { token: newToken(), user: 'admin', groups: ['system:masters'] };
  const controllerManager: StaticToken = { token: newToken(), user: 'system:kube-controller-manager', groups: ['system:masters'] };
  const userTokens = options.users.map((user): StaticToken => ({ token: newToken(), user }));
  writeFileSync(join(dir, 'tokens.csv'), [admin, controllerManager, ...userTokens].map(tokenFileLine).join(''), { mode: 0o600 });
  const server = `https://127.0.0.1:${ports.apiServer}`;
  const caFile = join(pki, 'apiserver.crt');
  const kcmKubeconfig = join(dir, 'controller-manager.kubeconfig');
  const state: SandboxState = { server, caFile, adminToken: admin.token, auditLog: join(dir, 'audit', 'audit.log'), ports, userTokens, kubectl: binaries.kubectl };
  const timeout = options.timeoutMs ?? 60_000;
  try {
    launch(dir, 'etcd', binaries.etcd, [
      '--name=sandbox',
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${ports.etcd}`,
      `--advertise-client-urls=http://127.0.0.1:${ports.etcd}`,
      `--listen-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
      `--initial-cluster=sandbox=http://127.0.0.1:${ports.etcdPeer}`,
      '--unsafe-no-fsync', // a disposable cluster: speed over durability
    ]);
    await waitReady(dir, 'etcd', timeout, () => probe(`http://127.0.0.1:${ports.etcd}/health`));
    launch(dir, 'kube-apiserver', binaries['kube-apiserver'], [
      `--etcd-servers=http://127.0.0.1:${ports.etcd}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${ports.apiServer}`,
      `--cert-dir=${pki}`,
      '--authorization-mode=RBAC',
      `--token-auth-file=${join(dir, 'tokens.csv')}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${join(pki, 'sa.pub')}`,
      `--service-account-signing-key-file=${join(pki, 'sa.key')}`,
      '--service-cluster-ip-range=10.96.0.0/16',
      // no Endpoints for the kubernetes Service: they may not point at a loopback address
      '--endpoint-reconciler-type=none',
      // privileged pods are the Pod Security admission's to refuse, as on a real cluster
      '--allow-privileged=true',
      `--audit-policy-file=${join(dir, 'audit-policy.yaml')}`,
      `--audit-log-path=${state.auditLog}`,
      '--audit-log-format=json',
      '--audit-log-mode=blocking',
    ]);
    await waitReady(dir, 'kube-apiserver', timeout, () => probe(`${server}/readyz`, admin.token));
    writeFileSync(kcmKubeconfig, kubeconfigText(state, [{ name: 'controller-manager', token: controllerManager.token }], 'controller-manager'), { mode: 0o600 });
    launch(dir, 'kube-controller-manager', binaries['kube-controller-manager'], [
      `--kubeconfig=${kcmKubeconfig}`,
      `--authentication-kubeconfig=${kcmKubeconfig}`,
      `--authorization-kubeconfig=${kcmKubeconfig}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${ports.controllerManager}`,
      '--leader-elect=false',
      `--controllers=${CONTROLLERS.join(',')}`,
      `--service-account-private-key-file=${join(pki, 'sa.key')}`,
      `--root-ca-file=${caFile}`,
      '--use-service-account-credentials=false',
    ]);
    await waitReady(dir, 'kube-controller-manager', timeout, () => probe(`https://127.0.0.1:${ports.controllerManager}/healthz`));
  } catch (e) {
    await stopControlPlane(dir);
    throw e;
  }
  writeFileSync(join(dir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  return state;
}

function tokenFileLine(t: StaticToken): string {
  const groups = t.groups && t.groups.length > 0 ? `,"${t.groups.join(',')}"` : '';
  return `${t.token},${t.user},${t.user}${groups}\n`;
}

/** Start a component in its own process group, logging to DIR/logs, and record its pid at once (a killed `up` can be cleaned up). */
function launch(dir: string, component: Component, binary: string, args: string[]): void {
  const fd = openSync(logFile(dir, component), 'a');
  const child = spawn(binary, args, { detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  if (child.pid === undefined) throw new SandboxError(`cannot start ${binary}`);
  writeFileSync(pidFile(dir, component), `${child.pid}\n`);
  child.unref();
}

/** A path as the user would type it: relative to the working directory when inside it. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

async function waitReady(dir: string, component: Component, timeoutMs: number, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pid = Number(readFileSync(pidFile(dir, component), 'utf8').trim());
  for (;;) {
    if (hasExited(pid)) {
      throw new SandboxError(`${component} exited while starting; the end of ${shown(logFile(dir, component))}:\n${lastLines(logFile(dir, component), 12)}`);
    }
    if (await ready()) return;
    if (Date.now() > deadline) {
      throw new SandboxError(`${component} was not ready after ${timeoutMs / 1000} s; the end of ${shown(logFile(dir, component))}:\n${lastLines(logFile(dir, component), 12)}`);
    }
    await sleep(200);
  }
}

/**
 * Whether a process this run started has ended (gone, or a zombie not yet reaped). Not recordedPid's check of the
 * binary's name: a component that is a script runs as its interpreter until it exits, and would count as gone
 * before it had written its last words to its log.
 */
function hasExited(pid: number): boolean {
  if (!existsSync('/proc/self/stat')) return !isAlive(pid);
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return true;
  }
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state === 'Z' || state === 'X';
}

/** GET url; true on HTTP 200. TLS is not verified here: the probe only asks whether the process answers. */
function probe(url: string, token?: string): Promise<boolean> {
  const get = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = get(url, { method: 'GET', rejectUnauthorized: false, timeout: 2000, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

export interface KubeconfigUser {
  readonly name: string;
  readonly token: string;
}

/** A kubeconfig for the sandbox's API server: one context per user, named like the user. */
export function kubeconfigText(state: SandboxState, users: readonly KubeconfigUser[], current: string): string {
  const ca = readFileSync(state.caFile).toString('base64');
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': current,
    clusters: [{ name: 'sandbox', cluster: { server: state.server, 'certificate-authority-data': ca } }],
    contexts: users.map((u) => ({ name: u.name, context: { cluster: 'sandbox', user: u.name } })),
    users: users.map((u) => ({ name: u.name, user: { token: u.token } })),
  });
}

/** A REST client of the sandbox's API server, as the admin unless a token is given. */
export function sandboxClient(state: SandboxState, token = state.adminToken): RestClient {
  return RestClient.withToken(state.server, state.caFile, token);
}

/** Remove DIR's record of a sandbox (after `down`): the state file; logs and the audit log stay for reading. */
export function forgetState(dir: string): void {
  if (existsSync(join(dir, STATE_FILE))) unlinkSync(join(dir, STATE_FILE));
}
