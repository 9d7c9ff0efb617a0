import type { PolicyRule } from '../core/policy-rule';
import { aggregateClusterRoles } from './aggregation';
import { BUILTIN_CLUSTER_ROLES } from './builtin-roles';
import { ruleAllows, type RequestAttributes } from '../core/policy-rule';
import { BindingDef, BindingSubject, readRbacObjects, RoleDef, type RbacObjects } from './rbac-objects';
import { objectsOfDir } from './dist-objects';
import { isClusterScoped } from './resources';
import { compareStrings } from '../core/compare';

export type { BindingDef, BindingSubject, RoleDef } from './rbac-objects';

/** Who asks: a user name and its groups. ServiceAccounts are users `system:serviceaccount:NS:NAME`. */
export interface Subject {
  readonly user?: string;
  readonly groups?: readonly string[];
}

/** One request as the authorizer sees it (SubjectAccessReview resourceAttributes / nonResourceAttributes). */
export interface AccessRequest {
  readonly verb: string;
  /** @default '' (core) */
  readonly apiGroup?: string;
  /** Plural; absent for a non-resource request. */
  readonly resource?: string;
  readonly subresource?: string;
  readonly name?: string;
  /** Absent: a cluster-wide request. */
  readonly namespace?: string;
  /** A non-resource URL such as /healthz. */
  readonly path?: string;
}

/** A rule that allows the request, with the binding and role it comes through. */
export interface Grant {
  readonly binding: BindingDef;
  readonly role: RoleDef;
  readonly rule: PolicyRule;
}

/** A binding that applies to the subject whose role is not known, so it may or may not allow the request. */
export interface UnresolvedBinding {
  readonly binding: BindingDef;
}

export interface Decision {
  /** `unknown`: nothing known allows it, but a binding of the subject names a role whose rules are not known. */
  readonly allowed: boolean | 'unknown';
  /** Every rule that allows the request (empty when not allowed). */
  readonly grants: readonly Grant[];
  /** Applicable bindings whose role is not defined (neither in the objects nor a built-in). */
  readonly unresolved: readonly UnresolvedBinding[];
  /** The namespace the authorizer sees: none for cluster-scoped resources and non-resource URLs. */
  readonly namespace?: string;
}

const SA_PREFIX = 'system:serviceaccount:';

/** The groups the authenticator adds: ServiceAccounts' groups, and system:authenticated for everyone but anonymous. */
export function effectiveGroups(subject: Subject): string[] {
  const groups = new Set(subject.groups ?? []);
  if (subject.user === 'system:anonymous') {
    groups.add('system:unauthenticated');
  } else {
    groups.add('system:authenticated');
    const sa = parseServiceAccountUser(subject.user);
    if (sa) {
      groups.add('system:serviceaccounts');
      groups.add(`system:serviceaccounts:${sa.namespace}`);
    }
  }
  return [...groups];
}

export function parseServiceAccountUser(user: string | undefined): { namespace: string; name: string } | undefined {
  if (!user?.startsWith(SA_PREFIX)) return undefined;
  const [namespace, name, ...rest] = user.slice(SA_PREFIX.length).split(':');
  return namespace && name && rest.length === 0 ? { namespace, name } : undefined;
}

export function serviceAccountUser(namespace: string, name: string): string {
  return `${SA_PREFIX}${namespace}:${name}`;
}

/** plugin/pkg/auth/authorizer/rbac/rbac.go appliesToUser; a ServiceAccount subject without namespace means the binding's. */
export function subjectApplies(subject: BindingSubject, user: string | undefined, groups: readonly string[], bindingNamespace: string | undefined): boolean {
  switch (subject.kind) {
    case 'User':
      return user !== undefined && subject.name === user;
    case 'Group':
      return groups.includes(subject.name);
    case 'ServiceAccount':
      return user !== undefined && user === serviceAccountUser(subject.namespace ?? bindingNamespace ?? '', subject.name);
  }
}

/**
 * The namespace the API server puts in a request's attributes: none for cluster-scoped resources and non-resource
 * URLs, and for a named namespace object the namespace itself (pkg/endpoints/request/requestinfo.go).
 */
export function requestNamespace(request: AccessRequest): string | undefined {
  if (request.resource === undefined) return undefined;
  const group = request.apiGroup ?? '';
  if (group === '' && request.resource === 'namespaces' && request.name) return request.name;
  if (isClusterScoped(group, request.resource)) return undefined;
  return request.namespace || undefined;
}

export function toRequestAttributes(request: AccessRequest): RequestAttributes {
  if (request.resource === undefined) return { verb: request.verb, path: request.path ?? '' };
  return {
    verb: request.verb,
    apiGroup: request.apiGroup ?? '',
    resource: request.resource,
    ...(request.subresource ? { subresource: request.subresource } : {}),
    ...(request.name ? { name: request.name } : {}),
  };
}

/** The names of the Namespace objects among objects (`String` of a name that is not a string, as the model always took them). */
export function namespaceNames(objects: readonly unknown[]): string[] {
  return objects.flatMap((o) => ((o as { kind?: string }).kind === 'Namespace' ? [String((o as { metadata?: { name?: string } }).metadata?.name)] : []));
}

/** A subject's effective groups, and its user and (sorted) groups as one JSON key: the same for equal subjects. */
function identityOf(subject: Subject): { readonly key: string; readonly groups: string[] } {
  const groups = effectiveGroups(subject);
  return { key: JSON.stringify([subject.user ?? null, [...groups].sort()]), groups };
}

let builtinRoleDefs: readonly RoleDef[] | undefined;
/** The built-in ClusterRoles as RoleDefs, read once: they never change, and every model starts from them. */
const builtinRoles = (): readonly RoleDef[] => (builtinRoleDefs ??= readRbacObjects(BUILTIN_CLUSTER_ROLES, 'builtin').roles);

/** The RBAC objects of a cluster and the Kubernetes RBAC authorizer's answer to any request, offline. */
export class RbacModel {
  static fromObjects(objects: readonly unknown[]): RbacModel {
    return RbacModel.fromRbacObjects(readRbacObjects(objects), namespaceNames(objects));
  }

  /** The model of RBAC objects already read (readRbacObjects), with the names of the Namespace objects beside them. */
  static fromRbacObjects(own: RbacObjects, namespaces: Iterable<string>): RbacModel {
    return new RbacModel(own, new Set(namespaces));
  }

  /** Every object of every *.yaml / *.yml file in dir (not recursive). Throws AccessInputError for a missing dir or bad YAML. */
  static fromDist(dir: string): RbacModel {
    return RbacModel.fromObjects(objectsOfDir(dir));
  }

  readonly bindings: readonly BindingDef[];
  /** The Namespace objects among the objects read: the team namespaces, for dist/. */
  readonly namespaces: ReadonlySet<string>;
  /** Roles and ClusterRoles of the objects, plus the built-in ClusterRoles the objects do not define. */
  readonly roles: readonly RoleDef[];
  private readonly clusterRoles = new Map<string, RoleDef>();
  private readonly namespacedRoles = new Map<string, RoleDef>();
  private readonly bindingsCache = new Map<string, BindingDef[]>();
  /** ClusterRoleBindings, then each namespace's RoleBindings (in `bindings` order), so bindingsFor reads only its namespace's. */
  private readonly clusterBindings: readonly BindingDef[];
  private readonly roleBindingsByNamespace = new Map<string, BindingDef[]>();
  /** bindingsFor per Subject object: reports ask with the same few objects, and keying by their groups costs more than the answer. */
  private readonly bindingsBySubject = new WeakMap<Subject, Map<string | undefined, BindingDef[]>>();
  /** Each Subject object's effective groups, and its user and groups as one key (identityOf). */
  private readonly identities = new WeakMap<Subject, { readonly key: string; readonly groups: string[] }>();
  /** The rules of a role that allow a request: the tier roles are asked the same requests in every namespace. */
  private readonly allowingRules = new WeakMap<RoleDef, Map<string, PolicyRule[]>>();

  private constructor(own: RbacObjects, namespaces: ReadonlySet<string>) {
    this.namespaces = namespaces;
    const defined = new Set(own.roles.filter((r) => r.kind === 'ClusterRole').map((r) => r.name));
    const builtins = builtinRoles().filter((r) => !defined.has(r.name));
    const all = [...own.roles, ...builtins];
    const aggregated = aggregateClusterRoles(all.filter((r) => r.kind === 'ClusterRole'));
    this.roles = all.map((r) => (r.kind === 'ClusterRole' && r.aggregationSelectors ? { ...r, rules: aggregated.get(r.name) ?? [] } : r));
    for (const role of this.roles) {
      if (role.kind === 'ClusterRole') this.clusterRoles.set(role.name, role);
      else this.namespacedRoles.set(`${role.namespace}/${role.name}`, role);
    }
    // The authorizer visits ClusterRoleBindings first, then the RoleBindings of the request's namespace.
    const keyed = own.bindings.map((b, i) => ({ b, i, key: `${b.kind === 'ClusterRoleBinding' ? 0 : 1}/${b.namespace ?? ''}/${b.name}` }));
    this.bindings = keyed.sort((x, y) => compareStrings(x.key, y.key) || x.i - y.i).map((x) => x.b);
    this.clusterBindings = this.bindings.filter((b) => b.kind === 'ClusterRoleBinding');
    for (const b of this.bindings) {
      if (b.kind === 'ClusterRoleBinding' || b.namespace === undefined) continue;
      const list = this.roleBindingsByNamespace.get(b.namespace);
      if (list) list.push(b);
      else this.roleBindingsByNamespace.set(b.namespace, [b]);
    }
  }

  /** The role a binding names, if it is known. A ClusterRoleBinding can only name a ClusterRole. */
  roleOf(binding: BindingDef): RoleDef | undefined {
    if (binding.roleRef.kind === 'ClusterRole') return this.clusterRoles.get(binding.roleRef.name);
    if (binding.kind === 'ClusterRoleBinding') return undefined;
    return this.namespacedRoles.get(`${binding.namespace}/${binding.roleRef.name}`);
  }

  /** The bindings that apply to a subject in a namespace (ClusterRoleBindings always, RoleBindings of that namespace). */
  bindingsFor(subject: Subject, namespace: string | undefined): BindingDef[] {
    let perNamespace = this.bindingsBySubject.get(subject);
    if (!perNamespace) this.bindingsBySubject.set(subject, (perNamespace = new Map()));
    let found = perNamespace.get(namespace);
    if (!found) perNamespace.set(namespace, (found = this.findBindings(subject, namespace)));
    return found;
  }

  private findBindings(subject: Subject, namespace: string | undefined): BindingDef[] {
    let identity = this.identities.get(subject);
    if (!identity) this.identities.set(subject, (identity = identityOf(subject)));
    const groups = identity.groups;
    // reports ask thousands of questions of few subjects: remember each subject's bindings per namespace
    const key = `${identity.key}${JSON.stringify(namespace ?? null)}`;
    const known = this.bindingsCache.get(key);
    if (known) return known;
    const scoped = namespace === undefined ? this.clusterBindings : [...this.clusterBindings, ...(this.roleBindingsByNamespace.get(namespace) ?? [])];
    const found = scoped.filter((b) => b.subjects.some((s) => subjectApplies(s, subject.user, groups, b.namespace)));
    this.bindingsCache.set(key, found);
    return found;
  }

  authorize(subject: Subject, request: AccessRequest): Decision {
    const namespace = requestNamespace(request);
    const attributes = toRequestAttributes(request);
    const grants: Grant[] = [];
    const unresolved: UnresolvedBinding[] = [];
    for (const binding of this.bindingsFor(subject, namespace)) {
      const role = this.roleOf(binding);
      if (!role) {
        unresolved.push({ binding });
        continue;
      }
      for (const rule of this.rulesAllowing(role, attributes)) grants.push({ binding, role, rule });
    }
    const allowed = grants.length > 0 ? true : unresolved.length > 0 ? 'unknown' : false;
    return { allowed, grants, unresolved, ...(namespace !== undefined ? { namespace } : {}) };
  }

  private rulesAllowing(role: RoleDef, attributes: RequestAttributes): PolicyRule[] {
    let byRequest = this.allowingRules.get(role);
    if (!byRequest) this.allowingRules.set(role, (byRequest = new Map()));
    const a = attributes as Partial<Record<'verb' | 'apiGroup' | 'resource' | 'subresource' | 'name' | 'path', string>>;
    // NUL separates: no verb, group, resource, name or URL path can hold one
    const key = `${a.verb}\0${a.apiGroup ?? '\0'}\0${a.resource ?? '\0'}\0${a.subresource ?? '\0'}\0${a.name ?? '\0'}\0${a.path ?? '\0'}`;
    let rules = byRequest.get(key);
    if (!rules) byRequest.set(key, (rules = role.rules.filter((rule) => ruleAllows(rule, attributes))));
    return rules;
  }
}
