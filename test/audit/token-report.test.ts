import { describe, expect, it } from 'vitest';
import { tokenReport } from '../../lib/audit/token-report';
import { parseConfig } from '../../lib/config';
import { buildPlan } from '../../lib/plan/build-plan';

const NOW = new Date('2026-11-23T00:00:00Z');

const teams = (tokens: string, maxAge = '') => `
cluster: { name: lab, admins: [platform]${maxAge} }
teams:
  - name: vision
    quota: { gpu: 1 }
    roles:
      - { name: pod-reader, rules: [{ apiGroups: [""], resources: [pods], verbs: [get] }] }
    tokens:
${tokens}`;

const report = (rotatedAt: string, maxAge = '') =>
  tokenReport(buildPlan(parseConfig(teams(`      - { name: t, tier: viewer, user: cw-token-1, rotatedAt: ${rotatedAt} }`, maxAge), { now: NOW }).config), NOW)[0];

describe('token rotation status (README, "Audit"), tokenMaxAgeDays 90, today 2026-11-23', () => {
  it.each([
    ['rotated today', '2026-11-23', 0, '2027-02-21', 90, 'ok'],
    ['75 days: 15 days left', '2026-09-09', 75, '2026-12-08', 15, 'ok'],
    ['76 days: 14 days left, due', '2026-09-08', 76, '2026-12-07', 14, 'due'],
    ['exactly 90 days: due today, not yet overdue', '2026-08-25', 90, '2026-11-23', 0, 'due'],
    ['91 days: overdue', '2026-08-24', 91, '2026-11-22', -1, 'overdue'],
    ['a year: overdue', '2025-11-23', 365, '2026-02-21', -275, 'overdue'],
  ])('%s', (_name, rotatedAt, ageDays, rotateBy, daysLeft, status) => {
    expect(report(rotatedAt)).toMatchObject({ rotatedAt, ageDays, rotateBy, daysLeft, status });
  });

  it('follows cluster.tokenMaxAgeDays', () => {
    expect(report('2026-10-24', ', tokenMaxAgeDays: 30')).toMatchObject({ ageDays: 30, rotateBy: '2026-11-23', daysLeft: 0, status: 'due' });
    expect(report('2026-10-23', ', tokenMaxAgeDays: 30')).toMatchObject({ ageDays: 31, daysLeft: -1, status: 'overdue' });
  });

  it('names the tier, or the custom role, and the subject', () => {
    const plan = buildPlan(
      parseConfig(
        teams(
          '      - { name: dash, role: pod-reader, user: cw-token-9a1b, rotatedAt: 2026-10-01 }\n      - { name: ci, tier: mlEngineer, serviceAccount: ci, rotatedAt: 2026-10-01 }',
        ),
        { now: NOW },
      ).config,
    );
    expect(tokenReport(plan, NOW).map((r) => [r.token, r.tier, r.role, r.subject])).toEqual([
      ['ci', 'mlEngineer', null, { kind: 'ServiceAccount', name: 'ci', namespace: 'vision' }],
      ['dash', null, 'pod-reader', { kind: 'User', name: 'cw-token-9a1b' }],
    ]);
  });
});
