import { existsSync, readFileSync } from 'node:fs';
import { diffDist, readDist } from '../synth/write-dist';
import { DIST_OPTIONS, EXIT, parseCommandLine, resolveNow, runCommand, TEAMS_OPTIONS, UsageError } from './common';
import { buildOutputs } from './outputs';

const USAGE = 'npm run check -- [--file teams.yaml] [--out dist] [--now YYYY-MM-DD]';

const HELP = `Validate teams.yaml strictly (warnings are errors) and fail when dist/, the audit policy or ACCESS.md are
not what teams.yaml gives. What guards the org in CI. Exit 0 when all is up to date, 1 otherwise, 2 for a bad
command line.

usage: ${USAGE}

  -f, --file PATH   teams.yaml (default teams.yaml)
  -o, --out DIR     the generated manifests (default dist)
      --now DATE    "today" for token-age checks (default: $COREWEAVE_RBAC_NOW, else the clock)
`;

/** Strict validation (warnings are errors) and no drift between teams.yaml and the committed outputs. */
export function check(argv: readonly string[]): number {
  return runCommand('check', USAGE, () => {
    const { values, positionals } = parseCommandLine({
      args: [...argv],
      allowPositionals: true,
      options: {
        ...TEAMS_OPTIONS,
        ...DIST_OPTIONS,
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      process.stdout.write(HELP);
      return EXIT.ok;
    }
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
