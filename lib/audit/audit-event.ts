/**
 * The fields of an audit.k8s.io/v1 Event that gpu-audit reads (k8s.io/apiserver/pkg/apis/audit/v1 types.go;
 * kubernetes.io/docs/tasks/debug/debug-cluster/audit/). The log backend writes one Event per line.
 */
export interface AuditEvent {
  readonly kind?: string;
  readonly apiVersion?: string;
  readonly level?: string;
  readonly auditID?: string;
  /** RequestReceived | ResponseStarted | ResponseComplete | Panic */
  readonly stage?: string;
  readonly requestURI?: string;
  readonly verb?: string;
  readonly user?: UserInfo;
  readonly impersonatedUser?: UserInfo;
  readonly objectRef?: ObjectReference;
  readonly responseStatus?: { readonly code?: number; readonly message?: string; readonly reason?: string; readonly status?: string };
  readonly requestObject?: unknown;
  readonly responseObject?: unknown;
  readonly requestReceivedTimestamp?: string;
  readonly stageTimestamp?: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface UserInfo {
  readonly username?: string;
  readonly groups?: readonly string[];
}

export interface ObjectReference {
  readonly resource?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly apiGroup?: string;
  readonly apiVersion?: string;
  readonly subresource?: string;
}

/**
 * The Events of one log line: an Event, or an EventList (what the webhook backend batches). Throws with what was
 * received when the line is not one of them.
 */
export function eventsOfLine(line: string): AuditEvent[] {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    // the parser's own message differs between Node versions; what the line looks like says more
    throw new Error(`expected a JSON audit event, got ${JSON.stringify(line.length > 60 ? `${line.slice(0, 60)}…` : line)}${line.startsWith('{') && !line.trimEnd().endsWith('}') ? ' (cut short?)' : ''}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`expected an audit.k8s.io/v1 Event object, got ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}`);
  const o = value as Record<string, unknown>;
  if (o.kind === 'EventList' && Array.isArray(o.items)) return o.items.map((item, i) => asEvent(item, `items[${i}]`));
  return [asEvent(o, '')];
}

function asEvent(value: unknown, where: string): AuditEvent {
  const at = where ? `${where}: ` : '';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${at}expected an audit.k8s.io/v1 Event object`);
  const o = value as Record<string, unknown>;
  if (o.kind !== undefined && o.kind !== 'Event') throw new Error(`${at}expected kind Event, got ${JSON.stringify(o.kind)}`);
  if (typeof o.verb !== 'string' || typeof o.stage !== 'string') throw new Error(`${at}expected an audit.k8s.io/v1 Event with "verb" and "stage", got keys ${Object.keys(o).slice(0, 8).join(', ') || '(none)'}`);
  return o as AuditEvent;
}
