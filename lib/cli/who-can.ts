import { RbacModel } from '../access/evaluator';
import { parseRequest, requestWarnings } from '../access/request-syntax';
import { describeVia, whoCan as evaluateWhoCan, whoCanEverywhere, type WhoCanEntry } from '../access/who-can';
import { isClusterScoped } from '../access/resources';
import { checkFormat, runAccessCommand, scopeNamespace, SCOPE_OPTIONS } from './access-common';
import { formatTable } from './can-i';
import { EXIT, parseCommandLine, UsageError } from './common';

const USAGE = 'npm run who-can -- VERB RESOURCE[.GROUP][/SUBRESOURCE|/NAME] [--subresource S] [-n NS | -A] [--dist DIR] [--format json]';

const HELP = `Every subject (group, user, service account) that dist/ allows to do VERB on RESOURCE, with the binding that
allows it. Subjects whose only way in is a role dist/ does not define are listed as unknown.

usage: ${USAGE}

  -n, --namespace NS     in namespace NS (default: cluster-wide)
  -A, --all-namespaces   in every namespace, with the namespace in a column (* for ClusterRoleBindings)
      --subresource S    the subresource (pods/exec is the same as pods --subresource exec)
      --dist DIR         the YAML to read (default dist)
      --format json      machine-readable output
`;

export function whoCan(argv: readonly string[]): number {
  return runAccessCommand('who-can', USAGE, EXIT.usage, () => {
    const { values, positionals } = parseCommandLine({
      args: [...argv],
      allowPositionals: true,
      options: {
        ...SCOPE_OPTIONS,
        dist: { type: 'string', default: 'dist' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      process.stdout.write(HELP);
      return EXIT.ok;
    }
    checkFormat(values.format, ['json']);
    const namespace = scopeNamespace(values);
    if (positionals.length !== 2) throw new UsageError(`expected VERB and RESOURCE, got ${positionals.length === 0 ? 'nothing' : JSON.stringify(positionals.join(' '))}`);
    const [verb = '', target = ''] = positionals;
    const request = parseRequest(verb, target, { ...(values.subresource ? { subresource: values.subresource } : {}), ...(namespace ? { namespace } : {}) });
    const model = RbacModel.fromDist(values.dist);
    for (const warning of requestWarnings(verb, target, request, model.namespaces)) process.stderr.write(`Warning: ${warning}\n`);
    const everywhere = values['all-namespaces'] && request.resource !== undefined && !isClusterScoped(request.apiGroup ?? '', request.resource);
    const found = everywhere ? whoCanEverywhere(model, request) : evaluateWhoCan(model, request).map((entry) => ({ namespace: undefined, entry }));
    if (values.format === 'json') {
      const out = found.map(({ namespace, entry: e }) => ({
        ...(everywhere ? { namespace } : {}),
        subject: { kind: e.subject.kind, name: e.subject.name, ...(e.subject.namespace !== undefined ? { namespace: e.subject.namespace } : {}), ...(e.subject.token ? { token: e.subject.token } : {}) },
        allowed: e.allowed === true ? 'yes' : 'unknown',
        bindings: e.bindings.map((b) => ({ kind: b.kind, namespace: b.namespace ?? null, name: b.name, roleRef: b.roleRef })),
      }));
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      return EXIT.ok;
    }
    if (found.length === 0) {
      process.stderr.write('who-can: no subject in the objects read is allowed\n');
      return EXIT.ok;
    }
    const cells = (e: WhoCanEntry) => e.bindings.map((b) => [e.subject.label, e.subject.kind, e.allowed === true ? 'yes' : 'unknown', describeVia(b)]);
    const rows = everywhere
      ? [['NAMESPACE', 'SUBJECT', 'KIND', 'ALLOWED', 'VIA'], ...found.flatMap(({ namespace, entry }) => cells(entry).map((c) => [namespace ?? '', ...c]))]
      : [['SUBJECT', 'KIND', 'ALLOWED', 'VIA'], ...found.flatMap(({ entry }) => cells(entry))];
    process.stdout.write(formatTable(rows));
    return EXIT.ok;
  });
}
