import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDist, writeFileIfChanged } from '../../lib/synth/write-dist';

const LONG_AGO = new Date('2020-01-01T00:00:00Z');

/** A dist/ with `files`, every file's mtime set to LONG_AGO so that any rewrite shows. */
function oldDist(files: Record<string, string>): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'write-dist-')), 'dist');
  writeDist(dir, new Map(Object.entries(files)));
  for (const name of Object.keys(files)) utimesSync(join(dir, name), LONG_AGO, LONG_AGO);
  return dir;
}
const mtime = (path: string): number => statSync(path).mtimeMs;

describe('writeDist', () => {
  it('rewrites nothing when nothing changed: every mtime stays', () => {
    const dir = oldDist({ 'cluster.yaml': 'a\n', 'team-x.yaml': 'x\n' });
    const change = writeDist(dir, new Map([['cluster.yaml', 'a\n'], ['team-x.yaml', 'x\n']]));
    expect(change).toEqual({ written: [], removed: [], unchanged: 2 });
    expect(mtime(join(dir, 'cluster.yaml'))).toBe(LONG_AGO.getTime());
    expect(mtime(join(dir, 'team-x.yaml'))).toBe(LONG_AGO.getTime());
  });

  it('writes only the changed file and removes the dropped one; the others keep their mtime', () => {
    const dir = oldDist({ 'cluster.yaml': 'a\n', 'team-x.yaml': 'x\n', 'team-y.yaml': 'y\n' });
    const change = writeDist(dir, new Map([['cluster.yaml', 'a\n'], ['team-x.yaml', 'x2\n']]));
    expect(change).toEqual({ written: ['team-x.yaml'], removed: ['team-y.yaml'], unchanged: 1 });
    expect(readdirSync(dir).sort()).toEqual(['cluster.yaml', 'team-x.yaml']);
    expect(readFileSync(join(dir, 'team-x.yaml'), 'utf8')).toBe('x2\n');
    expect(mtime(join(dir, 'cluster.yaml'))).toBe(LONG_AGO.getTime());
    expect(mtime(join(dir, 'team-x.yaml'))).toBeGreaterThan(LONG_AGO.getTime());
  });
});

describe('writeFileIfChanged', () => {
  it('leaves a file with the same content alone, and rewrites one with other content', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'write-file-')), 'audit', 'policy.yaml');
    expect(writeFileIfChanged(path, 'p\n')).toBe(true);
    utimesSync(path, LONG_AGO, LONG_AGO);
    expect(writeFileIfChanged(path, 'p\n')).toBe(false);
    expect(mtime(path)).toBe(LONG_AGO.getTime());
    expect(writeFileIfChanged(path, 'q\n')).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe('q\n');
  });
});

describe('synth, run twice on the same teams.yaml', () => {
  it('keeps the mtime of every file of dist/, of the audit policy and of ACCESS.md', async () => {
    const { synth } = await import('../../lib/cli/synth');
    const { generateTeams } = await import('../../bench/generate');
    const dir = mkdtempSync(join(tmpdir(), 'synth-twice-'));
    writeFileSync(join(dir, 'teams.yaml'), generateTeams(20));
    const args = ['--file', join(dir, 'teams.yaml'), '--out', join(dir, 'dist'), '--quiet', '--now', '2026-11-23'];
    expect(synth(args)).toBe(0);
    const dist = readdirSync(join(dir, 'dist')).map((f) => join(dir, 'dist', f));
    const audit = readdirSync(join(dir, 'audit')).map((f) => join(dir, 'audit', f));
    expect([dist.length, audit.length]).toEqual([21, 1]);
    expect(existsSync(join(dir, 'ACCESS.md'))).toBe(true);
    const outputs = [...dist, ...audit, join(dir, 'ACCESS.md')];
    for (const path of outputs) utimesSync(path, LONG_AGO, LONG_AGO);
    expect(synth(args)).toBe(0);
    for (const path of outputs) expect(mtime(path), path).toBe(LONG_AGO.getTime());
  });
});
