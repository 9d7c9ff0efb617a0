import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AccessInputError } from './dist-objects';
import { type DistRepo, readBlobs, yamlBlobsAtRef } from './git-dist';

/** dist/ as one side of a comparison sees it: at a git revision, or in the working tree. */
export interface DistSide {
  /** `origin/main`, or undefined for the working tree. */
  readonly ref: string | undefined;
  /** The *.yaml files directly in dist/ (none when dist/ does not exist at a revision). */
  readonly files: readonly string[];
  /** What messages call a file: `REF:dist/team-a.yaml`, `dist/team-a.yaml`. */
  fileLabel(name: string): string;
  /** The contents of these files; a file this side does not have is left out. */
  read(names: readonly string[]): Map<string, string>;
}

export function refSide(repo: DistRepo, ref: string): DistSide {
  const blobs = yamlBlobsAtRef(repo, ref) ?? new Map<string, string>();
  const prefix = repo.dir.replace(/\\/g, '/').replace(/\/+$/, '');
  return {
    ref,
    files: [...blobs.keys()],
    fileLabel: (name) => `${ref}:${prefix}/${name}`,
    read(names) {
      const ids = names.flatMap((n) => (blobs.has(n) ? [blobs.get(n) as string] : []));
      const contents = readBlobs(repo, ids);
      return new Map(names.flatMap((n) => (blobs.has(n) ? [[n, contents.get(blobs.get(n) as string) ?? '']] : [])));
    },
  };
}

/** The working tree's dist/: every *.yaml file in it, tracked by git or not. Throws when it is no directory. */
export function workingTreeSide(repo: DistRepo): DistSide {
  const dir = resolve(repo.cwd, repo.dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new AccessInputError(`${repo.dir}/ is not a directory: run \`npx cdk8s synth\` first, or pass --dist DIR`);
  }
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  const present = new Set(files);
  return {
    ref: undefined,
    files,
    fileLabel: (name) => join(repo.dir, name),
    read: (names) => new Map(names.flatMap((n) => (present.has(n) ? [[n, readFileSync(join(dir, n), 'utf8')]] : []))),
  };
}
