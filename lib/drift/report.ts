// What `drift` finds: the cluster compared with dist/. Every finding names its object and the kubectl command
// that removes or restores it (printed, never run).

/** Which object: cluster-scoped objects have a null namespace. */
export interface ObjectId {
  readonly kind: string;
  readonly namespace: string | null;
  readonly name: string;
}

/** A subject of an extra binding and what it gains beyond what dist/ already grants it. */
export interface SubjectGain {
  /** `oidc:contractors`, `User bob`, `ServiceAccount research/pipeline`, `token ci (User cw-token-7f3a)`. */
  readonly subject: string;
  readonly kind: 'User' | 'Group' | 'ServiceAccount';
  /** `get, list, watch secrets in research`: one line per target, empty when dist/ already grants it all. */
  readonly adds: readonly string[];
}

/** A binding, Role or ClusterRole on the cluster that dist/ does not have, reaching team namespaces or subjects. */
export interface ExtraObject extends ObjectId {
  /** `RoleBinding research/debug grants oidc:contractors admin in research: more than teamLead, ! reads secrets`. */
  readonly summary: string;
  /** Bindings: the role they name, as `ClusterRole admin` or `Role research/debug`. */
  readonly role?: string;
  readonly subjects?: readonly SubjectGain[];
  /** `within viewer`, `more than teamLead`, …: the narrowest tier whose rules cover the access, if any. */
  readonly access?: string;
  /** What lets its holders widen access further: `reads secrets`, `writes rolebindings`, `impersonates`, `*`, … */
  readonly risks?: readonly string[];
  /** Roles: the bindings that name them. */
  readonly boundBy?: readonly string[];
  readonly command: string;
}

/** One field of a dist/ object whose value on the cluster differs (null: absent on that side). */
export interface FieldChange {
  /** `subjects`, `spec.hard["requests.nvidia.com/gpu"]`, `metadata.labels["pod-security.kubernetes.io/enforce"]`. */
  readonly field: string;
  readonly dist: unknown;
  readonly cluster: unknown;
}

export interface ChangedObject extends ObjectId {
  /** The dist/ file that holds it: `dist/team-research.yaml`. */
  readonly file: string;
  readonly fields: readonly FieldChange[];
  readonly command: string;
}

export interface MissingObject extends ObjectId {
  readonly file: string;
  readonly command: string;
}

/** A namespace labelled as this org's whose team left teams.yaml: Flux never prunes it. */
export interface OrphanedNamespace extends ObjectId {
  readonly kind: 'Namespace';
  /** The coreweave-rbac/team label, when it has one. */
  readonly team: string | null;
  /** Its PersistentVolumeClaims; null when they could not be listed. */
  readonly persistentVolumeClaims: number | null;
  readonly command: string;
}

/** A kind that could not be listed (RBAC forbids it, no CRD serves it): its objects were not compared. */
export interface UnlistedKind {
  readonly kind: string;
  readonly reason: string;
}

/** Namespaces labelled as coreweave-rbac's for another cluster name: another org's, or the wrong --context. */
export interface OtherClusterNamespaces {
  readonly cluster: string;
  readonly namespaces: readonly string[];
}

export interface DriftReport {
  readonly extra: readonly ExtraObject[];
  readonly changed: readonly ChangedObject[];
  readonly missing: readonly MissingObject[];
  readonly orphaned: readonly OrphanedNamespace[];
  readonly unlisted: readonly UnlistedKind[];
  /** Warned about, not drift. */
  readonly otherClusters: readonly OtherClusterNamespaces[];
}

export function hasDrift(report: DriftReport): boolean {
  return report.extra.length + report.changed.length + report.missing.length + report.orphaned.length > 0;
}
