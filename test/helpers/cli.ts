import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLE_DIST, EXAMPLE_TEAMS, ROOT } from './example';

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run `lib/cli/index.ts COMMAND ...args` as `npm run COMMAND` would, in `cwd`. */
export function runCli(cwd: string, command: string, args: readonly string[] = [], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, ['-r', require.resolve('tsx/cjs'), join(ROOT, 'lib/cli/index.ts'), command, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, COREWEAVE_RBAC_NOW: '2026-11-23', ...env },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temp directory holding a copy of the example teams.yaml (and the schema it names). */
export function exampleWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cw-rbac-'));
  cpSync(EXAMPLE_TEAMS, join(dir, 'teams.yaml'));
  cpSync(join(ROOT, 'teams.schema.json'), join(dir, 'teams.schema.json'));
  return dir;
}

/**
 * A temp cdk8s project: this repository's cdk8s.yaml and main.ts, links to its code and node_modules, the example
 * teams.yaml and its golden dist/ (timestamps kept), so that the real `cdk8s synth` runs as in a checkout.
 */
export function cdk8sProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cw-rbac-cdk8s-'));
  for (const file of ['cdk8s.yaml', 'main.ts']) cpSync(join(ROOT, file), join(dir, file));
  for (const link of ['bin', 'lib', 'constructs', 'node_modules', 'package.json', 'tsconfig.json', 'teams.schema.json']) {
    symlinkSync(join(ROOT, link), join(dir, link));
  }
  cpSync(EXAMPLE_TEAMS, join(dir, 'teams.yaml'));
  cpSync(EXAMPLE_DIST, join(dir, 'dist'), { recursive: true, preserveTimestamps: true });
  return dir;
}

/** Run the real `cdk8s synth` (the CLI of node_modules) in `cwd`. */
export function runCdk8sSynth(cwd: string): CliResult {
  const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', COREWEAVE_RBAC_NOW: '2026-11-23' },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
