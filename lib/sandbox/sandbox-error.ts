import { existsSync, readFileSync } from 'node:fs';
import { InputError } from '../core/input-error';

/** A sandbox failure a user can act on (no Go, a port taken, a component that died): said in words, never traced. */
export class SandboxError extends InputError {}

/** The last `count` lines of a log file, indented, for an error message. */
export function lastLines(file: string, count: number): string {
  if (!existsSync(file)) return `  (no ${file})`;
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  return lines
    .slice(-count)
    .map((l) => `  ${l}`)
    .join('\n');
}
