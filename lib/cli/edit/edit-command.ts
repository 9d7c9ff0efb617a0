import { realpathSync } from 'node:fs';
import { parseConfig, readTeamsBytes } from '../../config/load';
import { ConfigError } from '../../config/problem';
import { writeFileIfChanged } from '../../synth/write-dist';
import { defineCommand, type OptionSpecs, runCli } from '../command-spec';
import { DIST_OPTIONS, EXIT, printProblems, resolveNow, TEAMS_OPTIONS } from '../common';
import { buildOutputs, writeOutputs } from '../outputs';
import { EditOutcome, EditRefused, TeamsFile } from './teams-edits';
import { YamlEditor } from './yaml-editor';

/** An edit command: its arguments, its own flags and what it does; the flags of every edit are added. */
export interface EditCommand {
  readonly name: string;
  /** What follows the command's name in each usage line. */
  readonly usage: readonly string[];
  readonly description: string;
  readonly options: OptionSpecs;
}

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
export function runEdit(command: EditCommand, argv: readonly string[], edit: (file: TeamsFile, request: EditRequest) => EditOutcome): number {
  const name = command.name;
  const spec = defineCommand({
    ...command,
    usage: command.usage.map((u) => `${u} [flags]`),
    description: `${command.description}\n\nThe edit keeps teams.yaml's comments and layout, is validated with the rest of the file, and is written with\ndist/, the audit policy and ACCESS.md only when all of them are valid; anything refused writes nothing.`,
    options: { ...command.options, ...TEAMS_OPTIONS, ...DIST_OPTIONS },
  });
  return runCli(spec, argv, (parsed) => {
    const values = parsed.values as Readonly<Record<string, string | boolean | undefined>>;
    const positionals = parsed.positionals;
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
export function commit(name: string, options: { teamsFile: string; out: string; now: Date }, original: string, edited: string, outcome: EditOutcome): number {
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
