import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { isAbsolute, posix, relative, resolve } from 'node:path';
import { AccessInputError } from './dist-objects';

/** dist/ in its git repository: git runs at the top level, with paths relative to it. */
export interface DistRepo {
  /** The working tree's top level. */
  readonly top: string;
  /** The directory relative to the top level, `/`-separated; '' when it is the top level. */
  readonly path: string;
  /** The directory as given, relative to `cwd` (names working-tree files in messages). */
  readonly dir: string;
  readonly cwd: string;
}

interface GitOptions {
  readonly cwd: string;
  readonly input?: string;
}

const BUFFER = 4 * 1024 * 1024 * 1024 - 1;

function run(args: readonly string[], options: GitOptions): Buffer {
  try {
    // pathspecs are paths, never patterns: a directory may be named `dist[1]`
    return execFileSync('git', ['--literal-pathspecs', ...args], { cwd: options.cwd, input: options.input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: BUFFER });
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
    throw new AccessInputError(`git ${args.join(' ')} failed: ${stderr || (e as Error).message}`);
  }
}

const git = (args: readonly string[], options: GitOptions): string => run(args, options).toString('utf8');

function refExists(ref: string, cwd: string): boolean {
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The base of a comparison: the given ref, else origin/main when it exists, else HEAD. */
export function defaultBaseRef(given: string | undefined, cwd: string = process.cwd()): string {
  git(['rev-parse', '--git-dir'], { cwd });
  if (given !== undefined) {
    if (!refExists(given, cwd)) throw new AccessInputError(`unknown git revision ${JSON.stringify(given)}: expected a branch, tag or commit`);
    return given;
  }
  return refExists('origin/main', cwd) ? 'origin/main' : 'HEAD';
}

/** Where `dir` (relative to `cwd`, or absolute) lies in the git working tree that holds `cwd`. */
export function locateDist(dir: string, cwd: string = process.cwd()): DistRepo {
  const [top = '', prefix = ''] = git(['rev-parse', '--show-toplevel', '--show-prefix'], { cwd }).split('\n');
  const absolute = resolve(cwd, dir);
  let real = absolute;
  try {
    real = realpathSync(absolute);
  } catch {
    // not in the working tree: placed by the path as written
  }
  const fromTop = isAbsolute(dir) ? relative(realpathSync(top), real).split('\\').join('/') : posix.normalize(posix.join(prefix, dir.replace(/\\/g, '/')));
  const path = fromTop === '.' ? '' : fromTop.replace(/\/+$/, '');
  if (path.startsWith('../') || path === '..' || isAbsolute(path)) {
    throw new AccessInputError(`${dir} is outside the git working tree ${top}: expected a directory inside it`);
  }
  return { top, path, dir, cwd };
}

const YAML_FILE = /\.ya?ml$/;

/** The name of a path that is a *.yaml / *.yml file directly in dist/ (not in a subdirectory), else undefined. */
function distFileName(repo: DistRepo, path: string): string | undefined {
  const prefix = repo.path === '' ? '' : `${repo.path}/`;
  if (!path.startsWith(prefix)) return undefined;
  const name = path.slice(prefix.length);
  return name.includes('/') || !YAML_FILE.test(name) ? undefined : name;
}

/** The *.yaml files directly in dist/ at a revision, name → blob id; undefined when dist/ is no directory there. */
export function yamlBlobsAtRef(repo: DistRepo, ref: string): Map<string, string> | undefined {
  if (!dirExistsAtRef(ref, repo.path, repo.top)) return undefined;
  const blobs = new Map<string, string>();
  for (const entry of git(['ls-tree', '-z', `${ref}:${repo.path}`], { cwd: repo.top }).split('\0')) {
    const match = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (match && YAML_FILE.test(match[2] as string)) blobs.set(match[2] as string, match[1] as string);
  }
  return blobs;
}

/**
 * The contents of blobs, read by one `git cat-file --batch` (by id: a path lookup would search the tree once per file).
 */
export function readBlobs(repo: DistRepo, ids: readonly string[]): Map<string, string> {
  const unique = [...new Set(ids)];
  const out = new Map<string, string>();
  if (unique.length === 0) return out;
  const bytes = run(['cat-file', '--batch'], { cwd: repo.top, input: `${unique.join('\n')}\n` });
  let at = 0;
  for (const id of unique) {
    const headerEnd = bytes.indexOf(10, at);
    const header = bytes.toString('utf8', at, headerEnd);
    const match = /^([0-9a-f]+) (\w+) (\d+)$/.exec(header);
    if (!match) throw new AccessInputError(`git cat-file --batch: expected "ID TYPE SIZE" for ${id}, got ${JSON.stringify(header)}`);
    const size = Number(match[3]);
    out.set(id, bytes.toString('utf8', headerEnd + 1, headerEnd + 1 + size));
    at = headerEnd + 1 + size + 1;
  }
  return out;
}

/**
 * The *.yaml files of dist/ whose content differs between `base` and `head` (a revision, or the working tree
 * when undefined, where files git does not track count as added: they are read like any other).
 */
export function changedDistFiles(repo: DistRepo, base: string, head: string | undefined): Set<string> {
  const pathspec = repo.path === '' ? '.' : repo.path;
  // synth swaps in a new dist/, so every file gets a new inode and ctime, while unchanged ones keep their mtime and
  // size: what minimal stat checking compares (git still reads racily clean files). Any file whose stat changed is
  // read and compared by content, as porcelain diff does, never reported for its stat alone.
  const diff = ['-c', 'core.checkStat=minimal', '-c', 'core.trustctime=false', 'diff', '--name-only', '-z', '--no-renames', '--no-relative', '--no-ext-diff', base, ...(head !== undefined ? [head] : []), '--', pathspec];
  const changed = new Set<string>();
  for (const path of git(diff, { cwd: repo.top }).split('\0')) {
    const name = distFileName(repo, path);
    if (name !== undefined) changed.add(name);
  }
  if (head === undefined) {
    for (const path of git(['ls-files', '-z', '--others', '--', pathspec], { cwd: repo.top }).split('\0')) {
      const name = distFileName(repo, path);
      if (name !== undefined) changed.add(name);
    }
  }
  return changed;
}

/**
 * The *.yaml files directly in dist/ at `ref` (in the working tree's tracked files when undefined) that contain any
 * of `strings`, as fixed strings.
 */
export function distFilesContaining(repo: DistRepo, ref: string | undefined, strings: readonly string[]): Set<string> {
  const found = new Set<string>();
  if (strings.length === 0) return found;
  // the strings one a line on stdin: thousands of names would not fit on a command line
  const patterns = `${[...new Set(strings)].filter((s) => !s.includes('\n')).join('\n')}\n`;
  const args = ['--literal-pathspecs', 'grep', '-l', '-z', '-F', '--no-color', '--no-textconv', '-f', '-', ...(ref !== undefined ? [ref] : []), '--', repo.path === '' ? '.' : repo.path];
  let listed: string;
  try {
    listed = execFileSync('git', args, { cwd: repo.top, input: patterns, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: BUFFER, encoding: 'utf8' });
  } catch (e) {
    // git grep exits 1 when nothing matches
    if ((e as { status?: number }).status === 1) return found;
    throw new AccessInputError(`git grep in ${ref ?? 'the working tree'} failed: ${String((e as { stderr?: unknown }).stderr ?? (e as Error).message).trim()}`);
  }
  const prefix = ref !== undefined ? `${ref}:` : '';
  for (const entry of listed.split('\0')) {
    const name = entry.startsWith(prefix) ? distFileName(repo, entry.slice(prefix.length)) : undefined;
    if (name !== undefined) found.add(name);
  }
  return found;
}

/** The *.yaml files directly in `dir` (relative to `cwd`) at a git revision: `REF:dir/name` → content. None if dir did not exist. */
export function readYamlDirAtRef(ref: string, dir: string, cwd: string = process.cwd()): Map<string, string> {
  const repo = locateDist(dir, cwd);
  const blobs = yamlBlobsAtRef(repo, ref) ?? new Map<string, string>();
  const contents = readBlobs(repo, [...blobs.values()]);
  const prefix = posix.normalize(dir.replace(/\\/g, '/')).replace(/\/+$/, '');
  const files = new Map<string, string>();
  for (const [name, id] of [...blobs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) files.set(`${ref}:${prefix}/${name}`, contents.get(id) ?? '');
  return files;
}

/** Whether `dir` (relative to `cwd`) exists as a tree at `ref`. */
export function dirExistsAtRef(ref: string, dir: string, cwd: string = process.cwd()): boolean {
  try {
    const type = execFileSync('git', ['cat-file', '-t', `${ref}:./${dir.replace(/\/+$/, '')}`], { cwd, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' });
    return type.trim() === 'tree';
  } catch {
    return false;
  }
}
