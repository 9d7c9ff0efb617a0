import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { InputError } from '../core/input-error';

/** A problem with the input of an access command (no dist/, unreadable YAML, no git ref): said, not traced. */
export class AccessInputError extends InputError {}

/** The Kubernetes objects of YAML texts (file name → content), file by file in name order. */
export function objectsOfTexts(files: ReadonlyMap<string, string>): unknown[] {
  const objects: unknown[] = [];
  for (const name of [...files.keys()].sort()) {
    for (const doc of parseAllDocuments(files.get(name) ?? '')) {
      if (doc.errors.length > 0) throw new AccessInputError(`${name}: not valid YAML: ${doc.errors[0]?.message.split('\n')[0]}`);
      const value: unknown = doc.toJS();
      if (value !== null && value !== undefined) objects.push(value);
    }
  }
  return objects;
}

/** Every *.yaml / *.yml file of a directory (not recursive), path → content. */
export function readYamlDir(dir: string): Map<string, string> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new AccessInputError(`${dir}/ is not a directory: run \`npx cdk8s synth\` first, or pass --dist DIR`);
  }
  const files = new Map<string, string>();
  for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) files.set(join(dir, file), readFileSync(join(dir, file), 'utf8'));
  return files;
}

export function objectsOfDir(dir: string): unknown[] {
  return objectsOfTexts(readYamlDir(dir));
}
