import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/example';

// What a platform team that installs the tool from its package (rather than forking the repository) runs.
const project = mkdtempSync(join(tmpdir(), 'installed-'));
const env = { ...process.env, CDK8S_CHECK_UPGRADE: 'false', COREWEAVE_RBAC_NOW: '2026-11-23', npm_config_audit: 'false', npm_config_fund: 'false' };

function run(command: string, args: readonly string[], cwd = project): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 240_000 });
}

function succeed(command: string, args: readonly string[], cwd = project): string {
  const r = run(command, args, cwd);
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

beforeAll(() => {
  // npm pack runs prepare, which compiles build/: the tarball is what `npm publish` would upload
  const tarball = succeed('npm', ['pack', '--silent', '--pack-destination', project], ROOT).trim().split('\n').at(-1) ?? '';
  writeFileSync(join(project, 'package.json'), '{ "name": "our-gpu-cluster", "private": true }\n');
  succeed('npm', ['install', '--prefer-offline', join(project, tarball)]);
  copyFileSync(join(ROOT, 'test', 'fixtures', 'example', 'teams.yaml'), join(project, 'teams.yaml'));
}, 600_000);

describe('the package installed from `npm pack` in another project', () => {
  it('npx coreweave-rbac synth writes what the repository writes for the same teams.yaml', () => {
    expect(run('npx', ['coreweave-rbac', 'synth']).status).toBe(0);
    const golden = join(ROOT, '__snapshots__', 'example');
    for (const file of readdirSync(join(project, 'dist'))) {
      expect(readFileSync(join(project, 'dist', file), 'utf8'), file).toBe(readFileSync(join(golden, file), 'utf8'));
    }
  });

  it('npx coreweave-rbac can-i answers from that dist/, with kubectl exit codes', () => {
    expect(run('npx', ['coreweave-rbac', 'synth']).status).toBe(0);
    expect(run('npx', ['coreweave-rbac', 'can-i', 'create', 'pods', '-n', 'research', '--as-group', 'research-ml'])).toMatchObject({ status: 0, stdout: 'yes\n' });
    expect(run('npx', ['coreweave-rbac', 'can-i', 'get', 'secrets', '-n', 'research', '--as-group', 'research-ml'])).toMatchObject({ status: 1, stdout: 'no\n' });
  });

  it('npx coreweave-rbac --help lists the commands', () => {
    const r = run('npx', ['coreweave-rbac', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('  can-i ');
  });
});
