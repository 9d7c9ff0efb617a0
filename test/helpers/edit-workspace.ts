import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect, vi } from 'vitest';
import { synth } from '../../lib/cli/synth';

export const EDIT_FIXTURE = join(__dirname, '..', 'cli', 'edit', 'fixtures', 'teams.yaml');

export interface CommandRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run a command function in-process, capturing what it prints. */
export function capture(command: (argv: readonly string[]) => number, argv: readonly string[]): CommandRun {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: command(argv), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** A temp dir with a copy of `teamsYaml` and the dist/ that synth writes for it. */
export class EditWorkspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'coreweave-rbac-edit-'));
  readonly file = join(this.dir, 'teams.yaml');
  readonly out = join(this.dir, 'dist');

  constructor(teamsYaml = EDIT_FIXTURE) {
    copyFileSync(teamsYaml, this.file);
    const synthRun = capture(synth, ['--file', this.file, '--out', this.out, '--quiet']);
    if (synthRun.code !== 0) throw new Error(`synth of the fixture failed:\n${synthRun.stderr}`);
  }

  /** Run an edit command against this workspace. */
  run(command: (argv: readonly string[]) => number, ...args: string[]): CommandRun {
    return capture(command, [...args, '--file', this.file, '--out', this.out]);
  }

  teamsYaml(): string {
    return readFileSync(this.file, 'utf8');
  }

  /** Every file under the workspace (path → bytes and mtime), to prove that a refused edit wrote nothing. */
  files(): Map<string, FileState> {
    return filesUnder(this.dir);
  }
}

/** The lines of a text that are comments or carry one (`# ...` after a value), trimmed, in order. */
/** Run an edit command that must change nothing: teams.yaml, dist/ and every other file keep their bytes and mtimes. */
export function runUnchanged(command: (argv: readonly string[]) => number, ...args: string[]): { code: number; stderr: string } {
  const ws = new EditWorkspace();
  const before = ws.files();
  const run = ws.run(command, ...args);
  expect(run.stdout).toBe('');
  expect(ws.files()).toEqual(before);
  return { code: run.code, stderr: run.stderr.replaceAll(ws.file, 'teams.yaml') };
}

export function commentsOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => /(^|\s)(#.*)$/.exec(line)?.[2]?.trim())
    .filter((c): c is string => c !== undefined);
}

export interface FileState {
  readonly content: string;
  readonly mtimeMs: number;
}

/** Every file under `root` (path relative to it → bytes and mtime): what a refused command must leave alone. */
export function filesUnder(root: string): Map<string, FileState> {
  const files = new Map<string, FileState>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else files.set(relative(root, path), { content: readFileSync(path, 'latin1'), mtimeMs: stat.mtimeMs });
    }
  };
  walk(root);
  return files;
}
