import { accessReport } from './access-report';
import { objectsOfTexts } from './dist-objects';
import { MatrixEvaluation } from './matrix-evaluation';
import type { AccessMatrix } from './matrix-types';

export type { AccessMatrix, ClusterWideGrant, CrossNamespaceGrant, Level, MatrixNamespace, MatrixSubject } from './matrix-types';
export { ACCESS_REPORT_FILE, accessReport } from './access-report';

/** Who may do what, per namespace and capability, from Kubernetes objects. Deterministic: everything sorted. */
export function buildAccessMatrix(objects: readonly unknown[]): AccessMatrix {
  return new MatrixEvaluation(objects).matrix();
}

/** ACCESS.md for the files of a dist/ (file name → YAML text), as synth writes it beside teams.yaml. */
export function accessReportText(dist: ReadonlyMap<string, string>): string {
  return accessReport(objectsOfTexts(dist));
}
