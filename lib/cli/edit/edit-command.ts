import { realpathSync } from 'node:fs';
import { parseConfig, readTeamsBytes } from '../../config/load';
import { ConfigError } from '../../config/problem';
import { writeFileIfChanged } from '../../synth/write-dist';
import { DIST_OPTIONS, EXIT, parseCommandLine, printProblems, resolveNow, runCommand, TEAMS_OPTIONS } from '../common';
import { buildOutputs, writeOutputs } from '../outputs';
import { EditOutcome, EditRefused, TeamsFile } from './teams-edits';
import { YamlEditor } from './yaml-editor';

/** The options every edit command takes besides its own. */
const COMMON_OPTIONS = {
  ...TEAMS_OPTIONS,
  ...DIST_OPTIONS,
  help: { type: 'boolean', short: 'h', default: false },
} as const;
export const COMMON_USAGE = '[--file teams.yaml] [--out dist] [--now YYYY-MM-DD]';

type StringOption = { readonly type: 'string'; readonly short?: string };
type BooleanOption = { readonly type: 'boolean'; readonly short?: string };

export interface EditRequest {
  readonly positionals: readonly string[];
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  /** "Today": --now, $COREWEAVE_RBAC_NOW or the clock. */
  readonly now: Date;
}

/**
 * The shape of every edit command: parse the command line, read and validate teams.yaml, make the edit on it
 * (`edit` returns what it did), validate the edited text and render every output in memory, and only then write
 * teams.yaml (temp file + rename) and dist/ (atomic swap). Any refusal or invalid result writes nothing.
 */
export function runEdit(
  name: string,
  usage: readonly string[],
  argv: readonly string[],
  options: Readonly<Record<string, StringOption | BooleanOption>>,
  edit: (file: TeamsFile, request: EditRequest) => EditOutcome,
): number {
  const fullUsage = usage.map((u) => `${u} ${COMMON_USAGE}`).join('\n       ');
  return runCommand(name, fullUsage, () => {
    const { values, positionals } = parseCommandLine({ args: [...argv], allowPositionals: true, options: { ...COMMON_OPTIONS, ...options } });
    if (values.help) {
      process.stdout.write(`usage: ${fullUsage}\n`);
      return EXIT.ok;
    }
    const now = resolveNow(values.now as string | undefined);
    const teamsFile = values.file as string;
    const original = readTeamsFile(teamsFile);
    const loaded = parseConfig(original, { now, file: teamsFile });
    const editor = new YamlEditor(original);
    let outcome: EditOutcome;
    try {
      outcome = edit({ path: teamsFile, config: loaded.config, source: loaded.source, editor }, { positionals, values, now });
    } catch (e) {
      if (!(e instanceof EditRefused)) throw e;
      process.stderr.write(`${name}: ${e.message}; nothing was written\n`);
      return EXIT.failed;
    }
    if (!outcome.changed) {
      process.stderr.write(`${name}: ${outcome.message}; nothing changed\n`);
      return EXIT.ok;
    }
    return commit(name, { teamsFile, out: values.out as string, now }, original, editor.result(), outcome);
  });
}

function readTeamsFile(path: string): string {
  return readTeamsBytes(path).toString('utf8');
}

/** Validate the edited text, then write teams.yaml and every synth output; teams.yaml is put back if they fail. */
function commit(name: string, options: { teamsFile: string; out: string; now: Date }, original: string, edited: string, outcome: EditOutcome): number {
  let outputs: ReturnType<typeof buildOutputs>;
  try {
    outputs = buildOutputs({ teamsFile: options.teamsFile, now: options.now, strict: false, text: edited, accessReport: true });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${name}: the edit would make ${options.teamsFile} invalid (lines as they would be after the edit):\n`);
    printProblems(e.file, e.problems.filter((p) => p.severity === 'error'));
    process.stderr.write(`${name}: nothing was written\n`);
    return EXIT.failed;
  }
  const target = realpathSync(options.teamsFile);
  writeFileIfChanged(target, edited);
  let summary: string;
  try {
    const change = writeOutputs(outputs, options.out);
    summary = `${options.out}/: ${change.written.length} written, ${change.removed.length} removed, ${change.unchanged} unchanged (${outputs.plan.teams.length} teams)`;
  } catch (e) {
    writeFileIfChanged(target, original);
    throw e;
  }
  printProblems(options.teamsFile, outputs.loaded.warnings);
  process.stderr.write(`${name}: ${outcome.message}\n${options.teamsFile}: updated\n${summary}\n`);
  return EXIT.ok;
}
