import { CAPABILITIES } from './capabilities';
import { AccessRequest, BindingDef, effectiveGroups, RbacModel, serviceAccountUser } from './evaluator';
import { bindingPermissions, groupPermissions } from './permissions';
import { objectsOfTexts } from './dist-objects';
import { formatResource } from './resources';
import { compare, describeBinding, describeRoleRef, NamedSubject, nameSubject, namedSubjects, tokenOf } from './subjects';

export type Level = 'yes' | 'partly' | 'unknown';

export interface MatrixSubject {
  readonly subject: string;
  readonly kind: string;
  /** The bindings that bind it here (RoleBindings of the namespace, ClusterRoleBindings), described. */
  readonly via: readonly string[];
  /** Capability name → level; capabilities it lacks are absent. */
  readonly capabilities: Readonly<Record<string, Level>>;
}

export interface MatrixNamespace {
  readonly namespace: string;
  readonly team?: string;
  readonly subjects: readonly MatrixSubject[];
}

export interface AccessMatrix {
  readonly capabilities: readonly { readonly name: string; readonly requests: readonly string[] }[];
  readonly namespaces: readonly MatrixNamespace[];
  /** Subjects bound by RoleBindings in more than one namespace, or ServiceAccounts bound outside their own. */
  readonly crossNamespace: readonly { readonly subject: string; readonly bindings: readonly { readonly namespace: string; readonly via: string }[] }[];
  readonly clusterWide: readonly { readonly binding: string; readonly role: string; readonly subjects: readonly string[]; readonly grants: readonly string[] }[];
}

const TEAM_LABEL = 'coreweave-rbac/team';

function teamNamespaces(objects: readonly unknown[]): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const o of objects as { kind?: unknown; metadata?: { name?: unknown; labels?: Record<string, unknown> } }[]) {
    if (o?.kind !== 'Namespace' || typeof o.metadata?.name !== 'string') continue;
    const team = o.metadata.labels?.[TEAM_LABEL];
    out.set(o.metadata.name, typeof team === 'string' ? team : undefined);
  }
  return out;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The subjects (in `subjects` order) that a ClusterRoleBinding or a RoleBinding of a namespace applies to, by the
 * rule of the evaluator's subjectApplies, through an index: any other subject has neither a binding nor a capability
 * there, and asking the evaluator about every subject in every namespace grows with the square of the teams.
 */
function subjectsBoundIn(model: RbacModel, subjects: readonly NamedSubject[]): (namespace: string) => NamedSubject[] {
  const position = new Map(subjects.map((s, i) => [s, i]));
  const byUser = new Map<string, NamedSubject[]>();
  const byGroup = new Map<string, NamedSubject[]>();
  for (const s of subjects) {
    if (s.requester.user !== undefined) push(byUser, s.requester.user, s);
    for (const group of effectiveGroups(s.requester)) push(byGroup, group, s);
  }
  const clusterBindings = model.bindings.filter((b) => b.kind === 'ClusterRoleBinding');
  const byNamespace = new Map<string, BindingDef[]>();
  for (const b of model.bindings) if (b.kind !== 'ClusterRoleBinding' && b.namespace !== undefined) push(byNamespace, b.namespace, b);
  return (namespace) => {
    const found = new Set<NamedSubject>();
    for (const b of [...clusterBindings, ...(byNamespace.get(namespace) ?? [])]) {
      for (const x of b.subjects) {
        const user = x.kind === 'User' ? x.name : x.kind === 'ServiceAccount' ? serviceAccountUser(x.namespace ?? b.namespace ?? '', x.name) : undefined;
        for (const s of (user !== undefined ? byUser.get(user) : byGroup.get(x.name)) ?? []) found.add(s);
      }
    }
    return [...found].sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
  };
}

/** Who may do what, per namespace and capability, from Kubernetes objects. Deterministic: everything sorted. */
export function buildAccessMatrix(objects: readonly unknown[]): AccessMatrix {
  const model = RbacModel.fromObjects(objects);
  const namespaces = teamNamespaces(objects);
  for (const b of model.bindings) if (b.namespace !== undefined && !namespaces.has(b.namespace)) namespaces.set(b.namespace, undefined);
  const subjects = namedSubjects(model);
  const boundIn = subjectsBoundIn(model, subjects);
  const labels = new Map(subjects.map((s) => [s.key, s.label]));
  const describeLabel = (b: Parameters<typeof describeBinding>[0]) => `${describeBinding(b)} → ${describeRoleRef(b)}`;

  const perNamespace = [...namespaces.keys()].sort(compare).map((namespace): MatrixNamespace => {
    const rows: MatrixSubject[] = [];
    const requests = CAPABILITIES.map((c) => c.requests(namespace));
    for (const s of boundIn(namespace)) {
      const bindings = model.bindingsFor(s.requester, namespace).filter((b) => b.subjects.some((x) => nameSubject(x, b).key === s.key));
      const capabilities: Record<string, Level> = {};
      for (const [i, c] of CAPABILITIES.entries()) {
        const answers = requests[i].map((r) => model.authorize(s.requester, r).allowed);
        if (answers.every((a) => a === true)) capabilities[c.name] = 'yes';
        else if (answers.some((a) => a === true)) capabilities[c.name] = 'partly';
        else if (answers.some((a) => a === 'unknown')) capabilities[c.name] = 'unknown';
      }
      if (bindings.length === 0 && Object.keys(capabilities).length === 0) continue;
      rows.push({ subject: s.label, kind: s.kind, via: bindings.map(describeLabel), capabilities });
    }
    const team = namespaces.get(namespace);
    return { namespace, ...(team !== undefined ? { team } : {}), subjects: rows };
  });

  const byKey = new Map<string, { subject: string; home?: string; bindings: { namespace: string; via: string }[] }>();
  for (const b of model.bindings) {
    if (b.kind !== 'RoleBinding' || b.namespace === undefined) continue;
    for (const x of b.subjects) {
      const named = nameSubject(x, b, tokenOf(b));
      const entry = byKey.get(named.key) ?? { subject: labels.get(named.key) ?? named.label, ...(named.namespace !== undefined ? { home: named.namespace } : {}), bindings: [] };
      entry.bindings.push({ namespace: b.namespace, via: describeLabel(b) });
      byKey.set(named.key, entry);
    }
  }
  const crossNamespace = [...byKey.values()]
    .filter((e) => new Set(e.bindings.map((b) => b.namespace)).size > 1 || (e.home !== undefined && e.bindings.some((b) => b.namespace !== e.home)))
    .map((e) => ({ subject: e.subject, bindings: [...e.bindings].sort((a, b) => compare(a.namespace, b.namespace) || compare(a.via, b.via)) }))
    .sort((a, b) => compare(a.subject, b.subject));

  const clusterWide = model.bindings
    .filter((b) => b.kind === 'ClusterRoleBinding')
    .map((b) => {
      const role = model.roleOf(b);
      const grants = role
        ? groupPermissions(bindingPermissions(model, b)).map((g) => `${g.verbs.join(', ')} ${g.kind === 'nonResourceURL' ? `non-resource URL ${g.target}` : g.target}${g.names.length > 0 ? ` named ${g.names.join(', ')}` : ''}`)
        : ['unknown: the role is not defined in the objects read'];
      return { binding: b.name, role: describeRoleRef(b), subjects: b.subjects.map((x) => nameSubject(x, b, tokenOf(b)).label).sort(compare), grants };
    });

  return {
    capabilities: CAPABILITIES.map((c) => ({ name: c.name, requests: describeCapabilityRequests(c.requests('NS')) })),
    namespaces: perNamespace,
    crossNamespace,
    clusterWide,
  };
}

/** `get, list, watch pods`, one entry per resource, verbs merged. */
function describeCapabilityRequests(requests: readonly AccessRequest[]): string[] {
  const byTarget = new Map<string, string[]>();
  for (const r of requests) {
    const target = `${formatResource(r.apiGroup ?? '', r.resource ?? '', r.subresource)}${r.name ? ' (the namespace itself)' : ''}`;
    byTarget.set(target, [...(byTarget.get(target) ?? []), r.verb]);
  }
  return [...byTarget].map(([target, verbs]) => `${verbs.join(', ')} ${target}`);
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** ACCESS.md: per namespace who is bound and who may do what, grouped by capability; then cross-namespace and cluster-wide grants. */
export function accessMatrixMarkdown(matrix: AccessMatrix): string {
  const out: string[] = [
    '<!-- Generated by coreweave-rbac from dist/ (`npx cdk8s synth` or `npm run access-matrix`). Do not edit. -->',
    '# Who may do what',
    '',
    'Evaluated offline from the RBAC objects in `dist/`, exactly as the Kubernetes RBAC authorizer would. "partly" means',
    'some of the requests of a capability are allowed (see the table at the end); cluster admins hold every capability everywhere.',
    '',
  ];
  for (const ns of matrix.namespaces) {
    out.push(`## Namespace \`${ns.namespace}\`${ns.team !== undefined ? ` (team ${ns.team})` : ''}`, '');
    out.push('| subject | bound by |', '|---|---|');
    for (const s of ns.subjects) out.push(`| ${cell(s.subject)} | ${s.via.length > 0 ? s.via.map(cell).join('<br>') : '(implicit group)'} |`);
    out.push('', '| capability | who |', '|---|---|');
    for (const c of matrix.capabilities) {
      const who = ns.subjects.filter((s) => s.capabilities[c.name] !== undefined).map((s) => (s.capabilities[c.name] === 'yes' ? s.subject : `${s.subject} (${s.capabilities[c.name]})`));
      out.push(`| ${c.name} | ${who.length > 0 ? who.map(cell).join(', ') : '—'} |`);
    }
    out.push('');
  }
  out.push('## Cross-namespace grants', '');
  if (matrix.crossNamespace.length === 0) out.push('None: every subject is bound in one namespace only.', '');
  else {
    out.push('| subject | bound in |', '|---|---|');
    for (const e of matrix.crossNamespace) out.push(`| ${cell(e.subject)} | ${e.bindings.map((b) => cell(`${b.namespace} (${b.via.slice(b.via.indexOf('→ ') + 2)})`)).join(', ')} |`);
    out.push('');
  }
  out.push('## Cluster-wide grants', '');
  if (matrix.clusterWide.length === 0) out.push('None.', '');
  else {
    out.push('| ClusterRoleBinding | role | subjects | may, in every namespace and cluster-wide |', '|---|---|---|---|');
    for (const c of matrix.clusterWide) out.push(`| ${cell(c.binding)} | ${cell(c.role)} | ${c.subjects.map(cell).join(', ')} | ${c.grants.map(cell).join('<br>')} |`);
    out.push('');
  }
  out.push('## Capabilities', '', '| capability | requests (in the namespace) |', '|---|---|');
  for (const c of matrix.capabilities) out.push(`| ${c.name} | ${c.requests.map(cell).join('; ')} |`);
  out.push('');
  return out.join('\n');
}

/** ACCESS.md for the files of a dist/ (file name → YAML text), as synth writes it beside teams.yaml. */
export function accessReportText(dist: ReadonlyMap<string, string>): string {
  return accessMatrixMarkdown(buildAccessMatrix(objectsOfTexts(dist)));
}

/** Where synth writes the report, beside teams.yaml. */
export const ACCESS_REPORT_FILE = 'ACCESS.md';
