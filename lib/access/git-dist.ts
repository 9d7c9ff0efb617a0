import { execFileSync } from 'node:child_process';
import { posix } from 'node:path';
import { AccessInputError } from './dist-objects';

function git(args: readonly string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
    throw new AccessInputError(`git ${args.join(' ')} failed: ${stderr || (e as Error).message}`);
  }
}

function refExists(ref: string): boolean {
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The base of a comparison: the given ref, else origin/main when it exists, else HEAD. */
export function defaultBaseRef(given: string | undefined): string {
  git(['rev-parse', '--git-dir']);
  if (given !== undefined) {
    if (!refExists(given)) throw new AccessInputError(`unknown git revision ${JSON.stringify(given)}: expected a branch, tag or commit`);
    return given;
  }
  return refExists('origin/main') ? 'origin/main' : 'HEAD';
}

/** The *.yaml files directly in `dir` (relative to the current directory) at a git revision: path → content. None if dir did not exist. */
export function readYamlDirAtRef(ref: string, dir: string): Map<string, string> {
  const prefix = posix.normalize(dir.replace(/\\/g, '/')).replace(/\/+$/, '');
  const listed = git(['ls-tree', '--name-only', `${ref}:./${prefix}`].filter(Boolean)).split('\n');
  const files = new Map<string, string>();
  for (const name of listed.filter((f) => /\.ya?ml$/.test(f)).sort()) {
    files.set(`${ref}:${prefix}/${name}`, git(['show', `${ref}:./${prefix}/${name}`]));
  }
  return files;
}

/** Whether `dir` exists as a tree at `ref`. */
export function dirExistsAtRef(ref: string, dir: string): boolean {
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}:./${dir.replace(/\/+$/, '')}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
