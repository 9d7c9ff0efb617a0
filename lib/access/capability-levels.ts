import { ruleAllows, type RequestAttributes } from '../core/policy-rule';
import { CAPABILITIES, requestIn, type RequestTemplate } from './capabilities';
import { effectiveGroups, requestNamespace, subjectApplies, toRequestAttributes, type BindingDef, type RbacModel, type RoleDef } from './evaluator';
import type { Level } from './matrix-types';
import type { NamedSubject } from './subjects';

/** One request of a capability, and how it depends on the namespace it is asked for. */
interface TemplateInfo {
  readonly capability: number;
  readonly template: RequestTemplate;
  /** The namespace the authorizer sees: the one asked about (`here`), none (`cluster`), or another one. */
  readonly scope: 'here' | 'cluster' | 'other';
  /** Its attributes when they are the same in every namespace (the role's answer then is too), else undefined. */
  readonly attributes: RequestAttributes | undefined;
}

const PROBES = ['capability-probe-a', 'capability-probe-b'] as const;
const sameAttributes = (a: RequestAttributes, b: RequestAttributes): boolean => JSON.stringify(a) === JSON.stringify(b);

const TEMPLATES: readonly TemplateInfo[] = CAPABILITIES.flatMap((c, capability) =>
  c.templates.map((template): TemplateInfo => {
    const [a, b] = PROBES.map((ns) => requestIn(template, ns)) as [ReturnType<typeof requestIn>, ReturnType<typeof requestIn>];
    const scopeA = requestNamespace(a);
    const scope = scopeA === PROBES[0] && requestNamespace(b) === PROBES[1] ? 'here' : scopeA === undefined && requestNamespace(b) === undefined ? 'cluster' : 'other';
    const attributes = sameAttributes(toRequestAttributes(a), toRequestAttributes(b)) ? toRequestAttributes(a) : undefined;
    return { capability, template, scope, attributes };
  }),
);
/** The requests whose attributes hold the namespace (its name), by TEMPLATES index: answered per namespace. */
const NAMING_THE_NAMESPACE: readonly number[] = TEMPLATES.flatMap((t, i) => (!t.attributes && t.scope !== 'other' ? [i] : []));
/** Whether some request asks about another namespace than the one asked for (the evaluator answers those). */
const ASKS_ELSEWHERE = TEMPLATES.some((t) => t.scope === 'other');
const CAPABILITY_NAMES: readonly string[] = CAPABILITIES.map((c) => c.name);
/** Each capability's templates, as indexes into TEMPLATES. */
const BY_CAPABILITY: readonly (readonly number[])[] = CAPABILITIES.map((_, capability) => TEMPLATES.flatMap((t, i) => (t.capability === capability ? [i] : [])));

const allows = (role: RoleDef, attributes: RequestAttributes): boolean => role.rules.some((rule) => ruleAllows(rule, attributes));

/**
 * Each capability's level (yes, partly, unknown, or absent) for subjects of a namespace, as the evaluator's
 * authorize answers each of its requests: allowed when a rule of the role of an applying binding allows it, unknown
 * when none does and an applying binding names an undefined role. The work is shared: a role answers each request
 * that reads the same in every namespace once (the tier ClusterRoles are asked the same everywhere), and a subject's
 * answers are the union of its bindings' roles' answers.
 */
export class CapabilityLevels {
  /** The levels of the roles a subject's bindings name (NamespaceLevels.rolesKey). */
  readonly known = new Map<string, Record<string, Level>>();
  /** Per role, whether it allows each namespace-independent request (by TEMPLATES index). */
  private readonly masks = new WeakMap<RoleDef, Uint8Array>();
  private readonly ids = new Map<RoleDef, number>();
  private readonly groups = new WeakMap<NamedSubject, string[]>();

  constructor(private readonly model: RbacModel) {}

  forNamespace(namespace: string): NamespaceLevels {
    return new NamespaceLevels(this, namespace);
  }

  roleOf(binding: BindingDef): RoleDef | undefined {
    return this.model.roleOf(binding);
  }

  /** A number per role, for keys. */
  idOf(role: RoleDef): number {
    let id = this.ids.get(role);
    if (id === undefined) this.ids.set(role, (id = this.ids.size));
    return id;
  }

  /** What a role allows of the requests that read the same in every namespace. */
  maskOf(role: RoleDef): Uint8Array {
    let mask = this.masks.get(role);
    if (!mask) {
      mask = new Uint8Array(TEMPLATES.length);
      TEMPLATES.forEach((t, i) => {
        if (t.attributes && allows(role, t.attributes)) (mask as Uint8Array)[i] = 1;
      });
      this.masks.set(role, mask);
    }
    return mask;
  }

  /** The bindings among `bindings` that apply to the subject (the evaluator's subjectApplies). */
  applying(subject: NamedSubject, bindings: readonly BindingDef[]): BindingDef[] {
    let groups = this.groups.get(subject);
    if (!groups) this.groups.set(subject, (groups = effectiveGroups(subject.requester)));
    const user = subject.requester.user;
    const known = groups;
    return bindings.filter((b) => b.subjects.some((x) => subjectApplies(x, user, known, b.namespace)));
  }

  /** The evaluator's own answer: for a request about another namespace than the one asked about. */
  authorize(subject: NamedSubject, template: RequestTemplate, namespace: string): boolean | 'unknown' {
    return this.model.authorize(subject.requester, requestIn(template, namespace)).allowed;
  }
}

/** The capability levels of subjects in one namespace. */
export class NamespaceLevels {
  /** Per role, what it allows of every request here. */
  private readonly masks = new Map<RoleDef, Uint8Array>();
  private readonly cluster = new Uint8Array(TEMPLATES.length);
  private readonly local = new Uint8Array(TEMPLATES.length);

  constructor(
    private readonly levels: CapabilityLevels,
    private readonly namespace: string,
  ) {}

  /**
   * Capability name → level for a subject whose applying bindings are `cluster` (ClusterRoleBindings) and `local`
   * (RoleBindings of the namespace); capabilities it lacks are left out.
   */
  of(subject: NamedSubject, cluster: readonly BindingDef[], local: readonly BindingDef[]): Record<string, Level> {
    // without a request about another namespace, the levels follow from the roles alone: the same roles, the same levels
    const key = ASKS_ELSEWHERE ? undefined : this.rolesKey(cluster, local);
    const known = key === undefined ? undefined : this.levels.known.get(key);
    if (known) return known;
    const levels = this.evaluate(subject, cluster, local);
    if (key !== undefined) this.levels.known.set(key, levels);
    return levels;
  }

  /** Which roles (or undefined roles) the bindings name, and what they allow of the requests that name this namespace. */
  private rolesKey(cluster: readonly BindingDef[], local: readonly BindingDef[]): string {
    let key = '';
    for (const bindings of [cluster, local]) {
      for (const b of bindings) {
        const role = this.levels.roleOf(b);
        key += role ? `${this.levels.idOf(role)},` : 'u,';
        if (role) for (const i of NAMING_THE_NAMESPACE) key += this.maskOf(role)[i];
      }
      key += '|';
    }
    return key;
  }

  private evaluate(subject: NamedSubject, cluster: readonly BindingDef[], local: readonly BindingDef[]): Record<string, Level> {
    const clusterUnresolved = this.union(cluster, this.cluster);
    const unresolved = this.union(local, this.local) || clusterUnresolved;
    const out: Record<string, Level> = {};
    for (let capability = 0; capability < CAPABILITIES.length; capability++) {
      let allYes = true;
      let someYes = false;
      let someUnknown = false;
      for (const i of BY_CAPABILITY[capability] as readonly number[]) {
        const t = TEMPLATES[i] as TemplateInfo;
        let answer: boolean | 'unknown';
        if (t.scope === 'here') answer = this.cluster[i] === 1 || this.local[i] === 1 ? true : unresolved ? 'unknown' : false;
        else if (t.scope === 'cluster') answer = this.cluster[i] === 1 ? true : clusterUnresolved ? 'unknown' : false;
        else answer = this.levels.authorize(subject, t.template, this.namespace);
        if (answer === true) someYes = true;
        else allYes = false;
        if (answer === 'unknown') someUnknown = true;
      }
      const name = CAPABILITY_NAMES[capability] as string;
      if (allYes) out[name] = 'yes';
      else if (someYes) out[name] = 'partly';
      else if (someUnknown) out[name] = 'unknown';
    }
    return out;
  }

  /** Into `into`, what the bindings' roles allow together; whether one of them names an undefined role. */
  private union(bindings: readonly BindingDef[], into: Uint8Array): boolean {
    into.fill(0);
    let unresolved = false;
    for (const b of bindings) {
      const role = this.levels.roleOf(b);
      if (!role) {
        unresolved = true;
        continue;
      }
      const mask = this.maskOf(role);
      for (let i = 0; i < mask.length; i++) into[i] = (into[i] as number) | (mask[i] as number);
    }
    return unresolved;
  }

  /** What a role allows here: its namespace-independent answers, and the requests that name this namespace. */
  private maskOf(role: RoleDef): Uint8Array {
    let mask = this.masks.get(role);
    if (!mask) {
      const base = this.levels.maskOf(role);
      mask = NAMING_THE_NAMESPACE.length === 0 ? base : Uint8Array.from(base);
      for (const i of NAMING_THE_NAMESPACE) {
        const t = TEMPLATES[i] as TemplateInfo;
        mask[i] = allows(role, toRequestAttributes(requestIn(t.template, this.namespace))) ? 1 : 0;
      }
      this.masks.set(role, mask);
    }
    return mask;
  }
}
