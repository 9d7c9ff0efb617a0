import { questionModelsOf } from '../access/question-models';
import { parseRequest, requestWarnings } from '../access/request-syntax';
import { isClusterScoped } from '../access/resources';
import { describeVia, whoCan as evaluateWhoCan, whoCanEverywhere, type WhoCanEntry } from '../access/who-can';
import { scopeNamespace, SCOPE_OPTIONS } from './access-common';
import { formatTable } from './can-i';
import { checkFormat, defineCommand, runCli } from './command-spec';
import { DIST_INPUT_OPTION, EXIT, formatOption, UsageError } from './common';

const WHO_CAN = defineCommand({
  name: 'who-can',
  usage: ['VERB RESOURCE[.GROUP][/SUBRESOURCE|/NAME] [--subresource S] [-n NS | -A] [--dist DIR] [-o json]'],
  description: `Every subject (group, user, service account) that dist/ allows to do VERB on RESOURCE, with the binding that
allows it. Subjects whose only way in is a role dist/ does not define are listed as unknown. With -A, in every
namespace, the namespace in the first column (* for ClusterRoleBindings, listed once). Exit 2: bad command line or input.`,
  options: {
    ...SCOPE_OPTIONS,
    ...DIST_INPUT_OPTION,
    ...formatOption(['table', 'json'], 'table'),
  },
  inputErrorExit: EXIT.usage,
});

/** `coreweave-rbac who-can`: every subject dist/'s RBAC allows a request (docs/reviewing-access.md). */
export function whoCan(argv: readonly string[]): number {
  return runCli(WHO_CAN, argv, ({ values, positionals }) => {
    checkFormat(values.format, ['table', 'json']);
    const namespace = scopeNamespace(values);
    if (positionals.length !== 2) throw new UsageError(`expected VERB and RESOURCE, got ${positionals.length === 0 ? 'nothing' : JSON.stringify(positionals.join(' '))}`);
    const [verb = '', target = ''] = positionals;
    const request = parseRequest(verb, target, { ...(values.subresource ? { subresource: values.subresource } : {}), ...(namespace ? { namespace } : {}) });
    const everywhere = values['all-namespaces'] && request.resource !== undefined && !isClusterScoped(request.apiGroup ?? '', request.resource);
    const models = questionModelsOf(values.dist);
    const model = everywhere ? models.all() : models.forWhoCan(request);
    for (const warning of requestWarnings(verb, target, request, model.namespaces)) process.stderr.write(`Warning: ${warning}\n`);
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
