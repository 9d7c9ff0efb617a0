import type { AuditEvent } from '../audit/audit-event';

/** The object a request is about, as the audit Event's objectRef names it. */
export interface UsageObjectRef {
  readonly apiGroup: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
}

/** What `usage` reads of one audit Event: who asked for what, where, when, and what the authorizer said. */
export interface UsageEvent {
  readonly stage: string;
  readonly verb: string;
  /** requestReceivedTimestamp, else stageTimestamp, as the log writes it. */
  readonly timestamp: string | undefined;
  /** The identity the authorizer judged: for an impersonated request, the impersonated one. */
  readonly user: string;
  readonly groups: readonly string[];
  readonly impersonated: boolean;
  /** Absent for non-resource requests (/healthz). */
  readonly objectRef: UsageObjectRef | undefined;
  readonly code: number | undefined;
  /** annotations["authorization.k8s.io/decision"]: allow or forbid. */
  readonly decision: string | undefined;
  /** annotations["authorization.k8s.io/reason"]: for RBAC, the binding that allowed the request. */
  readonly reason: string | undefined;
  /** responseStatus.message, when the decision annotation is missing and the answer was 403 (to tell RBAC's refusals from admission's). */
  readonly message: string | undefined;
}

export const DECISION_ANNOTATION = 'authorization.k8s.io/decision';
export const REASON_ANNOTATION = 'authorization.k8s.io/reason';

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);

/** The user or impersonated user of an Event: its name and groups, whatever else the log holds. */
export function userInfoOf(value: unknown): { readonly username: string; readonly groups: readonly string[] } | undefined {
  if (!isObj(value)) return undefined;
  return { username: str(value.username) ?? '', groups: strings(value.groups) };
}

export function objectRefOf(value: unknown): UsageObjectRef | undefined {
  if (!isObj(value) || typeof value.resource !== 'string' || value.resource === '') return undefined;
  const ref: { -readonly [K in keyof UsageObjectRef]: UsageObjectRef[K] } = { apiGroup: str(value.apiGroup) ?? '', resource: value.resource };
  const { subresource, namespace, name } = value;
  if (typeof subresource === 'string' && subresource !== '') ref.subresource = subresource;
  if (typeof namespace === 'string' && namespace !== '') ref.namespace = namespace;
  if (typeof name === 'string' && name !== '') ref.name = name;
  return ref;
}

/** The usage of an Event parsed whole (the reference that the quick reader of lib/usage/event-fields.ts is held to). */
export function usageEventOf(event: AuditEvent): UsageEvent {
  const judged = userInfoOf(event.impersonatedUser) ?? userInfoOf(event.user) ?? { username: '', groups: [] };
  const annotations = isObj(event.annotations) ? event.annotations : {};
  const decision = str(annotations[DECISION_ANNOTATION]);
  const status = isObj(event.responseStatus) ? event.responseStatus : {};
  const code = typeof status.code === 'number' ? status.code : undefined;
  return {
    stage: event.stage ?? '',
    verb: event.verb ?? '',
    timestamp: str(event.requestReceivedTimestamp) ?? str(event.stageTimestamp),
    user: judged.username,
    groups: judged.groups,
    impersonated: isObj(event.impersonatedUser),
    objectRef: objectRefOf(event.objectRef),
    code,
    decision,
    reason: str(annotations[REASON_ANNOTATION]),
    message: decision === undefined && code === 403 ? str(status.message) : undefined,
  };
}
