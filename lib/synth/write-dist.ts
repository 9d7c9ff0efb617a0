import { closeSync, existsSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * What would change if `files` replaced the contents of `dir`, where the files named in `unchanged` are known to
 * hold their content already (synth compares each file as it renders it: see `fileHolds`). The others are compared
 * without holding the files read: each is read into one reused buffer and compared as bytes (a thousand team files,
 * read and decoded into strings, cost several times more).
 */
export function compareDist(dir: string, files: ReadonlyMap<string, string>, unchanged: ReadonlySet<string> = new Set()): DistChange {
  const present = existsSync(dir) ? readdirSync(dir).sort() : [];
  const written = [...files].filter(([name, content]) => !fileHolds(join(dir, name), content)).map(([name]) => name).sort();
  const removed = present.filter((f) => !files.has(f) && !unchanged.has(f));
  return { written, removed, unchanged: unchanged.size + files.size - written.length };
}

/**
 * The files of `dir` that `files` would write or remove, named for a message (the first three, then `…`), or
 * undefined when `dir` holds exactly `files`: what every command that reads dist/ says when it is stale.
 */
export function staleDist(dir: string, files: ReadonlyMap<string, string>): string | undefined {
  const { written, removed } = compareDist(dir, files);
  const stale = [...written, ...removed];
  return stale.length === 0 ? undefined : `${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ', …' : ''}`;
}

/** Whether the file at `path` exists and holds exactly the UTF-8 bytes of `content`. */
export const fileHolds = (path: string, content: string): boolean => SAME_BYTES.fileHolds(path, content);

/** Compares a file with a text as bytes, through two buffers that grow to the largest file and text seen. */
class SameBytes {
  private file = Buffer.allocUnsafe(1 << 16);
  private text = Buffer.allocUnsafe(1 << 16);

  fileHolds(path: string, content: string): boolean {
    const size = Buffer.byteLength(content);
    if (this.text.length < size) this.text = Buffer.allocUnsafe(size);
    this.text.write(content, 0, size, 'utf8');
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return false;
    }
    try {
      // one byte more than the text: a longer file fills it
      if (this.file.length < size + 1) this.file = Buffer.allocUnsafe(size + 1);
      let read = 0;
      for (let n = -1; n !== 0 && read <= size; read += n) n = readSync(fd, this.file, read, size + 1 - read, read);
      return read === size && this.file.compare(this.text, 0, size, 0, size) === 0;
    } finally {
      closeSync(fd);
    }
  }
}

const SAME_BYTES = new SameBytes();

/**
 * Replace the contents of `dir` with `files` (and the files named in `unchanged`, which hold their content already),
 * all or nothing: the new tree is built beside it (unchanged files hard-linked, so their mtime stays) and swapped in
 * with two renames. A run killed at any point leaves either the old or the new tree, never a mix; `recoverDist`
 * completes an interrupted swap. Nothing is touched when nothing changed.
 */
export function writeDist(dir: string, files: ReadonlyMap<string, string>, unchanged: ReadonlySet<string> = new Set()): DistChange {
  recoverDist(dir);
  const change = compareDist(dir, files, unchanged);
  if (change.written.length === 0 && change.removed.length === 0) return change;
  const written = new Set(change.written);
  const next = staging(dir);
  mkdirSync(next, { recursive: true });
  for (const name of unchanged) linkSync(join(dir, name), join(next, name));
  for (const [name, content] of files) {
    if (!written.has(name)) linkSync(join(dir, name), join(next, name));
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
