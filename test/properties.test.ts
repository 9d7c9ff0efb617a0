import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RbacModel } from '../lib/access/evaluator';
import { TEAM_TIERS, TeamsConfig } from '../lib/config/types';
import { renderFiles, renderManifests } from '../lib/synth/render';
import { planOf } from './helpers/example';

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'ResourceFlavor', 'ClusterQueue']);
const label = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);

/** Random valid orgs: distinct team names, groups drawn from a small pool (so teams share some), unique tokens. */
const org: fc.Arbitrary<TeamsConfig> = fc
  .record({
    names: fc.uniqueArray(label, { minLength: 1, maxLength: 5 }),
    prefix: fc.constantFrom('', 'oidc:'),
    pool: fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), { minLength: 1, maxLength: 6 }),
    seed: fc.array(fc.nat(), { minLength: 64, maxLength: 64 }),
    restricted: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
  })
  .map(({ names, prefix, pool, seed, restricted }) => {
    let i = 0;
    const next = (n: number) => seed[i++ % seed.length] % n;
    return {
      cluster: { name: 'prop', admins: ['admins'], viewers: next(2) ? ['finance'] : [], oidcGroupPrefix: prefix },
      teams: names.map((name, t) => ({
        name,
        ...(next(3) === 0 ? { namespace: `${name}-ns` } : {}),
        quota: { gpu: next(9) },
        groups: Object.fromEntries(TEAM_TIERS.map((tier) => [tier, [...new Set(pool.filter(() => next(4) === 0))]])),
        tokens: next(2)
          ? [{ name: 'tok', tier: TEAM_TIERS[next(4)], ...(next(2) ? { user: `cw-token-${name}` } : { serviceAccount: 'bot' }), rotatedAt: '2026-11-01' }]
          : [],
        network: { egress: restricted[t % 5] ? ('restricted' as const) : ('open' as const), allowFrom: names.filter((n) => n !== name && next(4) === 0) },
      })),
    };
  });

const PROBES = ['get', 'list', 'create', 'delete'].flatMap((verb) => ['pods', 'secrets', 'configmaps', 'rolebindings'].map((resource) => ({ verb, resource, apiGroup: resource === 'rolebindings' ? 'rbac.authorization.k8s.io' : '' })));

describe('invariants over any org', () => {
  it('isolation: a group or token may do nothing in a namespace where it has no binding', () => {
    fc.assert(
      fc.property(org, (config) => {
        const plan = planOf(config);
        const rbac = RbacModel.fromObjects(renderManifests(plan).flatMap((m) => m.objects));
        const namespaces = [...plan.teams.map((t) => t.namespace), 'default', 'kube-system'];
        const boundIn = (group: string) => new Set(plan.teams.filter((t) => t.tierBindings.some((b) => b.groups.includes(group)) || t.clusterViewerGroups.includes(group)).map((t) => t.namespace));
        for (const team of plan.teams) {
          for (const group of team.tierBindings.flatMap((b) => b.groups)) {
            const own = boundIn(group);
            for (const ns of namespaces.filter((n) => !own.has(n))) {
              for (const probe of PROBES) expect(rbac.authorize({ groups: [group] }, { ...probe, namespace: ns }).allowed, `${group} ${probe.verb} ${probe.resource} in ${ns}`).toBe(false);
            }
          }
          for (const token of team.tokens) {
            const user = token.subject.kind === 'User' ? token.subject.name : `system:serviceaccount:${team.namespace}:${token.subject.name}`;
            for (const ns of namespaces.filter((n) => n !== team.namespace)) {
              for (const probe of PROBES) expect(rbac.authorize({ user }, { ...probe, namespace: ns }).allowed, `${user} ${probe.verb} ${probe.resource} in ${ns}`).toBe(false);
            }
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('output is deterministic and independent of the order of teams in teams.yaml', () => {
    fc.assert(
      fc.property(org, (config) => {
        const once = renderFiles(planOf(config));
        expect(renderFiles(planOf(config))).toEqual(once);
        expect(renderFiles(planOf({ ...config, teams: [...config.teams].reverse() }))).toEqual(once);
      }),
      { numRuns: 40 },
    );
  });

  it('cluster-scoped objects never carry a namespace; namespaced ones always do; no two objects share kind, namespace and name', () => {
    fc.assert(
      fc.property(org, (config) => {
        const objects = renderManifests(planOf(config)).flatMap((m) => m.objects) as { kind: string; metadata: { name: string; namespace?: string; labels: Record<string, string> } }[];
        const seen = new Set<string>();
        for (const o of objects) {
          expect('namespace' in o.metadata, `${o.kind}/${o.metadata.name}`).toBe(!CLUSTER_SCOPED.has(o.kind));
          expect(o.metadata.labels['app.kubernetes.io/managed-by']).toBe('coreweave-rbac');
          const id = `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
          expect(seen.has(id), id).toBe(false);
          seen.add(id);
        }
      }),
      { numRuns: 60 },
    );
  });
});
