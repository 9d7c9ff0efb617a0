import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/example';

/** A repository with bin/run.js, a TypeScript main.ts and lib/, and build/ compiled from them a minute after they were written. */
function workspace(options: { tsx?: boolean } = {}): { dir: string; run: () => string; age: (path: string, seconds: number) => void } {
  const dir = mkdtempSync(join(tmpdir(), 'launcher-'));
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(ROOT, 'bin', 'run.js'), join(dir, 'bin', 'run.js'));
  if (options.tsx !== false) symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const files: Record<string, string> = {
    'main.ts': "const from: string = 'typescript';\nconsole.log(from, process.argv.slice(2).join(' '));\n",
    'lib/a.ts': 'export const a = 1;\n',
    'teams.schema.json': '{}\n',
    'build/main.js': "console.log('compiled', process.argv.slice(2).join(' '));\n",
    'build/lib/a.js': 'exports.a = 1;\n',
    'build/teams.schema.json': '{}\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  /** Set a file's mtime `seconds` ago (negative: in the future). */
  const age = (path: string, seconds: number): void => {
    const t = new Date(Date.now() - seconds * 1000);
    utimesSync(join(dir, path), t, t);
  };
  for (const source of ['main.ts', 'lib/a.ts', 'teams.schema.json']) age(source, 60);
  const run = (): string => {
    const r = spawnSync(process.execPath, [join(dir, 'bin', 'run.js'), 'main.ts', '--out', 'x'], { cwd: dir, encoding: 'utf8', env: { ...process.env, COREWEAVE_RBAC_RUN: '' } });
    expect(r.stderr).toBe('');
    return r.stdout.trim();
  };
  return { dir, run, age };
}

describe('bin/run.js', () => {
  it('runs the compiled JavaScript when build/ is newer than every source, with the arguments', () => {
    expect(workspace().run()).toBe('compiled --out x');
  });

  it('runs the TypeScript through tsx when a source changed after the build', () => {
    const w = workspace();
    w.age('lib/a.ts', -5);
    expect(w.run()).toBe('typescript --out x');
  });

  it('runs the TypeScript when a source has no compiled file yet', () => {
    const w = workspace();
    writeFileSync(join(w.dir, 'lib', 'new.ts'), 'export {};\n');
    w.age('lib/new.ts', 60);
    expect(w.run()).toBe('typescript --out x');
  });

  it('runs what COREWEAVE_RBAC_RUN says, whatever the mtimes', () => {
    const w = workspace();
    w.age('lib/a.ts', -5);
    const r = spawnSync(process.execPath, [join(w.dir, 'bin', 'run.js'), 'main.ts'], { encoding: 'utf8', env: { ...process.env, COREWEAVE_RBAC_RUN: 'compiled' } });
    expect(r.stdout.trim()).toBe('compiled');
  });

  it('runs the TypeScript when teams.schema.json changed after the build', () => {
    const w = workspace();
    w.age('teams.schema.json', -5);
    expect(w.run()).toBe('typescript --out x');
  });

  it('runs build/ where tsx is not installed (a package installed from npm), whatever the mtimes', () => {
    const w = workspace({ tsx: false });
    w.age('lib/a.ts', -5);
    expect(w.run()).toBe('compiled --out x');
  });
});
