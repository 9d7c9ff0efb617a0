// Audit Events written by hand, in the shape and member order of the API server's log backend (as the recorded
// test/fixtures/usage/audit.log has them), for what a real server does not easily produce: logs that start late,
// events without the authorizer's annotations, EventLists.

let counter = 0;

export interface UsageEventInput {
  readonly at: string;
  readonly verb: string;
  readonly user: string;
  readonly groups?: readonly string[];
  /** The admin impersonating `user` in `groups`. */
  readonly impersonatedBy?: string;
  readonly resource?: string;
  readonly apiGroup?: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly code?: number;
  readonly message?: string;
  /** The authorization annotations; null: none at all. @default allow, with `reason` */
  readonly decision?: 'allow' | 'forbid' | null;
  readonly reason?: string;
  readonly stage?: string;
}

/** One Event as a log line. */
export function usageEventLine(input: UsageEventInput): string {
  counter += 1;
  const info = { username: input.user, groups: [...(input.groups ?? []), 'system:authenticated'] };
  const code = input.code ?? (input.decision === 'forbid' ? 403 : 200);
  const event: Record<string, unknown> = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    stage: input.stage ?? 'ResponseComplete',
    requestURI: `/api/v1/namespaces/${input.namespace ?? 'default'}/${input.resource ?? 'pods'}`,
    verb: input.verb,
    user: input.impersonatedBy !== undefined ? { username: input.impersonatedBy, groups: ['system:masters', 'system:authenticated'] } : info,
    ...(input.impersonatedBy !== undefined ? { impersonatedUser: info } : {}),
    sourceIPs: ['127.0.0.1'],
    userAgent: 'kubectl/v1.34.4 (linux/amd64) kubernetes/5864a46',
    ...(input.resource !== undefined
      ? {
          objectRef: {
            resource: input.resource,
            ...(input.namespace !== undefined ? { namespace: input.namespace } : {}),
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(input.apiGroup ? { apiGroup: input.apiGroup } : {}),
            apiVersion: 'v1',
            ...(input.subresource !== undefined ? { subresource: input.subresource } : {}),
          },
        }
      : {}),
    responseStatus: code < 400 ? { metadata: {}, code } : { metadata: {}, status: 'Failure', message: input.message ?? '', reason: 'Forbidden', code },
    requestReceivedTimestamp: input.at,
    stageTimestamp: input.at,
    ...(input.decision === null ? {} : { annotations: { 'authorization.k8s.io/decision': input.decision ?? 'allow', 'authorization.k8s.io/reason': input.reason ?? '' } }),
  };
  return JSON.stringify(event);
}

/** A log of Events, one per line. */
export function usageLog(...events: UsageEventInput[]): string {
  return events.map((e) => `${usageEventLine(e)}\n`).join('');
}

/** The reason the RBAC authorizer gives (plugin/pkg/auth/authorizer/rbac and the binding describers of rule.go). */
export function rbacReason(binding: string, namespace: string, role: string, subject: string): string {
  const roleKind = role.startsWith('coreweave-rbac-') ? 'ClusterRole' : 'Role';
  return `RBAC: allowed by RoleBinding "${binding}/${namespace}" of ${roleKind} "${role}" to ${subject}`;
}
