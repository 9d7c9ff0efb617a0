import type { RbacDocument } from './grant-diff-yaml';
import { readRbacObjects } from './rbac-objects';

/** Names YAML can only write as themselves (or with a backslash escape, in double quotes). */
const PLAIN_NAME = /^[A-Za-z0-9._:@/+=-]+$/;
export const isPlainName = (name: string): boolean => PLAIN_NAME.test(name);

const counts = (documents: readonly RbacDocument[]): Map<string, number> => {
  const out = new Map<string, number>();
  for (const d of documents) out.set(d.text, (out.get(d.text) ?? 0) + 1);
  return out;
};

/**
 * The documents of a file's two versions that the comparison needs (the same list twice for an unchanged file),
 * each in file order. First, the Roles and RoleBindings that differ between the versions or name a changed
 * ClusterRole, and every document of another kind. Then, until nothing is added, those that name a subject whose
 * access may change (a subject of a binding that differs or binds a changed role: all its bindings are needed) or
 * a role an included binding binds (its definition, and whoever else holds it, for "like"). A document that does
 * not contain a name cannot hold it when the name is of letters, digits and `._:@/+=-` and the document has no
 * backslash; when some name is not of that kind, every document is needed.
 */
export function relevantDocuments(
  before: readonly RbacDocument[],
  after: readonly RbacDocument[],
  changedClusterRoles: ReadonlySet<string>,
  parse: (document: string) => unknown[],
): { readonly before: RbacDocument[]; readonly after: RbacDocument[] } {
  const countBefore = counts(before);
  const countAfter = counts(after);
  const differs = (text: string) => countBefore.get(text) !== countAfter.get(text);
  const documents = [...new Map([...before, ...after].map((d) => [d.text, d])).values()];
  const included = new Set<string>();
  const everything = () => ({ before: [...before], after: [...after] });

  const changedRoles = new Set(changedClusterRoles);
  for (const d of documents) {
    if (d.kind !== 'Role' || !differs(d.text)) continue;
    for (const role of readRbacObjects(parse(d.text)).roles) changedRoles.add(role.name);
  }
  const mentions = (d: RbacDocument, names: Iterable<string>) => {
    for (const name of names) if (d.text.includes(name)) return true;
    return false;
  };
  let pending = documents.filter((d) => (d.kind !== 'Role' && d.kind !== 'RoleBinding') || differs(d.text) || d.text.includes('\\') || mentions(d, changedRoles));
  const names = new Set<string>();
  while (pending.length > 0) {
    pending.forEach((d) => included.add(d.text));
    const found = new Set<string>();
    const note = (name: string) => {
      if (!names.has(name)) found.add(name);
    };
    for (const d of pending) {
      const { roles, bindings } = readRbacObjects(parse(d.text));
      for (const role of roles) note(role.name);
      for (const binding of bindings) {
        note(binding.roleRef.name);
        if (differs(d.text) || changedRoles.has(binding.roleRef.name)) binding.subjects.forEach((s) => note(s.name));
      }
    }
    for (const name of found) {
      if (!PLAIN_NAME.test(name)) return everything();
      names.add(name);
    }
    pending = documents.filter((d) => !included.has(d.text) && mentions(d, found));
  }
  return { before: before.filter((d) => included.has(d.text)), after: after.filter((d) => included.has(d.text)) };
}
