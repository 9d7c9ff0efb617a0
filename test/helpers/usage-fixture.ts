import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOW } from './example';
import { USAGE_PHASES, type UsagePhase } from './usage-traffic';

const FIXTURE = join(__dirname, '..', 'fixtures', 'usage');

/** The usage org: test/fixtures/usage/teams.yaml. */
export const USAGE_TEAMS = join(FIXTURE, 'teams.yaml');

/** A phase of the traffic as record.ts saw it: when it started and ended (real time of the recording). */
interface RecordedPhase {
  readonly name: UsagePhase;
  readonly from: string;
  readonly to: string;
}

/** Each phase starts at 09:00 UTC of its day. */
const PHASE_START_MS = 9 * 3_600_000;
const DAY_MS = 86_400_000;

/**
 * test/fixtures/usage/audit.log as recorded from the real API server (test/fixtures/usage/record.ts), with
 * each phase of the traffic moved to its day (USAGE_PHASES) at 09:00 UTC, keeping the events' order and
 * spacing: "before" 95 days before the tests' NOW, "early" 60, "late" on NOW's day, so that the log covers the
 * 90-day window that ends with that day. Events
 * before the first phase (the sandbox applying dist/) go with the first, events after the last with the last.
 */
export function usageFixtureLog(): string {
  const phases = JSON.parse(readFileSync(join(FIXTURE, 'phases.json'), 'utf8')) as RecordedPhase[];
  const dayOf = (phase: RecordedPhase): number => USAGE_PHASES.find((p) => p.name === phase.name)?.day ?? 0;
  const text = readFileSync(join(FIXTURE, 'audit.log'), 'utf8');
  return text
    .split('\n')
    .map((line) => {
      const received = /"requestReceivedTimestamp":"([^"]+)"/.exec(line)?.[1];
      if (received === undefined) return line;
      const at = Date.parse(received);
      const phase = [...phases].reverse().find((p) => at >= Date.parse(p.from)) ?? phases[0]!;
      const shift = NOW.getTime() + dayOf(phase) * DAY_MS + PHASE_START_MS - Date.parse(phase.from);
      return line.replace(/"(requestReceivedTimestamp|stageTimestamp)":"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d{3})(\d{3})Z"/g, (_, key: string, seconds: string, ms: string, micro: string) => {
        const moved = new Date(Date.parse(`${seconds}.${ms}Z`) + shift).toISOString();
        return `"${key}":"${moved.slice(0, 23)}${micro}Z"`;
      });
    })
    .join('\n');
}
