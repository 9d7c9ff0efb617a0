import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DistDocuments, filesOfTexts, type YamlFiles } from './dist-documents';
import { AccessInputError } from './input-error';

export { AccessInputError } from './input-error';

/**
 * The Kubernetes objects of YAML texts (file name → content), file by file in name order: what `yaml`'s
 * parseAllDocuments gives for each file (the first error of the first bad file is thrown as AccessInputError),
 * read faster than `yaml` alone (DistDocuments).
 */
export function objectsOfTexts(files: ReadonlyMap<string, string>): unknown[] {
  return new DistDocuments(filesOfTexts(files)).objects(() => true);
}

/** Every *.yaml / *.yml file of a directory (not recursive), path → content. */
export function readYamlDir(dir: string): Map<string, string> {
  return new Map(yamlFilesOf(dir).map((path) => [path, readFileSync(path, 'utf8')]));
}

/** readYamlDir's files, each read when it is asked for (and not kept): what DistDocuments reads a dist/ through. */
export function yamlFilesIn(dir: string): YamlFiles {
  return { paths: yamlFilesOf(dir), read: (path) => readFileSync(path, 'utf8') };
}

/** The paths of the *.yaml / *.yml files of a directory (not recursive), sorted. Throws AccessInputError when it is no directory. */
function yamlFilesOf(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new AccessInputError(`${dir}/ is not a directory: run \`npx cdk8s synth\` first, or pass --dist DIR`);
  }
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

export function objectsOfDir(dir: string): unknown[] {
  return objectsOfTexts(readYamlDir(dir));
}
