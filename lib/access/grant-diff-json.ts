import { describeReach, grantLine, roleLine } from './grant-diff-lines';
import type { AccessDiffReport } from './grant-diff-report';

/** The report as `--format json` prints it: every item with the line the table prints for it. */
export function accessDiffJson(report: AccessDiffReport) {
  return {
    grants: report.grants.map((g) => ({ ...g, line: grantLine(g) })),
    roles: report.roles.map((r) => ({
      ...r,
      subjects: new Set(r.reaches.map((x) => x.subject)).size,
      namespaces: new Set(r.reaches.flatMap((x) => (x.namespace !== undefined ? [x.namespace] : []))).size,
      reach: describeReach(r.reaches),
      line: roleLine(r),
    })),
    details: report.details,
  };
}
