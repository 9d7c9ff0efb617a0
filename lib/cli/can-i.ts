import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AccessRequest, Decision } from '../access/evaluator';
import { RbacModel } from '../access/evaluator';
import { explain } from '../access/explain';
import { bindingPermissions, groupPermissions, subjectPermissions } from '../access/permissions';
import { knownNamespaces } from '../access/who-can';
import { parseRequest, requestWarnings } from '../access/request-syntax';
import { checkFormat, FILE_OPTION, runAccessCommand, scopeNamespace, subjectOf, SCOPE_OPTIONS } from './access-common';
import { groupPrefixOf } from '../config/group-prefix';
import { EXIT, parseCommandLine, UsageError } from './common';

const USAGE = `npm run can-i -- VERB RESOURCE[.GROUP][/SUBRESOURCE|/NAME] [--subresource S] [-n NS | -A] [--as USER] [--as-group GROUP]... [--explain] [--dist DIR] [--format json]
       npm run can-i -- VERB /NON-RESOURCE-URL [--as USER] [--as-group GROUP]...
       npm run can-i -- --list [-n NS] [--as USER] [--as-group GROUP]... [--format json]`;

const HELP = `Answer like \`kubectl auth can-i\`, offline, from the RBAC objects in dist/: yes (exit 0), no (exit 1),
or unknown (exit 3) when the answer depends on a role that dist/ does not define. Exit 2: bad command line or input.

usage: ${USAGE}

  -n, --namespace NS     ask in namespace NS (default: cluster-wide, same as -A)
  -A, --all-namespaces   ask cluster-wide
      --as USER          the user (a token's user, or system:serviceaccount:NS:NAME)
      --as-group GROUP   a group of the user (repeatable), as teams.yaml writes it (research-ml) or as bound (oidc:research-ml)
  -f, --file PATH        the teams.yaml whose cluster.oidcGroupPrefix bare group names get (default teams.yaml)
      --subresource S    the subresource (pods/exec is the same as pods --subresource exec)
      --explain          name the binding, role and rule that grant it, or the near misses
      --list             every permission the subject holds in NS and cluster-wide (-A: in every namespace)
      --dist DIR         the YAML to read (default dist)
      --format json      machine-readable output
  -q, --quiet            no output, only the exit code
`;

// A script asking many questions in one process (the tests, a library user) reads dist/ once while it is unchanged.
let cached: { key: string; model: RbacModel } | undefined;
function modelOf(dir: string): RbacModel {
  const key = existsSync(dir) && statSync(dir).isDirectory()
    ? JSON.stringify([resolve(dir), readdirSync(dir).sort().map((f) => [f, statSync(join(dir, f)).mtimeMs, statSync(join(dir, f)).size])])
    : '';
  if (!cached || cached.key !== key || key === '') cached = { key, model: RbacModel.fromDist(dir) };
  return cached.model;
}

/** Exit code of an answer: kubectl's 0 yes / 1 no, and 3 for unknown. */
export const ANSWER_EXIT = { yes: 0, no: 1, unknown: 3 } as const;

export function canI(argv: readonly string[]): number {
  return runAccessCommand('can-i', USAGE, EXIT.usage, () => {
    const { values, positionals } = parseCommandLine({
      args: [...argv],
      allowPositionals: true,
      options: {
        ...SCOPE_OPTIONS,
        ...FILE_OPTION,
        as: { type: 'string' },
        'as-group': { type: 'string', multiple: true },
        explain: { type: 'boolean', default: false },
        list: { type: 'boolean', default: false },
        dist: { type: 'string', default: 'dist' },
        format: { type: 'string' },
        quiet: { type: 'boolean', short: 'q', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      process.stdout.write(HELP);
      return EXIT.ok;
    }
    checkFormat(values.format, ['json']);
    const namespace = scopeNamespace(values);
    const subject = subjectOf(values.as, values['as-group'], groupPrefixOf(values.file), (line) => process.stderr.write(`can-i: ${line}\n`));
    if (values.list) {
      if (positionals.length > 0) throw new UsageError(`--list takes no VERB or RESOURCE, got ${JSON.stringify(positionals.join(' '))}`);
      return list(modelOf(values.dist), subject, values['all-namespaces'] ? 'every' : namespace, values.format === 'json');
    }
    if (positionals.length !== 2) throw new UsageError(`expected VERB and RESOURCE, got ${positionals.length === 0 ? 'nothing' : JSON.stringify(positionals.join(' '))}`);
    const [verb = '', target = ''] = positionals;
    const request = parseRequest(verb, target, { ...(values.subresource ? { subresource: values.subresource } : {}), ...(namespace ? { namespace } : {}) });
    const model = modelOf(values.dist);
    for (const warning of requestWarnings(verb, target, request, model.namespaces)) process.stderr.write(`Warning: ${warning}\n`);
    const decision = model.authorize(subject, request);
    const answer = decision.allowed === true ? 'yes' : decision.allowed === false ? 'no' : 'unknown';
    if (!values.quiet) {
      if (values.format === 'json') process.stdout.write(`${JSON.stringify(decisionJson(request, decision, answer), null, 2)}\n`);
      else process.stdout.write(`${answer}\n${values.explain ? explain(model, subject, request, decision).map((l) => `${l}\n`).join('') : ''}`);
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
function list(model: RbacModel, subject: ReturnType<typeof subjectOf>, namespace: string | undefined | 'every', json: boolean): number {
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
