import { compareStrings } from '../core/compare';
import type { BindingDef, BindingSubject } from './evaluator';
import { bindingOrder, type PlacedBinding } from './grant-diff-files';
import { nameSubject, tokenOf } from './subjects';

/** The reference's binding order: ClusterRoleBindings, then by namespace and name; equal ones by file and position. */
function comparePlaced(a: PlacedBinding, b: PlacedBinding): number {
  return compareStrings(bindingOrder(a.binding), bindingOrder(b.binding)) || compareStrings(a.file, b.file) || a.index - b.index;
}

interface TokenBinding {
  readonly placed: PlacedBinding;
  readonly subject: BindingSubject;
}

/**
 * How one side names subjects: as the reference does, a user or ServiceAccount after the last binding (in the
 * reference's order) annotated with a token that names it, `token ci (User cw-token-1)`, else plainly. Exact for
 * a subject when every file that names it was added.
 */
export class SubjectLabels {
  private readonly tokens = new Map<string, TokenBinding[]>();

  add(placed: PlacedBinding): void {
    const token = tokenOf(placed.binding);
    if (!token) return;
    for (const subject of placed.binding.subjects) {
      if (subject.kind === 'Group') continue;
      const key = nameSubject(subject, placed.binding).key;
      const list = this.tokens.get(key);
      if (list) list.push({ placed, subject });
      else this.tokens.set(key, [{ placed, subject }]);
    }
  }

  label(subject: BindingSubject, binding: BindingDef): string {
    const named = nameSubject(subject, binding);
    const candidates = this.tokens.get(named.key);
    if (!candidates || named.kind === 'Group') return named.label;
    const last = candidates.reduce((a, b) => (comparePlaced(a.placed, b.placed) >= 0 ? a : b));
    return nameSubject(last.subject, last.placed.binding, tokenOf(last.placed.binding)).label;
  }

  /** The token bindings read that name the subject, in a form equal at two sides exactly when they are the same. */
  evidence(key: string): string {
    return (this.tokens.get(key) ?? [])
      .map((t) => `${bindingOrder(t.placed.binding)}\0${t.placed.file}\0${t.placed.index}\0${tokenOf(t.placed.binding)}`)
      .sort()
      .join('\n');
  }

  /** Every subject some token binding read names. */
  keys(): IterableIterator<string> {
    return this.tokens.keys();
  }

  /** A subject some token binding read names, as that binding names it. */
  subject(key: string): BindingSubject | undefined {
    return this.tokens.get(key)?.[0]?.subject;
  }
}
