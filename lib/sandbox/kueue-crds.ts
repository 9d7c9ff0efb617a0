import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot, findGo, GO_MODULE_DIR, pinnedVersions } from './binaries';
import { SandboxError } from './sandbox-error';

const CRD_BASES = join('config', 'components', 'crd', 'bases');

/**
 * The folder of Kueue's own CRDs at the pinned version: the `sigs.k8s.io/kueue` module's config/components/crd/bases,
 * fetched through the Go module proxy (go.sum checks its content) and kept in the cache beside the binaries.
 */
export function kueueCrdDir(): string {
  const { kueue } = pinnedVersions();
  const dir = join(cacheRoot(), `kueue-${kueue}`, 'crds');
  if (existsSync(dir)) return dir;
  const go = findGo();
  if (!go) throw new SandboxError(`Kueue's CRDs come from the sigs.k8s.io/kueue ${kueue} Go module, and Go is not installed`);
  const r = spawnSync(go, ['mod', 'download', '-json', 'sigs.k8s.io/kueue'], { cwd: join(GO_MODULE_DIR, 'kueue'), encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } });
  const module = r.status === 0 ? (JSON.parse(r.stdout) as { Dir?: string }).Dir : undefined;
  if (!module || !existsSync(join(module, CRD_BASES))) {
    throw new SandboxError(`cannot fetch sigs.k8s.io/kueue ${kueue}: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`);
  }
  const staging = `${dir}.${process.pid}`;
  mkdirSync(staging, { recursive: true });
  cpSync(join(module, CRD_BASES), staging, { recursive: true });
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return dir;
}

/** Kueue's CRD objects, parsed. */
export function kueueCrdTexts(): string[] {
  const dir = kueueCrdDir();
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}
