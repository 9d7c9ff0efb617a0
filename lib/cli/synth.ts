import { existsSync, linkSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { recoverDist } from '../synth/write-dist';
import { defineCommand, noArguments, runCli } from './command-spec';
import { DIST_OPTIONS, EXIT, printProblems, resolveNow, TEAMS_OPTIONS } from './common';
import { buildOutputs, writeOutputs } from './outputs';

const SYNTH = defineCommand({
  name: 'synth',
  usage: ['[--file teams.yaml] [--out dist] [--now YYYY-MM-DD] [--strict] [--quiet]'],
  description: `Validate teams.yaml, then write dist/ (all at once: unchanged files keep their mtime), the audit policy and
ACCESS.md beside teams.yaml (only the namespaces whose objects changed are evaluated again). What \`npx cdk8s synth\`
runs; this command takes flags, which the cdk8s CLI does not pass. Exit 0 on success, 1 for invalid input (nothing is
written), 2 for a bad command line.`,
  options: {
    ...TEAMS_OPTIONS,
    ...DIST_OPTIONS,
    strict: { type: 'boolean', default: false, description: 'treat warnings as errors' },
    quiet: { type: 'boolean', short: 'q', default: false, description: 'no summary line' },
  },
});

/** validate teams.yaml → plan → render → replace dist/ atomically, then the audit policy and ACCESS.md. */
export function synth(argv: readonly string[]): number {
  return runCli(SYNTH, argv, ({ values, positionals }) => {
    noArguments(positionals);
    // first of all, so that a run killed mid-swap is repaired even when this run's teams.yaml turns out invalid
    recoverDist(values.out);
    const outputs = buildOutputs({ teamsFile: values.file, now: resolveNow(values.now), strict: values.strict, accessReport: true, compareWith: values.out });
    printProblems(values.file, outputs.loaded.warnings);
    const change = writeOutputs(outputs, values.out);
    exposeToCdk8sCli(values.out, [...outputs.dist.keys(), ...outputs.unchangedDist]);
    if (!values.quiet) {
      const parts = [`${change.written.length} written`, `${change.removed.length} removed`, `${change.unchanged} unchanged`];
      process.stderr.write(`${values.out}/: ${parts.join(', ')} (${outputs.plan.teams.length} teams)\n`);
    }
    return EXIT.ok;
  });
}

/**
 * `cdk8s synth` deletes its output folder before it runs the app, so dist/ is never that folder: the CLI gets
 * its own (cdk8s.yaml `output`), a symbolic link to dist/ so that it lists dist/'s files. Deleting a link leaves
 * its target alone, so the CLI's next run removes only the link. Where the folder already exists (`--stdout`
 * gives a temporary one), it gets hard links to the files instead.
 */
function exposeToCdk8sCli(dist: string, files: Iterable<string>): void {
  const outdir = process.env.CDK8S_OUTDIR;
  if (!outdir || resolve(outdir) === resolve(dist)) return;
  if (!existsSync(outdir)) {
    try {
      symlinkSync(relative(dirname(resolve(outdir)), resolve(dist)), outdir, 'dir');
      return;
    } catch {
      // no symbolic links here: hard links below
    }
  }
  mkdirSync(outdir, { recursive: true });
  for (const file of files) linkSync(join(dist, file), join(outdir, file));
}
