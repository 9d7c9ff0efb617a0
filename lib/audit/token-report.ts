import { tokenAgeDays } from '../config/rules';
import type { Plan, SubjectPlan } from '../plan/types';

/** Tokens whose rotation date is this close are "due" (README, "Audit"). */
export const DUE_WITHIN_DAYS = 14;

export type TokenStatus = 'ok' | 'due' | 'overdue';

export interface TokenRow {
  readonly team: string;
  readonly namespace: string;
  readonly token: string;
  /** The tier the token is bound to, or null when it is bound to a custom role. */
  readonly tier: string | null;
  readonly role: string | null;
  readonly subject: SubjectPlan;
  readonly rotatedAt: string;
  readonly ageDays: number;
  /** rotatedAt + tokenMaxAgeDays: the next rotation date. */
  readonly rotateBy: string;
  /** Days until rotateBy; negative when overdue. */
  readonly daysLeft: number;
  readonly status: TokenStatus;
}

/**
 * Every token of the plan with its age and rotation status on `now`: overdue once older than tokenMaxAgeDays
 * (as validation warns), due when the rotation date is at most 14 days away (the day itself included), else ok.
 * Sorted by team, then token.
 */
export function tokenReport(plan: Plan, now: Date): TokenRow[] {
  const maxAge = plan.cluster.tokenMaxAgeDays;
  return plan.teams.flatMap((team) =>
    team.tokens.map((token): TokenRow => {
      const ageDays = tokenAgeDays(token.rotatedAt, now);
      const daysLeft = maxAge - ageDays;
      return {
        team: team.name,
        namespace: team.namespace,
        token: token.name,
        tier: 'tier' in token.binding ? token.binding.tier : null,
        role: 'role' in token.binding ? token.binding.role : null,
        subject: token.subject,
        rotatedAt: token.rotatedAt,
        ageDays,
        rotateBy: token.rotateBy,
        daysLeft,
        status: daysLeft < 0 ? 'overdue' : daysLeft <= DUE_WITHIN_DAYS ? 'due' : 'ok',
      };
    }),
  );
}

const STATUS_TEXT: Record<TokenStatus, (row: TokenRow) => string> = {
  ok: () => 'ok',
  due: (r) => (r.daysLeft === 0 ? 'due today' : `due in ${r.daysLeft} day${r.daysLeft === 1 ? '' : 's'}`),
  overdue: (r) => `overdue by ${-r.daysLeft} day${r.daysLeft === -1 ? '' : 's'}`,
};

const subjectText = (s: SubjectPlan): string => (s.kind === 'User' ? `User ${s.name}` : `ServiceAccount ${s.namespace}/${s.name}`);

/** A kubectl-style table of the report. */
export function formatTokenTable(rows: readonly TokenRow[]): string {
  const table = [
    ['TEAM', 'TOKEN', 'TIER', 'SUBJECT', 'ROTATED', 'AGE', 'ROTATE BY', 'STATUS'],
    ...rows.map((r) => [r.team, r.token, r.tier ?? `role ${r.role}`, subjectText(r.subject), r.rotatedAt, `${r.ageDays}d`, r.rotateBy, STATUS_TEXT[r.status](r)]),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  return table.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('   ')).join('\n') + '\n';
}
