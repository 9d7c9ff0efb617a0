import { effectiveGroups, subjectApplies } from '../access/evaluator';
import { parseAuthorizerReason, type AuthorizerReason } from './authorizer-reason';
import type { Grant, GrantIndex } from './grants';
import type { UsageEvent, UsageObjectRef } from './usage-event';

/** Distinct answers kept; a log repeats few reasons and few (subject, request) pairs. */
const CACHED = 50_000;
/** A reason that names no binding of dist/ (another authorizer's, or a binding dist/ does not have). */
const NOT_NAMED = Symbol('not named');

function grantOfReason(index: GrantIndex, reason: AuthorizerReason | undefined): Grant | undefined | typeof NOT_NAMED {
  if (reason === undefined) return NOT_NAMED;
  if (reason.binding.kind === 'ClusterRoleBinding') return undefined;
  const { subject } = reason;
  const name = subject.kind === 'ServiceAccount' ? `${subject.namespace}/${subject.name}` : subject.name;
  return index.grantOf(reason.binding.namespace ?? '', reason.binding.name, subject.kind, name) ?? NOT_NAMED;
}

/**
 * Which grant allowed a request: the binding the authorizer's reason names (the API server's own record), else
 * the smallest grant that allows it according to dist/ (the offline evaluator, asked with the groups the log
 * records). Undefined when no team grant allowed it (a cluster admin, a controller).
 */
export class GrantAttribution {
  private readonly reasons = new Map<string, Grant | undefined | typeof NOT_NAMED>();
  private readonly evaluated = new Map<string, Grant | null>();

  constructor(private readonly index: GrantIndex) {}

  grantOf(event: UsageEvent, ref: UsageObjectRef & { readonly namespace: string }): Grant | undefined {
    const named = event.reason === undefined || event.reason === '' ? NOT_NAMED : this.grantNamedBy(event.reason);
    return named === NOT_NAMED ? this.evaluate(event, ref) : named;
  }

  /** The grant a reason names (undefined: a cluster-wide binding, no team grant); NOT_NAMED when it names none of dist/. */
  private grantNamedBy(text: string): Grant | undefined | typeof NOT_NAMED {
    if (this.reasons.has(text)) return this.reasons.get(text);
    if (this.reasons.size >= CACHED) this.reasons.clear();
    const grant = grantOfReason(this.index, parseAuthorizerReason(text));
    this.reasons.set(text, grant);
    return grant;
  }

  private evaluate(event: UsageEvent, ref: UsageObjectRef & { readonly namespace: string }): Grant | undefined {
    // no binding of dist/ names a system: user or group (nodes, controllers) but the ServiceAccounts of tokens
    if (event.user.startsWith('system:') && this.index.tokenOfUser(event.user) === undefined) return undefined;
    const key = [event.user, event.groups.join('\0'), ref.namespace, event.verb, ref.apiGroup, ref.resource, ref.subresource ?? '', ref.name ?? ''].join('\x01');
    let found = this.evaluated.get(key);
    if (found === undefined) {
      if (this.evaluated.size >= CACHED) this.evaluated.clear();
      found = this.smallestAllowing(event, ref) ?? null;
      this.evaluated.set(key, found);
    }
    return found ?? undefined;
  }

  private smallestAllowing(event: UsageEvent, ref: UsageObjectRef & { readonly namespace: string }): Grant | undefined {
    const who = { user: event.user, groups: event.groups };
    const decision = this.index.model.authorize(who, {
      verb: event.verb,
      apiGroup: ref.apiGroup,
      resource: ref.resource,
      namespace: ref.namespace,
      ...(ref.subresource !== undefined ? { subresource: ref.subresource } : {}),
      ...(ref.name !== undefined ? { name: ref.name } : {}),
    });
    const groups = effectiveGroups(who);
    let best: Grant | undefined;
    const seen = new Set<string>();
    for (const { binding } of decision.grants) {
      if (binding.kind !== 'RoleBinding' || binding.namespace === undefined || seen.has(binding.name)) continue;
      seen.add(binding.name);
      // the subject the authorizer would name: the binding's first that applies
      const subject = binding.subjects.find((s) => subjectApplies(s, who.user, groups, binding.namespace));
      if (subject === undefined) continue;
      const name = subject.kind === 'ServiceAccount' ? `${subject.namespace ?? binding.namespace}/${subject.name}` : subject.name;
      const grant = this.index.grantOf(binding.namespace, binding.name, subject.kind, name);
      if (grant !== undefined && (best === undefined || grant.permissionCount < best.permissionCount)) best = grant;
    }
    return best;
  }
}
