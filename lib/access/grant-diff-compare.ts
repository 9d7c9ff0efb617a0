import type { BindingDef, BindingSubject, RbacModel } from './evaluator';
import type { DistFile, PlacedBinding } from './grant-diff-files';
import { grantOf, type Grant } from './grant-diff-grants';
import { SubjectLabels } from './grant-diff-labels';
import { roleModel } from './grant-diff-models';
import { isNamespaced, type PermissionTemplate, type ScopelessPermission, type TemplateCatalog } from './grant-diff-templates';

/** A scope bindings apply in: a namespace, or undefined for cluster-wide. */
export type Scope = string | undefined;

export const scopeOf = (binding: BindingDef): Scope => (isNamespaced(binding) ? binding.namespace : undefined);

/** One side of the comparison: the roles and bindings of the files read there. */
export interface SideState {
  readonly model: RbacModel;
  readonly labels: SubjectLabels;
  readonly bindingsByScope: ReadonlyMap<Scope, readonly PlacedBinding[]>;
}

export function sideState(files: Iterable<DistFile>): SideState {
  const list = [...files];
  const labels = new SubjectLabels();
  const bindingsByScope = new Map<Scope, PlacedBinding[]>();
  for (const file of list) {
    for (const placed of file.bindings) {
      labels.add(placed);
      const scope = scopeOf(placed.binding);
      const inScope = bindingsByScope.get(scope);
      if (inScope) inScope.push(placed);
      else bindingsByScope.set(scope, [placed]);
    }
  }
  return { model: roleModel(list), labels, bindingsByScope };
}

/** What one grant gives a subject in a scope: the templates of the bindings that give it. */
export interface HeldGrant {
  readonly grant: Grant;
  readonly templates: readonly PermissionTemplate[];
  /** The names of the bindings that give it. */
  readonly bindings: readonly string[];
}

/** A subject's grants in one scope at one side. */
export interface Holding {
  readonly key: string;
  readonly subject: BindingSubject;
  /** A binding that names it (which one does not matter for its label). */
  readonly binding: BindingDef;
  readonly grants: ReadonlyMap<string, HeldGrant>;
  /** Equal at both sides exactly when the grants and what they grant are: grant and template ids. */
  readonly signature: string;
  /** The ids of its templates: equal ones grant the same permissions. */
  readonly templates: string;
}

/** A subject whose grants, their permissions or its label differ in one scope: what it held and holds. */
export interface SubjectChange {
  readonly scope: Scope;
  readonly key: string;
  readonly kind: BindingSubject['kind'];
  readonly before?: { readonly label: string; readonly holding: Holding };
  readonly after?: { readonly label: string; readonly holding: Holding };
  /** Permissions lost / gained, under the label of their side (all of them when the label changes). */
  readonly removed: ReadonlyMap<string, ScopelessPermission>;
  readonly added: ReadonlyMap<string, ScopelessPermission>;
}

/** Keyed as nameSubject keys it: `Group:NAME`, `User:NAME`, `ServiceAccount:NS/NAME`. */
function subjectKey(subject: BindingSubject, binding: BindingDef): string {
  return subject.kind === 'ServiceAccount' ? `ServiceAccount:${subject.namespace ?? binding.namespace ?? ''}/${subject.name}` : `${subject.kind}:${subject.name}`;
}

/** A holding being gathered from the bindings of a scope. */
interface Gathered {
  readonly subject: BindingSubject;
  readonly binding: BindingDef;
  readonly grants: Map<string, { grant: Grant; templates: PermissionTemplate[]; bindings: string[] }>;
}

function sealed(key: string, gathered: Gathered): Holding {
  const signature: string[] = [];
  const templates = new Set<number>();
  for (const [id, held] of gathered.grants) {
    for (const t of held.templates) {
      signature.push(`${id}#${t.id}`);
      templates.add(t.id);
    }
  }
  return { key, ...gathered, signature: signature.sort().join('\n'), templates: [...templates].sort((a, b) => a - b).join(',') };
}

type Permissions = ReadonlyMap<string, ScopelessPermission>;

const minus = (a: Permissions, b: Permissions): Permissions => new Map([...a].filter(([key]) => !b.has(key)));
const NOTHING: Permissions = new Map();

/** The two sides, compared scope by scope and subject by subject. */
export class Comparison {
  private readonly holdingCache = new Map<SideState, Map<Scope, ReadonlyMap<string, Holding>>>();
  /** Thousands of subjects hold the same few combinations of roles: each union and difference is computed once. */
  private readonly unions = new Map<string, Permissions>();
  private readonly differences = new Map<string, Permissions>();

  constructor(
    readonly base: SideState,
    readonly head: SideState,
    private readonly catalog: TemplateCatalog,
  ) {}

  /** Every scope a binding read applies in, at either side. */
  scopes(): Scope[] {
    return [...new Set([...this.base.bindingsByScope.keys(), ...this.head.bindingsByScope.keys()])];
  }

  /** Each subject's grants in a scope at a side, by subject key. */
  holdings(side: SideState, scope: Scope): ReadonlyMap<string, Holding> {
    let byScope = this.holdingCache.get(side);
    if (!byScope) this.holdingCache.set(side, (byScope = new Map()));
    let found = byScope.get(scope);
    if (found) return found;
    const gathering = new Map<string, Gathered>();
    for (const { binding } of side.bindingsByScope.get(scope) ?? []) {
      const grant = grantOf(binding);
      const template = this.catalog.of(side.model, binding);
      for (const subject of binding.subjects) {
        const key = subjectKey(subject, binding);
        let holding = gathering.get(key);
        if (!holding) gathering.set(key, (holding = { subject, binding, grants: new Map() }));
        const held = holding.grants.get(grant.id);
        if (!held) holding.grants.set(grant.id, { grant, templates: [template], bindings: [binding.name] });
        else {
          if (!held.templates.includes(template)) held.templates.push(template);
          if (!held.bindings.includes(binding.name)) held.bindings.push(binding.name);
        }
      }
    }
    found = new Map([...gathering].map(([key, gathered]) => [key, sealed(key, gathered)]));
    byScope.set(scope, found);
    return found;
  }

  /** Everything a holding grants. */
  permissions(holding: Holding | undefined): Permissions {
    if (!holding) return NOTHING;
    let union = this.unions.get(holding.templates);
    if (!union) {
      const all = new Map<string, ScopelessPermission>();
      for (const held of holding.grants.values()) for (const t of held.templates) for (const [key, p] of t.permissions) all.set(key, p);
      this.unions.set(holding.templates, (union = all));
    }
    return union;
  }

  /** What `a` grants that `b` does not. */
  private difference(a: Holding | undefined, b: Holding | undefined): Permissions {
    if (!a) return NOTHING;
    const key = `${a.templates}|${b?.templates ?? ''}`;
    let found = this.differences.get(key);
    if (!found) this.differences.set(key, (found = minus(this.permissions(a), this.permissions(b))));
    return found;
  }

  /**
   * Users and ServiceAccounts whose label must be known exactly, by key: those whose grants differ somewhere, and
   * those whose token bindings differ (their label, and so every fact of theirs, may change in every scope).
   */
  labelCandidates(): Map<string, BindingSubject> {
    const out = new Map<string, BindingSubject>();
    for (const scope of this.scopes()) {
      const before = this.holdings(this.base, scope);
      const after = this.holdings(this.head, scope);
      for (const key of new Set([...before.keys(), ...after.keys()])) {
        const holding = (after.get(key) ?? before.get(key)) as Holding;
        if (holding.subject.kind !== 'Group' && before.get(key)?.signature !== after.get(key)?.signature) out.set(key, holding.subject);
      }
    }
    for (const key of new Set([...this.base.labels.keys(), ...this.head.labels.keys()])) {
      if (this.base.labels.evidence(key) !== this.head.labels.evidence(key)) {
        const subject = this.head.labels.subject(key) ?? this.base.labels.subject(key);
        if (subject) out.set(key, subject);
      }
    }
    return out;
  }

  /** Every subject whose access or label differs, scope by scope. */
  subjectChanges(): SubjectChange[] {
    const changes: SubjectChange[] = [];
    for (const scope of this.scopes()) {
      const before = this.holdings(this.base, scope);
      const after = this.holdings(this.head, scope);
      for (const key of new Set([...before.keys(), ...after.keys()])) {
        const b = before.get(key);
        const a = after.get(key);
        const same = b?.signature === a?.signature;
        // a group is named by its name at both sides
        if (same && ((a ?? b) as Holding).subject.kind === 'Group') continue;
        const labelBefore = b && this.base.labels.label(b.subject, b.binding);
        const labelAfter = a && this.head.labels.label(a.subject, a.binding);
        if (same && labelBefore === labelAfter) continue;
        const relabeled = b !== undefined && a !== undefined && labelBefore !== labelAfter;
        changes.push({
          scope,
          key,
          kind: ((a ?? b) as Holding).subject.kind,
          ...(b ? { before: { label: labelBefore as string, holding: b } } : {}),
          ...(a ? { after: { label: labelAfter as string, holding: a } } : {}),
          removed: relabeled ? this.permissions(b) : this.difference(b, a),
          added: relabeled ? this.permissions(a) : this.difference(a, b),
        });
      }
    }
    return changes;
  }
}
