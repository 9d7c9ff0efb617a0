import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DistDocuments, type DocumentFacts, type DocumentSelection, type PlacedObjects } from './dist-documents';
import { yamlFilesIn } from './dist-objects';
import { RbacModel, requestNamespace, type AccessRequest } from './evaluator';

/** The kinds the evaluator reads: everything else in dist/ (quotas, network policies, queues) is never parsed. */
const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'List', 'Namespace']);
/** What every question needs: the cluster-wide objects, and any document whose kind was not read without parsing. */
const CLUSTER_KINDS = new Set(['ClusterRole', 'ClusterRoleBinding', 'List']);
const NAMESPACED_KINDS = new Set(['Role', 'RoleBinding', 'Namespace']);

/** A string DocumentFacts.mentions can look for: it cannot be written in YAML without its characters appearing as they are. */
const searchable = (s: string): boolean => s.length > 0 && !/[\s'"\\]/u.test(s);

/** What decides requests in some namespaces: the cluster-wide objects and the namespaces' Roles, RoleBindings and Namespace objects. */
function scope(namespaces: readonly string[]): DocumentSelection {
  return (d: DocumentFacts) => d.kind === undefined || CLUSTER_KINDS.has(d.kind) || (NAMESPACED_KINDS.has(d.kind) && namespaces.some((ns) => d.mentions(ns)));
}

const byPlace = (a: PlacedObjects, b: PlacedObjects): number => a.file - b.file || a.document - b.document;

/**
 * The RBAC model a question needs, built from only the documents of dist/ that can change its answer, so that one
 * question about one namespace reads every file but parses a few documents, whatever the number of teams:
 * RoleBindings never reach beyond their namespace, so a request in namespace NS needs the cluster-wide objects and
 * the Roles, RoleBindings and Namespaces that may name NS. Each answer is the one the model of all of dist/ gives
 * (test/access/question-models.test.ts holds them together on generated orgs).
 */
export class QuestionModels {
  private readonly models = new Map<string, RbacModel>();

  constructor(private readonly documents: DistDocuments) {}

  /** Every RBAC object of dist/: for questions about every namespace. */
  all(): RbacModel {
    return this.model('all', () => this.documents.objects((d) => d.kind === undefined || RBAC_KINDS.has(d.kind)));
  }

  /** What decides requests in the given namespaces (undefined: cluster-wide), the Namespace objects of those included. */
  inNamespaces(namespaces: readonly (string | undefined)[]): RbacModel {
    const names = [...new Set(namespaces.filter((n): n is string => n !== undefined))].sort();
    if (!names.every(searchable)) return this.all();
    return this.model(`in ${JSON.stringify(names)}`, () => this.documents.objects(scope(names)));
  }

  /** What decides a request (in the namespace the authorizer sees), and says whether its `-n` namespace exists. */
  forRequest(request: AccessRequest): RbacModel {
    return this.inNamespaces([requestNamespace(request), request.namespace]);
  }

  /**
   * What who-can needs besides forRequest: every subject that a binding in scope applies to, with every binding that
   * names it (its label comes from the token annotation of any of them). Only `system:` groups and users, which
   * subjects of every namespace have, reach beyond the subjects that bindings in scope name, and only groups named
   * like a user's or a token's label sort among them: for those, all of dist/.
   */
  forWhoCan(request: AccessRequest): RbacModel {
    const namespace = requestNamespace(request);
    const names = [...new Set([namespace, request.namespace].filter((n): n is string => n !== undefined))].sort();
    if (!names.every(searchable)) return this.all();
    const key = `who-can ${JSON.stringify([namespace ?? null, names])}`;
    const known = this.models.get(key);
    if (known) return known;
    const inScope = scope(names);
    const scoped = this.documents.place(inScope);
    const needles: string[][] = [];
    for (const b of RbacModel.fromObjects(scoped.flatMap((p) => p.objects)).bindings) {
      if (b.kind === 'RoleBinding' && b.namespace !== namespace) continue;
      for (const x of b.subjects) {
        if (x.kind === 'ServiceAccount') needles.push([x.name, x.namespace ?? b.namespace ?? '']);
        else if (x.name.startsWith('system:') || (x.kind === 'Group' && /^(User|ServiceAccount|token) /.test(x.name))) return this.all();
        else if (x.kind === 'User') needles.push([x.name]);
      }
    }
    if (!needles.every((group) => group.every(searchable))) return this.all();
    const naming = (has: (needle: string) => boolean): boolean => needles.some((group) => group.every(has));
    const others = this.documents.place(
      (d) => d.kind === 'RoleBinding' && !inScope(d) && naming((n) => d.mentions(n)),
      (text) => text.includes('\\') || naming((n) => text.includes(n)),
    );
    // a file that is parsed whole (see splitDocuments) is already among the scoped ones
    const placed = new Set(scoped.map((p) => `${p.file} ${p.document}`));
    const extra = others.filter((p) => !placed.has(`${p.file} ${p.document}`));
    const model = RbacModel.fromObjects([...scoped, ...extra].sort(byPlace).flatMap((p) => p.objects));
    this.models.set(key, model);
    return model;
  }

  private model(key: string, objects: () => unknown[]): RbacModel {
    let model = this.models.get(key);
    if (!model) this.models.set(key, (model = RbacModel.fromObjects(objects())));
    return model;
  }
}

/** The last dist/ asked about in this process, and the size and mtime of each of its files once a second question came. */
let last: { dir: string; signature?: string; models: QuestionModels } | undefined;

/**
 * The question models of a dist/ directory. A process asking many questions (the tests, a library user) reuses the
 * models of one while its files are unchanged; a single question pays for nothing more than reading it. Throws
 * AccessInputError when `dir` is no directory.
 */
export function questionModelsOf(dir: string): QuestionModels {
  const path = resolve(dir);
  const fresh = (): QuestionModels => new QuestionModels(new DistDocuments(yamlFilesIn(dir)));
  if (last?.dir !== path) {
    last = { dir: path, models: fresh() };
    return last.models;
  }
  const signature = signatureOf(path);
  if (signature === undefined || last.signature !== signature) last = { dir: path, ...(signature !== undefined ? { signature } : {}), models: fresh() };
  return last.models;
}

function signatureOf(dir: string): string | undefined {
  try {
    return JSON.stringify(
      readdirSync(dir)
        .sort()
        .map((f) => {
          const stat = statSync(join(dir, f));
          return [f, stat.mtimeMs, stat.size];
        }),
    );
  } catch {
    return undefined;
  }
}
