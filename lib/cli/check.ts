import { existsSync, readFileSync } from 'node:fs';
import { compareDist } from '../synth/write-dist';
import { defineCommand, noArguments, runCli } from './command-spec';
import { DIST_OPTIONS, EXIT, resolveNow, TEAMS_OPTIONS } from './common';
import { buildOutputs } from './outputs';

const CHECK = defineCommand({
  name: 'check',
  usage: ['[--file teams.yaml] [--out dist] [--now YYYY-MM-DD]'],
  description: `Validate teams.yaml strictly (warnings are errors) and fail when dist/, the audit policy or ACCESS.md are
not what synth would write from it. What guards the org in CI. Exit 0 when all is up to date, 1 otherwise, 2 for a
bad command line.`,
  options: { ...TEAMS_OPTIONS, ...DIST_OPTIONS },
});

/** Strict validation (warnings are errors) and no drift between teams.yaml and the committed outputs. */
export function check(argv: readonly string[]): number {
  return runCli(CHECK, argv, ({ values, positionals }) => {
    noArguments(positionals);
    // ACCESS.md from the objects synth renders (never from dist/ read back): left out when its digests show the report
    // on disk to be current, and otherwise what synth would write, so a report anything or anyone changed differs
    const outputs = buildOutputs({ teamsFile: values.file, now: resolveNow(values.now), strict: true, accessReport: true, compareWith: values.out });
    const drift = compareDist(values.out, outputs.dist, outputs.unchangedDist);
    const stale = [...drift.written.map((f) => `${values.out}/${f}`), ...drift.removed.map((f) => `${values.out}/${f} (should not exist)`)];
    for (const [path, content] of outputs.files) {
      if (!existsSync(path) || readFileSync(path, 'utf8') !== content) stale.push(path);
    }
    if (stale.length > 0) {
      process.stderr.write(`check: out of date with ${values.file}, run \`npx cdk8s synth\` and commit the result:\n${stale.map((s) => `  ${s}\n`).join('')}`);
      return EXIT.failed;
    }
    process.stderr.write(`check: ${values.file} is valid and ${values.out}/ is up to date\n`);
    return EXIT.ok;
  });
}
