import { diffAccess } from './access-diff';
import { objectsOfTexts } from './dist-objects';
import { RbacModel } from './evaluator';
import { Comparison, sideState } from './grant-diff-compare';
import { detailChanges } from './grant-diff-details';
import { distFile, isTeamFile, type DistFile } from './grant-diff-files';
import { grantChanges } from './grant-diff-grant-changes';
import { roleModel } from './grant-diff-models';
import type { AccessDiffReport } from './grant-diff-report';
import { roleChanges } from './grant-diff-roles';
import { DistReading } from './grant-diff-reading';
import { refSide, workingTreeSide, type DistSide } from './grant-diff-sides';
import { TemplateCatalog } from './grant-diff-templates';
import { RbacDocumentReader } from './grant-diff-yaml';
import type { DistRepo } from './git-dist';

export interface CompareOptions {
  /**
   * Read all of dist/ at both sides and compare every permission (the reference the fast comparison is tested
   * against), instead of reading what changed.
   * @default false
   */
  readonly full?: boolean;
  /** Also the per-resource lines (they cost more than the grants when a change reaches thousands of namespaces). @default true */
  readonly details?: boolean;
}

/**
 * What the change from dist/ at `baseRef` to dist/ at `headRef` (the working tree when undefined) does to access.
 * Throws AccessInputError for an unknown revision or a missing working-tree dist/.
 */
export function compareDist(repo: DistRepo, baseRef: string, headRef: string | undefined, options: CompareOptions = {}): AccessDiffReport {
  const base = refSide(repo, baseRef);
  const head = headRef === undefined ? workingTreeSide(repo) : refSide(repo, headRef);
  const details = options.details ?? true;
  return (!options.full && fastComparison(repo, base, head, details)) || fullComparison(base, head, details);
}

/** Grants and roles from the comparison; the per-resource lines from `details` (by default, from the comparison). */
function report(comparison: Comparison, catalog: TemplateCatalog, details: boolean | (() => AccessDiffReport['details'])): AccessDiffReport {
  const changes = comparison.subjectChanges();
  const lines = details === false ? [] : details === true ? detailChanges(changes) : details();
  return { grants: grantChanges(changes, comparison), roles: roleChanges(comparison, catalog), details: lines };
}

/** Everything read at both sides; the per-resource lines from the reference evaluation. */
function fullComparison(base: DistSide, head: DistSide, details: boolean): AccessDiffReport {
  const reader = new RbacDocumentReader();
  const read = (side: DistSide) => {
    const texts = side.read(side.files);
    const labelled = new Map([...texts].map(([name, text]) => [side.fileLabel(name), text]));
    const files = [...texts].map(([name, text]) => distFile(name, reader.fileObjects(side.fileLabel(name), text)));
    return { files, model: () => RbacModel.fromObjects(objectsOfTexts(labelled)) };
  };
  const before = read(base);
  const after = read(head);
  const catalog = new TemplateCatalog();
  const comparison = new Comparison(sideState(before.files), sideState(after.files), catalog);
  return report(comparison, catalog, details && (() => diffAccess(before.model(), after.model())));
}

/**
 * Read what changed (DistReading): every file other than a team file, and the team files git reports as changed;
 * when a ClusterRole changed, the unchanged team files that name it; when a user or ServiceAccount changes, the
 * unchanged files that name it, since its label comes from every token binding that names it. Undefined when the
 * files read break the layout this relies on.
 */
function fastComparison(repo: DistRepo, base: DistSide, head: DistSide, details: boolean): AccessDiffReport | undefined {
  const reading = new DistReading(repo, base, head);
  reading.readShared();
  const catalog = new TemplateCatalog();
  const changedRoles = new Set(changedClusterRoles(reading.before, reading.after, catalog));
  reading.readChangedTeams(changedRoles);
  if (changedRoles.size > 0) reading.readUnchangedNaming([...changedRoles], changedRoles);
  if (!reading.keepsLayout()) return undefined;
  const compare = () => new Comparison(sideState(reading.before.values()), sideState(reading.after.values()), catalog);
  let comparison = compare();
  const candidates = [...comparison.labelCandidates().values()].map((s) => s.name);
  if (reading.readUnchangedNaming(candidates, 'whole')) {
    if (!reading.keepsLayout()) return undefined;
    comparison = compare();
  }
  return report(comparison, catalog, details);
}

/** The ClusterRoles (defined in the files other than team files) whose permissions differ between the sides. */
function changedClusterRoles(before: ReadonlyMap<string, DistFile>, after: ReadonlyMap<string, DistFile>, catalog: TemplateCatalog): string[] {
  const shared = (files: ReadonlyMap<string, DistFile>) => roleModel([...files.values()].filter((f) => !isTeamFile(f.name)));
  const modelBefore = shared(before);
  const modelAfter = shared(after);
  const names = new Set([...modelBefore.roles, ...modelAfter.roles].filter((r) => r.kind === 'ClusterRole').map((r) => r.name));
  return [...names].filter((name) =>
    [true, false].some((namespaced) => catalog.ofRole(modelBefore, { kind: 'ClusterRole', name }, namespaced).id !== catalog.ofRole(modelAfter, { kind: 'ClusterRole', name }, namespaced).id),
  );
}
