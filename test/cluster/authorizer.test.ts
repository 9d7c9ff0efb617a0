import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { RbacModel, type AccessRequest, type Subject } from '../../lib/access/evaluator';
import { describeRequest } from '../../lib/access/request-syntax';
import { namedSubjects } from '../../lib/access/subjects';
import { probes } from '../../lib/access/spec-cells';
import type { Org } from '../../lib/sandbox/sandbox';
import { applyTestOrg, describeCluster, reviewer } from '../helpers/cluster';
import { fixture, orgOfText } from '../helpers/org';
import { generateOrgWithRoles } from '../helpers/generated-org';

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'escalate', 'bind', 'impersonate'];

/** `resource[.group][/subresource][:name]`: what the tiers, custom roles and built-in roles mention, and some they do not. */
const TARGETS = [
  'pods', 'pods/log', 'pods/exec', 'pods/attach', 'pods/portforward', 'pods/status', 'pods:trainer-0',
  'secrets', 'secrets:registry-creds', 'configmaps', 'configmaps:app-config', 'services', 'endpoints', 'events',
  'persistentvolumeclaims', 'resourcequotas', 'resourcequotas/status', 'limitranges', 'serviceaccounts', 'serviceaccounts/token',
  'namespaces', 'nodes', 'persistentvolumes', 'users', 'groups',
  'networkpolicies.networking.k8s.io', 'deployments.apps', 'deployments.apps/scale', 'statefulsets.apps', 'replicasets.apps',
  'jobs.batch', 'cronjobs.batch', 'horizontalpodautoscalers.autoscaling',
  'roles.rbac.authorization.k8s.io', 'rolebindings.rbac.authorization.k8s.io', 'clusterroles.rbac.authorization.k8s.io',
  'clusterroles.rbac.authorization.k8s.io:cluster-admin', 'clusterroles.rbac.authorization.k8s.io:coreweave-rbac-viewer',
  'pytorchjobs.kubeflow.org', 'rayjobs.ray.io', 'rayclusters.ray.io', 'inferenceservices.serving.kserve.io',
  'localqueues.kueue.x-k8s.io', 'workloads.kueue.x-k8s.io', 'clusterqueues.kueue.x-k8s.io', 'pods.metrics.k8s.io',
];

function request(verb: string, target: string, namespace: string | undefined): AccessRequest {
  return { ...(probes([verb], [target])[0] as AccessRequest), ...(namespace ? { namespace } : {}) };
}

interface Question {
  readonly who: string;
  readonly subject: Subject;
  readonly request: AccessRequest;
}

/** Every subject dist/ binds, a stranger and a namespace's default ServiceAccount, asked everything in these namespaces. */
function questions(org: Org, namespaces: readonly (string | undefined)[]): Question[] {
  const subjects = namedSubjects(RbacModel.fromObjects(org.objects)).map((s) => ({ who: s.label, subject: s.requester }));
  const someNamespace = org.plan.teams[0]?.namespace ?? 'default';
  subjects.push({ who: 'a group nothing binds', subject: { groups: ['oidc:strangers'] } }, { who: 'a default ServiceAccount', subject: { user: `system:serviceaccount:${someNamespace}:default` } });
  return subjects.flatMap(({ who, subject }) => namespaces.flatMap((ns) => VERBS.flatMap((verb) => TARGETS.map((t) => ({ who, subject, request: request(verb, t, ns) })))));
}

/** Ask the real authorizer and the offline evaluator every question; the disagreements, each in words. */
async function disagreements(org: Org, asked: readonly Question[]): Promise<string[]> {
  const model = RbacModel.fromObjects(org.objects);
  const review = reviewer();
  const found: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < asked.length) {
      const q = asked[next++] as Question;
      const offline = model.authorize(q.subject, q.request).allowed;
      const cluster = await review(q.subject, q.request);
      if (offline !== cluster) found.push(`${q.who} ${describeRequest(q.request)} in ${q.request.namespace ?? '(cluster)'}: API server ${cluster ? 'yes' : 'no'}, evaluator ${offline}`);
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return found.sort();
}

/** A deterministic sample of n of the items (a fixed seed: a failure replays). */
function sample<T>(items: readonly T[], n: number, seed = 42): T[] {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: Math.min(n, items.length) }, () => items[Math.floor(random() * items.length)] as T);
}

describeCluster('the real RBAC authorizer agrees with the offline evaluator', () => {
  it('on the example org: every subject × verb × resource × namespace (own, another team, default, kube-system, cluster-wide)', async () => {
    const org = orgOfText(readFileSync(fixture('example'), 'utf8'));
    await applyTestOrg(org);
    const asked = questions(org, ['research', 'inference', 'default', 'kube-system', undefined]);
    expect(asked.length).toBeGreaterThan(40_000);
    expect(await disagreements(org, asked)).toEqual([]);
  });

  it('on a generated org with custom roles, resourceNames, user and ServiceAccount tokens, cluster viewers and admins', async () => {
    const org = orgOfText(generateOrgWithRoles(12));
    expect(org.objects.filter((o) => o.kind === 'Role').length).toBeGreaterThanOrEqual(12);
    await applyTestOrg(org);
    const namespaces = [...org.plan.teams.slice(0, 3).map((t) => t.namespace), 'default', 'kube-system', undefined];
    const asked = sample(questions(org, namespaces), 25_000);
    expect(await disagreements(org, asked)).toEqual([]);
  });

  it('the comparison can fail: a binding the evaluator does not know about is a disagreement', async () => {
    const org = orgOfText(readFileSync(fixture('example'), 'utf8'));
    await applyTestOrg(org);
    const withoutMl = { ...org, objects: org.objects.filter((o) => !(o.kind === 'RoleBinding' && o.metadata.name === 'ml-engineer' && o.metadata.namespace === 'research')) };
    const asked = questions(org, ['research']).filter((q) => q.who === 'oidc:research-ml' && q.request.verb === 'create' && q.request.resource === 'pods' && !q.request.subresource && !q.request.name);
    expect(await disagreements(withoutMl, asked)).toEqual(['oidc:research-ml create pods in research: API server yes, evaluator false']);
  });
});
