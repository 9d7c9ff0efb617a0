import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAccessMatrix } from '../../lib/access/access-matrix';
import { accessReport, matrixTables } from '../../lib/access/access-report';
import { DistDocuments } from '../../lib/access/dist-documents';
import { yamlFilesIn } from '../../lib/access/dist-objects';
import type { AccessRequest, Decision, RbacModel, Subject } from '../../lib/access/evaluator';
import { explain } from '../../lib/access/explain';
import { bindingPermissions, groupPermissions, subjectPermissions } from '../../lib/access/permissions';
import { QuestionModels } from '../../lib/access/question-models';
import { parseRequest, requestWarnings } from '../../lib/access/request-syntax';
import { describeBinding } from '../../lib/access/subjects';
import { knownNamespaces, whoCan, whoCanEverywhere, type WhoCanEntry } from '../../lib/access/who-can';
import { referenceList, referenceMatrix, referenceModel, referenceObjects, referenceWhoCanEverywhere, withoutComments } from '../helpers/access-reference';
import { extrasArbitrary, genNamespace, orgWithExtras } from '../helpers/access-orgs';

// Every fast path of can-i, who-can, --list and access-matrix against the straightforward evaluation (all of dist/
// parsed with `yaml`, one RbacModel of everything), on generated orgs and generated questions.

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'impersonate', 'escalate', '*', 'crete'];
const TARGETS = [
  'pods', 'pod', 'pods/exec', 'pods/log', 'secrets', 'secrets/registry-creds', 'configmaps', 'configmaps/app-config', 'deployments',
  'deployments.apps/scale', 'jobs.batch', 'namespaces', 'namespaces/gen-001', 'namespaces/orphan', 'nodes', 'rolebindings.rbac.authorization.k8s.io',
  'localqueues.kueue.x-k8s.io', 'clusterqueues.kueue.x-k8s.io', 'serviceaccounts/token', '/metrics', '/healthz', 'podz',
];

/** Subjects that the generated orgs and their extras name, and some nobody names. */
function subjects(teams: number): fc.Arbitrary<Subject> {
  const ns = fc.nat(teams).map((i) => genNamespace(i % teams));
  const groupName = fc.oneof(
    fc.tuple(ns, fc.constantFrom('leads', 'ml', 'serving', 'observers', 'pod-reader', 'config-editor', 'scaler', 'registry-reader', 'job-runner')).map(([n, g]) => `oidc:${n}-${g}`),
    fc.constantFrom('oidc:shared-ml', 'oidc:finance', 'oidc:auditors', 'oidc:platform-admins', 'oidc:sre', 'oidc:extra-aggregated', 'oidc:extra-listed', 'oidc:extra-flow', 'oidc:extra-escaped', 'system:authenticated', 'nobody'),
  );
  const user = fc.oneof(
    fc.nat(teams).map((i) => `cw-token-gen${i % teams}`),
    ns.map((n) => `system:serviceaccount:${n}:pipeline`),
    fc.constantFrom('vendor-bot', 'someone', 'system:anonymous', 'system:serviceaccount:orphan:pipeline'),
  );
  return fc.record({ user: fc.option(user, { nil: undefined }), groups: fc.array(groupName, { maxLength: 2 }) }, { requiredKeys: ['groups'] })
    .filter((s) => s.user !== undefined || s.groups.length > 0)
    .map((s) => ({ ...(s.user !== undefined ? { user: s.user } : {}), groups: s.groups }));
}

interface Question {
  readonly verb: string;
  readonly target: string;
  readonly namespace: string | undefined;
  readonly subject: Subject;
}

const questions = (teams: number): fc.Arbitrary<Question[]> =>
  fc.array(
    fc.record({
      verb: fc.constantFrom(...VERBS),
      target: fc.constantFrom(...TARGETS),
      namespace: fc.option(fc.oneof(fc.nat(teams).map((i) => genNamespace(i % teams)), fc.constantFrom('orphan', 'nowhere')), { nil: undefined }),
      subject: subjects(teams),
    }),
    { minLength: 4, maxLength: 12 },
  );

const decisionView = (d: Decision) => ({
  allowed: d.allowed,
  namespace: d.namespace,
  grants: d.grants.map((g) => [describeBinding(g.binding), g.role.kind, g.role.name, g.role.rules.indexOf(g.rule), g.rule]),
  unresolved: d.unresolved.map((u) => describeBinding(u.binding)),
});
const entryView = (e: WhoCanEntry) => [e.subject.key, e.subject.label, e.subject.token ?? null, e.allowed, e.bindings.map(describeBinding)];

function compareQuestion(fast: QuestionModels, reference: RbacModel, q: Question): void {
  const request: AccessRequest = parseRequest(q.verb, q.target, q.namespace !== undefined ? { namespace: q.namespace } : {});
  const where = JSON.stringify(q);

  // can-i
  const model = fast.forRequest(request);
  const decision = model.authorize(q.subject, request);
  const expected = reference.authorize(q.subject, request);
  expect(decisionView(decision), where).toEqual(decisionView(expected));
  expect(requestWarnings(q.verb, q.target, request, model.namespaces), where).toEqual(requestWarnings(q.verb, q.target, request, reference.namespaces));
  expect(explain(decision.allowed === true ? model : fast.all(), q.subject, request, decision), where).toEqual(explain(reference, q.subject, request, expected));

  // who-can, in the namespace asked (or cluster-wide) and in every namespace
  expect(whoCan(fast.forWhoCan(request), request).map(entryView), where).toEqual(whoCan(reference, request).map(entryView));
  const everywhere = { ...request, namespace: undefined };
  expect(whoCanEverywhere(fast.all(), everywhere).map((r) => [r.namespace, entryView(r.entry)]), where).toEqual(
    referenceWhoCanEverywhere(reference, everywhere).map((r) => [r.namespace, entryView(r.entry)]),
  );

  // can-i --list: -n, none, -A
  expect(groupPermissions(subjectPermissions(fast.inNamespaces([q.namespace]), q.subject, q.namespace)), where).toEqual(referenceList(reference, q.subject, q.namespace));
  expect(groupPermissions(subjectPermissions(fast.inNamespaces([]), q.subject, undefined)), where).toEqual(referenceList(reference, q.subject, undefined));
  const all = fast.all();
  const every = [...new Set([undefined, ...knownNamespaces(all)].flatMap((ns) => all.bindingsFor(q.subject, ns)))].flatMap((b) => bindingPermissions(all, b));
  expect(groupPermissions(every), where).toEqual(referenceList(reference, q.subject, 'every'));
}

describe('the fast paths answer what the whole of dist/ answers', () => {
  it('can-i, --explain, who-can (-n and -A) and --list, on generated orgs with hand-written additions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((teams) => fc.tuple(fc.constant(teams), extrasArbitrary, questions(teams))),
        ([teams, [extras, pick], asked]) => {
          const { dist } = orgWithExtras(teams, extras, pick);
          const fast = new QuestionModels(new DistDocuments(yamlFilesIn(dist)));
          const reference = referenceModel(dist);
          for (const q of asked) compareQuestion(fast, reference, q);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('access-matrix: the matrix and the tables of ACCESS.md', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), extrasArbitrary, (teams, [extras, pick]) => {
        const { dist } = orgWithExtras(teams, extras, pick);
        const kinds = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'List', 'Namespace']);
        const objects = new DistDocuments(yamlFilesIn(dist)).objects((d) => d.kind === undefined || kinds.has(d.kind));
        const expected = referenceMatrix(referenceObjects(dist));
        expect(buildAccessMatrix(objects)).toEqual(expected);
        expect(withoutComments(accessReport(objects))).toBe(matrixTables(expected));
      }),
      { numRuns: 25 },
    );
  });
});
