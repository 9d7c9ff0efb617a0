import type { DriftReport } from './report';

/** `{ "extra": [..], "changed": [..], "missing": [..], "orphaned": [..], "unlisted": [..] }`. */
export function driftJson(report: DriftReport): string {
  const { extra, changed, missing, orphaned, unlisted } = report;
  return `${JSON.stringify({ extra, changed, missing, orphaned, unlisted }, null, 2)}\n`;
}
