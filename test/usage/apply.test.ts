import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RbacModel, type AccessRequest, type Subject } from '../../lib/access/evaluator';
import { usageEventsOfLine } from '../../lib/usage/usage-line';
import { synthesize } from '../../lib/synth/synthesize';
import { NOW } from '../helpers/example';
import { USAGE_TEAMS } from '../helpers/usage-fixture';
import { usageLog } from '../helpers/usage-events';
import { UsageWorkspace } from '../helpers/usage-workspace';
import { requestUniverse } from '../helpers/request-universe';

// `usage --apply` on the recorded log of the usage org (test/usage/recorded-log.test.ts has its findings).

const EXPECTED_DIFF = `--- a/TEAMS
+++ b/TEAMS
@@ -19,13 +19,12 @@
 teams:
   - name: research
     groups:
-      teamLead: [research-leads]          # leads launch jobs and read: mlEngineer would do
-      mlEngineer: [research-ml, contractors]   # the contractors stopped working here before the window
+      teamLead: []          # leads launch jobs and read: mlEngineer would do
+      mlEngineer: [research-ml, research-leads]   # the contractors stopped working here before the window
       viewer: [research-observers]
     tokens:
-      - { name: pipeline, tier: mlEngineer, serviceAccount: pipeline, rotatedAt: 2026-10-15 }   # only reads pods and logs
+      - { name: pipeline, tier: viewer, serviceAccount: pipeline, rotatedAt: 2026-10-15 }   # only reads pods and logs
       - { name: dashboard, role: pod-reader, user: cw-token-9a1b, rotatedAt: 2026-08-10 }       # still used after its rotate-by date
-      - { name: notebook, tier: viewer, user: cw-token-2b9c, rotatedAt: 2026-10-01 }            # last used before the window
     roles:
       - name: pod-reader
         rules:
@@ -36,4 +35,9 @@
     groups:
       inferenceOperator: [serving-oncall]
     tokens:
-      - { name: ci-deployer, tier: inferenceOperator, user: cw-token-7f3a, rotatedAt: 2026-11-01 }  # only scales one Deployment
+      - { name: ci-deployer, role: used-by-ci-deployer, user: cw-token-7f3a, rotatedAt: 2026-11-01 }  # only scales one Deployment
+    roles:
+      - name: used-by-ci-deployer
+        rules:
+          - { apiGroups: [apps], resources: [deployments], verbs: [get], resourceNames: [llm] }
+          - { apiGroups: [apps], resources: [deployments/scale], verbs: [patch], resourceNames: [llm] }
`;

const APPLIED = [
  'usage: skipped group finance of team serving: cluster.viewers holds in every team namespace, so --apply leaves it: change cluster.viewers by hand if the finding holds everywhere',
  'usage: token notebook of team research: unused, token removed',
  'usage: group contractors of team research: unused, removed from tier mlEngineer',
  'usage: group research-leads of team research: tier teamLead lowered to tier mlEngineer',
  'usage: token pipeline of team research: tier mlEngineer lowered to tier viewer',
  'usage: token ci-deployer of team serving: tier inferenceOperator replaced by new role used-by-ci-deployer (2 rules: what it used)',
];

describe('usage --apply', () => {
  it('--dry-run prints the unified diff of teams.yaml and writes nothing', async () => {
    const ws = new UsageWorkspace();
    const before = ws.files();
    const run = await ws.report('--apply', '--dry-run');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(EXPECTED_DIFF.replaceAll('TEAMS', ws.file));
    expect(run.stderr).toBe(`${[...APPLIED, 'usage: dry run: nothing was written'].join('\n')}\n`);
    expect(ws.files()).toEqual(before);
  });

  it('writes teams.yaml with the comment-keeping edits, then dist/, the audit policy and ACCESS.md as synth does', async () => {
    const ws = new UsageWorkspace();
    const original = readFileSync(ws.file, 'utf8');
    const run = await ws.report('--apply');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${APPLIED.join('\n')}\n`);
    expect(run.stderr).toMatch(/usage: 5 findings applied\n.*teams\.yaml: updated\n.*dist\/: 2 written, 0 removed, 1 unchanged \(2 teams\)\n$/s);
    const edited = readFileSync(ws.file, 'utf8');
    const dry = new UsageWorkspace(original);
    expect((await dry.report('--apply', '--dry-run')).stdout.replaceAll(dry.file, ws.file)).toBe(EXPECTED_DIFF.replaceAll('TEAMS', ws.file));
    const outputs = synthesize(edited, { now: NOW, accessReport: true });
    for (const [name, content] of outputs.dist) expect(readFileSync(join(ws.dist, name), 'utf8'), name).toBe(content);
    expect(readFileSync(join(ws.dir, 'audit', 'audit-policy.yaml'), 'utf8')).toBe(outputs.files.get('audit/audit-policy.yaml'));
    expect(readFileSync(join(ws.dir, 'ACCESS.md'), 'utf8').length).toBeGreaterThan(0);
  });

  it('never adds a permission: whatever the new dist/ allows, the old one did, and every request of the window is still allowed', async () => {
    const ws = new UsageWorkspace();
    const before = RbacModel.fromDist(ws.dist);
    expect((await ws.report('--apply')).code).toBe(0);
    const after = RbacModel.fromDist(ws.dist);
    const subjects: Subject[] = [
      ...['research-leads', 'research-ml', 'contractors', 'research-observers', 'serving-oncall', 'finance'].map((g) => ({ user: `member-of-${g}`, groups: [`oidc:${g}`] })),
      { user: 'cw-token-7f3a' },
      { user: 'cw-token-9a1b' },
      { user: 'cw-token-2b9c' },
      { user: 'system:serviceaccount:research:pipeline' },
    ];
    const requests = requestUniverse(['llm', 'scratch', 'other']);
    let allowedBefore = 0;
    for (const subject of subjects) {
      for (const namespace of ['research', 'inference']) {
        for (const request of requests) {
          const was = before.authorize(subject, { ...request, namespace }).allowed === true;
          if (was) allowedBefore += 1;
          if (after.authorize(subject, { ...request, namespace }).allowed === true) expect(was, `${JSON.stringify(subject)} ${JSON.stringify(request)} in ${namespace}`).toBe(true);
        }
      }
    }
    expect(allowedBefore).toBeGreaterThan(1000);
    // the requests the log shows allowed in the window stay allowed
    let replayed = 0;
    for (const line of readFileSync(ws.log, 'utf8').split('\n').filter(Boolean)) {
      for (const e of usageEventsOfLine(line)) {
        const ref = e.objectRef;
        if (e.stage !== 'ResponseComplete' || e.decision !== 'allow' || ref?.namespace === undefined || (e.timestamp ?? '') < '2026-08-26') continue;
        const request: AccessRequest = { verb: e.verb, apiGroup: ref.apiGroup, resource: ref.resource, namespace: ref.namespace, ...(ref.subresource ? { subresource: ref.subresource } : {}), ...(ref.name ? { name: ref.name } : {}) };
        const subject = { user: e.user, groups: e.groups };
        if (before.authorize(subject, request).allowed !== true) continue; // the admin (system:masters), whom dist/ does not bind
        replayed += 1;
        expect(after.authorize(subject, request).allowed, `${e.user} ${e.verb} ${ref.resource}`).toBe(true);
      }
    }
    expect(replayed).toBeGreaterThan(50);
  });

  it('refuses when dist/ is not what teams.yaml gives, writing nothing', async () => {
    const ws = new UsageWorkspace();
    writeFileSync(ws.file, readFileSync(USAGE_TEAMS, 'utf8').replace('viewer: [research-observers]', 'viewer: [research-observers, interns]'));
    const before = ws.files();
    const run = await ws.report('--apply');
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`usage: ${ws.dist}/ is not what ${ws.file} gives (team-research.yaml), expected the dist/ the log's grants came from: run \`npx cdk8s synth\` first; nothing was written\n`);
    expect(ws.files()).toEqual(before);
  });

  it('says so and changes nothing when there is nothing to apply', async () => {
    // a log that covers the window without reads: no finding can be had from it
    const admin = { verb: 'create', user: 'admin', groups: ['system:masters'], resource: 'configmaps', namespace: 'research' };
    const ws = new UsageWorkspace(undefined, usageLog({ ...admin, at: '2026-08-01T08:00:00.000000Z' }, { ...admin, at: '2026-11-23T18:00:00.000000Z' }));
    const before = ws.files();
    const run = await ws.report('--apply');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('usage: no finding to apply; nothing changed\n');
    expect(ws.files()).toEqual(before);
  });
});
