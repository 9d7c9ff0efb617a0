import { existsSync, readFileSync } from 'node:fs';
import { diffDist, readDist } from '../synth/write-dist';
import { DIST_OPTIONS, EXIT, parseCommandLine, resolveNow, runCommand, TEAMS_OPTIONS, UsageError } from './common';
import { buildOutputs } from './outputs';

const USAGE = 'npm run check -- [--file teams.yaml] [--out dist] [--now YYYY-MM-DD]';

/** Strict validation (warnings are errors) and no drift between teams.yaml and the committed outputs. */
export function check(argv: readonly string[]): number {
  return runCommand('check', USAGE, () => {
    const { values, positionals } = parseCommandLine({
      args: [...argv],
      allowPositionals: true,
      options: {
        ...TEAMS_OPTIONS,
        ...DIST_OPTIONS,
      },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    const outputs = buildOutputs({ teamsFile: values.file, now: resolveNow(values.now), strict: true, accessReport: true });
    const drift = diffDist(readDist(values.out), outputs.dist);
    const stale = [...drift.written.map((f) => `${values.out}/${f}`), ...drift.removed.map((f) => `${values.out}/${f} (should not exist)`)];
    for (const [path, content] of outputs.files) {
      if (!existsSync(path) || readFileSync(path, 'utf8') !== content) stale.push(path);
    }
    if (stale.length > 0) {
      process.stderr.write(`check: out of date with ${values.file}, run \`npx cdk8s synth && npm run access-matrix\` and commit the result:\n${stale.map((s) => `  ${s}\n`).join('')}`);
      return EXIT.failed;
    }
    process.stderr.write(`check: ${values.file} is valid and ${values.out}/ is up to date\n`);
    return EXIT.ok;
  });
}
