import { describe, expect, it } from 'vitest';
import { RbacModel } from '../../lib/access/evaluator';
import type { TeamsConfig } from '../../lib/config/types';
import { allObjects, examplePlan, planOf } from '../helpers/example';

// CoreWeave's custom RBAC access token example: a token that may only read pods in its namespace, bound to a Role by a RoleBinding.
const SEED: TeamsConfig = {
  cluster: { name: 'ord1-prod', oidcGroupPrefix: 'oidc:', admins: ['platform-admins'], viewers: ['finance'] },
  teams: [
    {
      name: 'research',
      quota: { gpu: 8 },
      groups: { teamLead: ['research-leads'] },
      roles: [{ name: 'pod-reader', rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'watch', 'list'] }], groups: ['research-dashboards'] }],
      tokens: [{ name: 'dashboard', role: 'pod-reader', user: 'cw-token-9a1b', rotatedAt: '2026-10-01' }],
    },
    { name: 'serving', namespace: 'inference', quota: { gpu: 8 } },
  ],
};

const objects = allObjects(planOf(SEED));
const model = RbacModel.fromObjects(objects);
const token = { user: 'cw-token-9a1b' };
const dashboards = { user: 'someone', groups: ['oidc:research-dashboards'] };
const can = (who: { user: string; groups?: string[] }, verb: string, resource: string, namespace?: string, apiGroup = '') =>
  model.authorize(who, { verb, apiGroup, resource, ...(namespace ? { namespace } : {}) }).allowed;

describe('the pod-reader token of CoreWeave\'s access token guide (README, "Custom roles")', () => {
  it.each(['get', 'list', 'watch'])('may %s pods in its namespace', (verb) => {
    expect(can(token, verb, 'pods', 'research')).toBe(true);
  });

  it('may not get secrets: "secrets is forbidden"', () => {
    expect(can(token, 'get', 'secrets', 'research')).toBe(false);
    expect(can(token, 'list', 'secrets', 'research')).toBe(false);
  });

  it.each([
    ['create', 'pods'], ['delete', 'pods'], ['get', 'pods/log'], ['create', 'pods/exec'], ['get', 'configmaps'], ['get', 'services'], ['create', 'serviceaccounts/token'],
  ])('may not %s %s in its namespace', (verb, resource) => {
    const [base, subresource] = resource.split('/');
    expect(model.authorize(token, { verb, resource: base, ...(subresource ? { subresource } : {}), namespace: 'research' }).allowed).toBe(false);
  });

  it.each(['inference', 'default', 'kube-system'])('has nothing in namespace %s', (namespace) => {
    for (const verb of ['get', 'list', 'watch']) expect(can(token, verb, 'pods', namespace)).toBe(false);
  });

  it('has nothing cluster-wide', () => {
    expect(can(token, 'list', 'pods')).toBe(false);
    expect(can(token, 'get', 'namespaces')).toBe(false);
  });

  it('gives the role\'s groups the same pods-only access', () => {
    expect(can(dashboards, 'list', 'pods', 'research')).toBe(true);
    expect(can(dashboards, 'get', 'secrets', 'research')).toBe(false);
    expect(can(dashboards, 'list', 'pods', 'inference')).toBe(false);
  });

  it('renders a namespaced Role and RoleBindings that point at it', () => {
    const rbac = objects.filter((o) => ['Role', 'RoleBinding'].includes(o.kind as string) && (o.metadata as { name: string }).name.match(/pod-reader|dashboard/));
    expect(rbac.map(({ kind, metadata, rules, roleRef, subjects }) => ({ kind, name: (metadata as { name: string }).name, namespace: (metadata as { namespace: string }).namespace, rules, roleRef, subjects }))).toMatchInlineSnapshot(`
      [
        {
          "kind": "Role",
          "name": "pod-reader",
          "namespace": "research",
          "roleRef": undefined,
          "rules": [
            {
              "apiGroups": [
                "",
              ],
              "resources": [
                "pods",
              ],
              "verbs": [
                "get",
                "watch",
                "list",
              ],
            },
          ],
          "subjects": undefined,
        },
        {
          "kind": "RoleBinding",
          "name": "role-pod-reader",
          "namespace": "research",
          "roleRef": {
            "apiGroup": "rbac.authorization.k8s.io",
            "kind": "Role",
            "name": "pod-reader",
          },
          "rules": undefined,
          "subjects": [
            {
              "apiGroup": "rbac.authorization.k8s.io",
              "kind": "Group",
              "name": "oidc:research-dashboards",
            },
          ],
        },
        {
          "kind": "RoleBinding",
          "name": "token-dashboard",
          "namespace": "research",
          "roleRef": {
            "apiGroup": "rbac.authorization.k8s.io",
            "kind": "Role",
            "name": "pod-reader",
          },
          "rules": undefined,
          "subjects": [
            {
              "apiGroup": "rbac.authorization.k8s.io",
              "kind": "User",
              "name": "cw-token-9a1b",
            },
          ],
        },
      ]
    `);
  });
});

describe('the example org\'s role token (teams.yaml research/dashboard)', () => {
  const plan = examplePlan();
  const example = RbacModel.fromObjects(allObjects(plan));
  const research = plan.teams.find((t) => t.name === 'research');
  const dashboard = research?.tokens.find((t) => t.name === 'dashboard');

  it('is bound to the pod-reader role, not a tier', () => {
    expect(dashboard?.binding).toEqual({ role: 'pod-reader' });
  });

  it('reads pods in research and nothing else anywhere', () => {
    const user = { user: dashboard?.subject.name ?? '' };
    const allowed = (verb: string, resource: string, namespace?: string): boolean | 'unknown' =>
      example.authorize(user, { verb, resource, ...(namespace ? { namespace } : {}) }).allowed;
    for (const verb of ['get', 'list', 'watch']) expect(allowed(verb, 'pods', 'research')).toBe(true);
    for (const resource of ['secrets', 'configmaps', 'services', 'events']) expect(allowed('get', resource, 'research')).toBe(false);
    for (const team of plan.teams.filter((t) => t.name !== 'research')) expect(allowed('list', 'pods', team.namespace)).toBe(false);
    expect(allowed('list', 'pods')).toBe(false);
  });
});
