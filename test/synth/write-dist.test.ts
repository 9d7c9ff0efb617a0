import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDist, readDist, staleDist, writeDist, writeFileIfChanged } from '../../lib/synth/write-dist';

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

describe('writeDist, given the files already found unchanged', () => {
  it('keeps them (same inode, same mtime), writes the rest and removes what neither names', () => {
    const dir = oldDist({ 'cluster.yaml': 'a\n', 'team-x.yaml': 'x\n', 'team-y.yaml': 'y\n' });
    const inode = statSync(join(dir, 'team-x.yaml')).ino;
    const change = writeDist(dir, new Map([['cluster.yaml', 'a2\n']]), new Set(['team-x.yaml']));
    expect(change).toEqual({ written: ['cluster.yaml'], removed: ['team-y.yaml'], unchanged: 1 });
    expect(readdirSync(dir).sort()).toEqual(['cluster.yaml', 'team-x.yaml']);
    expect(statSync(join(dir, 'team-x.yaml')).ino).toBe(inode);
    expect(mtime(join(dir, 'team-x.yaml'))).toBe(LONG_AGO.getTime());
    expect(readFileSync(join(dir, 'cluster.yaml'), 'utf8')).toBe('a2\n');
  });
});

describe('compareDist', () => {
  /** The straightforward comparison: every file read whole into a string. */
  const reference = (dir: string, files: ReadonlyMap<string, string>) => {
    const current = readDist(dir);
    const written = [...files.keys()].filter((f) => current.get(f) !== files.get(f)).sort();
    return { written, removed: [...current.keys()].filter((f) => !files.has(f)).sort(), unchanged: files.size - written.length };
  };
  // texts near one another, so that equal, prefix, longer and one-character-off files all occur, in several encodings' widths
  const text = fc.oneof(
    fc.constantFrom('', 'a', 'ab', 'é', 'aé', '→', '𝄞', 'a'.repeat(70_000), `${'a'.repeat(70_000)}b`),
    fc.string({ unit: fc.constantFrom('a', 'b', 'é', '→', '𝄞', '\n'), maxLength: 12 }),
  );
  const name = fc.constantFrom('cluster.yaml', 'team-a.yaml', 'team-b.yaml', 'team-c.yaml');

  it('says what reading every file whole and comparing the strings says', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'compare-dist-')), 'dist');
    fc.assert(
      fc.property(fc.dictionary(name, text), fc.dictionary(name, text), fc.boolean(), (onDisk, rendered, exists) => {
        rmSync(dir, { recursive: true, force: true });
        if (exists) {
          mkdirSync(dir);
          for (const [file, content] of Object.entries(onDisk)) writeFileSync(join(dir, file), content);
        }
        const files = new Map(Object.entries(rendered));
        expect(compareDist(dir, files)).toEqual(reference(dir, files));
      }),
      { numRuns: 300 },
    );
  });
});

describe('staleDist', () => {
  it('names the files to write, then those to remove, the first three and then …; nothing when dist/ holds the files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stale-dist-'));
    const files = new Map([['a.yaml', 'a\n'], ['b.yaml', 'b\n']]);
    writeDist(dir, files);
    expect(staleDist(dir, files)).toBeUndefined();
    writeFileSync(join(dir, 'b.yaml'), 'edited\n');
    writeFileSync(join(dir, 'x.yaml'), 'x\n');
    expect(staleDist(dir, files)).toBe('b.yaml, x.yaml');
    writeFileSync(join(dir, 'y.yaml'), 'y\n');
    writeFileSync(join(dir, 'z.yaml'), 'z\n');
    expect(staleDist(dir, new Map([...files, ['c.yaml', 'c\n']]))).toBe('b.yaml, c.yaml, x.yaml, …');
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
