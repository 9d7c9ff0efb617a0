import type { AccessRequest, Decision, RbacModel, Subject } from '../access/evaluator';
import { explain } from '../access/explain';
import { bindingPermissions, groupPermissions, subjectPermissions } from '../access/permissions';
import { questionModelsOf } from '../access/question-models';
import { parseRequest, requestWarnings } from '../access/request-syntax';
import { knownNamespaces } from '../access/who-can';
import { oidcGroupPrefixOf, scopeNamespace, SCOPE_OPTIONS, subjectOf } from './access-common';
import { checkFormat, defineCommand, runCli } from './command-spec';
import { DIST_INPUT_OPTION, EXIT, formatOption, UsageError } from './common';

/** Exit code of an answer: kubectl's 0 yes / 1 no, and 3 for unknown. */
export const ANSWER_EXIT = { yes: 0, no: 1, unknown: 3 } as const;

const CAN_I = defineCommand({
  name: 'can-i',
  usage: [
    'VERB RESOURCE[.GROUP][/SUBRESOURCE|/NAME] [--subresource S] [-n NS | -A] [--as USER] [--as-group GROUP]... [--explain] [--dist DIR] [-o json]',
    'VERB /NON-RESOURCE-URL [--as USER] [--as-group GROUP]...',
    '--list [-n NS | -A] [--as USER] [--as-group GROUP]... [-o json]',
  ],
  description: `Answer like \`kubectl auth can-i\`, offline, from the RBAC objects in dist/: yes (exit 0), no (exit 1),
or unknown (exit 3) when the answer depends on a role that dist/ does not define. Exit 2: bad command line or input.`,
  options: {
    ...SCOPE_OPTIONS,
    as: { type: 'string', description: 'the user (a token\'s user, or system:serviceaccount:NS:NAME)', value: 'USER' },
    'as-group': { type: 'string', multiple: true, description: 'a group of the user, as teams.yaml writes it (research-ml) or as bound (oidc:research-ml)', value: 'GROUP' },
    file: { type: 'string', short: 'f', default: 'teams.yaml', description: 'the teams.yaml whose cluster.oidcGroupPrefix bare group names get', value: 'FILE' },
    explain: { type: 'boolean', default: false, description: 'name the binding, role and rule that grant it, or the near misses' },
    list: { type: 'boolean', default: false, description: 'every permission the subject holds in NS and cluster-wide (-A: in every namespace)' },
    ...DIST_INPUT_OPTION,
    ...formatOption(['table', 'json'], 'table'),
    quiet: { type: 'boolean', short: 'q', default: false, description: 'no output, only the exit code' },
  },
  inputErrorExit: EXIT.usage,
});

/** `coreweave-rbac can-i`: may a subject do a request, from dist/'s RBAC (docs/reviewing-access.md). */
export function canI(argv: readonly string[]): number {
  return runCli(CAN_I, argv, ({ values, positionals }) => {
    checkFormat(values.format, ['table', 'json']);
    const json = values.format === 'json';
    const namespace = scopeNamespace(values);
    const subject = subjectOf(values.as, values['as-group'], () => oidcGroupPrefixOf(values.file), (line) => process.stderr.write(`can-i: ${line}\n`));
    if (values.list) {
      if (positionals.length > 0) throw new UsageError(`--list takes no VERB or RESOURCE, got ${JSON.stringify(positionals.join(' '))}`);
      const models = questionModelsOf(values.dist);
      return values['all-namespaces'] ? list(models.all(), subject, 'every', json) : list(models.inNamespaces([namespace]), subject, namespace, json);
    }
    if (positionals.length !== 2) throw new UsageError(`expected VERB and RESOURCE, got ${positionals.length === 0 ? 'nothing' : JSON.stringify(positionals.join(' '))}`);
    const [verb = '', target = ''] = positionals;
    const request = parseRequest(verb, target, { ...(values.subresource ? { subresource: values.subresource } : {}), ...(namespace ? { namespace } : {}) });
    const models = questionModelsOf(values.dist);
    const model = models.forRequest(request);
    for (const warning of requestWarnings(verb, target, request, model.namespaces)) process.stderr.write(`Warning: ${warning}\n`);
    const decision = model.authorize(subject, request);
    const answer = decision.allowed === true ? 'yes' : decision.allowed === false ? 'no' : 'unknown';
    if (!values.quiet) {
      // the near misses of an answer other than yes are in any namespace
      const explained = values.explain ? explain(decision.allowed === true ? model : models.all(), subject, request, decision) : [];
      if (json) process.stdout.write(`${JSON.stringify(decisionJson(request, decision, answer), null, 2)}\n`);
      else process.stdout.write(`${answer}\n${explained.map((l) => `${l}\n`).join('')}`);
    }
    return ANSWER_EXIT[answer];
  });
}

function decisionJson(request: AccessRequest, decision: Decision, answer: string) {
  return {
    allowed: answer,
    request: { ...request, namespace: decision.namespace ?? null },
    grants: decision.grants.map((g) => ({ binding: { kind: g.binding.kind, namespace: g.binding.namespace ?? null, name: g.binding.name }, role: { kind: g.role.kind, name: g.role.name }, rule: g.rule })),
    unknownRoles: decision.unresolved.map((u) => ({ binding: { kind: u.binding.kind, namespace: u.binding.namespace ?? null, name: u.binding.name }, roleRef: u.binding.roleRef })),
  };
}

/** --list: cluster-wide, in one namespace (-n) and cluster-wide, or in every namespace (-A). */
function list(model: RbacModel, subject: Subject, namespace: string | undefined | 'every', json: boolean): number {
  const permissions =
    namespace === 'every'
      ? [...new Set([undefined, ...knownNamespaces(model)].flatMap((ns) => model.bindingsFor(subject, ns)))].flatMap((b) => bindingPermissions(model, b))
      : subjectPermissions(model, subject, namespace);
  const rows = groupPermissions(permissions);
  if (json) {
    const out = rows.map((r) => ({ scope: r.namespace ? 'namespace' : 'cluster', namespace: r.namespace ?? null, [r.kind === 'nonResourceURL' ? 'nonResourceURL' : r.kind === 'unknownRole' ? 'unknownRole' : 'resource']: r.target, resourceNames: r.names, verbs: r.verbs }));
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return EXIT.ok;
  }
  const table = [['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs', 'Scope']];
  for (const r of rows) {
    if (r.kind === 'unknownRole') {
      process.stderr.write(`can-i: ${r.target} is not defined in the objects read: its permissions${r.namespace ? ` in ${r.namespace}` : ''} are unknown\n`);
      continue;
    }
    const scope = r.namespace ? `namespace ${r.namespace}` : 'cluster-wide';
    table.push(r.kind === 'nonResourceURL' ? ['', `[${r.target}]`, '[]', `[${r.verbs.join(' ')}]`, scope] : [r.target, '[]', `[${r.names.join(' ')}]`, `[${r.verbs.join(' ')}]`, scope]);
  }
  process.stdout.write(formatTable(table));
  return EXIT.ok;
}

/** Columns padded to their widest cell, two spaces apart, like kubectl's tables. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('   ').trimEnd() + '\n').join('');
}
