import { ACCESS_REPORT_FILE, accessReport } from '../access/access-report';
import { yamlFilesIn } from '../access/dist-objects';
import { DistDocuments } from '../access/dist-documents';
import { MatrixEvaluation } from '../access/matrix-evaluation';
import { writeFileIfChanged } from '../synth/write-dist';
import { checkFormat, defineCommand, noArguments, runCli } from './command-spec';
import { DIST_INPUT_OPTION, EXIT, formatOption } from './common';

const ACCESS_MATRIX = defineCommand({
  name: 'access-matrix',
  usage: ['[--dist DIR] [--out ACCESS.md | -] [-o markdown|json]'],
  description: `Who may do what, from the RBAC objects in dist/: per namespace each subject and its capabilities, then
cross-namespace and cluster-wide grants, written as ACCESS.md (committed beside teams.yaml; synth and the edit
commands keep it up to date, and \`coreweave-rbac check\` fails when it is stale). -o json prints the same data.`,
  options: {
    ...DIST_INPUT_OPTION,
    out: { type: 'string', description: `where the report goes, - for stdout (default ${ACCESS_REPORT_FILE}; -o json: stdout)`, value: 'PATH' },
    ...formatOption(['markdown', 'json'], 'markdown'),
  },
});

/** The kinds the report is evaluated from: nothing else of dist/ is parsed. */
const ACCESS_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'List', 'Namespace']);

/** `coreweave-rbac access-matrix`: ACCESS.md, evaluated in full from dist/ (docs/reviewing-access.md). */
export function accessMatrix(argv: readonly string[]): number {
  return runCli(ACCESS_MATRIX, argv, ({ values, positionals }) => {
    checkFormat(values.format, ['markdown', 'json']);
    noArguments(positionals);
    const objects = new DistDocuments(yamlFilesIn(values.dist)).objects((d) => d.kind === undefined || ACCESS_KINDS.has(d.kind));
    const json = values.format === 'json';
    const text = json ? `${JSON.stringify(new MatrixEvaluation(objects).matrix(), null, 2)}\n` : accessReport(objects);
    const out = values.out ?? (json ? '-' : ACCESS_REPORT_FILE);
    if (out === '-') {
      process.stdout.write(text);
    } else {
      const changed = writeFileIfChanged(out, text);
      process.stderr.write(`${out}: ${changed ? 'written' : 'unchanged'}\n`);
    }
    return EXIT.ok;
  });
}
