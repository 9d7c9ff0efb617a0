/** A Kubernetes rbac/v1 PolicyRule as plain data. */
export interface PolicyRule {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly verbs: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
}

/** The attributes of one request as the RBAC authorizer sees them. */
export interface ResourceRequest {
  readonly verb: string;
  readonly apiGroup: string;
  readonly resource: string;
  readonly subresource?: string;
  readonly name?: string;
}

export interface NonResourceRequest {
  readonly verb: string;
  readonly path: string;
}

export type RequestAttributes = ResourceRequest | NonResourceRequest;

export function isResourceRequest(r: RequestAttributes): r is ResourceRequest {
  return 'resource' in r;
}

const has = (set: readonly string[] | undefined, x: string): boolean => (set ?? []).includes(x);

// pkg/apis/rbac/v1/evaluation_helpers.go ResourceMatches: "pods/*" is no wildcard, "*/scale" is.
export function resourceMatches(rule: PolicyRule, resource: string, subresource = ''): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  for (const r of rule.resources ?? []) {
    if (r === '*' || r === combined) return true;
    if (subresource && r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;
  }
  return false;
}

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some((u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1))));
}

/** plugin/pkg/auth/authorizer/rbac/rbac.go: RuleAllows. */
export function ruleAllows(rule: PolicyRule, req: RequestAttributes): boolean {
  const verbOk = has(rule.verbs, '*') || has(rule.verbs, req.verb);
  if (!isResourceRequest(req)) return verbOk && nonResourceURLMatches(rule, req.path);
  const groupOk = has(rule.apiGroups, '*') || has(rule.apiGroups, req.apiGroup);
  const nameOk = (rule.resourceNames ?? []).length === 0 || has(rule.resourceNames, req.name ?? '');
  return verbOk && groupOk && resourceMatches(rule, req.resource, req.subresource) && nameOk;
}

/** One verb on one group/resource (or one non-resource URL), optionally one name: the unit of Covers. */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups ?? []) for (const resource of rule.resources ?? []) for (const verb of rule.verbs) {
    if ((rule.resourceNames ?? []).length > 0) {
      for (const name of rule.resourceNames ?? []) out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] });
    } else {
      out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
    }
  }
  for (const url of rule.nonResourceURLs ?? []) for (const verb of rule.verbs) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

const hasAll = (set: readonly string[] | undefined, xs: readonly string[] | undefined): boolean => (xs ?? []).every((x) => has(set, x));

function resourceCoversAll(owner: readonly string[] | undefined, covers: readonly string[] | undefined): boolean {
  if (has(owner, '*') || hasAll(owner, covers)) return true;
  return (covers ?? []).every((path) => has(owner, path) || (path.includes('/') && has(owner, `*/${path.split('/').slice(1).join('/')}`)));
}

function nonResourceURLCovers(owner: string, sub: string): boolean {
  return owner === sub || (owner.endsWith('*') && sub.startsWith(owner.replace(/\*+$/, '')));
}

/** pkg/registry/rbac/validation/policy_comparator.go: ruleCovers. */
export function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = has(owner.verbs, '*') || hasAll(owner.verbs, sub.verbs);
  const groups = has(owner.apiGroups, '*') || hasAll(owner.apiGroups, sub.apiGroups);
  const resources = resourceCoversAll(owner.resources, sub.resources);
  const urls = (sub.nonResourceURLs ?? []).every((u) => (owner.nonResourceURLs ?? []).some((o) => nonResourceURLCovers(o, u)));
  const subNames = sub.resourceNames ?? [];
  const ownerNames = owner.resourceNames ?? [];
  const names = subNames.length === 0 ? ownerNames.length === 0 : ownerNames.length === 0 || hasAll(ownerNames, subNames);
  return verbs && groups && resources && names && urls;
}

/** The API server's escalation check (Covers): the parts of `servant` that no rule of `owner` covers. */
export function uncoveredRules(owner: readonly PolicyRule[], servant: readonly PolicyRule[]): PolicyRule[] {
  return servant.flatMap(breakdownRule).filter((sub) => !owner.some((o) => ruleCovers(o, sub)));
}
