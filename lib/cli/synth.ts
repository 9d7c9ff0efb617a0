import { existsSync, linkSync, mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { DIST_OPTIONS, EXIT, parseCommandLine, printProblems, resolveNow, runCommand, TEAMS_OPTIONS, UsageError } from './common';
import { buildOutputs, writeOutputs } from './outputs';
import { recoverDist } from '../synth/write-dist';

const USAGE = 'npx cdk8s synth | npm run synth -- [--file teams.yaml] [--out dist] [--now YYYY-MM-DD] [--strict] [--quiet]';

/** validate teams.yaml → plan → render → replace dist/ atomically. */
export function synth(argv: readonly string[]): number {
  return runCommand('synth', USAGE, () => {
    const { values, positionals } = parseCommandLine({
      args: [...argv],
      allowPositionals: true,
      options: {
        ...TEAMS_OPTIONS,
        ...DIST_OPTIONS,
        strict: { type: 'boolean', default: false },
        quiet: { type: 'boolean', short: 'q', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      process.stdout.write(`usage: ${USAGE}\n`);
      return EXIT.ok;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    // first of all, so that a run killed mid-swap is repaired even when this run's teams.yaml turns out invalid
    recoverDist(values.out);
    const outputs = buildOutputs({ teamsFile: values.file, now: resolveNow(values.now), strict: values.strict });
    printProblems(values.file, outputs.loaded.warnings);
    const change = writeOutputs(outputs, values.out);
    exposeToCdk8sCli(values.out, outputs.dist.keys());
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
