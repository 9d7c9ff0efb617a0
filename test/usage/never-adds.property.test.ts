import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { objectsOfTexts } from '../../lib/access/dist-objects';
import { effectiveGroups, RbacModel, serviceAccountUser, subjectApplies, type AccessRequest, type BindingDef, type Subject } from '../../lib/access/evaluator';
import { synthesize } from '../../lib/synth/synthesize';
import { NOW } from '../helpers/example';
import { generateOrgWithRoles } from '../helpers/generated-org';
import { requestUniverse } from '../helpers/request-universe';
import { usageLog, type UsageEventInput } from '../helpers/usage-events';
import { UsageWorkspace } from '../helpers/usage-workspace';

// `usage --apply` takes access away and never adds any: on generated orgs (every tier, custom roles with
// resourceNames and subresources, tokens of both kinds, cluster viewers, a group in several teams) and generated
// logs of what the API server would have allowed and refused, the offline evaluator never says yes after the
// edit where it said no before, and every request the log shows allowed in the window is still allowed.

/** Who may appear in a log of the org: a member of each bound group, each token, and people in two groups. */
function identitiesOf(model: RbacModel): Subject[] {
  const out = new Map<string, Subject>();
  for (const b of model.bindings) {
    for (const s of b.subjects) {
      const subject: Subject = s.kind === 'Group' ? { user: `member-of-${s.name}`, groups: [s.name] } : s.kind === 'User' ? { user: s.name } : { user: serviceAccountUser(s.namespace ?? b.namespace ?? '', s.name) };
      out.set(JSON.stringify(subject), subject);
    }
  }
  const groups = [...out.values()].flatMap((s) => s.groups ?? []);
  for (let i = 0; i + 1 < groups.length; i += 3) out.set(`pair${i}`, { user: `pair-${i}`, groups: [groups[i]!, groups[i + 1]!] });
  return [...out.values()];
}

/** The reason the RBAC authorizer writes for the first binding and subject that allow the request. */
function reasonOf(binding: BindingDef, subject: Subject): string {
  const s = binding.subjects.find((x) => subjectApplies(x, subject.user, effectiveGroups(subject), binding.namespace));
  if (s === undefined) return '';
  const who = s.kind === 'ServiceAccount' ? `ServiceAccount "${s.name}/${s.namespace ?? binding.namespace}"` : `${s.kind} "${s.name}"`;
  const where = binding.kind === 'RoleBinding' ? `RoleBinding "${binding.name}/${binding.namespace}"` : `ClusterRoleBinding "${binding.name}"`;
  return `RBAC: allowed by ${where} of ${binding.roleRef.kind} "${binding.roleRef.name}" to ${who}`;
}

const DAY_MS = 86_400_000;
const WINDOW_FROM = Date.parse('2026-08-26T00:00:00Z');

describe('usage --apply never adds a permission', () => {
  it('on generated orgs and logs', async () => {
    const orgs = [2, 3].map((n) => {
      const text = generateOrgWithRoles(n);
      const model = RbacModel.fromObjects(objectsOfTexts(synthesize(text, { now: NOW }).dist));
      const namespaces = [...model.namespaces].sort();
      return { text, model, identities: identitiesOf(model), namespaces: [...namespaces, 'default'] };
    });
    const requests = requestUniverse(['x'], [
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'], verbs: ['get', 'update', 'patch'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['registry-creds'], verbs: ['get'] },
    ]);
    // reads a viewer may do: a subject doing only these is wider than its use, unless it is a viewer
    const reads = requestUniverse([]).filter((r) => ['get', 'list'].includes(r.verb) && r.apiGroup !== 'kueue.x-k8s.io' && ['pods', 'jobs', 'deployments', 'services'].includes(r.resource ?? '') && r.subresource === undefined);
    const seen = { unused: 0, tier: 0, role: 0 };
    const record = fc.record({ who: fc.nat(), what: fc.nat(), where: fc.nat(), day: fc.integer({ min: 0, max: 89 }), withReason: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: orgs.length - 1 }), fc.array(record, { minLength: 1, maxLength: 80 }), fc.array(fc.record({ who: fc.nat(), read: fc.nat(), day: fc.integer({ min: 0, max: 89 }) }), { maxLength: 12 }), async (o, records, focused) => {
        const org = orgs[o]!;
        const first = org.namespaces[0]!;
        const events: UsageEventInput[] = [
          // bookends: the log covers the window and records reads from its first day
          { at: '2026-08-01T08:00:00.000000Z', verb: 'create', user: 'admin', groups: ['system:masters'], resource: 'configmaps', namespace: first, name: 'start' },
          { at: '2026-08-26T01:00:00.000000Z', verb: 'list', user: 'member-of-oidc:finance', groups: ['oidc:finance'], resource: 'pods', namespace: first, reason: '' },
        ];
        const allowed: { subject: Subject; request: AccessRequest }[] = [];
        const planned = [
          ...records.map((r) => ({ subject: org.identities[r.who % org.identities.length]!, request: { ...requests[r.what % requests.length]!, namespace: org.namespaces[r.where % org.namespaces.length]! }, day: r.day, withReason: r.withReason })),
          // a few subjects that only read in a namespace where they hold a grant
          ...focused.map((f) => {
            const subject = org.identities[f.who % org.identities.length]!;
            const namespace = org.namespaces.find((ns) => org.model.bindingsFor(subject, ns).some((b) => b.kind === 'RoleBinding')) ?? first;
            return { subject, request: { ...reads[f.read % reads.length]!, namespace }, day: f.day, withReason: true };
          }),
        ];
        for (const { subject, request, day: d, withReason } of planned) {
          const decision = org.model.authorize(subject, request);
          const ok = decision.allowed === true;
          if (ok) allowed.push({ subject, request });
          const impersonation = subject.user?.startsWith('member-of-') || subject.user?.startsWith('pair-') ? { impersonatedBy: 'admin' } : {};
          events.push({
            at: new Date(WINDOW_FROM + d * DAY_MS + 3_600_000).toISOString().replace('Z', '000Z'),
            verb: request.verb,
            user: subject.user ?? '',
            groups: subject.groups ?? [],
            ...impersonation,
            resource: request.resource,
            apiGroup: request.apiGroup,
            ...(request.subresource ? { subresource: request.subresource } : {}),
            namespace: request.namespace,
            ...(request.name ? { name: request.name } : {}),
            decision: ok ? 'allow' : 'forbid',
            reason: ok && withReason && decision.grants[0] ? reasonOf(decision.grants[0].binding, subject) : '',
          });
        }
        events.push({ at: '2026-11-23T18:00:00.000000Z', verb: 'create', user: 'admin', groups: ['system:masters'], resource: 'configmaps', namespace: first, name: 'end' });
        const ws = new UsageWorkspace(org.text, usageLog(...events));
        const run = await ws.report('--apply');
        expect(run.code, run.stderr).toBe(0);
        seen.unused += (run.stderr.match(/: unused, /g) ?? []).length;
        seen.tier += (run.stderr.match(/ lowered to tier /g) ?? []).length;
        seen.role += (run.stderr.match(/ replaced by new role /g) ?? []).length;
        const after = RbacModel.fromDist(ws.dist);
        for (const subject of org.identities) {
          for (const namespace of org.namespaces) {
            for (const request of requests) {
              if (after.authorize(subject, { ...request, namespace }).allowed !== true) continue;
              expect(org.model.authorize(subject, { ...request, namespace }).allowed, `${JSON.stringify(subject)} may ${JSON.stringify(request)} in ${namespace} only after`).toBe(true);
            }
          }
        }
        for (const { subject, request } of allowed) expect(after.authorize(subject, request).allowed, `${JSON.stringify(subject)} ${JSON.stringify(request)} was allowed in the window`).toBe(true);
      }),
      { numRuns: 12 },
    );
    // the runs went through every kind of edit
    expect(seen.unused).toBeGreaterThan(0);
    expect(seen.tier).toBeGreaterThan(0);
    expect(seen.role).toBeGreaterThan(0);
  }, 300_000);
});
