import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../lib/config';
import { buildPlan } from '../../lib/plan/build-plan';
import type { Plan } from '../../lib/plan/types';
import { renderFiles, renderManifests } from '../../lib/synth/render';

/** A small org for the audit tests: two teams, a token user, a service account token, cluster viewers. */
export const AUDIT_TEAMS = `
cluster:
  name: ord1-test
  oidcGroupPrefix: "oidc:"
  admins: [platform-admins]
  viewers: [finance]
  gpuCapacity: { H100_NVLINK_80GB: 64 }
  kueue: {}
teams:
  - name: research
    quota: { gpu: 16, gpuByClass: { H100_NVLINK_80GB: 16 } }
    groups:
      teamLead: [research-leads]
      mlEngineer: [research-ml]
    tokens:
      - { name: pipeline, tier: mlEngineer, serviceAccount: pipeline, rotatedAt: 2026-10-15 }
  - name: serving
    namespace: inference
    quota: { gpu: 8 }
    groups:
      inferenceOperator: [serving-oncall]
    tokens:
      - { name: ci-deployer, tier: inferenceOperator, user: cw-token-7f3a, rotatedAt: 2026-09-30 }
`;

export function auditPlan(): Plan {
  return buildPlan(parseConfig(AUDIT_TEAMS, { now: new Date('2026-11-23T00:00:00Z') }).config);
}

export function auditObjects(): unknown[] {
  return renderManifests(auditPlan()).flatMap((m) => m.objects);
}

/** Write the fixture's dist/ into `dir`. */
export function writeAuditDist(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of renderFiles(auditPlan())) writeFileSync(join(dir, file), content);
}
