import { distFile, isTeamFile, keepsLayout, type DistFile } from './grant-diff-files';
import { isPlainName, relevantDocuments } from './grant-diff-relevance';
import type { DistSide } from './grant-diff-sides';
import { rbacDocuments, RbacDocumentReader, type RbacDocument } from './grant-diff-yaml';
import { changedDistFiles, distFilesContaining, type DistRepo } from './git-dist';

/** A label that could also be another subject's: a group named like a user, a ServiceAccount or a token. */
const LOOKS_LIKE_ANOTHER_KIND = /^(?:User|ServiceAccount|token) /;

/**
 * The files of dist/ read so far at both sides of a comparison. Git says which team files changed; those are read
 * at both sides, every other file always; a file unchanged between the sides is read once, from the working tree
 * when it is a side, and stands for both.
 */
export class DistReading {
  readonly before = new Map<string, DistFile>();
  readonly after = new Map<string, DistFile>();
  private readonly read = new Set<string>();
  /** Files read with every document, not only those that matter to the roles that changed. */
  private readonly readWhole = new Set<string>();
  private readonly everyFile: ReadonlySet<string>;
  private readonly changed: ReadonlySet<string>;
  private readonly baseRef: string;

  constructor(
    private readonly repo: DistRepo,
    private readonly base: DistSide,
    private readonly head: DistSide,
  ) {
    if (base.ref === undefined) throw new Error('the base of a comparison is a git revision, not the working tree');
    this.baseRef = base.ref;
    this.changed = changedDistFiles(repo, base.ref, head.ref);
    this.everyFile = new Set([...base.files, ...head.files]);
  }

  /** Every file other than a team file (cluster.yaml), whole, at both sides. */
  readShared(): void {
    const reader = new RbacDocumentReader();
    const names = [...this.everyFile].filter((n) => !isTeamFile(n));
    for (const [side, into] of [[this.base, this.before], [this.head, this.after]] as const) {
      for (const [name, text] of side.read(names)) into.set(name, distFile(name, reader.fileObjects(side.fileLabel(name), text)));
    }
    names.forEach((n) => (this.read.add(n), this.readWhole.add(n)));
  }

  /** The team files that changed, at both sides: of each, the documents that matter to the comparison. */
  readChangedTeams(changedRoles: ReadonlySet<string>): void {
    const names = [...this.everyFile].filter((n) => isTeamFile(n) && this.changed.has(n));
    const before = this.base.read(names);
    const after = this.head.read(names);
    for (const name of names) {
      const label = after.has(name) ? this.head.fileLabel(name) : this.base.fileLabel(name);
      const [objectsBefore, objectsAfter] = relevantObjects(label, before.get(name), after.get(name), changedRoles);
      if (objectsBefore) this.before.set(name, distFile(name, objectsBefore));
      if (objectsAfter) this.after.set(name, distFile(name, objectsAfter));
      this.read.add(name);
    }
  }

  /**
   * The files that may hold any of `names` (all of them when a name may be written otherwise than as itself), not
   * read yet: only the documents that matter to `changedRoles`; or, for 'whole', every document, also of the files
   * read only in part so far, since a subject's label comes from bindings that did not change.
   */
  readUnchangedNaming(names: readonly string[], changedRoles: ReadonlySet<string> | 'whole'): boolean {
    if (names.length === 0 || this.base.files.length === 0) return false;
    const whole = changedRoles === 'whole';
    const unread = [...this.everyFile].filter((n) => !(whole ? this.readWhole : this.read).has(n));
    if (unread.length === 0) return false;
    // a file that holds a plain name holds it as written, or escaped with a backslash; a document the two sides
    // share is at both, so searching one side finds it
    const found = names.every(isPlainName) ? distFilesContaining(this.repo, this.head.ref === undefined ? undefined : this.baseRef, [...names, '\\']) : this.everyFile;
    const selected = unread.filter((n) => found.has(n));
    const objectsOf = (side: DistSide, name: string, text: string) =>
      whole ? new RbacDocumentReader().fileObjects(side.fileLabel(name), text) : (relevantObjects(side.fileLabel(name), text, text, changedRoles)[1] ?? []);
    const changed = selected.filter((n) => this.changed.has(n));
    for (const [side, into] of [[this.base, this.before], [this.head, this.after]] as const) {
      for (const [name, text] of side.read(changed)) into.set(name, distFile(name, objectsOf(side, name, text)));
    }
    const side = this.head.ref === undefined ? this.head : this.base;
    for (const [name, text] of side.read(selected.filter((n) => !this.changed.has(n)))) {
      const file = distFile(name, objectsOf(side, name, text));
      this.before.set(name, file);
      this.after.set(name, file);
    }
    for (const name of selected) {
      this.read.add(name);
      if (whole) this.readWhole.add(name);
    }
    return selected.length > 0;
  }

  /**
   * Whether the files read keep to the layout the comparison relies on (see keepsLayout), and no group is named
   * like a user, a ServiceAccount or a token (whose lines would then be one subject's).
   */
  keepsLayout(): boolean {
    for (const files of [this.before, this.after]) {
      for (const file of files.values()) {
        if (!keepsLayout(file)) return false;
        for (const { binding } of file.bindings) if (binding.subjects.some((s) => s.kind === 'Group' && LOOKS_LIKE_ANOTHER_KIND.test(s.name))) return false;
      }
    }
    return true;
  }
}

/** The objects of the documents of a file's two versions that the comparison needs (undefined: no such version). */
function relevantObjects(label: string, before: string | undefined, after: string | undefined, changedRoles: ReadonlySet<string>): [unknown[] | undefined, unknown[] | undefined] {
  // documents the two versions share are parsed once
  const reader = new RbacDocumentReader();
  const documentsBefore = before === undefined ? [] : rbacDocuments(before);
  const documentsAfter = after === undefined ? [] : after === before ? documentsBefore : rbacDocuments(after);
  const whole = (text: string | undefined) => (text === undefined ? undefined : reader.fileObjects(label, text));
  if (!documentsBefore || !documentsAfter) return [whole(before), whole(after)];
  const parse = (text: string) => reader.objects(label, text);
  const relevant = relevantDocuments(documentsBefore, documentsAfter, changedRoles, parse);
  const objectsOf = (text: string | undefined, documents: readonly RbacDocument[]) => (text === undefined ? undefined : documents.flatMap((d) => parse(d.text)));
  return [objectsOf(before, relevant.before), objectsOf(after, relevant.after)];
}
