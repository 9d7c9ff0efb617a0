import type { GrantAttribution } from './attribution';
import type { Grant, GrantIndex } from './grants';
import type { UsageEvent, UsageObjectRef } from './usage-event';
import { canonicalTime, logMicros, microsTime, type UsageWindow } from './usage-window';

/** One verb on one resource that a grant was used for, with the object names it was used on. */
export interface PermissionUse {
  readonly verb: string;
  readonly apiGroup: string;
  readonly resource: string;
  readonly subresource: string | undefined;
  count: number;
  /** Names of the objects, for the verbs a Role can restrict by name; undefined once more than MAX_NAMES. */
  names: Set<string> | undefined;
  /** Some request of it named no object (or a verb that cannot be restricted by name). */
  unnamed: boolean;
}

/** A grant's use in the window. */
export interface GrantUse {
  requests: number;
  /** The first and last request, in microseconds (logMicros; microsTime writes them as the log does). */
  firstAt: number;
  lastAt: number;
  /** By `verb\0group\0resource\0subresource`: bounded by what the grant allows. */
  readonly permissions: Map<string, PermissionUse>;
  /** `group/resource` of the objects this grant created: their names are made per run, never kept in a role. */
  readonly created: Set<string>;
  /** The permissions again, as a list: comparing a few short strings costs less than building a key for every request. */
  readonly list: PermissionUse[];
}

/** Requests the authorizer refused, per subject, namespace and request. */
export interface DeniedUse {
  readonly user: string;
  readonly groups: readonly string[];
  readonly namespace: string | undefined;
  readonly verb: string;
  readonly ref: UsageObjectRef | undefined;
  count: number;
}

/** Verbs whose requests name one object, which a Role's resourceNames can restrict. */
export const NAMED_VERBS: ReadonlySet<string> = new Set(['get', 'update', 'patch', 'delete']);
export const READ_VERBS: ReadonlySet<string> = new Set(['get', 'list', 'watch']);
/** Names kept per permission: more than this is not "one object" and the role keeps no names. */
export const MAX_NAMES = 5;
/** Distinct refusals kept; beyond that they are only counted. */
const MAX_DENIED = 10_000;
const FINAL_STAGES: ReadonlySet<string> = new Set(['ResponseComplete', 'Panic']);
/** RBAC's refusal (plugin/pkg/auth/authorizer/rbac's message), when the log has no decision annotation. */
const RBAC_REFUSAL = /^.* is forbidden: User ".*" cannot [^ ]+ /;

/**
 * Adds up a log's Events into what `usage` reports: per grant its requests, first and last seen and the
 * permissions used; refusals; each token's last use; and what the log covers. Memory grows with the grants and
 * the distinct refusals, never with the log.
 */
export class UsageTally {
  readonly uses = new Map<Grant, GrantUse>();
  readonly denied = new Map<string, DeniedUse>();
  /** Refusals not kept once MAX_DENIED distinct ones were. */
  deniedOverflow = 0;
  /** Last request made with a token's own credential (impersonating its user is not using it), before the window's end (logMicros). */
  readonly tokenLastUsed = new Map<Grant, number>();
  events = 0;
  /** Events without a usable timestamp: not counted anywhere. */
  untimed = 0;
  // instants as numbers (logMicros): they compare quicker than the log's strings, and keep no line alive
  private firstAt = Infinity;
  private lastAt = -Infinity;
  private firstTeamReadAt = Infinity;
  private readonly from: number;
  private readonly to: number;

  /** The first and last timestamp of the log (any Event). */
  get first(): string | undefined {
    return Number.isFinite(this.firstAt) ? microsTime(this.firstAt) : undefined;
  }

  get last(): string | undefined {
    return Number.isFinite(this.lastAt) ? microsTime(this.lastAt) : undefined;
  }

  /** The first read in a team namespace other than of secrets (which are always recorded): that reads are recorded. */
  get firstTeamRead(): string | undefined {
    return Number.isFinite(this.firstTeamReadAt) ? microsTime(this.firstTeamReadAt) : undefined;
  }

  constructor(
    private readonly index: GrantIndex,
    private readonly attribution: GrantAttribution,
    window: UsageWindow,
  ) {
    this.from = logMicros(window.from);
    this.to = logMicros(window.to);
  }

  add(event: UsageEvent): void {
    this.events += 1;
    const text = canonicalTime(event.timestamp);
    if (text === undefined) {
      this.untimed += 1;
      return;
    }
    const t = logMicros(text);
    if (t < this.firstAt) this.firstAt = t;
    if (t > this.lastAt) this.lastAt = t;
    if (!FINAL_STAGES.has(event.stage) || t >= this.to) return;
    if (!event.impersonated) {
      const token = this.index.tokenOfUser(event.user);
      if (token !== undefined && !((this.tokenLastUsed.get(token) ?? -Infinity) >= t)) this.tokenLastUsed.set(token, t);
    }
    const ref = event.objectRef;
    const team = this.index.teamOf(ref?.namespace);
    if (t < this.firstTeamReadAt && team !== undefined && ref !== undefined && READ_VERBS.has(event.verb) && !(ref.apiGroup === '' && ref.resource === 'secrets')) {
      this.firstTeamReadAt = t;
    }
    if (t < this.from) return;
    const decision = decisionOf(event);
    if (decision === 'forbid') this.addDenied(event);
    else if (decision === 'allow' && team !== undefined && ref?.namespace !== undefined) {
      const grant = this.attribution.grantOf(event, ref as UsageObjectRef & { namespace: string });
      if (grant !== undefined) this.addUse(grant, event, ref, t);
    }
  }

  private addUse(grant: Grant, event: UsageEvent, ref: UsageObjectRef, t: number): void {
    let use = this.uses.get(grant);
    if (use === undefined) {
      use = { requests: 0, firstAt: Infinity, lastAt: -Infinity, permissions: new Map(), created: new Set(), list: [] };
      this.uses.set(grant, use);
    }
    use.requests += 1;
    if (t < use.firstAt) use.firstAt = t;
    if (t > use.lastAt) use.lastAt = t;
    let permission: PermissionUse | undefined;
    for (const p of use.list) {
      if (p.verb === event.verb && p.resource === ref.resource && p.apiGroup === ref.apiGroup && p.subresource === ref.subresource) {
        permission = p;
        break;
      }
    }
    if (permission === undefined) {
      permission = { verb: event.verb, apiGroup: kept(ref.apiGroup), resource: kept(ref.resource), subresource: ref.subresource === undefined ? undefined : kept(ref.subresource), count: 0, names: new Set(), unnamed: false };
      use.list.push(permission);
      use.permissions.set(`${event.verb}\0${ref.apiGroup}\0${ref.resource}\0${ref.subresource ?? ''}`, permission);
    }
    permission.count += 1;
    if (NAMED_VERBS.has(event.verb) && ref.name !== undefined) {
      if (permission.names !== undefined && !permission.names.has(ref.name)) {
        if (permission.names.size >= MAX_NAMES) permission.names = undefined;
        else permission.names.add(kept(ref.name));
      }
    } else permission.unnamed = true;
    if (event.verb === 'create' && ref.subresource === undefined) use.created.add(`${ref.apiGroup}/${ref.resource}`);
  }

  private addDenied(event: UsageEvent): void {
    const ref = event.objectRef;
    if (!isReviewedSubject(event.user, this.index)) return;
    const key = [event.user, ref?.namespace ?? '', event.verb, ref?.apiGroup ?? '', ref?.resource ?? '', ref?.subresource ?? ''].join('\0');
    const known = this.denied.get(key);
    if (known !== undefined) {
      known.count += 1;
      return;
    }
    if (this.denied.size >= MAX_DENIED) {
      this.deniedOverflow += 1;
      return;
    }
    const keptRef = ref === undefined ? undefined : { apiGroup: kept(ref.apiGroup), resource: kept(ref.resource), ...(ref.subresource !== undefined ? { subresource: kept(ref.subresource) } : {}), ...(ref.name !== undefined ? { name: kept(ref.name) } : {}) };
    this.denied.set(key, { user: kept(event.user), groups: event.groups.map(kept), namespace: ref?.namespace === undefined ? undefined : kept(ref.namespace), verb: event.verb, ref: keptRef, count: 1 });
  }
}

/** A string of the log to keep: a copy, since a slice of a line would keep the whole line alive. */
function kept(text: string): string {
  return (' ' + text).slice(1);
}

/** allow, forbid, or undefined when the Event does not say (an unauthenticated request, a stage without a response). */
export function decisionOf(event: UsageEvent): 'allow' | 'forbid' | undefined {
  if (event.decision === 'allow' || event.decision === 'forbid') return event.decision;
  if (event.code === undefined || event.code === 401) return undefined;
  return event.code === 403 && RBAC_REFUSAL.test(event.message ?? '') ? 'forbid' : 'allow';
}

/** Refusals worth a reviewer's time: people and tokens, not the control plane's own identities. */
function isReviewedSubject(user: string, index: GrantIndex): boolean {
  if (!user.startsWith('system:')) return true;
  if (index.tokenOfUser(user) !== undefined) return true;
  const sa = /^system:serviceaccount:([^:]+):[^:]+$/.exec(user);
  return sa !== null && index.teamOf(sa[1]) !== undefined;
}
