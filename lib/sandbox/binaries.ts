import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { lastLines, SandboxError } from './sandbox-error';

/** The folder of the Go modules that pin what the sandbox runs (sandbox/go.mod, sandbox/kueue/go.mod). */
export const GO_MODULE_DIR = join(__dirname, '..', '..', 'sandbox');

export const BINARIES = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kubectl'] as const;
export type Binary = (typeof BINARIES)[number];

export interface PinnedVersions {
  /** k8s.io/kubernetes, e.g. v1.34.4. */
  readonly kubernetes: string;
  /** go.etcd.io/etcd/server/v3, the version k8s.io/apiserver requires. */
  readonly etcd: string;
  /** sigs.k8s.io/kueue, whose CRDs the sandbox installs. */
  readonly kueue: string;
}

function requiredVersion(goMod: string, module: string): string {
  const text = readFileSync(goMod, 'utf8');
  const match = new RegExp(`^\\s*(?:require\\s+)?${module.replace(/\./g, '\\.')}\\s+(v\\S+)`, 'm').exec(text);
  if (!match?.[1]) throw new SandboxError(`${goMod} does not require ${module}: run sandbox/pin.sh`);
  return match[1];
}

/** The versions sandbox/go.mod and sandbox/kueue/go.mod pin. */
export function pinnedVersions(dir = GO_MODULE_DIR): PinnedVersions {
  return {
    kubernetes: requiredVersion(join(dir, 'go.mod'), 'k8s.io/kubernetes'),
    etcd: requiredVersion(join(dir, 'go.mod'), 'go.etcd.io/etcd/server/v3'),
    kueue: requiredVersion(join(dir, 'kueue', 'go.mod'), 'sigs.k8s.io/kueue'),
  };
}

/** `$XDG_CACHE_HOME/coreweave-rbac`, else `~/.cache/coreweave-rbac`: outside every repository, shared by all. */
export function cacheRoot(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'coreweave-rbac');
}

/** Where the binaries of these versions are built once per machine. */
export function binaryCacheDir(versions: PinnedVersions): string {
  return join(cacheRoot(), `k8s-${versions.kubernetes}-etcd-${versions.etcd}`);
}

export type BinaryPaths = Readonly<Record<Binary, string>>;

function pathsIn(dir: string): BinaryPaths {
  return Object.fromEntries(BINARIES.map((b) => [b, join(dir, b)])) as Record<Binary, string>;
}

function missingIn(dir: string): Binary[] {
  return BINARIES.filter((b) => !existsSync(join(dir, b)));
}

/** The go command: on PATH, else Go's default install location. Undefined when there is none. */
export function findGo(): string | undefined {
  for (const candidate of ['go', '/usr/local/go/bin/go']) {
    const r = spawnSync(candidate, ['version'], { encoding: 'utf8' });
    if (r.status === 0) return candidate;
  }
  return undefined;
}

export const NO_GO =
  'Go is not installed: the sandbox builds kube-apiserver, kube-controller-manager, kubectl and etcd from the pinned Go modules. ' +
  'Install Go 1.24 or newer, or set KUBEBUILDER_ASSETS to a folder that holds those four binaries';

export interface EnsureOptions {
  /** Progress lines (the first build takes minutes). @default - stderr */
  readonly log?: (line: string) => void;
}

/**
 * The four binaries: from $KUBEBUILDER_ASSETS when set (envtest's convention), else from the per-version cache,
 * building them there first when they are not there yet.
 */
export async function ensureBinaries(options: EnsureOptions = {}): Promise<BinaryPaths> {
  const assets = process.env.KUBEBUILDER_ASSETS;
  if (assets) {
    const missing = missingIn(assets);
    if (missing.length > 0) throw new SandboxError(`KUBEBUILDER_ASSETS=${assets} lacks ${missing.join(', ')}`);
    return pathsIn(assets);
  }
  const versions = pinnedVersions();
  const dir = binaryCacheDir(versions);
  if (missingIn(dir).length === 0) return pathsIn(dir);
  const go = findGo();
  if (!go) throw new SandboxError(NO_GO);
  await withBuildLock(dir, async () => {
    if (missingIn(dir).length === 0) return; // another process built them while this one waited
    await buildInto(go, dir, versions, options.log ?? ((line) => process.stderr.write(`${line}\n`)));
  });
  return pathsIn(dir);
}

function releaseDate(go: string, module: string): string {
  const r = spawnSync(go, ['mod', 'download', '-json', module], { cwd: GO_MODULE_DIR, encoding: 'utf8' });
  const info = r.status === 0 ? (JSON.parse(r.stdout) as { Info?: string }).Info : undefined;
  const time = info && existsSync(info) ? (JSON.parse(readFileSync(info, 'utf8')) as { Time?: string }).Time : undefined;
  return time ?? '1970-01-01T00:00:00Z';
}

/** The -ldflags that make /version and `kubectl version` report the pinned release, as Kubernetes' own build does. */
export function versionLdflags(kubernetes: string, buildDate: string): string {
  const [major = '', minor = ''] = kubernetes.replace(/^v/, '').split('.');
  const pkg = 'k8s.io/component-base/version';
  return [`-X ${pkg}.gitVersion=${kubernetes}`, `-X ${pkg}.gitMajor=${major}`, `-X ${pkg}.gitMinor=${minor}`, `-X ${pkg}.gitTreeState=clean`, `-X ${pkg}.buildDate=${buildDate}`].join(' ');
}

async function buildInto(go: string, dir: string, versions: PinnedVersions, log: (line: string) => void): Promise<void> {
  const staging = `${dir}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const logFile = join(staging, 'build.log');
  log(`sandbox: building Kubernetes ${versions.kubernetes} and etcd ${versions.etcd} into ${dir} (once per machine: about 10 minutes on 2 cores)`);
  const started = Date.now();
  const env = { ...process.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOFLAGS: '-mod=readonly -buildvcs=false' };
  const ldflags = `-s -w ${versionLdflags(versions.kubernetes, releaseDate(go, 'k8s.io/kubernetes'))}`;
  const builds: [string, string[]][] = [
    ['etcd', ['build', '-trimpath', '-ldflags', '-s -w', '-o', join(staging, 'etcd'), 'go.etcd.io/etcd/server/v3']],
    [
      'kube-apiserver, kube-controller-manager, kubectl',
      ['build', '-trimpath', '-ldflags', ldflags, '-o', `${staging}/`, 'k8s.io/kubernetes/cmd/kube-apiserver', 'k8s.io/kubernetes/cmd/kube-controller-manager', 'k8s.io/kubernetes/cmd/kubectl'],
    ],
  ];
  for (const [what, args] of builds) {
    const code = await runLogged(go, args, { cwd: GO_MODULE_DIR, env }, logFile);
    if (code !== 0) {
      const tail = lastLines(logFile, 15);
      rmSync(staging, { recursive: true, force: true });
      throw new SandboxError(`go build of ${what} failed (exit ${code}):\n${tail}`);
    }
  }
  rmSync(logFile, { force: true });
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  log(`sandbox: built in ${Math.round((Date.now() - started) / 1000)} s`);
}

function runLogged(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }, logFile: string): Promise<number> {
  const fd = openSync(logFile, 'a');
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', fd, fd] });
    const stop = () => child.kill('SIGTERM');
    process.once('exit', stop);
    child.on('close', (code) => {
      process.removeListener('exit', stop);
      closeSync(fd);
      resolve(code ?? 1);
    });
  });
}

/** One build per cache folder at a time, across processes: a folder made atomically, holding the builder's pid. */
async function withBuildLock(dir: string, body: () => Promise<void>): Promise<void> {
  const lock = `${dir}.lock`;
  mkdirSync(join(dir, '..'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const holder = readdirSync(lock)[0];
      if (holder === undefined || !isAlive(Number(holder))) {
        rmSync(lock, { recursive: true, force: true }); // left by a build that was killed
        continue;
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  mkdirSync(join(lock, String(process.pid)));
  try {
    await body();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
