import { Problem } from './problem';
import { ruleProblems, RuleOptions } from './rules';
import { schemaProblems } from './schema';
import { Locator, Path } from './source';
import { TeamsConfig } from './types';

/**
 * The rule problems of a document that also has schema problems, so that one run reports every mistake: the
 * values the schema rejected (wrong types, unknown keys, bad enums) are left out and the rules run on the rest.
 * When leaving a value out would break the document's shape (a list item, or a required key), the rules cannot
 * run and this returns nothing: the schema problems come first. Problems next to a left-out value are dropped,
 * since they may only echo it (a `gpu` of the wrong type would also be a missing `gpu`).
 */
export function ruleProblemsDespiteSchema(source: Locator, value: unknown, schema: readonly Problem[], options: RuleOptions): Problem[] {
  const removed = schema.map((p) => p.path);
  if (removed.some((path) => path.length === 0 || typeof path[path.length - 1] === 'number')) return [];
  const pruned = structuredClone(value);
  for (const path of removed) {
    const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], pruned);
    if (typeof parent === 'object' && parent !== null) delete (parent as Record<string, unknown>)[String(path[path.length - 1])];
  }
  if (schemaProblems(source, pruned).length > 0) return [];
  return ruleProblems(source, pruned as TeamsConfig, options).filter((p) => !removed.some((path) => related(path, p.path)));
}

/** One path lies on the other (equal, or one is an ancestor of the other). */
function related(a: Path, b: Path): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (String(a[i]) !== String(b[i])) return false;
  return true;
}
