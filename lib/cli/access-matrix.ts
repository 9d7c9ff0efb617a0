import { accessMatrixMarkdown, buildAccessMatrix } from '../access/access-matrix';
import { objectsOfDir } from '../access/dist-objects';
import { writeFileIfChanged } from '../synth/write-dist';
import { checkFormat, runAccessCommand } from './access-common';
import { EXIT, parseCommandLine, UsageError } from './common';

const USAGE = 'npm run access-matrix -- [--dist DIR] [--output ACCESS.md | -] [--format markdown|json]';

const HELP = `Write who-may-do-what as a Markdown report (ACCESS.md, committed; run it after \`npx cdk8s synth\`: the
edit commands refresh it too, and \`npm run check\` fails when it is stale): per namespace each subject and its capabilities, then cross-namespace and
cluster-wide grants. --format json prints the same data to stdout.

usage: ${USAGE}
`;

import { ACCESS_REPORT_FILE as ACCESS_REPORT } from '../access/access-matrix';

export function accessMatrix(argv: readonly string[]): number {
  return runAccessCommand('access-matrix', USAGE, EXIT.failed, () => {
    const { values, positionals } = parseCommandLine({
      args: [...argv],
      allowPositionals: true,
      options: {
        dist: { type: 'string', default: 'dist' },
        output: { type: 'string', short: 'o' },
        format: { type: 'string', default: 'markdown' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      process.stdout.write(HELP);
      return EXIT.ok;
    }
    checkFormat(values.format, ['markdown', 'md', 'json']);
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    const matrix = buildAccessMatrix(objectsOfDir(values.dist));
    const json = values.format === 'json';
    const text = json ? `${JSON.stringify(matrix, null, 2)}\n` : accessMatrixMarkdown(matrix);
    const output = values.output ?? (json ? '-' : ACCESS_REPORT);
    if (output === '-') {
      process.stdout.write(text);
    } else {
      const changed = writeFileIfChanged(output, text);
      process.stderr.write(`${output}: ${changed ? 'written' : 'unchanged'}\n`);
    }
    return EXIT.ok;
  });
}
