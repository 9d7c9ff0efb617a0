import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface DistChange {
  readonly written: readonly string[];
  readonly removed: readonly string[];
  readonly unchanged: number;
}

const staging = (dir: string): string => join(dirname(dir), `.${basename(dir)}-staging`);
const previous = (dir: string): string => join(dirname(dir), `.${basename(dir)}-previous`);

/** Finish or undo a swap that a killed run left half done, so that `dir` is always a complete output. */
export function recoverDist(dir: string): void {
  if (!existsSync(dir) && existsSync(previous(dir))) renameSync(previous(dir), dir);
  rmSync(previous(dir), { recursive: true, force: true });
  rmSync(staging(dir), { recursive: true, force: true });
}

/** The files of `dir` (file name → content); empty when it does not exist. */
export function readDist(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  for (const name of readdirSync(dir).sort()) files.set(name, readFileSync(join(dir, name), 'utf8'));
  return files;
}

/** What would change if `files` replaced the contents of `dir`. */
export function diffDist(current: ReadonlyMap<string, string>, files: ReadonlyMap<string, string>): DistChange {
  const written = [...files.keys()].filter((f) => current.get(f) !== files.get(f)).sort();
  const removed = [...current.keys()].filter((f) => !files.has(f)).sort();
  return { written, removed, unchanged: files.size - written.length };
}

/**
 * Replace the contents of `dir` with `files`, all or nothing: the new tree is built beside it (unchanged files
 * hard-linked, so their mtime stays) and swapped in with two renames. A run killed at any point leaves either
 * the old or the new tree, never a mix; `recoverDist` completes an interrupted swap. Nothing is touched when
 * nothing changed.
 */
export function writeDist(dir: string, files: ReadonlyMap<string, string>): DistChange {
  recoverDist(dir);
  const current = readDist(dir);
  const change = diffDist(current, files);
  if (change.written.length === 0 && change.removed.length === 0) return change;
  const next = staging(dir);
  mkdirSync(next, { recursive: true });
  for (const [name, content] of files) {
    if (current.get(name) === content) linkSync(join(dir, name), join(next, name));
    else writeFileSync(join(next, name), content);
  }
  if (existsSync(dir)) renameSync(dir, previous(dir));
  renameSync(next, dir);
  rmSync(previous(dir), { recursive: true, force: true });
  return change;
}

/**
 * Write through a temporary file and a rename, and not at all when the content is the same (the mtime stays).
 * `current`: the file's content as the caller just read it, so that it is not read again.
 */
export function writeFileIfChanged(path: string, content: string, current?: string): boolean {
  if (current !== undefined ? current === content : existsSync(path) && readFileSync(path, 'utf8') === content) return false;
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
  return true;
}
