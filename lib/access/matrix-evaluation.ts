import { createHash } from 'node:crypto';
import { BoundSubjects } from './bound-subjects';
import { CAPABILITIES, capabilityTable } from './capabilities';
import { CapabilityLevels } from './capability-levels';
import { RbacModel, requestNamespace, type BindingDef, type BindingSubject, type RoleDef } from './evaluator';
import type { AccessMatrix, ClusterWideGrant, CrossNamespaceGrant, MatrixNamespace, MatrixSubject } from './matrix-types';
import { bindingPermissions, groupPermissions } from './permissions';
import { readAccessInputs, REPORT_FORMAT, type AccessInputs } from './report-inputs';
import { compare, describeBinding, describeRoleRef, namedSubjects, nameSubject, subjectKey, tokenOf, type NamedSubject } from './subjects';

/** The Namespace objects' teams, then the namespaces of RoleBindings (without a team). */
function teamNamespaces(inputs: AccessInputs, model: RbacModel): Map<string, string | undefined> {
  const out = new Map(inputs.teams);
  for (const b of model.bindings) if (b.namespace !== undefined && !out.has(b.namespace)) out.set(b.namespace, undefined);
  return out;
}

/** Whether each capability asks only about the namespace it is asked for, or cluster-wide. */
const CAPABILITIES_STAY_IN_THEIR_NAMESPACE = (() => {
  const probe = 'capability-probe';
  return CAPABILITIES.every((c) => c.requests(probe).every((r) => [probe, undefined].includes(requestNamespace(r))));
})();

/** What of a binding a section shows or evaluates: its name, what it binds and to which role. */
const bindingInputs = (b: BindingDef): unknown => [b.kind, b.name, b.roleRef.kind, b.roleRef.name, b.subjects.map((x) => [x.kind, x.name, x.namespace ?? null])];
/** What of a role a section evaluates: its rules (a ClusterRole's after aggregation). */
const roleInputs = (r: RoleDef): unknown => [r.kind, r.name, r.rules];

/** Roles in the order of their names, those of the same name in theirs (the last one is the one that counts). */
const byRoleName = (roles: readonly RoleDef[]): RoleDef[] =>
  roles
    .map((r, i) => ({ r, i }))
    .sort((a, b) => compare(a.r.name, b.r.name) || a.i - b.i)
    .map((x) => x.r);

/** A string or none, length first: fields written one after the other still read back one way. */
const field = (value: string | undefined): string => (value === undefined ? '-' : `${value.length}:${value}`);

const describeVia = (b: BindingDef): string => `${describeBinding(b)} → ${describeRoleRef(b)}`;

/**
 * Who may do what, from Kubernetes objects, one part at a time: each namespace's subjects and capabilities (only the
 * subjects some binding there applies to, each capability answered from its bindings' roles), the cross-namespace
 * and cluster-wide grants, and what a namespace's answer depends on (sectionInputs), so that a report can keep a
 * namespace's section while that stays the same. Deterministic: everything sorted.
 */
export class MatrixEvaluation {
  readonly model: RbacModel;
  /** Every namespace (Namespace objects and RoleBindings' namespaces), sorted. */
  readonly namespaces: readonly string[];
  private readonly teams: ReadonlyMap<string, string | undefined>;
  private readonly subjects: readonly NamedSubject[];
  private readonly labels: ReadonlyMap<string, string>;
  private readonly bound: BoundSubjects;
  private readonly levels: CapabilityLevels;
  private readonly clusterApplying = new Map<NamedSubject, BindingDef[]>();
  private readonly rolesByNamespace = new Map<string, RoleDef[]>();
  private clusterInputs: string | undefined;
  private lastBound: { namespace: string; subjects: NamedSubject[] } | undefined;
  private readonly described = new Map<BindingDef, string>();

  /** `source`: the objects, or what readAccessInputs read of them. */
  constructor(source: readonly unknown[] | AccessInputs) {
    const inputs = Array.isArray(source) ? readAccessInputs(source) : (source as AccessInputs);
    this.model = RbacModel.fromRbacObjects(inputs.rbac, inputs.namespaceNames);
    this.teams = teamNamespaces(inputs, this.model);
    this.namespaces = [...this.teams.keys()].sort(compare);
    this.subjects = namedSubjects(this.model);
    this.labels = new Map(this.subjects.map((s) => [s.key, s.label]));
    this.bound = new BoundSubjects(this.model, this.subjects);
    this.levels = new CapabilityLevels(this.model);
    for (const r of this.model.roles) {
      if (r.kind !== 'Role' || r.namespace === undefined) continue;
      const list = this.rolesByNamespace.get(r.namespace);
      if (list) list.push(r);
      else this.rolesByNamespace.set(r.namespace, [r]);
    }
  }

  teamOf(namespace: string): string | undefined {
    return this.teams.get(namespace);
  }

  /** The whole matrix. */
  matrix(): AccessMatrix {
    return { capabilities: capabilityTable(), namespaces: this.namespaces.map((ns) => this.namespace(ns)), crossNamespace: this.crossNamespace(), clusterWide: this.clusterWide() };
  }

  /** A namespace's subjects (bound there by a binding, or holding a capability there), with their bindings and capabilities. */
  namespace(namespace: string): MatrixNamespace {
    const levels = this.levels.forNamespace(namespace);
    const local = this.bound.localBindings(namespace);
    const rows: MatrixSubject[] = [];
    for (const s of this.boundIn(namespace)) {
      const cluster = this.clusterBindingsOf(s);
      const here = this.levels.applying(s, local);
      const via: string[] = [];
      for (const bindings of [cluster, here]) for (const b of bindings) if (b.subjects.some((x) => subjectKey(x, b) === s.key)) via.push(this.describe(b));
      const capabilities = levels.of(s, cluster, here);
      if (via.length === 0 && Object.keys(capabilities).length === 0) continue;
      rows.push({ subject: s.label, kind: s.kind, via, capabilities });
    }
    const team = this.teams.get(namespace);
    return { namespace, ...(team !== undefined ? { team } : {}), subjects: rows };
  }

  /**
   * Everything a namespace's section is made of, as one string: the namespace and its team, the subjects bound there
   * (key and label, in order), what its RoleBindings bind to what and the rules of its Roles, and the same of the
   * cluster-wide objects (ClusterRoleBindings, and ClusterRoles with their aggregated rules) as a digest. The same
   * string means the same section; labels, annotations and other fields the section does not show are left out,
   * so that rotating a token changes nothing here.
   */
  sectionInputs(namespace: string): string {
    // a capability asking about another namespace would make the section depend on that namespace's bindings too
    if (!CAPABILITIES_STAY_IN_THEIR_NAMESPACE) return `${REPORT_FORMAT} ${Math.random()}`;
    this.clusterInputs ??= createHash('sha256')
      .update(
        JSON.stringify([
          REPORT_FORMAT,
          capabilityTable(),
          CAPABILITIES.map((c) => c.requests('\0')),
          this.bound.clusterBindings.map(bindingInputs),
          byRoleName(this.model.roles.filter((r) => r.kind === 'ClusterRole')).map(roleInputs),
        ]),
      )
      .digest('hex');
    let out = `${field(namespace)}${field(this.teams.get(namespace))}${this.clusterInputs}`;
    const subjects = this.boundIn(namespace);
    out += `${subjects.length}#`;
    for (const s of subjects) out += field(s.key) + field(s.label);
    const bindings = this.bound.localBindings(namespace);
    out += `${bindings.length}#`;
    for (const b of bindings) out += field(JSON.stringify(bindingInputs(b)));
    const roles = byRoleName(this.rolesByNamespace.get(namespace) ?? []);
    out += `${roles.length}#`;
    for (const r of roles) out += field(JSON.stringify(roleInputs(r)));
    return out;
  }

  /** The subjects bound in a namespace, worked out once for its inputs and its section. */
  private boundIn(namespace: string): NamedSubject[] {
    if (this.lastBound?.namespace !== namespace) this.lastBound = { namespace, subjects: this.bound.in(namespace) };
    return this.lastBound.subjects;
  }

  /** `RoleBinding ns/name → ClusterRole role`, worked out once per binding: ClusterRoleBindings appear in every namespace. */
  private describe(binding: BindingDef): string {
    let text = this.described.get(binding);
    if (text === undefined) this.described.set(binding, (text = describeVia(binding)));
    return text;
  }

  private clusterBindingsOf(subject: NamedSubject): BindingDef[] {
    let found = this.clusterApplying.get(subject);
    if (!found) this.clusterApplying.set(subject, (found = this.levels.applying(subject, this.bound.clusterBindings)));
    return found;
  }

  crossNamespace(): CrossNamespaceGrant[] {
    // by subject key: the RoleBindings that name it, and its own namespace when it is a ServiceAccount
    const byKey = new Map<string, { subject: BindingSubject; first: BindingDef; bindings: BindingDef[] }>();
    for (const b of this.model.bindings) {
      if (b.kind !== 'RoleBinding' || b.namespace === undefined) continue;
      for (const x of b.subjects) {
        const key = subjectKey(x, b);
        const entry = byKey.get(key);
        if (entry) entry.bindings.push(b);
        else byKey.set(key, { subject: x, first: b, bindings: [b] });
      }
    }
    const out: CrossNamespaceGrant[] = [];
    const namespaceOf = (b: BindingDef): string => b.namespace as string;
    for (const [key, e] of byKey) {
      const home = e.subject.kind === 'ServiceAccount' ? (e.subject.namespace ?? namespaceOf(e.first)) : undefined;
      const elsewhere = e.bindings.some((b) => namespaceOf(b) !== (home ?? namespaceOf(e.first)));
      if (!elsewhere) continue;
      const bindings = e.bindings.map((b) => ({ namespace: namespaceOf(b), via: this.describe(b) })).sort((a, b) => compare(a.namespace, b.namespace) || compare(a.via, b.via));
      out.push({ subject: this.labels.get(key) ?? nameSubject(e.subject, e.first, tokenOf(e.first)).label, bindings });
    }
    return out.sort((a, b) => compare(a.subject, b.subject));
  }

  clusterWide(): ClusterWideGrant[] {
    return this.bound.clusterBindings.map((b) => {
      const role = this.model.roleOf(b);
      const grants = role
        ? groupPermissions(bindingPermissions(this.model, b)).map(
            (g) => `${g.verbs.join(', ')} ${g.kind === 'nonResourceURL' ? `non-resource URL ${g.target}` : g.target}${g.names.length > 0 ? ` named ${g.names.join(', ')}` : ''}`,
          )
        : ['unknown: the role is not defined in the objects read'];
      return { binding: b.name, role: describeRoleRef(b), subjects: b.subjects.map((x) => nameSubject(x, b, tokenOf(b)).label).sort(compare), grants };
    });
  }
}
