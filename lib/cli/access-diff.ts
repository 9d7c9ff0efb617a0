import { accessDiffMarkdown, diffAccess } from '../access/access-diff';
import { RbacModel } from '../access/evaluator';
import { defaultBaseRef, dirExistsAtRef, readYamlDirAtRef } from '../access/git-dist';
import { objectsOfDir, objectsOfTexts } from '../access/dist-objects';
import { runAccessCommand } from './access-common';
import { EXIT, parseCommandLine, UsageError } from './common';

const USAGE = 'npm run access-diff -- [BASE_REF [HEAD_REF]] [--dist DIR] [--markdown]';

const HELP = `What a change does to who-can-do-what: the access implied by DIR (default dist) at git revision BASE_REF
(default origin/main, else HEAD) compared with the working tree (or with HEAD_REF), one line per change:

  + oidc:research-ml may create pods/exec in research
  - token ci-deployer (User cw-token-7f3a) may delete deployments.apps in inference
  +! oidc:research-leads may get, list, watch secrets in research

\`!\` marks an added grant that can widen access further (escalate, bind, impersonate, any *, writing
rolebindings, reading secrets, minting service account tokens, a role whose rules are unknown).
Output is empty and the exit code 0 when nothing changed. --markdown prints a pull-request comment.

usage: ${USAGE}
`;

export function accessDiff(argv: readonly string[]): number {
  return runAccessCommand('access-diff', USAGE, EXIT.failed, () => {
    const { values, positionals } = parseCommandLine({
      args: [...argv],
      allowPositionals: true,
      options: {
        dist: { type: 'string', default: 'dist' },
        markdown: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      process.stdout.write(HELP);
      return EXIT.ok;
    }
    if (positionals.length > 2) throw new UsageError(`expected at most BASE_REF and HEAD_REF, got ${JSON.stringify(positionals.join(' '))}`);
    const baseRef = defaultBaseRef(positionals[0]);
    const headRef = positionals[1] === undefined ? undefined : defaultBaseRef(positionals[1]);
    const atRef = (ref: string) => RbacModel.fromObjects(dirExistsAtRef(ref, values.dist) ? objectsOfTexts(readYamlDirAtRef(ref, values.dist)) : []);
    const base = atRef(baseRef);
    const head = headRef === undefined ? RbacModel.fromObjects(objectsOfDir(values.dist)) : atRef(headRef);
    const changes = diffAccess(base, head);
    if (values.markdown) process.stdout.write(accessDiffMarkdown(changes, baseRef, headRef === undefined ? 'This change' : `\`${headRef}\``));
    else process.stdout.write(changes.map((c) => `${c.line}\n`).join(''));
    return EXIT.ok;
  });
}
