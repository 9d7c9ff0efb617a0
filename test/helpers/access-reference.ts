import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CAPABILITIES } from '../../lib/access/capabilities';
import { RbacModel, type AccessRequest, type BindingDef, type Subject } from '../../lib/access/evaluator';
import type { AccessMatrix, Level, MatrixNamespace, MatrixSubject } from '../../lib/access/matrix-types';
import { bindingPermissions, groupPermissions, subjectPermissions, type PermissionGroup } from '../../lib/access/permissions';
import { formatResource } from '../../lib/access/resources';
import { compare, describeBinding, describeRoleRef, namedSubjects, nameSubject, tokenOf } from '../../lib/access/subjects';
import { knownNamespaces, whoCan, type WhoCanEntry } from '../../lib/access/who-can';

// The straightforward evaluation every fast path is held to: every file of dist/ parsed whole with `yaml`, one
// RbacModel of everything, and every subject asked about every namespace.

/** Every object of every *.yaml file of `dir` (file name order), through `yaml`'s parseAllDocuments. */
export function referenceObjects(dir: string): unknown[] {
  const out: unknown[] = [];
  for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message}`);
      const value: unknown = doc.toJS();
      if (value !== null && value !== undefined) out.push(value);
    }
  }
  return out;
}

export const referenceModel = (dir: string): RbacModel => RbacModel.fromObjects(referenceObjects(dir));

/** who-can -A: whoCan in each namespace, RoleBindings' rows per namespace, ClusterRoleBindings once under `*`. */
export function referenceWhoCanEverywhere(model: RbacModel, request: AccessRequest): { namespace: string; entry: WhoCanEntry }[] {
  const rows: { namespace: string; entry: WhoCanEntry }[] = [];
  const clusterWide = new Map<string, WhoCanEntry>();
  for (const namespace of knownNamespaces(model)) {
    for (const entry of whoCan(model, { ...request, namespace })) {
      const local = entry.bindings.filter((b) => b.kind === 'RoleBinding');
      const cluster = entry.bindings.filter((b) => b.kind === 'ClusterRoleBinding');
      if (local.length > 0) rows.push({ namespace, entry: { ...entry, bindings: local } });
      if (cluster.length > 0 && !clusterWide.has(entry.subject.key)) clusterWide.set(entry.subject.key, { ...entry, bindings: cluster });
    }
  }
  return [...[...clusterWide.values()].map((entry) => ({ namespace: '*', entry })), ...rows];
}

/** can-i --list: in one namespace and cluster-wide, cluster-wide only, or in every namespace. */
export function referenceList(model: RbacModel, subject: Subject, namespace: string | undefined | 'every'): PermissionGroup[] {
  const permissions =
    namespace === 'every'
      ? [...new Set([undefined, ...knownNamespaces(model)].flatMap((ns) => model.bindingsFor(subject, ns)))].flatMap((b) => bindingPermissions(model, b))
      : subjectPermissions(model, subject, namespace);
  return groupPermissions(permissions);
}

const TEAM_LABEL = 'coreweave-rbac/team';
const describeVia = (b: BindingDef) => `${describeBinding(b)} → ${describeRoleRef(b)}`;

/** The access matrix, every subject asked every capability's every request in every namespace. */
export function referenceMatrix(objects: readonly unknown[]): AccessMatrix {
  const model = RbacModel.fromObjects(objects);
  const teams = new Map<string, string | undefined>();
  for (const o of objects as { kind?: unknown; metadata?: { name?: unknown; labels?: Record<string, unknown> } }[]) {
    if (o?.kind !== 'Namespace' || typeof o.metadata?.name !== 'string') continue;
    const team = o.metadata.labels?.[TEAM_LABEL];
    teams.set(o.metadata.name, typeof team === 'string' ? team : undefined);
  }
  for (const b of model.bindings) if (b.namespace !== undefined && !teams.has(b.namespace)) teams.set(b.namespace, undefined);
  const subjects = namedSubjects(model);
  const labels = new Map(subjects.map((s) => [s.key, s.label]));
  const namespaces = [...teams.keys()].sort(compare).map((namespace): MatrixNamespace => {
    const rows: MatrixSubject[] = [];
    for (const s of subjects) {
      const via = model.bindingsFor(s.requester, namespace).filter((b) => b.subjects.some((x) => nameSubject(x, b).key === s.key));
      const capabilities: Record<string, Level> = {};
      for (const c of CAPABILITIES) {
        const answers = c.requests(namespace).map((r) => model.authorize(s.requester, r).allowed);
        if (answers.every((a) => a === true)) capabilities[c.name] = 'yes';
        else if (answers.some((a) => a === true)) capabilities[c.name] = 'partly';
        else if (answers.some((a) => a === 'unknown')) capabilities[c.name] = 'unknown';
      }
      if (via.length === 0 && Object.keys(capabilities).length === 0) continue;
      rows.push({ subject: s.label, kind: s.kind, via: via.map(describeVia), capabilities });
    }
    const team = teams.get(namespace);
    return { namespace, ...(team !== undefined ? { team } : {}), subjects: rows };
  });
  const byKey = new Map<string, { subject: string; home?: string; bindings: { namespace: string; via: string }[] }>();
  for (const b of model.bindings) {
    if (b.kind !== 'RoleBinding' || b.namespace === undefined) continue;
    for (const x of b.subjects) {
      const named = nameSubject(x, b, tokenOf(b));
      const entry = byKey.get(named.key) ?? { subject: labels.get(named.key) ?? named.label, ...(named.namespace !== undefined ? { home: named.namespace } : {}), bindings: [] };
      entry.bindings.push({ namespace: b.namespace, via: describeVia(b) });
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
      const grants = model.roleOf(b)
        ? groupPermissions(bindingPermissions(model, b)).map((g) => `${g.verbs.join(', ')} ${g.kind === 'nonResourceURL' ? `non-resource URL ${g.target}` : g.target}${g.names.length > 0 ? ` named ${g.names.join(', ')}` : ''}`)
        : ['unknown: the role is not defined in the objects read'];
      return { binding: b.name, role: describeRoleRef(b), subjects: b.subjects.map((x) => nameSubject(x, b, tokenOf(b)).label).sort(compare), grants };
    });
  const capabilities = CAPABILITIES.map((c) => {
    const byTarget = new Map<string, string[]>();
    for (const r of c.requests('NS')) {
      const target = `${formatResource(r.apiGroup ?? '', r.resource ?? '', r.subresource)}${r.name ? ' (the namespace itself)' : ''}`;
      byTarget.set(target, [...(byTarget.get(target) ?? []), r.verb]);
    }
    return { name: c.name, requests: [...byTarget].map(([target, verbs]) => `${verbs.join(', ')} ${target}`) };
  });
  return { capabilities, namespaces, crossNamespace, clusterWide };
}

/** A report with its comments taken out: what matrixTables gives for the same objects. */
export function withoutComments(report: string): string {
  const start = report.indexOf('\n## ');
  return report
    .slice(start + 1)
    .replace(/\n<!-- report digest [0-9a-f]{16} -->\n$/, '')
    .replace(/^<!-- digest [0-9a-f]{16} -->\n/gm, '');
}

export type { Decision } from '../../lib/access/evaluator';
