import { compareDist } from '../access/grant-diff';
import { grantLine, roleLine } from '../access/grant-diff-lines';
import { accessDiffMarkdown } from '../access/grant-diff-markdown';
import { accessDiffJson } from '../access/grant-diff-json';
import { isEmptyReport } from '../access/grant-diff-report';
import { defaultBaseRef, locateDist } from '../access/git-dist';
import { checkFormat, defineCommand, runCli } from './command-spec';
import { DIST_INPUT_OPTION, EXIT, formatOption, UsageError } from './common';

const FORMATS = ['table', 'json', 'markdown'] as const;

const ACCESS_DIFF = defineCommand({
  name: 'access-diff',
  usage: ['[BASE_REF [HEAD_REF]] [flags]'],
  description: `What a change does to who may do what: the access implied by DIR at git revision BASE_REF (default
origin/main, else HEAD) compared with the working tree (or with HEAD_REF). One line per subject gaining or losing a
tier, a custom role or a cluster-wide grant in a namespace, then one line per permission a tier or custom role
itself gains or loses, with whom it reaches:

  + oidc:research-interns: mlEngineer in research (like oidc:research-ml)
  - token ci-deployer (User cw-token-7f3a): inferenceOperator in serving
  +! tier mlEngineer (ClusterRole coreweave-rbac-ml-engineer) may now get secrets: 12 subjects in 5 namespaces

\`!\` marks an added grant that can widen access further (escalate, bind, impersonate, any *, writing
rolebindings, reading secrets, minting service account tokens, a role whose rules are unknown). Only the files
git reports as changed are read (and, when a ClusterRole changed, the team files that bind it).
Output is empty and the exit code 0 when nothing changed.`,
  options: {
    ...DIST_INPUT_OPTION,
    ...formatOption(FORMATS, 'table'),
    markdown: { type: 'boolean', default: false, description: 'shorthand for --format markdown: a pull-request comment' },
    details: { type: 'boolean', default: false, description: 'one line per subject, resource and namespace instead of the grants (table only)' },
    full: { type: 'boolean', default: false, description: 'read all of DIR at both revisions and compare every permission (slow: the reference)' },
  },
  notes: `examples:
  coreweave-rbac access-diff                         # the working tree against origin/main
  coreweave-rbac access-diff origin/main HEAD --markdown > access.md
  coreweave-rbac access-diff HEAD~1 HEAD --details    # one line per subject, resource and namespace
  coreweave-rbac access-diff HEAD~1 HEAD -o json`,
});

/** `coreweave-rbac access-diff`: the access a change to dist/ adds and removes (docs/reviewing-access.md). */
export function accessDiff(argv: readonly string[]): number {
  return runCli(ACCESS_DIFF, argv, ({ values, positionals }) => {
    checkFormat(values.format, FORMATS);
    if (values.markdown && values.format !== 'table' && values.format !== 'markdown') {
      throw new UsageError(`--markdown means --format markdown, got --format ${values.format} as well`);
    }
    const format = values.markdown ? 'markdown' : values.format;
    if (values.details && format !== 'table') throw new UsageError(`--details is for --format table (${format} always holds the details), got --format ${format}`);
    if (positionals.length > 2) throw new UsageError(`expected at most BASE_REF and HEAD_REF, got ${JSON.stringify(positionals.join(' '))}`);
    const baseRef = defaultBaseRef(positionals[0]);
    const headRef = positionals[1] === undefined ? undefined : defaultBaseRef(positionals[1]);
    const report = compareDist(locateDist(values.dist), baseRef, headRef, { full: values.full, details: values.details || format !== 'table' });
    if (isEmptyReport(report)) return EXIT.ok;
    if (format === 'json') {
      process.stdout.write(`${JSON.stringify(accessDiffJson(report), null, 2)}\n`);
    } else if (format === 'markdown') {
      process.stdout.write(accessDiffMarkdown(report, baseRef, headRef === undefined ? 'This change' : `\`${headRef}\``));
    } else {
      const lines = values.details ? report.details.map((d) => d.line) : [...report.grants.map(grantLine), ...report.roles.map(roleLine)];
      process.stdout.write(lines.map((l) => `${l}\n`).join(''));
    }
    return EXIT.ok;
  });
}
