import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './example';

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

/** A temp directory holding a copy of the example teams.yaml and its committed dist/. */
export function exampleWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cw-rbac-'));
  cpSync(join(ROOT, 'teams.yaml'), join(dir, 'teams.yaml'));
  cpSync(join(ROOT, 'teams.schema.json'), join(dir, 'teams.schema.json'));
  return dir;
}
