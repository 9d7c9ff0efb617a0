import type { RequestSubject, SubjectTier } from '../access/subject-tiers';
import type { AuditEvent } from './audit-event';
import { gpusPerReplica, objectGpus, scaleReplicas } from './gpu-count';

export const GPU_ACTIONS = ['gpu_request', 'deploy', 'scale', 'delete', 'quota_change'] as const;
export type GpuAction = (typeof GPU_ACTIONS)[number];

/** One GPU allocation event (README, "Audit"); null where the log does not say. */
export interface GpuAuditRecord {
  readonly timestamp: string | null;
  readonly cluster: string | null;
  readonly user: string | null;
  readonly groups: readonly string[];
  readonly team: string | null;
  readonly tier: SubjectTier | null;
  readonly namespace: string | null;
  readonly action: GpuAction;
  /** `pods/train-0`, `deployments.apps/llama-serve`, `pytorchjobs.kubeflow.org/pretrain`. */
  readonly resource: string;
  /** GPUs the object requests after the change (what it held, for a delete); null when the log has no body. */
  readonly gpuCount: number | null;
  readonly result: 'allowed' | 'denied';
  /** Why: the denial message (e.g. "exceeded quota: ..."), or the authorizer's reason for an allowed request. */
  readonly reason: string | null;
}

/** What classifying needs to know beyond the event: the team and tier of a subject, and the cluster name. */
export interface GpuEventContext {
  readonly cluster: string | null;
  readonly teamOf: (namespace: string | undefined) => string | undefined;
  readonly tierOf: (subject: RequestSubject, namespace: string | undefined) => SubjectTier | undefined;
}

type Kind = 'pod' | 'batch' | 'service' | 'quota';

/** `apiGroup/resource` → how its changes count. The GPU-bearing workloads of README, "Audit", plus quotas. */
const RESOURCES = new Map<string, Kind>([
  ['/pods', 'pod'],
  ['apps/deployments', 'service'],
  ['apps/statefulsets', 'service'],
  ['serving.kserve.io/inferenceservices', 'service'],
  ['batch/jobs', 'batch'],
  ['batch/cronjobs', 'batch'],
  ['kubeflow.org/pytorchjobs', 'batch'],
  ['ray.io/rayjobs', 'batch'],
  ['ray.io/rayclusters', 'batch'],
  ['kueue.x-k8s.io/workloads', 'batch'],
  ['/resourcequotas', 'quota'],
  ['kueue.x-k8s.io/clusterqueues', 'quota'],
]);

/**
 * The verbs of requests that change objects. An Event of any other verb yields no record: `classify` returns
 * undefined at its first check, remembering nothing, which lets a reader skip such Events unparsed.
 */
export const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'] as const;
const WRITES = new Set<string>(WRITE_VERBS);
const FINAL_STAGES = new Set(['ResponseComplete', 'Panic']);

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const metadataOf = (x: unknown): Obj => (isObj(x) && isObj(x.metadata) ? x.metadata : {});
/** A full object (not a patch body, not a Status): it has a kind. */
const fullObject = (x: unknown): Obj | undefined => (isObj(x) && typeof x.kind === 'string' && x.kind !== 'Status' ? x : undefined);

/** Workloads whose GPUs per replica are remembered; beyond that the least recently changed are forgotten. */
const REMEMBERED_WORKLOADS = 100_000;

/**
 * Turns audit Events into GPU allocation records. Remembers the GPUs per replica of the Deployments and
 * StatefulSets it has seen, since a scale event carries only the replica count: at most REMEMBERED_WORKLOADS of
 * them, so memory stays bounded however long the log.
 */
export class GpuEventClassifier {
  private readonly perReplica = new Map<string, number>();

  constructor(private readonly context: GpuEventContext) {}

  classify(event: AuditEvent): GpuAuditRecord | undefined {
    const ref = event.objectRef;
    if (!ref?.resource || !event.verb || !WRITES.has(event.verb) || !FINAL_STAGES.has(event.stage ?? '')) return undefined;
    if (/[?&]dryRun=/.test(event.requestURI ?? '')) return undefined;
    const group = ref.apiGroup ?? '';
    const kind = RESOURCES.get(`${group}/${ref.resource}`);
    if (!kind) return undefined;
    const isScale = ref.subresource === 'scale' && (ref.resource === 'deployments' || ref.resource === 'statefulsets');
    if (ref.subresource && !isScale) return undefined;

    const code = event.responseStatus?.code ?? (event.stage === 'Panic' ? 500 : undefined);
    if (code === undefined) return undefined;
    const allowed = code >= 200 && code < 300;
    const object = fullObject(event.responseObject) ?? fullObject(event.requestObject);
    const cacheKey = `${group}/${ref.resource}/${ref.namespace ?? ''}/${ref.name ?? metadataOf(object).name ?? ''}`;

    let action: GpuAction;
    let gpuCount: number | null;
    if (isScale) {
      action = 'scale';
      const replicas = scaleReplicas(event.responseObject) ?? scaleReplicas(event.requestObject) ?? patchedReplicas(event.requestObject);
      const per = this.perReplica.get(cacheKey);
      if (per === 0) return undefined;
      gpuCount = replicas !== undefined && per !== undefined ? replicas * per : null;
    } else {
      action = event.verb === 'delete' || event.verb === 'deletecollection' ? 'delete' : kind === 'quota' ? 'quota_change' : kind === 'service' ? 'deploy' : 'gpu_request';
      gpuCount = object ? objectGpus(object) ?? null : null;
      const per = object ? gpusPerReplica(object) : undefined;
      if (per !== undefined && allowed) {
        this.perReplica.delete(cacheKey);
        if (action !== 'delete') this.remember(cacheKey, per);
      }
      if (gpuCount === 0 && action !== 'quota_change') return undefined;
    }
    // A controller creating (or removing) the pods of a workload already recorded repeats that record; its
    // refusals are kept, since that is where a Deployment's or Job's quota rejection shows.
    const subject = effectiveSubject(event);
    if (allowed && subject.user.startsWith('system:') && isControlled(object ?? event.requestObject)) return undefined;

    const namespace = ref.namespace ?? null;
    // a team's ClusterQueue is named like its namespace
    const teamNamespace = ref.resource === 'clusterqueues' ? ref.name : ref.namespace;
    const name = ref.name ?? (typeof metadataOf(object).name === 'string' ? (metadataOf(object).name as string) : undefined);
    return {
      timestamp: event.requestReceivedTimestamp ?? event.stageTimestamp ?? null,
      cluster: this.context.cluster,
      user: event.impersonatedUser?.username ?? event.user?.username ?? null,
      groups: [...subject.groups],
      team: this.context.teamOf(teamNamespace) ?? null,
      tier: this.context.tierOf(subject, teamNamespace) ?? null,
      namespace,
      action,
      resource: `${ref.resource}${group ? `.${group}` : ''}${name ? `/${name}` : ''}`,
      gpuCount,
      result: allowed ? 'allowed' : 'denied',
      reason: allowed ? event.annotations?.['authorization.k8s.io/reason'] || null : denialReason(event),
    };
  }

  private remember(key: string, gpusPerReplica: number): void {
    // a Map iterates in insertion order: the first key is the least recently changed
    if (this.perReplica.size >= REMEMBERED_WORKLOADS) this.perReplica.delete(this.perReplica.keys().next().value as string);
    this.perReplica.set(key, gpusPerReplica);
  }
}

/** The identity the request acted as: the impersonated user when there is one. */
function effectiveSubject(event: AuditEvent): RequestSubject {
  const info = event.impersonatedUser ?? event.user ?? {};
  return { user: info.username ?? '', groups: info.groups ?? [] };
}

function isControlled(object: unknown): boolean {
  const owners = metadataOf(object).ownerReferences;
  return Array.isArray(owners) && owners.some((o) => isObj(o) && o.controller === true);
}

/** `kubectl scale` sends a patch `{"spec":{"replicas":N}}` to the scale subresource. */
function patchedReplicas(body: unknown): number | undefined {
  const spec = isObj(body) && isObj(body.spec) ? body.spec : undefined;
  return typeof spec?.replicas === 'number' ? spec.replicas : undefined;
}

/** `pods "x" is forbidden: exceeded quota: ...` → `exceeded quota: ...`; RBAC: `User "a" cannot create ...`. */
function denialReason(event: AuditEvent): string | null {
  const status = event.responseStatus ?? {};
  const message = status.message ?? '';
  const forbidden = message.indexOf('is forbidden: ');
  if (forbidden >= 0) return message.slice(forbidden + 'is forbidden: '.length);
  return message || status.reason || (status.code !== undefined ? `HTTP ${status.code}` : null);
}
