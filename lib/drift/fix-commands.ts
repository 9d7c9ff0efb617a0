import { FIELD_MANAGER } from '../sandbox/apply';
import type { ObjectId } from './report';

/** Where the printed commands act: the same kubeconfig and context drift read. */
export interface KubectlTarget {
  readonly kubeconfig?: string;
  readonly context?: string;
}

/** The kubectl commands that undo each kind of drift: printed for a person to run, never run by drift. */
export interface FixCommands {
  /** An extra object: delete it. */
  remove(id: ObjectId): string;
  /** A changed or missing object: apply its dist/ file (a path) again, as Flux does (server-side apply, its field manager). */
  restore(file: string): string;
  /** An orphaned namespace: delete it, with everything in it. */
  removeNamespace(name: string): string;
}

/** A word a shell takes as it is, quoted when it is not. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function fixCommands(target: KubectlTarget = {}): FixCommands {
  const kubectl = ['kubectl', ...(target.kubeconfig !== undefined ? ['--kubeconfig', target.kubeconfig] : []), ...(target.context !== undefined ? ['--context', target.context] : [])];
  const command = (...words: string[]) => [...kubectl, ...words].map(shellWord).join(' ');
  return {
    remove: (id) => command('delete', id.kind.toLowerCase(), id.name, ...(id.namespace ? ['-n', id.namespace] : [])),
    restore: (file) => command('apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '--force-conflicts', '-f', file),
    removeNamespace: (name) => command('delete', 'namespace', name),
  };
}
